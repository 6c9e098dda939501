"""Treatment report, prose and evidence: the templated Markdown (read as rendered text), the source
document's verdicts (exactly the claims ledger's), and ``evidence()`` against the reference list."""

from __future__ import annotations

import csv
import html
import json
import re

import mistune
import pandas as pd
from conftest import ROOT

from nmosd_evidence.core.vocabulary import ROCHE_PAGE
from nmosd_evidence.datapackage import load
from nmosd_evidence.present.references import reference_list
from nmosd_evidence.reports.treatment import evidence, select, text

NOTEBOOK = ROOT / "notebooks" / "04_treatment.ipynb"


def rendered(markdown: str) -> str:
    """``markdown`` as a reader sees it: rendered to HTML, tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", mistune.html(markdown)))


def test_selection_names_the_filters(everything, aqp4_randomised):
    default = rendered(text.selection_markdown(everything))
    assert (
        "Designs: randomised double-blind, open-label randomised, external control. 15 comparisons" in default
    )
    narrow = rendered(text.selection_markdown(aqp4_randomised))
    assert "AQP4+ only" in narrow and "(open-label and external-control comparisons left out" in narrow
    assert "6 comparisons from 5 trials:" in narrow


def test_findings_give_each_figure_with_its_status(everything):
    findings = rendered(text.trial_findings_markdown(everything))
    assert (
        "Of the 9 hazard ratios with a status other than unverified, 7 have a 95% CI entirely below 1"
        in findings
    )
    assert "PREVENT (AQP4+): eculizumab vs placebo; HR 0.06 (0.02–0.20), p<0.001 [secondary]; " in findings
    assert "patients with a relapse 3 of 96 [secondary] vs 20 of 47 [secondary]." in findings
    assert (
        "CHAMPION-NMOSD (AQP4+) [external control]: ravulizumab vs external placebo; HR 0.014 (0.000–0.103)"
        in findings
    )
    assert (
        "N-MOmentum, all participants: inebilizumab vs placebo; HR 0.272 (0.150–0.496), p<0.0001" in findings
    )
    assert "relapse risk reduced by 77% [secondary]" in findings  # N-MOmentum AQP4+: HR unverified
    assert (
        "Nikoo 2017, all participants [open-label]: rituximab vs azathioprine; no effect estimate" in findings
    )


def test_limits_use_the_data(everything, aqp4_randomised):
    limits = rendered(text.trial_limits_markdown(everything))
    assert "between 68 (Nikoo 2017) and 230 patients (N-MOmentum)" in limits
    assert "N-MOmentum 213 of 230; SAkuraSky 55 of 83; SAkuraStar 64 of 95" in limits
    assert (
        "The few AQP4− patients show no clear effect: SAkuraSky, AQP4− subgroup HR 0.66 (0.20–2.24)" in limits
    )
    assert "External control in CHAMPION-NMOSD. 58 patients on ravulizumab were compared" in limits
    assert "SAkuraSky week 144" in limits and "up to week 208" in limits
    assert (
        "Of the 80 result rows behind this report, 6 verified, 10 abstract, 47 secondary, 17 unverified."
        in limits
    )
    narrow = rendered(text.trial_limits_markdown(aqp4_randomised))
    assert "External control" not in narrow and "Open-label design" not in narrow
    assert "SAkuraStar week 96" not in narrow and "RIN-1 week 72" in narrow
    # static prose lives in the notebook's markdown cells, not in the data-driven text
    assert "decision for their clinicians" not in limits and "Not a ranking" not in limits


def test_acute_text_covers_each_modality(everything):
    acute = rendered(text.acute_evidence_markdown(everything))
    assert acute.startswith("The data hold 25 figures on acute attack treatment from 11 studies.")
    assert "Immunoadsorption: no figure for immunoadsorption on its own; it appears only pooled" in acute
    assert "Bonnan 2018: probability of complete improvement, PLEX given at day 0, 50% [verified]" in acute
    assert "Stiebel-Kalish 2019, high-dose IV steroids vs IVMP within 7 days of onset" in acute
    assert "IVMP >7 days after onset, OR 10.0 (1.39–71.9), p=0.01 [verified]" in acute
    assert "high-dose IV steroids arm (compared with IVMP + PLEX)" in acute
    assert "Left out here: 4 rows" in acute


# --- the source document: verdicts are the ledger's ------------------------------------------------


def ledger() -> dict[str, dict[str, str]]:
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8", newline="") as handle:
        return {row["claim_id"]: row for row in csv.DictReader(handle)}


def verdict_rows(markdown: str) -> list[list[str]]:
    """The cells (rendered text) of each claim row of the source-document table."""
    rows = []
    for line in markdown.splitlines():
        if re.match(r"\| R\d+ \|", line):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            rows.append([rendered(cell).strip() for cell in cells])
    return rows


def test_every_verdict_shown_is_the_ledgers(everything):
    rows = verdict_rows(text.source_document_markdown(everything))
    claims = ledger()
    loaded = load("claims").set_index("claim_id")
    assert [r[0] for r in rows] == list(everything.claims["claim_id"])
    for claim_id, quote, verdict, explanation, _ in rows:
        assert quote == f"“{claims[claim_id]['quote']}”"
        assert verdict == claims[claim_id]["verdict"] == loaded.loc[claim_id, "verdict"]
        assert explanation == claims[claim_id]["explanation"] == loaded.loc[claim_id, "explanation"]
    assert {r[2] for r in rows} == {
        "supported",
        "supported with nuance",
        "general statement",
        "not traceable",
    }


def test_source_document_shows_the_rows_the_ledger_cites(everything):
    markdown = text.source_document_markdown(everything)
    rows = {r[0]: r[4] for r in verdict_rows(markdown)}
    assert rows["R24"] == "none"
    assert "PREVENT (AQP4+): HR 0.06 (0.02–0.20), p<0.001 [secondary]" in rows["R30"]
    assert (
        "Kleiter 2018 (NEMOS apheresis): complete remission (predictor: first-line apheresis), OR 12.27"
        in rows["R28"]
    )
    # a row of another report's table: its key with the table's title, no table code
    assert "uzawa2024_untreated_edss6_median (Time to disability milestones) [verified]" in rows["R11"]
    assert "milestones row" not in rows["R11"]
    after = rendered(markdown.split("\n\n")[-1])
    assert "eculizumab (C5 complement inhibition, 2019 [secondary])" in after
    assert "ravulizumab (C5 complement inhibition, 2023 [secondary])" in after
    assert after.count("satralizumab (") == 1
    intro = rendered(markdown.split("\n\n")[0])
    assert intro.startswith("The source document is Roche Switzerland's page Neuromyelitis optica")
    assert "undated" in intro
    # the report composes no verdict of its own
    for own_words in ("framing is narrower", "describes as future research", "paraphrased"):
        assert own_words not in markdown


# --- evidence and the reference list ---------------------------------------------------------------


def test_evidence_covers_every_row_shown_and_the_source_document(everything):
    rows = evidence()
    assert list(rows.columns) == ["row_id", "source_id", "locator", "quote", "status"]
    seed = rows[rows["source_id"] == ROCHE_PAGE]
    assert len(seed) == 1 and pd.isna(seed.iloc[0]["status"])
    chosen = select.results_for(everything.comparisons, everything.results)
    acute = select.acute_treatment_rows(everything.acute)
    shown = set(chosen["source_id"]) | set(everything.comparisons["source_id"]) | set(acute["source_id"])
    assert shown | set(everything.cited["source_id"]) <= set(rows["source_id"])
    assert {"uzawa2024", "stellmann2017", "aqp4_myelitis_cohort_oxford"} <= set(rows["source_id"])
    statuses = reference_list(load("sources"), rows).set_index("source_id")["statuses used"]
    assert statuses["alexion_prevent_topline"] == "secondary, unverified"
    assert statuses["abboud2016"] == "verified, unverified"  # strongest first
    assert statuses[ROCHE_PAGE] == ""


def test_evidence_of_a_narrow_run_covers_the_trials_its_limits_name():
    narrow = set(evidence("AQP4+", include_external_control=False, include_open_label=False)["source_id"])
    # the limits name every trial in the data (Nikoo 2017, TANGO) and both AQP4- subgroups' hazard ratios
    assert {"nikoo2017", "zhang2020_tango", "yamamura2019_sakurasky"} <= narrow


def test_committed_notebook_lists_exactly_the_evidence_sources():
    outputs = [
        o for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"] for o in c.get("outputs", [])
    ]
    markup = next(
        "".join(o["data"]["text/html"])
        for o in outputs
        if "references" in "".join(o.get("data", {}).get("text/html", ""))
    )
    assert sorted(re.findall(r"<li><code>([^<]+)</code>", markup)) == sorted(set(evidence()["source_id"]))


def test_notebook_keeps_the_notice_and_the_static_prose():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "Research information, not medical advice." in "".join(cells[0]["source"])
    assert "This report does not recommend any treatment." in markdown
    assert "then a row with a 95% CI, then the more precise figure" in markdown  # the pick rule
