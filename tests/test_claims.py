"""The claims ledger: its content against the two source documents, its validation rules, and the overview."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import FIXTURES, ROOT

from nmosd_evidence import claims as ledger_module
from nmosd_evidence import load
from nmosd_evidence.claims import (
    KEY_FIGURES,
    VERDICT_COLOURS,
    corrections_markdown,
    evidence_keys,
    key_figures,
    key_figures_html,
    ledger_html,
    ledger_problems,
    ledger_summary,
    normalised,
    report_sources,
    resolved_evidence,
    seed_statements,
    selected_claims,
    sources_by_type_and_status,
    uncovered_statements,
    verdict_chart,
    verdict_counts,
)
from nmosd_evidence.params import ParameterError, check
from nmosd_evidence.problems import Problem

SEEDS = ROOT / "data" / "seeds"
SEED_FILES = {"seed_roche_ch_nmosd": "roche_ch_nmosd.txt", "seed_hsct_news": "hsct_news.txt"}
# Lines of the documents that make no factual statement: headings, navigation, disclaimers.
NOT_STATEMENTS = {
    "seed_roche_ch_nmosd": [
        "Neuromyelitis optica spectrum disorder (NMOSD)",
        "More focus areas",
        "View all focus areas",
        "Discover more",
        "For patientsFor professionals",
        "This website contains information on products which is targeted to a wide range of audiences and"
        " could contain product details or information otherwise not accessible or valid in your country.",
        "Please be aware that we do not take any responsibility for accessing such information which"
        " may not comply with any legal process, regulation, registration or usage in the country of your"
        " origin.",
        "ContactLocationslinkedinfacebooktwitterinstagramyoutubeAbout Roche SwitzerlandOur"
        " pharmaceuticalsRoche DiagnosticsRoche careersMediaPrivacy PolicyLegal Statement",
    ],
    "seed_hsct_news": [
        "The Reset Button for the Immune System",
        "Why Caution Remains the Standard",
        "What Experts Say",
        "Key Takeaways",
        "This article is for informational purposes only.",
        "Always consult a qualified healthcare professional before making any medical decisions.",
    ],
}
MALFORMED = FIXTURES / "claims"
# fixture -> the exact lines `validate` prints when it replaces data/claims.csv
CASES = {
    "unknown_table.csv": [
        "claims.csv:2:evidence: evidence key 'prevalence:P01' names no table of the data package"
    ],
    "unknown_row.csv": [
        "claims.csv:3:evidence: evidence key 'estimates:P99' is not a row of epidemiology/estimates.csv"
    ],
    "verdict_without_evidence.csv": [
        "claims.csv:2:evidence: verdict 'supported' needs at least one evidence row (table:row_key)"
    ],
    "not_a_seed.csv": [
        "claims.csv:2:document: 'papp2021' is not one of: seed_roche_ch_nmosd, seed_hsct_news"
    ],
    "own_document_only.csv": [
        "claims.csv:2:evidence: every evidence row comes from the claim's own document 'seed_hsct_news';"
        " cite at least one independent row"
    ],
    "malformed_key.csv": [
        "claims.csv:2:evidence: 'pooled R4f' does not match the pattern"
        " '^[a-z_]+:[A-Za-z0-9][A-Za-z0-9_.-]*(;[a-z_]+:[A-Za-z0-9][A-Za-z0-9_.-]*)*$'"
    ],
    "unknown_verdict.csv": [
        "claims.csv:2:verdict: 'probably true' is not one of: supported, supported with nuance, contradicted,"
        " not traceable, general statement"
    ],
}
VALID = ["exempt_without_evidence.csv"]


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return load("claims")


@pytest.fixture(scope="module")
def evidence(ledger: pd.DataFrame) -> pd.DataFrame:
    return resolved_evidence(ledger)


def seed_text(document: str) -> str:
    return (SEEDS / SEED_FILES[document]).read_text(encoding="utf-8")


# --- the ledger's content -------------------------------------------------------------------------


@pytest.mark.parametrize("document", sorted(SEED_FILES))
def test_every_quote_is_verbatim_in_its_document(ledger: pd.DataFrame, document: str) -> None:
    text = normalised(seed_text(document))
    quotes = ledger.loc[ledger["document"] == document, "quote"]
    assert len(quotes) >= 25 if document == "seed_roche_ch_nmosd" else len(quotes) >= 20
    missing = [q for q in quotes if normalised(q) not in text]
    assert missing == []


@pytest.mark.parametrize("document", sorted(SEED_FILES))
def test_every_statement_of_the_document_is_in_the_ledger(ledger: pd.DataFrame, document: str) -> None:
    quotes = list(ledger.loc[ledger["document"] == document, "quote"])
    assert uncovered_statements(seed_text(document), quotes, NOT_STATEMENTS[document]) == []


def test_coverage_check_finds_a_missing_statement() -> None:
    text = "Heading\nNMOSD is rare. It mainly affects women.\n  • Exercise helps.\n"
    assert seed_statements(text) == [
        "Heading",
        "NMOSD is rare.",
        "It mainly affects women.",
        "Exercise helps.",
    ]
    assert uncovered_statements(text, ["NMOSD is rare", "Exercise helps."], ["Heading"]) == [
        "It mainly affects women."
    ]


def test_ledger_size_and_verdicts(ledger: pd.DataFrame) -> None:
    counts = verdict_counts(ledger)
    assert counts.loc["both documents", "all verdicts"] == len(ledger) == 72
    assert counts.loc["seed_roche_ch_nmosd", "all verdicts"] == 43
    assert counts.loc["seed_hsct_news", "all verdicts"] == 29
    assert counts.loc["both documents"].drop("all verdicts").to_dict() == {
        "supported": 26,
        "supported with nuance": 16,
        "contradicted": 1,
        "not traceable": 8,
        "general statement": 21,
    }


def test_key_verdicts(ledger: pd.DataFrame) -> None:
    verdict = ledger.set_index("claim_id")["verdict"]
    # the five-year wheelchair and blindness percentages are missing from the page
    assert verdict["R14"] == verdict["R15"] == "not traceable"
    assert ledger.set_index("claim_id").loc["R14", "quote"].startswith("Within five years")
    # onset age: population-based data put the peak at 40-59, not 30-40
    assert list(ledger.loc[ledger["verdict"] == "contradicted", "claim_id"]) == ["R04"]
    # the news report's "monoclonal antibodies" and "symptom-free": corrected by the HSCT notes
    assert verdict["H10"] == verdict["H04"] == verdict["H25"] == "supported with nuance"
    assert "rituximab" in ledger.set_index("claim_id").loc["H10", "explanation"]


def test_every_evidence_key_resolves_with_source_and_status(
    ledger: pd.DataFrame, evidence: pd.DataFrame
) -> None:
    keys = sum(len(evidence_keys(cell)) for cell in ledger["evidence"])
    assert len(evidence) == keys == 196
    assert evidence["source_id"].notna().all()
    first = evidence.drop_duplicates("key").set_index("key")
    assert first.loc["pooled:R4f", "source_id"] == "pandit2022"
    assert first.loc["disability:roche_ch_wheelchair_5y", "status"] == "unverified"
    assert evidence.loc[evidence["table"] == "sources", "status"].isna().all()


def test_decided_verdicts_cite_an_independent_row(ledger: pd.DataFrame, evidence: pd.DataFrame) -> None:
    decided = ledger[~ledger["verdict"].isin(["not traceable", "general statement"])]
    sources = evidence.groupby("claim_id")["source_id"].agg(set)
    for claim in decided.itertuples():
        assert sources[claim.claim_id] - {claim.document}, claim.claim_id


# --- the ledger's rules ---------------------------------------------------------------------------


def test_shipped_data_with_ledger_is_valid(run_cli) -> None:
    code, out, _ = run_cli("validate")
    assert (code, out) == (0, "")


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_malformed_ledger_gives_exact_message(fixture: str, data_copy: Path, run_cli) -> None:
    shutil.copyfile(MALFORMED / fixture, data_copy / "claims.csv")
    code, out, err = run_cli("validate", "--data", str(data_copy))
    assert out.splitlines() == CASES[fixture]
    assert code == 1
    assert "Traceback" not in out + err


@pytest.mark.parametrize("fixture", VALID)
def test_exempt_verdicts_need_no_evidence(fixture: str, data_copy: Path, run_cli) -> None:
    shutil.copyfile(MALFORMED / fixture, data_copy / "claims.csv")
    assert run_cli("validate", "--data", str(data_copy))[:2] == (0, "")


def test_every_fixture_is_exercised() -> None:
    assert sorted(p.name for p in MALFORMED.glob("*.csv")) == sorted([*CASES, *VALID])


def test_ledger_problems_on_small_tables() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["A", "B", "C", "D"],
            "document": ["seed_hsct_news", "seed_hsct_news", "seed_gone", "seed_hsct_news"],
            "verdict": ["supported", "contradicted", "general statement", "not traceable"],
            "evidence": ["events:e1;cohorts:c1", "events:e1", pd.NA, "trials:t9"],
        },
        index=[2, 3, 4, 5],
    )
    sources = pd.DataFrame({"source_id": ["seed_hsct_news", "greco2019"]})
    events = pd.DataFrame({"event_id": ["e1"], "source_id": ["seed_hsct_news"]})
    cohorts = pd.DataFrame({"cohort_result_id": ["c1"], "source_id": ["greco2019"]})
    tables = {"sources": sources, "events": events, "cohorts": cohorts, "claims": claims}
    files = {"claims": "claims.csv", "events": "hsct/events.csv", "cohorts": "hsct/cohorts.csv"}
    assert ledger_problems(tables, files) == [
        Problem(
            "claims.csv",
            3,
            "evidence",
            "every evidence row comes from the claim's own document 'seed_hsct_news'; cite at least one"
            " independent row",
        ),
        Problem("claims.csv", 4, "document", "document 'seed_gone' is not in sources.csv"),
    ]  # D cites a table that is not loaded here (trials): skipped, not reported


def test_evidence_keys_parse() -> None:
    assert evidence_keys("pooled:R4f;estimates:P01") == [("pooled", "R4f"), ("estimates", "P01")]
    assert evidence_keys(pd.NA) == [] and evidence_keys("no key") == []


def test_unresolvable_key_is_refused_when_resolving(ledger: pd.DataFrame) -> None:
    broken = ledger.head(1).assign(evidence="pooled:R99")
    with pytest.raises(KeyError, match="R01: evidence key 'pooled:R99' does not resolve"):
        resolved_evidence(broken)


# --- the overview ---------------------------------------------------------------------------------


def test_parameters_are_refused_with_the_allowed_values() -> None:
    assert (
        check("00_overview", {"verdict": "contradicted", "document": "seed_hsct_news"}).verdict
        == "contradicted"
    )
    with pytest.raises(ParameterError, match="'maybe' is not allowed; expected one of: all, supported, "):
        check("00_overview", {"verdict": "maybe"})
    with pytest.raises(ParameterError, match="expected one of: all, seed_roche_ch_nmosd, seed_hsct_news"):
        check("00_overview", {"document": "papp2021"})


def test_selection_and_summary(ledger: pd.DataFrame) -> None:
    contradicted = selected_claims(ledger, "contradicted")
    assert list(contradicted["claim_id"]) == ["R04"]
    assert len(selected_claims(ledger, document="seed_hsct_news")) == 29
    summary = ledger_summary(ledger, "contradicted")
    assert "The ledger holds **72 claims**: 43 from the roche.ch patient page" in summary
    assert summary.endswith("This report shows **1** of them (verdict *contradicted*).")


def test_empty_selection_says_so_plainly(ledger: pd.DataFrame) -> None:
    summary = ledger_summary(ledger, "contradicted", "seed_hsct_news")
    assert (
        "**No claim of the HSCT news report has the verdict *contradicted*:** the evidence tables give that"
        " verdict to none of its 29 statements" in summary
    )
    empty = selected_claims(ledger, "contradicted", "seed_hsct_news")
    assert ledger_html(empty, resolved_evidence(empty)).startswith('<p class="claims-ledger-empty">')
    assert corrections_markdown(empty) == "No statement is selected, so there is none to list here."


def test_ledger_table_is_coloured_by_verdict(ledger: pd.DataFrame, evidence: pd.DataFrame) -> None:
    markup = ledger_html(selected_claims(ledger, "contradicted"), evidence)
    assert markup.count("<tr style=") == 1
    assert f'<tr style="border-left:6px solid {VERDICT_COLOURS["contradicted"][0]}">' in markup
    assert "“most common in women between the ages of 30 and 40”" in markup
    assert '<code style="word-break:break-all">age_at_onset:A03</code> <em>(verified)</em>' in markup


def test_corrections_list_the_contradicted_claim_first(ledger: pd.DataFrame) -> None:
    lines = corrections_markdown(ledger).splitlines()
    assert len(lines) == 1 + 8
    assert lines[0].startswith(
        "- **Contradicted** (R04, roche.ch patient page):"
        " “most common in women between the ages of 30 and 40”"
    )


def test_verdict_chart_counts_and_footnote(ledger: pd.DataFrame) -> None:
    fig = verdict_chart(ledger)
    bars = {trace.name: list(trace.x) for trace in fig.data}
    assert bars["contradicted"] == [1, 0]
    assert bars["supported"] == [18, 8]
    assert sum(sum(v) for v in bars.values()) == 72
    footnote = fig.layout.annotations[0].text
    assert footnote.startswith("Sources: seed_hsct_news; seed_roche_ch_nmosd.")


def test_key_figures_come_from_the_data() -> None:
    figures = key_figures().set_index("evidence")
    assert figures.loc["pooled:R4f", "value"] == "<5/100,000 globally"
    assert figures.loc["disability:mayo140_km_wheelchair_5y", "value"] == "9%"  # proportion 0.09
    assert figures.loc["disability:mayo140_km_blind_one_eye_5y", "value"] == "41%"
    assert figures.loc["patients:both_follow_up_years", "value"] == "15 and 16 years"
    assert figures.loc["trial_results:prevent_hr_nemos", "status"] == "secondary"
    assert len(figures) == len(KEY_FIGURES)


def test_key_figures_link_to_reports_of_the_default_run_set() -> None:
    runs = {run["name"] for run in yaml.safe_load((ROOT / "reports.yml").read_text())["runs"]}
    assert {figure.report.removesuffix(".html") for figure in KEY_FIGURES} <= runs
    markup = key_figures_html(key_figures())
    assert '<a href="epidemiology-all.html" style="white-space:nowrap">epidemiology-all</a>' in markup


def test_sources_by_type_and_status_on_a_hand_made_example() -> None:
    sources = pd.DataFrame(
        {"source_id": ["a", "b", "c", "d"], "source_type": ["cohort", "cohort", "news", "news"]}
    )
    rows = pd.DataFrame(
        {
            "source_id": ["a", "a", "a", "b", "c"],
            "status": ["verified", "verified", "computed", "unverified", "secondary"],
        }
    )
    table = sources_by_type_and_status(sources, rows)
    assert table.loc["cohort"].to_dict() == {
        "sources": 2, "verified": 1, "abstract": 0, "secondary": 0, "computed": 1, "inferred": 0,
        "unverified": 1, "cited by no row": 0,
    }  # fmt: skip
    assert table.loc["news", ["sources", "secondary", "cited by no row"]].tolist() == [2, 1, 1]
    assert table.loc["all types", "sources"] == 4


def test_sources_by_type_and_status_on_the_data() -> None:
    table = sources_by_type_and_status(load("sources"), ledger_module.evidence_rows())
    assert table.loc["all types", "sources"] == len(load("sources")) == 236
    assert table.loc["regulatory", ["sources", "verified"]].tolist() == [2, 2]


def test_report_sources_include_both_documents(ledger: pd.DataFrame, evidence: pd.DataFrame) -> None:
    ids, rows = report_sources(key_figures(), selected_claims(ledger, "contradicted"), evidence)
    assert {"seed_roche_ch_nmosd", "seed_hsct_news", "pandit2022", "sepulveda2022"} <= set(ids)
    assert rows["status"].notna().all()


def test_index_opens_with_the_overview(tmp_path: Path) -> None:
    from nmosd_evidence.render.index import index_html, update_manifest
    from nmosd_evidence.render.notebooks import info

    runs = yaml.safe_load((ROOT / "reports.yml").read_text())["runs"]
    entries = []
    for run in reversed(runs):  # any order in: the index sorts
        (tmp_path / f"{run['name']}.html").write_text("")
        entries.append(
            {
                "name": run["name"],
                "notebook": f"{run['notebook']}.ipynb",
                "title": run["name"],
                "parameters": run.get("parameters", {}),
                "html": f"{run['name']}.html",
            }
        )
    ordered = update_manifest(tmp_path, entries)
    assert [e["name"] for e in ordered[:2]] == ["overview", "overview-contradicted"]
    page = index_html(ordered, {})
    assert page.index('href="overview.html"') < page.index('href="epidemiology-all.html"')
    assert info(ROOT / "notebooks" / "00_overview.ipynb").title == "NMOSD evidence: overview"
    assert json.loads((tmp_path / "manifest.json").read_text())[0]["name"] == "overview"
