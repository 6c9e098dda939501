"""Progression report, prose and evidence: numbers in the Markdown come from the rows, verdicts are the
claims ledger's rows, and ``evidence()`` lists what the notebook's reference list shows."""

from __future__ import annotations

import csv
import json
import re

import pytest
from conftest import ROOT
from ledger_shown import verdicts_shown

from nmosd_evidence.reports import progression

CLAIMS_CSV = ROOT / "data" / "claims.csv"
NOTEBOOK = ROOT / "notebooks" / "02_progression.ipynb"


@pytest.fixture(scope="module")
def tables():
    return progression.load_tables()


@pytest.fixture(scope="module")
def ledger() -> dict[str, dict[str, str]]:
    """data/claims.csv read with the csv module: claim_id -> row."""
    with open(CLAIMS_CSV, encoding="utf-8", newline="") as handle:
        return {row["claim_id"]: row for row in csv.DictReader(handle)}


def _markdown(tables, which: str) -> str:
    if which == "five_year":
        return progression.five_year_claim_markdown(
            tables.disability, tables.milestones, tables.sources, tables.claims
        )
    if which == "relapses":
        return progression.relapse_recovery_markdown(tables.course_facts, tables.acute, tables.claims)
    return progression.ms_drugs_markdown(tables.course_facts, tables.claims)


def _shown_verdicts(markdown: str) -> dict[str, tuple[str, str]]:
    """claim id -> (verdict, the text after it) for every ledger verdict shown."""
    return {claim_id: (verdict, after) for claim_id, verdict, after in verdicts_shown(markdown)}


# --- verdicts are the ledger's --------------------------------------------------------------------


@pytest.mark.parametrize(
    "which,claims",
    [("five_year", ["R14", "R15"]), ("relapses", ["R17", "R18"]), ("ms_drugs", ["R20", "R21"])],
)
def test_every_verdict_shown_is_the_ledgers(tables, ledger, which, claims):
    shown = _shown_verdicts(_markdown(tables, which))
    assert list(shown) == claims
    for claim_id, (verdict, explanation) in shown.items():
        assert verdict == ledger[claim_id]["verdict"]
        assert explanation.startswith(ledger[claim_id]["explanation"])
    assert "**Verdict.**" not in _markdown(tables, which)  # no verdict words of the report's own


def test_five_year_statement_is_not_traceable_in_the_ledger(tables):
    shown = _shown_verdicts(_markdown(tables, "five_year"))
    assert {claim: verdict for claim, (verdict, _) in shown.items()} == {
        "R14": "not traceable",
        "R15": "not traceable",
    }


def test_a_changed_ledger_row_changes_the_verdict_shown(tables):
    claims = tables.claims.copy()
    claims.loc[claims["claim_id"] == "R21", ["verdict", "explanation"]] = ["contradicted", "A *new* reading."]
    markdown = progression.ms_drugs_markdown(tables.course_facts, claims)
    assert _shown_verdicts(markdown)["R21"] == ("contradicted", "A *new* reading.")


# --- numbers come from the rows -------------------------------------------------------------------


def test_five_year_markdown_headline_numbers(tables):
    markdown = _markdown(tables, "five_year")
    # roche.com: 50% wheelchair, 62% functionally blind; Mayo 140 AQP4+: 9%, 22%, 41%, 9%
    assert "within five years **50%** need a wheelchair and **62%** are functionally blind" in markdown
    assert (
        "**9%** needed a wheelchair (EDSS 8), **22%** a walker (EDSS 6), **41%** were legally blind in at "
        "least one eye and **9%** in both eyes"
    ) in markdown
    assert "140 AQP4-IgG+ patients, Mayo Clinic records 2005-2011" in markdown  # the row's cohort
    # Kitley 2012: 23/106 = 21.7%, Wilson 14.9–30.5% (reference_values.PROGRESSION_WILSON_23_OF_106)
    assert "23 (21.7%, 95% CI 14.9–30.5%) were wheelchair dependent" in markdown
    assert "after 46 months, and 71% within 10 years after disease onset" in markdown
    assert "*within five years [number missing] of the people affected need a wheelchair" in markdown
    assert "(Papadopoulos 2014, Wingerchuk 1999 and Kitley 2012)" in markdown  # from the row's note
    assert not re.search(r"\bnan\b|None|<NA>", markdown)


