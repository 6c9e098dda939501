"""Treatment views: selection, the pick rule for conflicting rows, table builders, forest-plot data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from nmosd_evidence import load, treatment
from nmosd_evidence.formatting import percent
from nmosd_evidence.params import ParameterError, check
from nmosd_evidence.sources import reference_list


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: load(name) for name in ("trials", "trial_results", "acute", "sources")}


@pytest.fixture(scope="module")
def everything(tables) -> pd.DataFrame:
    """The default run: every population, every trial design."""
    return treatment.selected_comparisons(tables["trials"])


@pytest.fixture(scope="module")
def aqp4_randomised(tables) -> pd.DataFrame:
    """The run treatment-aqp4-positive-randomised."""
    return treatment.selected_comparisons(tables["trials"], "AQP4+", False, False)


def row(frame: pd.DataFrame, column: str, value: str) -> pd.Series:
    hits = frame[frame[column] == value]
    assert len(hits) == 1, f"{value!r}: {len(hits)} rows"
    return hits.iloc[0]


# --- formatting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0.06, 0.02, 0.2), "0.06 (0.02–0.20)"),
        ((0.014, 0.0, 0.103), "0.014 (0.000–0.103)"),
        ((10.0, 1.39, 71.9), "10.0 (1.39–71.9)"),
        ((0.272, 0.15, 0.496), "0.272 (0.150–0.496)"),
        ((5.1,), "5.1"),
    ],
)
def test_format_estimate_keeps_the_precision_of_the_value(args, expected):
    assert treatment.format_estimate(*args) == expected


def test_format_p_percent_and_weeks():
    assert treatment.format_p("<0.001") == "p<0.001"
    assert treatment.format_p("0.02") == "p=0.02"
    assert treatment.format_p(pd.NA) == ""
    assert percent(0.979) == "97.9%"
    assert percent(0.89) == "89%"
    assert percent(1.0) == "100%"
    assert treatment.format_weeks(48.0) == "week 48"
    assert treatment.format_weeks(None) == "time not stated"


def test_printed_precision_reads_the_first_number():
    assert treatment.printed_precision("66.0%") == 1
    assert treatment.printed_precision("66%") == 0
    assert treatment.printed_precision("0.06, 0.02–0.20, p < 0.001") == 2


# --- pick rule -----------------------------------------------------------------------------------


def _rows(*specs: tuple[str, float, float | None, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "status": status,
                "value": value,
                "ci_lower": low,
                "ci_upper": None if low is None else 1.0,
                "value_as_printed": printed,
            }
            for status, value, low, printed in specs
        ]
    )


def test_pick_rule_status_before_ci_before_precision_before_order():
    # a verified row without a CI beats a secondary row with one
    assert list(
        treatment.ranked(_rows(("secondary", 0.5, 0.1, "0.5"), ("verified", 0.5, None, "0.5"))).index
    ) == [
        1,
        0,
    ]
    # same status: the row with a CI first
    assert (
        treatment.ranked(_rows(("secondary", 0.5, None, "0.5"), ("secondary", 0.5, 0.1, "0.5"))).index[0] == 1
    )
    # same status, no CI: the more precise printed figure first
    assert (
        treatment.ranked(_rows(("secondary", 0.66, None, "66%"), ("secondary", 0.66, None, "66.0%"))).index[0]
        == 1
    )
    # all equal: file order
    assert (
        treatment.ranked(_rows(("secondary", 0.66, None, "66%"), ("secondary", 0.66, None, "66%"))).index[0]
        == 0
    )


# --- selection -----------------------------------------------------------------------------------


def test_default_selection_is_every_trial_comparison_in_mechanism_order(everything):
    assert set(everything["design"]) == {"randomised", "open-label", "external-control"}
    assert len(everything) == 15
    assert everything["label"].is_unique
    ranks = [treatment.TARGET_ORDER.index(t) for t in everything["target"]]
    assert ranks == sorted(ranks)
    assert row(everything, "comparison_id", "sakurasky_aqp4pos")["label"] == "SAkuraSky, AQP4+ subgroup"
    assert row(everything, "comparison_id", "prevent")["label"] == "PREVENT (AQP4+)"
    assert (
        row(everything, "comparison_id", "prevent_monotherapy")["label"]
        == "PREVENT, monotherapy subgroup (AQP4+)"
    )


def test_aqp4_positive_randomised_selection(aqp4_randomised):
    expected = {
        "prevent",
        "prevent_monotherapy",
        "nmomentum_aqp4pos",
        "sakurasky_aqp4pos",
        "sakurastar_aqp4pos",
    }
    assert set(aqp4_randomised["comparison_id"]) == expected | {"rin1"}


def test_design_filters_drop_only_their_design(tables, everything):
    no_external = treatment.selected_comparisons(tables["trials"], include_external_control=False)
    no_open = treatment.selected_comparisons(tables["trials"], include_open_label=False)
    assert set(everything["comparison_id"]) - set(no_external["comparison_id"]) == {"champion_nmosd"}
    assert set(everything["comparison_id"]) - set(no_open["comparison_id"]) == {"tango", "nikoo2017"}


def test_other_comparisons_are_the_non_trial_designs(tables):
    other = treatment.other_comparisons(tables["trials"])
    assert set(other["design"]) == {"observational", "indirect"}
    assert len(other) == 7
    assert treatment.other_comparisons(tables["trials"], "AQP4+").empty


# --- forest-plot data ----------------------------------------------------------------------------


def test_hazard_ratio_rows_pick_the_row_with_a_ci_and_keep_the_other(tables, everything):
    hr = treatment.hazard_ratio_rows(everything, tables["trial_results"], tables["sources"])
    prevent = row(hr, "comparison_id", "prevent")
    assert (prevent["value"], prevent["ci_lower"], prevent["ci_upper"]) == (0.06, 0.02, 0.2)
    assert prevent["source_id"] == "kumpfel2024"
    assert prevent["p_value"] == "<0.001"
    assert "P<0.0001 (aao_prevent_summary, secondary)" in prevent["also_reported"]
    assert "also reported" in prevent["hover"]


def test_hazard_ratio_rows_are_drawable_on_a_log_axis(tables, everything):
    hr = treatment.hazard_ratio_rows(everything, tables["trial_results"], tables["sources"])
    assert (hr["value"] > 0).all() and (hr["ci_lower"] > 0).all() and (hr["ci_upper"] > hr["value"]).all()
    champion = row(hr, "comparison_id", "champion_nmosd")
    assert champion["clipped"]
    assert champion["ci_lower_printed"] == 0.0
    assert champion["ci_lower"] == treatment.LOG_AXIS_FLOOR
    assert hr.loc[hr["comparison_id"] != "champion_nmosd", "clipped"].sum() == 0
    # everywhere else the drawn interval is the printed one
    others = hr[~hr["clipped"]]
    assert (others["ci_lower"] == others["ci_lower_printed"]).all()


def test_hazard_ratio_rows_grouping_and_design_marks(tables, everything):
    hr = treatment.hazard_ratio_rows(everything, tables["trial_results"], tables["sources"])
    assert list(dict.fromkeys(hr["group"])) == [
        "C5 complement inhibition", "CD19 B-cell depletion", "IL-6 receptor blockade",
    ]  # fmt: skip
    assert len(hr) == 11  # RIN-1, Nikoo 2017, the PREVENT monotherapy and N-MOmentum AQP4- rows have no HR
    assert row(hr, "comparison_id", "champion_nmosd")["label"].endswith("[external control]")
    tango = row(hr, "comparison_id", "tango")
    assert "[open-label]" in tango["label"] and "(HR unverified)" in tango["label"]
    assert tango["status"] == "unverified"
    assert set(hr.loc[hr["status"] == "unverified", "comparison_id"]) == {"tango", "nmomentum_aqp4pos"}


def test_hazard_ratio_rows_follow_the_filters(tables, aqp4_randomised):
    hr = treatment.hazard_ratio_rows(aqp4_randomised, tables["trial_results"], tables["sources"])
    assert list(hr["comparison_id"]) == [
        "prevent",
        "nmomentum_aqp4pos",
        "sakurasky_aqp4pos",
        "sakurastar_aqp4pos",
    ]
    assert not hr["clipped"].any()
    assert not hr["label"].str.contains(r"\[").any()


def test_forest_figure_log_axis_reference_line_and_whiskers(tables, everything):
    hr = treatment.hazard_ratio_rows(everything, tables["trial_results"], tables["sources"])
    fig = treatment.hazard_ratio_forest(hr)
    assert fig.layout.xaxis.type == "log"
    assert [shape.x0 for shape in fig.layout.shapes] == [1]
    il6 = next(t for t in fig.data if t.name == "IL-6 receptor blockade" and t.mode == "markers")
    il6_whiskers = next(t for t in fig.data if t.name == "IL-6 receptor blockade: interval")
    # first IL-6R point is SAkuraSky, all participants: HR 0.38 (0.16-0.88)
    assert il6.x[0] == pytest.approx(0.38)
    assert il6_whiskers.x[:2] == pytest.approx((0.16, 0.88))
    assert il6_whiskers.y[:2] == (il6.y[0], il6.y[0])
    c5 = next(t for t in fig.data if t.name == "C5 complement inhibition" and t.mode == "markers")
    c5_whiskers = next(t for t in fig.data if t.name == "C5 complement inhibition: interval")
    second = c5_whiskers.y.index(c5.y[1])  # the second C5 row's whisker: its lower bound is clipped
    assert c5_whiskers.x[second] == pytest.approx(treatment.LOG_AXIS_FLOOR)
    assert list(fig.layout.xaxis.tickvals) == [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]
    # legend: one coloured line per mechanism, the point traces hidden from it
    legend = [t.name for t in fig.data if t.showlegend is not False and t.mode == "lines"]
    assert legend == ["C5 complement inhibition", "CD19 B-cell depletion", "IL-6 receptor blockade"]
    footnote = fig.layout.annotations[-1].text.replace("<br>", " ")
    assert "kumpfel2024" in footnote and "drawn at 0.001" in footnote and "grey x = unverified" in footnote


def test_forest_figure_without_rows_says_so(tables, everything):
    empty = treatment.hazard_ratio_rows(everything.iloc[0:0], tables["trial_results"])
    assert empty.empty
    fig = treatment.hazard_ratio_forest(empty)
    assert "No hazard ratio" in fig.layout.annotations[0].text


# --- relapse-free --------------------------------------------------------------------------------


def test_relapse_free_rows_per_arm(tables, everything):
    rf = treatment.relapse_free_rows(everything, tables["trial_results"], tables["sources"])
    champion = rf[(rf["comparison_id"] == "champion_nmosd") & (rf["weeks"] == 48)]
    assert dict(zip(champion["group"], champion["value"], strict=True)) == {
        "drug arm": 100.0,
        "comparator arm": 63.0,
    }
    # SAkuraSky week 48: both arms from the more precisely printed release (88.9% and 66.0%)
    sky = rf[(rf["comparison_id"] == "sakurasky") & (rf["weeks"] == 48)]
    assert dict(zip(sky["group"], sky["value"], strict=True)) == {"drug arm": 88.9, "comparator arm": 66.0}
    assert set(sky["source_id"]) == {"seekingalpha_sakurasky"}
    extension = row(rf[rf["comparison_id"] == "prevent"], "weeks", 192.0)
    assert "(treatment arm only)" in extension["label"]
    assert (extension["ci_lower"], extension["ci_upper"]) == (88.6, 97.3)
    assert set(rf.loc[rf["comparison_id"] == "rin1", "status"]) == {"computed"}
    # both arms of one time point share one chart line
    assert rf.groupby("label")["group"].apply(lambda g: g.is_unique).all()
    assert (rf["value"].between(0, 100)).all()


# --- tables --------------------------------------------------------------------------------------


def test_summary_table_pivots_results_with_status(tables, everything):
    summary = treatment.trial_summary_table(everything, tables["trial_results"])
    assert len(summary) == len(everything)
    prevent = row(summary, "comparison", "PREVENT (AQP4+)")
    assert prevent["hazard ratio (95% CI); p"] == "0.06 (0.02–0.20); p<0.001 [secondary]"
    assert prevent["relapses, treatment arm"] == "3 of 96 [secondary]"
    assert prevent["relapses, comparator arm"] == "20 of 47 [secondary]"
    assert prevent["relapse risk reduction"] == "94.2% [unverified]"
    assert prevent["relapse-free, treatment vs comparator"].startswith("week 48: 97.9% vs 63.2% [secondary]")
    assert prevent["n (treatment / comparator)"] == "96 / 47"
    aqp4 = row(summary, "comparison", "N-MOmentum, AQP4+ subgroup")
    assert aqp4["hazard ratio (95% CI); p"].endswith("[unverified]")
    star = row(summary, "comparison", "SAkuraStar, all participants")
    assert star["relapses, treatment arm"] == "19 of 63 [unverified]"
    tango = row(summary, "comparison", "TANGO, all participants")
    assert tango["other results"] == "median time to first relapse 78.9 vs 56.7 weeks, p=0.0026 [secondary]"
    rin1 = row(summary, "comparison", "RIN-1 (AQP4+)")
    assert rin1["n (treatment / comparator)"] == "not given"
    assert rin1["relapse-free, treatment vs comparator"] == "week 72: 100% vs 63% [computed]"
    assert list(treatment.summary_design_part(summary).columns) == treatment.SUMMARY_DESIGN_COLUMNS
    assert list(treatment.summary_results_part(summary).columns) == treatment.SUMMARY_RESULT_COLUMNS


def test_conflicting_reports_keep_every_row_and_mark_one(tables, everything):
    conflicts = treatment.conflicting_reports(everything, tables["trial_results"]).reset_index()
    assert len(conflicts) == 10
    figures = conflicts.groupby(["comparison", "measure", "week"])["shown"].apply(list)
    assert len(figures) == 5
    assert all(sorted(shown) == ["no", "yes"] for shown in figures)
    prevent = conflicts[conflicts["comparison"] == "PREVENT (AQP4+)"]
    assert row(prevent, "shown", "yes")["source"] == "kumpfel2024"
    assert treatment.conflicting_reports(everything.iloc[0:0], tables["trial_results"]).empty


def test_unverified_results_lists_every_unverified_row(tables, everything, aqp4_randomised):
    unverified = treatment.unverified_results(everything, tables["trial_results"]).reset_index()
    results = treatment.results_for(everything, tables["trial_results"])
    assert len(unverified) == (results["status"] == "unverified").sum() == 17
    tango = unverified[(unverified["comparison"] == "TANGO, all participants")]
    assert "grey cross in the forest plot" in row(tango, "measure", "hazard ratio")["shown as"]
    assert len(treatment.unverified_results(aqp4_randomised, tables["trial_results"])) == 6


def test_mechanism_table_approvals_come_from_every_trial_row(tables, everything, aqp4_randomised):
    hr = treatment.hazard_ratio_rows(everything, tables["trial_results"])
    mechanisms = treatment.mechanism_table(everything, hr, tables["trials"])
    assert list(mechanisms["target"]) == ["C5", "CD19", "IL-6R", "CD20"]
    c5 = mechanisms.loc["C5 complement inhibition"]
    assert c5["drugs"] == "eculizumab, ravulizumab"
    assert c5["approved for NMOSD (first approval)"] == "eculizumab (2019), ravulizumab (2023)"
    assert (
        mechanisms.loc["IL-6 receptor blockade", "approved for NMOSD (first approval)"]
        == "satralizumab (2020)"
    )
    assert (
        mechanisms.loc["CD20 B-cell depletion", "approved for NMOSD (first approval)"] == "none in the data"
    )
    # only the AQP4+ subgroup row of N-MOmentum is selected; inebilizumab keeps its approval
    hr_aqp4 = treatment.hazard_ratio_rows(aqp4_randomised, tables["trial_results"])
    subset = treatment.mechanism_table(aqp4_randomised, hr_aqp4, tables["trials"])
    assert subset.loc["CD19 B-cell depletion", "approved for NMOSD (first approval)"] == "inebilizumab (2020)"


def test_other_comparisons_table_has_every_result_row(tables):
    other = treatment.other_comparisons(tables["trials"])
    table = treatment.other_comparisons_table(other, tables["trial_results"]).reset_index()
    assert len(table) == 13
    poupart = table[table["comparison"] == "mycophenolate mofetil vs rituximab"]
    assert row(poupart, "study", "PMID 32170036 (Neurology 2020)")["value"] == "2.74 (1.17–6.40)"


# --- acute ---------------------------------------------------------------------------------------


def test_acute_rows_leave_out_predictors_and_sort_by_modality(tables):
    acute = tables["acute"]
    rows = treatment.acute_treatment_rows(acute)
    assert len(rows) == len(acute) - 4
    assert not treatment.is_predictor(rows).any()
    order = [list(treatment.ACUTE_MODALITIES).index(t) for t in rows["treatment"]]
    assert order == sorted(order)
    shown = treatment.acute_treatment_table(rows).reset_index()
    first_line = shown[(shown["source"] == "kleiter2018") & (shown["p"] == "p=0.047")]
    assert first_line.iloc[0]["result"] == "OR 12.27 (1.04–144.91)"
    assert row(shown, "outcome", "significant improvement following PLEX")["result"] == "73.3%"


def test_acute_markdown_covers_each_modality(tables):
    text = treatment.acute_evidence_markdown(tables["acute"], tables["sources"])
    assert "**Immunoadsorption**: no figure for immunoadsorption on its own" in text
    assert "PLEX given at day 0, 50% [verified]" in text
    assert "high-dose IV steroids arm (compared with IVMP + PLEX)" in text
    assert "Left out here: 4 rows" in text


# --- narratives ----------------------------------------------------------------------------------


def test_findings_and_limits_use_the_data(tables, everything, aqp4_randomised):
    results, trials = tables["trial_results"], tables["trials"]
    hr = treatment.hazard_ratio_rows(everything, results)
    findings = treatment.trial_findings_markdown(everything, results, hr)
    assert "HR 0.06 (0.02–0.20), p<0.001 [secondary]" in findings
    assert (
        "Of the 9 hazard ratios with a status other than unverified, 7 have a 95% CI entirely below 1"
        in findings
    )
    assert "relapse risk reduced by 77% [secondary]" in findings  # N-MOmentum AQP4+: HR unverified
    limits = treatment.trial_limits_markdown(everything, results, trials)
    assert "between 68 (Nikoo 2017) and 230 patients (N-MOmentum)" in limits
    assert "N-MOmentum 213 of 230; SAkuraSky 55 of 83; SAkuraStar 64 of 95" in limits  # 161+52, 27+28, 41+23
    assert "External control in CHAMPION-NMOSD" in limits
    assert "SAkuraSky week 144" in limits and "up to week 208" in limits
    narrow = treatment.trial_limits_markdown(aqp4_randomised, results, trials)
    assert "External control" not in narrow and "Open-label design" not in narrow
    # unverified comparator figures (SAkuraStar week 96) do not count as controlled follow-up
    assert "SAkuraStar week 96" not in narrow and "RIN-1 week 72" in narrow
    assert "decision for their clinicians" in narrow


def test_source_document_comparison_says_where_evidence_differs(tables):
    text = treatment.source_document_markdown(
        tables["trials"], tables["trial_results"], tables["acute"], tables["sources"]
    )
    assert "Roche Switzerland" in text
    assert "eculizumab (C5 complement inhibition, 2019 [secondary])" in text
    assert "ravulizumab (C5 complement inhibition, 2023 [secondary])" in text
    assert text.count("satralizumab (") == 1
    assert "rescue-only framing is narrower than this evidence" in text
    assert "OR 12.27 (1.04–144.91), p=0.047 [verified]" in text


def test_selection_markdown_names_the_filters(aqp4_randomised):
    text = treatment.selection_markdown(aqp4_randomised, "AQP4+", False, False)
    assert "open-label and external-control comparisons left out" in text
    assert "6 comparisons from 5 trials" in text


def test_reference_ids_cover_every_row_shown_and_the_source_document(tables, everything):
    results = treatment.results_for(everything, tables["trial_results"])
    rows = treatment.acute_treatment_rows(tables["acute"])
    evidence = treatment.report_evidence(everything, results, rows)
    ids = treatment.report_source_ids(evidence)
    assert treatment.SEED_SOURCE_ID in ids
    assert set(results["source_id"]) | set(everything["source_id"]) | set(rows["source_id"]) <= set(ids)
    references = reference_list(ids, evidence)
    statuses = references.set_index("source_id")["statuses used"]
    assert statuses["alexion_prevent_topline"] == "secondary, unverified"


# --- parameters ----------------------------------------------------------------------------------


def test_parameters_refuse_values_outside_the_allowed_list():
    assert check("04_treatment", {}).population == "all"
    with pytest.raises(ParameterError, match=r"'population'.*'AQP4-'.*one of: all, AQP4\+"):
        check("04_treatment", {"population": "AQP4-"})
    with pytest.raises(ParameterError, match=r"include_open_label.*true or false"):
        check("04_treatment", {"include_open_label": "no"})
    with pytest.raises(ParameterError, match="unknown parameter 'serostatus'"):
        check("04_treatment", {"serostatus": "AQP4+"})


def test_drawn_intervals_are_near_symmetric_on_the_log_scale(tables, everything):
    """A 95% CI for a hazard ratio is symmetric around ln(HR) up to rounding of the printed figures, so a
    large asymmetry would point to a misread bound. The clipped CHAMPION-NMOSD row is left out."""
    hr = treatment.hazard_ratio_rows(everything, tables["trial_results"])
    for _, r in hr[~hr["clipped"]].iterrows():
        below = math.log(r["value"]) - math.log(r["ci_lower"])
        above = math.log(r["ci_upper"]) - math.log(r["value"])
        assert below == pytest.approx(above, abs=0.15), r["label"]
