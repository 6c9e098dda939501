"""HSCT report prose: what it says, what it cites, and that every verdict it shows on a statement of
the news report is the claims ledger's."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from ledger_shown import assert_verdicts_are_the_ledgers, verdicts_shown

from nmosd_evidence.datapackage import load
from nmosd_evidence.reports import hsct


@pytest.fixture(scope="module")
def tables() -> hsct.HsctTables:
    return hsct.load_tables()


def _texts(tables: hsct.HsctTables, include_autologous: bool) -> list[str]:
    patients, events, cohorts, claims = tables.patients, tables.events, tables.cohorts, tables.claims
    return [
        hsct.case_summary_markdown(patients, events),
        hsct.follow_up_markdown(patients, events, 2026),
        hsct.risk_markdown(patients, cohorts, claims, include_autologous),
        hsct.limits_markdown(patients, cohorts, claims, include_autologous),
        hsct.news_report_differences_markdown(patients, events, claims),
    ]


def _plain(markdown: str) -> str:
    """``markdown`` with backslash escapes and HTML entities resolved (as a reader sees the text)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def _cited(markdown: str) -> set[str]:
    return {source.replace("\\", "") for source in re.findall(r"`([a-z0-9_\\]+)`", markdown)}


@pytest.mark.parametrize("include_autologous", [True, False])
def test_narrative_cites_only_sources_in_the_reference_list(
    tables: hsct.HsctTables, include_autologous: bool
) -> None:
    texts = _texts(tables, include_autologous)
    shown = set(hsct.evidence(include_autologous=include_autologous)["source_id"])
    cited = set().union(*(_cited(text) for text in texts))
    assert cited and cited <= shown
    assert not any(re.search(r"\b(nan|None|<NA>|NaN)\b", text) for text in texts)
    assert ("vorasoot2024" in cited) == include_autologous
    assert not any("San Raffaele" in text or "one centre" in text for text in texts)


def test_every_verdict_shown_is_the_ledgers(tables: hsct.HsctTables) -> None:
    ledger = load("claims").set_index("claim_id")
    shown = [(claim, verdict) for text in _texts(tables, True) for claim, verdict, _ in verdicts_shown(text)]
    assert {claim for claim, _ in shown} == {"H04", "H05", "H10", "H17", "H18", "H20", "H24", "H26"}
    for text in _texts(tables, True):
        assert_verdicts_are_the_ledgers(text, load("claims"))
    for claim, _ in shown:
        assert ledger.loc[claim, "document"] == "seed_hsct_news"
    plain = _plain("\n".join(_texts(tables, True)))
    for claim, _ in shown:
        assert f"“{ledger.loc[claim, 'quote']}”" in plain, claim
        assert ledger.loc[claim, "explanation"] in plain, claim


def test_a_changed_ledger_row_changes_the_report(tables: hsct.HsctTables) -> None:
    claims = tables.claims.copy()
    claims.loc[claims["claim_id"] == "H10", ["verdict", "explanation"]] = ["contradicted", "Test wording."]
    text = hsct.news_report_differences_markdown(tables.patients, tables.events, claims)
    assert "Claims ledger `H10`: **contradicted**. Test wording." in text


def test_data_text_cannot_add_markup(tables: hsct.HsctTables) -> None:
    patients = tables.patients.copy()
    patients.loc[patients["attribute_id"] == "p1_sex", "value"] = "[click](https://example.org) <b>x</b>"
    text = hsct.case_summary_markdown(patients, tables.events)
    assert "[click](" not in text and "<b>" not in text
    assert "\\[click\\]" in text and "&lt;b&gt;" in text


def test_case_summary(tables: hsct.HsctTables) -> None:
    text = _plain(hsct.case_summary_markdown(tables.patients, tables.events))
    assert "- **P1**: male, donor: sister, allogeneic HSCT in 2009 [`seed_hsct_news`]" in text
    assert "- **P2**: female, donor: unrelated donor, allogeneic HSCT in 2010" in text
    assert "Early report (2014): no sign of disease reactivation more than 2 years after HSCT" in text
    assert "of its 52 entries, 12 unverified, 2 inferred, 38 secondary." in text


def test_follow_up_text_states_arithmetic_and_the_reported_figures(tables: hsct.HsctTables) -> None:
    text = _plain(hsct.follow_up_markdown(tables.patients, tables.events, 2026))
    assert "P1 (transplanted 2009): 17 years; P2 (transplanted 2010): 16 years." in text
    assert "mapping (P1 16 years, P2 15 years) is inferred" in text
    assert "both were assessed in 2025, earlier than the report's year, 2026" in text
    assert "Counted to 2026 the follow-up figures therefore differ" in text
    earlier = hsct.follow_up_markdown(tables.patients, tables.events, 2020)
    assert "15 and 16 years" not in earlier
    assert earlier.endswith(
        "The long-term report (2026) lies after 2020; the latest report in the data by then is from 2014."
    )
    first = hsct.follow_up_markdown(tables.patients, tables.events, 2010)
    assert first.endswith("and no report in the data is from 2010 or earlier.")


def test_risks_state_the_pair_and_the_registry_figures(tables: hsct.HsctTables) -> None:
    text = _plain(hsct.risk_markdown(tables.patients, tables.cohorts, tables.claims, True))
    assert "2 of 2 relapse-free at 15 and 16 years (Wilson 95% interval 34%–100%)" in text
    assert "GvHD in 0 of 2 at about 2 years [`tgcom24_nmo_allo2014`]; an interval of 0%–66%" in text
    assert (
        "non-relapse mortality 12.7% at 100 days, acute GvHD (grades II–IV) 20.8% at 100 days, "
        "chronic GvHD 27.8% at 5 years; overall survival 70.2% at 5 years [`greco2019`] (verified)"
    ) in text
    assert "Burt 2019: 1 of 13, “The patient with coexistent SLE died" in text
    without = hsct.risk_markdown(tables.patients, tables.cohorts, tables.claims, False)
    assert "Deaths in autologous" not in without


def test_limits_state_the_small_n_and_its_interval(tables: hsct.HsctTables) -> None:
    text = _plain(hsct.limits_markdown(tables.patients, tables.cohorts, tables.claims, True))
    assert "**n = 2.**" in text and "runs from 34% to 100%" in text
    assert "No control group" in text and "Selection" in text
    assert "relapse-free for 12 years and then relapsed [`vorasoot2024`] (abstract)" in text
    assert "so for 1 of the 2 patients this may not be a change" in text


def test_news_report_differences_show_the_data_rows(tables: hsct.HsctTables) -> None:
    text = _plain(hsct.news_report_differences_markdown(tables.patients, tables.events, tables.claims))
    assert text.count("\n- ") == 3 and text.startswith("- *“Fifteen years after")
    assert "follow-up reported: 15 and 16 years [`sciencenewstoday_nmosd_hsct`]" in text
    assert "conditioning fludarabine + treosulfan + rituximab [`medscriptum_nmosd_hsct`]" in text
    assert "1 of 2 AQP4-IgG-positive (unverified) [`konen2022`]" in text
    assert "dated 2026 from its news coverage (unverified)" in text


def test_a_missing_claim_is_an_error(tables: hsct.HsctTables) -> None:
    claims = tables.claims[tables.claims["claim_id"] != "H26"]
    with pytest.raises(KeyError, match="H26"):
        hsct.news_report_differences_markdown(tables.patients, tables.events, pd.DataFrame(claims))