def test_five_year_markdown_follows_the_rows(tables):
    disability = tables.disability.copy()
    mayo = disability["outcome_id"].str.startswith("mayo140_km_")
    disability.loc[mayo, "cohort"] = "77 AQP4-IgG+ patients, Elsewhere 1990-1995 (probably nobody)"
    kitley = disability["outcome_id"] == "kitley2012_wheelchair"
    disability.loc[kitley, "cohort"] = "60 AQP4-Ab+ patients, Atlantis"
    markdown = progression.five_year_claim_markdown(
        disability, tables.milestones, tables.sources, tables.claims
    )
    assert "77 AQP4-IgG+ patients, Elsewhere 1990-1995" in markdown and "probably nobody" in markdown
    assert "60 AQP4-Ab+ patients, Atlantis" in markdown
    assert "Mayo" not in markdown.split("**Verdict")[0] and "UK and Japan" not in markdown


def test_relapse_markdown_numbers(tables):
    markdown = _markdown(tables, "relapses")
    # 166 of 871 attacks: Wilson 16.6–21.8% (reference_values.PROGRESSION_WILSON_166_OF_871)
    assert "In 871 attacks treated in Kleiter 2016 (NEMOS)" in markdown
    assert "complete remission in 19.1% (95% CI 16.6–21.8%, Wilson on attacks)" in markdown
    assert "partial remission in 64.5%; a second course was needed in 28.2% of attacks" in markdown
    assert "76% of 123 patients" in markdown
    assert "In 165 AQP4+ patients, Oxford NMO Service" in markdown
    assert "0.304 EDSS points (95% CI 0.074–0.553)" in markdown  # as printed in the quote
    assert "the patient's condition worsens" in markdown  # quotes print as quotes, not '&#39;'


def test_ms_drugs_markdown_numbers(tables):
    markdown = _markdown(tables, "ms_drugs")
    assert "The largest series is 40 patients on interferon beta (`kim2012`): 95% had an" in markdown
    assert "in 20 of 40 patients (50%)" in markdown
    natalizumab = "All 5 AQP4+ patients misdiagnosed as MS kept disease activity on natalizumab: 9 relapses."
    assert natalizumab in markdown
    assert "(`ayzenberg2016`, 23 patients) the relapse rate did not fall (1.8 relapses per year" in markdown
    # palace2010, harmel2014, jns2014, min2012, yoshii2016 have n = 1
    assert "(5 single-patient reports in the table: fingolimod, interferon beta, natalizumab)" in markdown


def test_data_text_cannot_add_markup(tables):
    course_facts = tables.course_facts.copy()
    akaishi = course_facts["fact_id"] == "akaishi2020_stepwise_progression"
    course_facts.loc[akaishi, "finding"] = "See [this](http://x.example) <b>now</b> *and* `that`."
    markdown = progression.relapse_recovery_markdown(course_facts, tables.acute, tables.claims)
    assert r"See \[this\](http://x.example) &lt;b&gt;now&lt;/b&gt; \*and\* \`that\`" in markdown


# --- the reference list ---------------------------------------------------------------------------


def test_evidence_matches_the_committed_reference_list():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    references = next(c for c in cells if "HTML(references_html(" in "".join(c["source"]))
    html = "".join(references["outputs"][0]["data"]["text/html"])
    listed = re.findall(r"<code>([^<]+)</code>", html)
    assert sorted(listed) == sorted(set(progression.evidence()["source_id"]))
    assert len(listed) == 62


def test_evidence_follows_the_parameters():
    everything = set(progression.evidence()["source_id"])
    positive = set(progression.evidence(serostatus="AQP4+")["source_id"])
    # the Belgrade cohort and Kim 2019 only appear in rows of all-patient and AQP4- cohorts
    assert everything - positive == {"belgrade_nmosd_cohort", "kim2019"}
    assert {"seed_roche_ch_nmosd", "roche_com_nmosd", "kitley2012", "uzawa2024"} <= positive


def test_evidence_carries_the_shown_status():
    rows = set(map(tuple, progression.evidence()[["source_id", "status"]].to_numpy()))
    assert ("mealy2018_mortality", "computed") in rows  # 30/427 computed from verified counts
    assert ("seed_roche_ch_nmosd", "unverified") in rows
