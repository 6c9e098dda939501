"""Treatment report, rows in scope: the parameters' selection, comparison labels, the pick rule for
figures reported by several rows, acute-treatment rows and the source document's treatment claims."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import ROOT

from nmosd_evidence.core.vocabulary import ROCHE_PAGE
from nmosd_evidence.datapackage.ledger import resolved_evidence
from nmosd_evidence.params import ParameterError, check
from nmosd_evidence.reports.treatment import select


def raw_rows(table: str) -> list[dict[str, str]]:
    """The rows of ``data/treatment/<table>.csv`` as read by the csv module (no validation, no types)."""
    with (ROOT / "data" / "treatment" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def one(frame: pd.DataFrame, column: str, value: object) -> pd.Series:
    hits = frame[frame[column] == value]
    assert len(hits) == 1, f"{value!r}: {len(hits)} rows"
    return hits.iloc[0]


# --- selection -----------------------------------------------------------------------------------


def test_default_selection_is_every_trial_comparison_in_mechanism_order(everything):
    trial_rows = [r["comparison_id"] for r in raw_rows("trials") if r["design"] in select.TRIAL_DESIGNS]
    comparisons = everything.comparisons
    assert sorted(comparisons["comparison_id"]) == sorted(trial_rows)
    assert len(comparisons) == 15
    # mechanism order; TANGO and Nikoo 2017 (IL-6R and CD20 drugs vs azathioprine) keep their drug's target
    assert list(comparisons["target"].drop_duplicates()) == ["C5", "CD19", "IL-6R", "CD20"]
    assert comparisons["label"].is_unique
    assert one(comparisons, "comparison_id", "sakurasky_aqp4pos")["label"] == "SAkuraSky, AQP4+ subgroup"
    assert one(comparisons, "comparison_id", "prevent")["label"] == "PREVENT (AQP4+)"
    monotherapy = one(comparisons, "comparison_id", "prevent_monotherapy")
    assert monotherapy["label"] == "PREVENT, monotherapy subgroup (AQP4+)"
    assert one(comparisons, "comparison_id", "prevent")["year"] == 2019  # pittock2019_prevent


def test_aqp4_positive_randomised_selection(aqp4_randomised):
    assert set(aqp4_randomised.comparisons["comparison_id"]) == {
        "prevent", "prevent_monotherapy", "nmomentum_aqp4pos", "sakurasky_aqp4pos", "sakurastar_aqp4pos",
        "rin1",
    }  # fmt: skip
    assert aqp4_randomised.other.empty  # no observational comparison is restricted to AQP4+


def test_design_filters_drop_only_their_design(everything):
    no_external = select.selected_comparisons(everything.trials, include_external_control=False)
    no_open = select.selected_comparisons(everything.trials, include_open_label=False)
    every = set(everything.comparisons["comparison_id"])
    assert every - set(no_external["comparison_id"]) == {"champion_nmosd"}
    assert every - set(no_open["comparison_id"]) == {"tango", "nikoo2017"}


def test_other_comparisons_are_the_non_trial_designs(everything):
    expected = [
        r["comparison_id"] for r in raw_rows("trials") if r["design"] in ("observational", "indirect")
    ]
    assert list(everything.other["comparison_id"]) == expected
    assert len(expected) == 7


# --- the pick rule -------------------------------------------------------------------------------


def _rows(*specs: tuple[str, float, float | None, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"status": status, "value": value, "ci_lower": low, "ci_upper": None if low is None else 1.0,
             "value_as_printed": printed}
            for status, value, low, printed in specs
        ]
    )  # fmt: skip


def test_pick_rule_status_before_ci_before_precision_before_order():
    # a verified row without a CI beats a secondary row with one
    assert list(
        select.ranked(_rows(("secondary", 0.5, 0.1, "0.5"), ("verified", 0.5, None, "0.5"))).index
    ) == [1, 0]
    # same status: the row with a CI first
    assert select.ranked(_rows(("secondary", 0.5, None, "0.5"), ("secondary", 0.5, 0.1, "0.5"))).index[0] == 1
    # same status, no CI: the more precise printed figure first
    assert (
        select.ranked(_rows(("secondary", 0.66, None, "66%"), ("secondary", 0.66, None, "66.0%"))).index[0]
        == 1
    )
    # all equal: file order
    assert (
        select.ranked(_rows(("secondary", 0.66, None, "66%"), ("secondary", 0.66, None, "66%"))).index[0] == 0
    )


def test_printed_precision_reads_the_first_number():
    assert select.printed_precision("66.0%") == 1
    assert select.printed_precision("66%") == 0
    assert select.printed_precision("0.06, 0.02–0.20, p < 0.001") == 2


def test_picked_results_keep_one_row_per_figure(everything):
    chosen = select.results_for(everything.comparisons, everything.results)
    picked = select.picked_results(chosen)
    assert picked["figure"].is_unique
    assert (len(chosen), len(picked)) == (80, 75)  # 5 figures are reported by two rows each
    prevent = picked[(picked["comparison_id"] == "prevent") & (picked["measure"] == "hazard_ratio")].iloc[0]
    # two rows report PREVENT's HR: the NEMOS table with a CI is shown, the AAO summary (P<0.0001) is not
    assert prevent["result_id"] == "prevent_hr_nemos"
    others = select.alternatives(chosen)
    others = others[others["figure"] == prevent["figure"]]
    assert list(others["source_id"]) == ["aao_prevent_summary"]
    assert list(others["value_as_printed"]) == ["hazard ratio 0.06; P<0.0001"]


def test_conflicting_rows_are_every_row_of_a_figure_reported_twice(everything):
    rows = select.conflicting(select.results_for(everything.comparisons, everything.results))
    assert len(rows) == 10
    assert rows.groupby("figure")["rank"].apply(sorted).map(tuple).tolist() == [(0, 1)] * 5
    sky = rows[(rows["comparison_id"] == "sakurasky") & (rows["timepoint_weeks"] == 48)]
    # SAkuraSky week 48: the more precisely printed release (88.9%, 66.0%) is shown
    assert set(sky.loc[sky["rank"] == 0, "value_as_printed"]) == {"88.9%", "66.0%"}


# --- acute ---------------------------------------------------------------------------------------


def test_acute_rows_leave_out_predictors_and_sort_by_modality(everything):
    raw = raw_rows("acute")
    predictors = [r for r in raw if r["treatment"] == "any_first_line" and r["factor"] == "comparison"]
    rows = select.acute_treatment_rows(everything.acute)
    assert (len(raw), len(predictors), len(rows)) == (29, 4, 25)
    assert not set(rows["acute_id"]) & {r["acute_id"] for r in predictors}
    assert list(rows["treatment"].drop_duplicates()) == [
        "steroids", "plasma_exchange", "steroids_plus_plasma_exchange", "apheresis", "any_first_line",
        "other",
    ]  # fmt: skip


# --- the source document's treatment claims ----------------------------------------------------------


def test_treatment_claims_are_the_roche_pages_treatment_topics(everything):
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8", newline="") as handle:
        ledger = list(csv.DictReader(handle))
    expected = [
        c["claim_id"] for c in ledger if c["document"] == ROCHE_PAGE and c["topic"] in select.TREATMENT_TOPICS
    ]
    assert list(everything.claims["claim_id"]) == expected
    assert expected == ["R11", "R12", *(f"R{n}" for n in range(22, 34))]


def test_cited_rows_resolve_every_evidence_key(everything):
    cited = everything.cited
    r27 = cited[cited["claim_id"] == "R27"]
    assert list(r27["row_key"]) == [
        "abboud2016_ivmp_plex", "abboud2016_ivmp_alone", "kleiter2016_pe_ia_vs_hds_cr",
        "bonnan2018_plex_day0", "bonnan2018_plex_after_day20",
    ]  # fmt: skip
    assert set(r27["table"]) == {"acute"} and set(r27["status"]) == {"verified"}
    r11 = cited[cited["claim_id"] == "R11"].set_index("row_key")
    assert r11.loc["uzawa2024_untreated_edss6_median", ["table", "source_id"]].tolist() == [
        "milestones",
        "uzawa2024",
    ]
    assert cited[cited["claim_id"] == "R24"].empty  # not traceable: no evidence row


def test_cited_rows_refuse_a_key_that_is_not_a_row(everything):
    claims = pd.DataFrame({"claim_id": ["X1"], "evidence": ["acute:no_such_row"]})
    with pytest.raises(KeyError, match="acute:no_such_row"):
        resolved_evidence(claims, {"acute": everything.acute})


# --- parameters ----------------------------------------------------------------------------------


def test_parameters_refuse_values_outside_the_allowed_list():
    assert check("04_treatment", {}).population == "all"
    with pytest.raises(ParameterError, match=r"'population'.*'AQP4-'.*one of: all, AQP4\+"):
        check("04_treatment", {"population": "AQP4-"})
    with pytest.raises(ParameterError, match=r"include_open_label.*true or false"):
        check("04_treatment", {"include_open_label": "no"})
    with pytest.raises(ParameterError, match="unknown parameter 'serostatus'"):
        check("04_treatment", {"serostatus": "AQP4+"})
