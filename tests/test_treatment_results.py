"""Treatment report, numbers and charts: the headline hazard ratios (pinned from the data rows and
checked against the log-scale symmetry of a Wald CI), relapse-free proportions, the limits' numbers
and the two figures."""

from __future__ import annotations

import math

import pytest
from reference_values import (
    TREATMENT_AQP4_POSITIVE_SHARES,
    TREATMENT_HR_GEOMETRIC_MIDPOINTS,
    TREATMENT_LARGEST_TRIAL,
    TREATMENT_RIN1_COMPARATOR_RELAPSE_FREE,
    TREATMENT_SMALLEST_TRIAL,
)
from test_treatment_select import one, raw_rows

from nmosd_evidence.reports.treatment import figures, results, select

# The forest plot's headline hazard ratios (value, lower, upper) as printed in the data rows the pick
# rule shows (data/treatment/trial_results.csv), with the row's id.
HEADLINE = {
    "prevent": ("prevent_hr_nemos", 0.06, 0.02, 0.20),
    "nmomentum": ("nmomentum_hr", 0.272, 0.150, 0.496),
    "sakurasky": ("sakurasky_hr", 0.38, 0.16, 0.88),
    "sakurastar": ("sakurastar_hr", 0.45, 0.23, 0.89),
    "champion_nmosd": ("champion_hr", 0.014, 0.000, 0.103),
}


@pytest.mark.parametrize("comparison", HEADLINE)
def test_headline_hazard_ratios_are_the_data_rows(everything, comparison):
    result_id, value, low, high = HEADLINE[comparison]
    raw = next(r for r in raw_rows("trial_results") if r["result_id"] == result_id)
    assert (float(raw["value"]), float(raw["ci_lower"]), float(raw["ci_upper"])) == (value, low, high)
    shown = one(results.hazard_ratios(everything), "comparison_id", comparison)
    assert (shown["value"], shown["ci_lower"], shown["ci_upper"]) == (value, low, high)
    expected = "abstract" if comparison == "sakurastar" else "secondary"  # SAkuraStar: read in its abstract
    assert shown["status"] == raw["status"] == expected


@pytest.mark.parametrize("comparison", TREATMENT_HR_GEOMETRIC_MIDPOINTS)
def test_headline_hazard_ratios_sit_at_the_log_midpoint_of_their_ci(comparison):
    _, value, _, _ = HEADLINE[comparison]
    assert abs(math.log(value) - math.log(TREATMENT_HR_GEOMETRIC_MIDPOINTS[comparison])) < 0.06


def test_every_drawn_interval_is_near_symmetric_on_the_log_scale(everything):
    """Up to the rounding of printed figures; a large asymmetry would point to a misread bound. The
    CHAMPION-NMOSD lower bound is printed as 0.000 and cannot be checked."""
    rows = figures.forest_rows(everything)
    for _, r in rows[~rows["clipped"]].iterrows():
        below = math.log(r["value"]) - math.log(r["ci_lower"])
        above = math.log(r["ci_upper"]) - math.log(r["value"])
        assert below == pytest.approx(above, abs=0.15), r["label"]


def test_hazard_ratio_counts(everything):
    counts = results.hazard_ratio_counts(results.hazard_ratios(everything))
    # 11 hazard ratios, 2 unverified (N-MOmentum AQP4+, TANGO); of the other 9 only the AQP4- subgroups
    # of SAkuraSky (0.66, 0.20-2.24) and SAkuraStar (1.19, 0.30-4.78) reach 1.
    assert (counts.shown, counts.below_one) == (9, 7)
    assert counts.crossing == ["SAkuraSky, AQP4− subgroup", "SAkuraStar, AQP4− subgroup"]
    assert counts.unverified == [
        "N-MOmentum, AQP4+ subgroup (HR unverified)", "TANGO, all participants [open-label] (HR unverified)",
    ]  # fmt: skip


