"""``nmosd-evidence validate``: the shipped data is valid; each malformed fixture gives its exact message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

MALFORMED = FIXTURES / "malformed"
EVENTS = "hsct/events.csv"
DISABILITY = "progression/disability.csv"

# fixture file -> (table it replaces, the exact lines `validate` prints)
CASES = {
    "missing_column.csv": (EVENTS, ["hsct/events.csv:1:disease_status: column is missing"]),
    "wrong_type.csv": (EVENTS, ["hsct/events.csv:3:year: '2010a' is not an integer"]),
    "unknown_source.csv": (
        EVENTS,
        ["hsct/events.csv:3:source_id: unknown source_id 'smith2099' (not in sources.csv)"],
    ),
    "ci_reversed.csv": (
        DISABILITY,
        ["progression/disability.csv:2:ci_lower: ci_lower 0.3 is above ci_upper 0.15"],
    ),
    "value_outside_ci.csv": (
        DISABILITY,
        ["progression/disability.csv:2:ci_upper: ci_upper 0.2 is below the proportion 0.22"],
    ),
    "proportion_above_one.csv": (
        DISABILITY,
        ["progression/disability.csv:2:proportion: 1.22 is above the maximum 1"],
    ),
    "events_above_n.csv": (DISABILITY, ["progression/disability.csv:2:events: events 12 exceeds n 10"]),
    "duplicate_key.csv": (EVENTS, ["hsct/events.csv:3:event_id: duplicate key 'e1'"]),
    "empty_quote.csv": (
        EVENTS,
        ["hsct/events.csv:3:quote: quote is empty; a verbatim quote is required for status 'secondary'"],
    ),
    "unknown_status.csv": (
        EVENTS,
        [
            "hsct/events.csv:3:status: 'probable' is not one of: verified, abstract, secondary, computed,"
            " inferred, unverified"
        ],
    ),
    "bad_year.csv": (EVENTS, ["hsct/events.csv:3:year: 1890 is below the minimum 1990"]),
    "non_utf8.csv": (
        EVENTS,
        ["hsct/events.csv:3:description: not valid UTF-8 (byte 0xe1); save the file as UTF-8"],
    ),
    "stray_delimiter.csv": (
        EVENTS,
        ["hsct/events.csv:3:-: row has 14 cells but the header has 13 (stray delimiter or unquoted comma?)"],
    ),
    "markup_in_text.csv": (
        EVENTS,
        ["hsct/events.csv:3:description: text holds markup or a script link ('<i'); data text is plain text"],
    ),
    "script_link_in_text.csv": (
        EVENTS,
        [
            "hsct/events.csv:3:quote: text holds markup or a script link ('javascript:'); data text is plain"
            " text"
        ],
    ),
    "computed_without_origin.csv": (
        EVENTS,
        ["hsct/events.csv:3:computed_from: status is 'computed' but computed_from does not say from what"],
    ),
    "quote_without_value.csv": (
        DISABILITY,
        [
            "progression/disability.csv:2:proportion: proportion 0.22 is not in the quote; quote the sentence"
            " that states it, or say why in value_check (computed-from-quote, converted, rounded, table-cell)"
        ],
    ),
    "unknown_value_check.csv": (
        DISABILITY,
        [
            "progression/disability.csv:2:value_check: 'approximate' is not one of: computed-from-quote,"
            " converted, rounded, table-cell"
        ],
    ),
    "value_check_without_note.csv": (
        DISABILITY,
        [
            "progression/disability.csv:2:note: value_check is 'computed-from-quote'; say in note how the"
            " value was obtained"
        ],
    ),
    "needless_value_check.csv": (
        DISABILITY,
        ["progression/disability.csv:2:value_check: value_check is 'rounded' but the quote states the value"],
    ),
    "computed_from_secondary.csv": (
        DISABILITY,
        [
            "progression/disability.csv:2:status: status is 'computed' but a row derived from inputs read as"
            " secondary is 'secondary'"
        ],
    ),
    "computed_from_unknown_row.csv": (
        DISABILITY,
        ["progression/disability.csv:2:computed_from: disability:d9 names no row"],
    ),
}


def keep_only_header(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def test_shipped_data_is_valid(run_cli) -> None:
    code, out, err = run_cli("validate")
    assert (code, out) == (0, "")
    assert "data package valid" in err


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_malformed_fixture_gives_exact_message(fixture: str, data_copy: Path, run_cli) -> None:
    table, expected = CASES[fixture]
    shutil.copyfile(MALFORMED / fixture, data_copy / table)
    keep_only_header(data_copy / "claims.csv")  # the ledger cites rows of the replaced tables
    code, out, err = run_cli("validate", "--data", str(data_copy))
    assert out.splitlines() == expected
    assert code == 1
    assert "Traceback" not in out + err


def test_every_fixture_is_exercised() -> None:
    assert sorted(p.name for p in MALFORMED.glob("*.csv")) == sorted(CASES)


def test_missing_data_folder_is_a_usage_error(tmp_path: Path, run_cli) -> None:
    code, _out, err = run_cli("validate", "--data", str(tmp_path / "nowhere"))
    assert code == 2
    assert (
        err.strip()
        == f"nmosd-evidence validate: --data {tmp_path / 'nowhere'}: no datapackage.json in that folder"
    )


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("p<0.001", False),
        ("<5 per 100,000", False),
        ("age < 18 years", False),
        ("raw data: 12 of 40", False),
        ("<script>alert(1)</script>", True),
        ("< img src=x onerror=alert(1)>", True),
        ("<!-- hidden -->", True),
        ("[x](JavaScript:alert(1))", True),
        ("data:text/html;base64,PHNjcmlwdD4=", True),
    ],
)
def test_markup_rule(text: str, flagged: bool) -> None:
    from nmosd_evidence.datapackage.rules import MARKUP, SCRIPT_LINK

    assert bool(MARKUP.search(text) or SCRIPT_LINK.search(text)) is flagged


def test_a_source_address_must_be_http(data_copy: Path, run_cli) -> None:
    sources = data_copy / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("https://skrivex.com/", "ftp://skrivex.com/", 1), encoding="utf-8")
    code, out, _ = run_cli("validate", "--data", str(data_copy), "--no-frictionless")
    assert code == 1
    assert out.startswith("sources.csv:2:url: 'ftp://skrivex.com/")
    assert out.rstrip().endswith("does not match the pattern '^https?://\\S+$'")
