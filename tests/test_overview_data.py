"""The overview's rows and numbers: claims selected by the parameters, verdict counts, key figures,
sources by type and status, and ``evidence()`` (the rows behind the reference list)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from conftest import ROOT
from reference_values import (
    OVERVIEW_CLAIMS,
    OVERVIEW_CLAIMS_PER_DOCUMENT,
    OVERVIEW_CLAIMS_PER_VERDICT,
    OVERVIEW_REFERENCES_CONTRADICTED,
    OVERVIEW_REFERENCES_DEFAULT,
    OVERVIEW_SOURCES_ALL_TYPES,
    OVERVIEW_SOURCES_COHORT,
    OVERVIEW_SOURCES_NEWS,
)

from nmosd_evidence.datapackage import load
from nmosd_evidence.params import ParameterError, check
from nmosd_evidence.reports.overview import (
    KEY_FIGURES,
    evidence,
    key_figures,
    ledger_counts,
    package_evidence_rows,
    selected_claims,
    sources_by_type_and_status,
    verdict_counts,
)
from nmosd_evidence.reports.overview.select import key_figure_tables, loaded_tables


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return load("claims")


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return key_figures().set_index("evidence")


# --- parameters and selection ---------------------------------------------------------------------


def test_parameters_are_refused_with_the_allowed_values() -> None:
    chosen = check("00_overview", {"verdict": "contradicted", "document": "seed_hsct_news"})
    assert (chosen.verdict, chosen.document) == ("contradicted", "seed_hsct_news")
    with pytest.raises(ParameterError, match="'maybe' is not allowed; expected one of: all, supported, "):
        check("00_overview", {"verdict": "maybe"})
    with pytest.raises(ParameterError, match="expected one of: all, seed_roche_ch_nmosd, seed_hsct_news"):
        check("00_overview", {"document": "papp2021"})


def test_selection_filters_by_verdict_and_document(ledger: pd.DataFrame) -> None:
    assert list(selected_claims(ledger, "supported with nuance", "seed_roche_ch_nmosd")["claim_id"]) == [
        "R04", "R05", "R13", "R16", "R18", "R21", "R27",
    ]  # fmt: skip
    assert selected_claims(ledger, "contradicted").empty
    assert len(selected_claims(ledger)) == OVERVIEW_CLAIMS
    assert (
        len(selected_claims(ledger, document="seed_hsct_news"))
        == OVERVIEW_CLAIMS_PER_DOCUMENT["seed_hsct_news"]
    )
    assert selected_claims(ledger, "contradicted", "seed_hsct_news").empty
    not_traceable = selected_claims(ledger, "not traceable", "seed_hsct_news")
    assert list(not_traceable["claim_id"]) == ["H13", "H19", "H22", "H27", "H29"]  # in ledger order


# --- numbers --------------------------------------------------------------------------------------


def test_verdict_counts_equal_an_independent_count(ledger: pd.DataFrame) -> None:
    counts = verdict_counts(ledger)
    assert counts.loc["both documents", "all verdicts"] == OVERVIEW_CLAIMS
    assert counts["all verdicts"].drop("both documents").to_dict() == OVERVIEW_CLAIMS_PER_DOCUMENT
    assert counts.loc["both documents"].drop("all verdicts").to_dict() == OVERVIEW_CLAIMS_PER_VERDICT
    assert (
        counts.loc["seed_roche_ch_nmosd", "supported"] == 17
        and counts.loc["seed_hsct_news", "supported"] == 5
    )


def test_verdict_counts_of_a_small_ledger_list_every_verdict() -> None:
    claims = pd.DataFrame({"document": ["seed_hsct_news"] * 2, "verdict": ["supported", "supported"]})
    counts = verdict_counts(claims)
    assert counts.loc["seed_hsct_news"].to_dict() == {
        "supported": 2, "supported with nuance": 0, "contradicted": 0, "not traceable": 0,
        "general statement": 0, "all verdicts": 2,
    }  # fmt: skip
    assert counts.loc["seed_roche_ch_nmosd", "all verdicts"] == 0


def test_ledger_counts_of_an_empty_selection(ledger: pd.DataFrame) -> None:
    counts = ledger_counts(ledger, "contradicted", "seed_hsct_news")
    assert (counts.total, counts.shown, counts.in_document) == (OVERVIEW_CLAIMS, 0, 29)
    assert counts.per_verdict == OVERVIEW_CLAIMS_PER_VERDICT


def test_key_figures_come_from_the_data_rows(figures: pd.DataFrame) -> None:
    assert len(figures) == len(KEY_FIGURES) == 9
    assert figures.loc["pooled:R4f", "value"] == "<5/100,000 globally"
    assert figures.loc["disability:mayo140_km_wheelchair_5y", "value"] == pytest.approx(0.09)
    assert figures.loc["disability:mayo140_km_blind_one_eye_5y", "value"] == pytest.approx(0.41)
    assert figures.loc["patients:both_follow_up_years", "value"] == "15 and 16 years"
    assert figures.loc["trial_results:prevent_hr_nemos", ["status", "source_id"]].tolist() == [
        "secondary",
        "kumpfel2024",
    ]
    assert figures.loc["cohorts:greco2015_rfs_5y", "value"] == "10%"


def test_key_figure_labels_are_read_from_the_rows(figures: pd.DataFrame) -> None:
    label = figures["figure"].to_dict()
    assert label["pooled:R1b"] == "Prevalence — Afro-Caribbean region (highest)"
    assert label["disability:mayo140_km_wheelchair_5y"] == (
        "Needing a wheelchair at 5 years after disease onset — 140 AQP4-IgG+ patients, Mayo Clinic records"
        " 2005-2011"
    )
    assert label["trial_results:prevent_hr_nemos"] == (
        "Hazard ratio for time to first adjudicated relapse, eculizumab vs placebo — PREVENT"
    )
    assert (
        label["cohorts:greco2015_rfs_5y"]
        == "Relapse-free at 5 years after autologous HSCT — EBMT registry (Greco 2015)"
    )
    assert label["patients:both_follow_up_years"] == "Follow-up, both patients — Allogeneic HSCT patients"


def test_key_figures_follow_a_changed_row() -> None:
    tables = loaded_tables(key_figure_tables())
    pooled = tables["pooled"]
    pooled.loc[pooled["pooled_id"] == "R1b", ["subgroup", "value_as_printed"]] = ["Atlantis", "99/100 000"]
    trials = tables["trials"]
    trials.loc[trials["comparison_id"] == "prevent", "drug"] = "drug X"
    changed = key_figures(tables).set_index("evidence")
    assert changed.loc["pooled:R1b", ["figure", "value"]].tolist() == ["Prevalence — Atlantis", "99/100 000"]
    assert "drug X vs placebo" in changed.loc["trial_results:prevent_hr_nemos", "figure"]


def test_key_figures_refuse_a_missing_row() -> None:
    tables = loaded_tables(key_figure_tables())
    tables["cohorts"] = tables["cohorts"].iloc[0:0]
    with pytest.raises(KeyError, match="no row 'greco2015_rfs_5y' in cohorts"):
        key_figures(tables)


def test_key_figures_link_to_reports_of_the_default_run_set() -> None:
    runs = {run["name"] for run in yaml.safe_load((ROOT / "reports.yml").read_text())["runs"]}
    assert {figure.report.removesuffix(".html") for figure in KEY_FIGURES} <= runs


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


def test_sources_by_type_and_status_equal_an_independent_count() -> None:
    table = sources_by_type_and_status(load("sources"), package_evidence_rows())
    assert table.loc["all types"].tolist() == OVERVIEW_SOURCES_ALL_TYPES
    assert table.loc["cohort"].tolist() == OVERVIEW_SOURCES_COHORT
    assert table.loc["news"].tolist() == OVERVIEW_SOURCES_NEWS
    assert table.loc["regulatory", ["sources", "verified"]].tolist() == [2, 2]


# --- evidence() -----------------------------------------------------------------------------------


def test_evidence_of_the_default_report() -> None:
    rows = evidence()
    assert {"source_id", "status"} <= set(rows.columns)
    assert len(set(rows["source_id"])) == OVERVIEW_REFERENCES_DEFAULT
    seeds = rows[rows["source_id"].isin(["seed_roche_ch_nmosd", "seed_hsct_news"])]
    assert set(seeds["source_id"]) == {"seed_roche_ch_nmosd", "seed_hsct_news"}
    assert not rows.duplicated(["source_id", "status"]).any()


def test_evidence_follows_the_parameters() -> None:
    assert sorted(set(evidence(verdict="contradicted")["source_id"])) == OVERVIEW_REFERENCES_CONTRADICTED
    only_figures = evidence(verdict="contradicted", document="seed_hsct_news")
    assert "sepulveda2022" not in set(only_figures["source_id"])  # cited only by R04's evidence
    assert {"pandit2022", "pittock2019_prevent", "seed_hsct_news"} <= set(only_figures["source_id"])
    by_source = evidence(verdict="contradicted").dropna(subset=["status"]).set_index("source_id")["status"]
    assert by_source["pittock2019_prevent"] == "secondary"  # the trials row the PREVENT label reads