def test_hazard_ratios_follow_the_filters(aqp4_randomised):
    ratios = results.hazard_ratios(aqp4_randomised)
    assert list(ratios["comparison_id"]) == [
        "prevent",
        "nmomentum_aqp4pos",
        "sakurasky_aqp4pos",
        "sakurastar_aqp4pos",
    ]
    assert list(ratios["value"]) == [0.06, 0.227, 0.21, 0.26]


def test_relapse_free_per_arm(everything):
    rows = results.relapse_free(everything)
    prevent = rows[(rows["comparison_id"] == "prevent") & (rows["weeks"] == 48)]
    assert dict(zip(prevent["arm"], prevent["value"], strict=True)) == {
        "drug arm": 97.9,
        "comparator arm": 63.2,
    }
    champion = rows[(rows["comparison_id"] == "champion_nmosd") & (rows["weeks"] == 48)]
    assert dict(zip(champion["arm"], champion["value"], strict=True)) == {
        "drug arm": 100.0,
        "comparator arm": 63.0,
    }
    # SAkuraSky week 48: both arms from the more precisely printed release (88.9% and 66.0%)
    sky = rows[(rows["comparison_id"] == "sakurasky") & (rows["weeks"] == 48)]
    assert dict(zip(sky["arm"], sky["value"], strict=True)) == {"drug arm": 88.9, "comparator arm": 66.0}
    assert set(sky["source_id"]) == {"seekingalpha_sakurasky"}
    extension = one(rows[rows["comparison_id"] == "prevent"], "weeks", 192.0)
    assert (extension["arms_at_week"], extension["ci_lower"], extension["ci_upper"]) == (1, 88.6, 97.3)
    rin1 = one(rows[rows["comparison_id"] == "rin1"], "arm", "comparator arm")
    assert rin1["status"] == "secondary"  # computed from counts read in a review: the weakest input
    assert rin1["value"] / 100 == pytest.approx(TREATMENT_RIN1_COMPARATOR_RELAPSE_FREE, abs=0.005)
    assert rows["value"].between(0, 100).all()


def test_trial_limits(everything, aqp4_randomised):
    limits = results.trial_limits(everything)
    assert (limits.largest, limits.smallest) == (TREATMENT_LARGEST_TRIAL, TREATMENT_SMALLEST_TRIAL)
    assert limits.trials == 8 and limits.unsized == ["RIN-1"]
    assert limits.aqp4_only == ["PREVENT", "CHAMPION-NMOSD", "RIN-1"]
    assert limits.aqp4_shares == TREATMENT_AQP4_POSITIVE_SHARES
    assert list(limits.negative["comparison_id"]) == ["sakurasky_aqp4neg", "sakurastar_aqp4neg"]
    assert limits.latest_controlled[-1] == ("SAkuraSky", 144.0) and limits.extension_weeks == 208.0
    raw = raw_rows("trial_results")
    trial_designs = {r["comparison_id"] for r in raw_rows("trials") if r["design"] in select.TRIAL_DESIGNS}
    statuses = [r["status"] for r in raw if r["comparison_id"] in trial_designs]
    assert limits.statuses == {
        s: statuses.count(s)
        for s in ("verified", "abstract", "secondary", "computed", "unverified")
        if statuses.count(s)
    }
    assert limits.statuses == {"verified": 6, "abstract": 10, "secondary": 47, "unverified": 17}
    narrow = results.trial_limits(aqp4_randomised)
    # unverified comparator figures (SAkuraStar week 96) do not count as controlled follow-up
    assert narrow.latest_controlled == [("PREVENT", 48.0), ("RIN-1", 72.0)]
    assert (narrow.trials, narrow.aqp4_shares) == (8, TREATMENT_AQP4_POSITIVE_SHARES)  # over every trial


