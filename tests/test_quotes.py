"""The quote rule's number reading (``datapackage.quotes``) and the status of derived rows
(``datapackage.derived``)."""

from __future__ import annotations

import pytest

from nmosd_evidence.datapackage.derived import expected_status
from nmosd_evidence.datapackage.quotes import conversion, printed_numbers, states


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        ("25,743,039 patients", 25743039),
        ("1 000 patients", 1000),
        ("1\u00a0000 patients", 1000),
        ("1000 patients", 1000),
        ("a prevalence of .5 per 100,000", 0.5),
        ("a prevalence of 0·5 per 100,000", 0.5),
        ("incidence 0•278 (95% CI 0•273–0•283)", 0.278),
        ("a prevalence of 0,147 per 100 000", 0.147),
        ("female:male ratio, 8.1:1", 8.1),
        ("Male: female ratios of MS and NMOSD were 1: 2.2 and 1: 4.1", 4.1),
        ("CR in 19.1%, PR in 64.5%", 0.645),
        ("OS and PFS were 70.2 and 59.4% at 5 years", 0.702),
        ("Sixty-five percent of patients", 0.65),
        ("approximately half of the untreated patients", 0.5),
        ("no patients taking ravulizumab had a relapse", 0),
        ("seven of 13 (54%)", 7),
        ("HR 0.06, 0.02–0.20", 0.2),
    ],
)
def test_a_quote_states_its_value_however_printed(quote: str, value: float) -> None:
    assert states(quote, value)


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        ("a prevalence of 6.88/100,000", 9.41),  # another figure of the same abstract
        ("a prevalence of 0.7 per 100,000", 0.73),  # a rounder figure does not state a finer one
        ("43% were relapse-free", 0.4),  # nor a finer figure a rounder one
        ("1:4.1", 4.4),
        ("NCT01892345 enrolled patients", 1892345),  # digits glued to letters are not a number
        ("3 of 96 patients", 0.03),  # a count is not a percentage
    ],
)
def test_a_quote_without_the_value_does_not_state_it(quote: str, value: float) -> None:
    assert not states(quote, value)


def test_percent_readings_are_also_proportions() -> None:
    assert printed_numbers("19.1% and 64.5 %") == {19.1, 0.191, 64.5, 0.645}


@pytest.mark.parametrize(
    ("declared", "quote", "value"),
    [
        ("per 1,000,000 PY / 10", "incidence 7.3 per 1,000,000 person-years", 0.73),
        ("months / 12", "reached EDSS 3.0 at 10 months", 0.8333),
        ("months / 12", "and 6.0 at 46 months", 3.8333),
        ("per 10,000 x 10", "prevalence 0.52 per 10,000", 5.2),
        ("percent / 100", "relapse-free (percent): 64 at week 96", 0.64),
    ],
)
def test_a_declared_conversion_is_applied(declared: str, quote: str, value: float) -> None:
    assert not states(quote, value)
    assert states(quote, value, conversion(declared))


def test_conversions_are_read_as_one_operation() -> None:
    assert conversion("per 1,000,000 PY / 10 (unit per million PY as argued in the notes)") == ("/", 10.0)
    assert conversion("per 10,000 x 10") == ("*", 10.0)
    assert conversion("1/770,000 per year x 100,000 = 0.13 per 100,000 PY") is None
    assert conversion(None) is None


@pytest.mark.parametrize(
    ("inputs", "status"),
    [
        (["verified"], "computed"),
        (["verified", "verified"], "computed"),
        (["verified", "secondary"], "secondary"),
        (["abstract", "verified"], "abstract"),
        (["abstract", "secondary"], "secondary"),
        (["verified", "unverified"], "unverified"),
    ],
)
def test_a_derived_row_takes_the_weakest_input_status(inputs: list[str], status: str) -> None:
    assert expected_status(inputs) == status