def test_acute_overview(everything):
    overview = results.acute_overview(everything)
    assert (overview.rows, overview.studies, overview.predictors) == (25, 11, 4)
    assert overview.source_types == ["cohort", "conference_abstract"]
    assert overview.studies_per_modality["plasma_exchange"] == 5


# --- figures -------------------------------------------------------------------------------------


def test_forest_draws_the_headline_values_on_a_log_axis(everything):
    fig = figures.hazard_ratio_forest(everything)
    assert fig.layout.xaxis.type == "log"
    assert [shape.x0 for shape in fig.layout.shapes] == [1]
    il6 = next(t for t in fig.data if t.name == "IL-6 receptor blockade" and t.mode == "markers")
    il6_whiskers = next(t for t in fig.data if t.name == "IL-6 receptor blockade: interval")
    assert il6.x[0] == pytest.approx(0.38)  # SAkuraSky, all participants
    assert il6_whiskers.x[:2] == pytest.approx((0.16, 0.88))
    c5 = next(t for t in fig.data if t.name == "C5 complement inhibition" and t.mode == "markers")
    assert list(c5.x) == pytest.approx([0.06, 0.014])
    c5_whiskers = next(t for t in fig.data if t.name == "C5 complement inhibition: interval")
    second = c5_whiskers.y.index(c5.y[1])  # CHAMPION-NMOSD: printed lower bound 0.000 drawn at the floor
    assert c5_whiskers.x[second] == pytest.approx(figures.LOG_AXIS_FLOOR)
    assert list(fig.layout.xaxis.tickvals) == [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]
    legend = [t.name for t in fig.data if t.showlegend is not False and t.mode == "lines"]
    assert legend == ["C5 complement inhibition", "CD19 B-cell depletion", "IL-6 receptor blockade"]
    footnote = fig.layout.annotations[-1].text.replace("<br>", " ")
    assert "kumpfel2024" in footnote and "drawn at 0.001" in footnote and "x = unverified" in footnote


def test_forest_rows_mark_design_clipping_and_unverified(everything, aqp4_randomised):
    rows = figures.forest_rows(everything)
    assert len(rows) == 11  # RIN-1, Nikoo 2017, PREVENT monotherapy and N-MOmentum AQP4- have no HR
    champion = one(rows, "comparison_id", "champion_nmosd")
    assert champion["label"] == "CHAMPION-NMOSD (AQP4+) [external control]"
    assert (champion["clipped"], champion["ci_lower_printed"], champion["ci_lower"]) == (True, 0.0, 0.001)
    assert rows["clipped"].sum() == 1
    tango = one(rows, "comparison_id", "tango")
    assert tango["label"] == "TANGO, all participants [open-label] (HR unverified)"
    prevent = one(rows, "comparison_id", "prevent")
    # data text in chart markup is escaped once (plotly draws '&lt;' as '<'), never twice
    assert (
        "also reported: hazard ratio 0.06; P&lt;0.0001 (aao_prevent_summary, secondary)" in prevent["hover"]
    )
    assert "&amp;" not in prevent["hover"]
    assert "trial published 2019" in prevent["hover"]
    assert not figures.forest_rows(aqp4_randomised)["label"].str.contains(r"\[").any()


def test_relapse_free_chart_lines(everything):
    rows = figures.relapse_free_rows(everything)
    assert rows.groupby("label")["group"].apply(lambda g: g.is_unique).all()  # one line per time point
    assert "PREVENT (AQP4+), week 192 (treatment arm only)" in set(rows["label"])
    fig = figures.relapse_free_chart(everything)
    assert list(fig.layout.xaxis.range) == [0, 104]


def test_figures_without_rows_say_so(everything):
    empty = select.Scope(**{**everything.__dict__, "comparisons": everything.comparisons.iloc[0:0]})
    assert "No hazard ratio" in figures.hazard_ratio_forest(empty).layout.annotations[0].text
    assert "No relapse-free" in figures.relapse_free_chart(empty).layout.annotations[0].text
