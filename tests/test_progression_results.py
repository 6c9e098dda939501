"""Progression report, numbers: counts recovered from printed percentages, intervals, shown shares and
the rows in scope for each parameter. Expected values come from the CSV rows (read with the csv module)
and from the hand-calculated Wilson intervals in reference_values.py."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import ROOT
from reference_values import (
    PROGRESSION_KLEITER_FIRST_COURSE_COUNTS,
    PROGRESSION_WILSON_23_OF_106,
    PROGRESSION_WILSON_166_OF_871,
)

from nmosd_evidence.reports.progression import results, select

DISABILITY_CSV = ROOT / "data" / "progression" / "disability.csv"


@pytest.fixture(scope="module")
def tables() -> select.ReportTables:
    return select.load_tables()


def csv_row(path, key: str, value: str) -> dict[str, str]:
    """The one row of a CSV file whose ``key`` is ``value``, as text (no pandas, no package code)."""
    with open(path, encoding="utf-8", newline="") as handle:
        (found,) = [r for r in csv.DictReader(handle) if r[key] == value]
    return found


# --- counts and intervals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "proportion,n,count",
    [
        (0.533, 60, 32),  # Papais-Alvarenga 2008: 53.3% of 60 (31/60 = 51.7%, 33/60 = 55.0%)
        (0.633, 60, 38),  # 38/60 = 63.33%
        (0.5, 14, 7),
        (0.7333, 30, 22),  # Kumawat 2019: 73.33% of 30 (22/30 = 73.333%)
        (0.79, 24, 19),  # Batra 2017 prints n = 19: 19/24 = 79.17%
        (0.191, 871, 166),  # Kleiter 2016: CR in 19.1% of 871 attacks
        (0.35, 18, None),  # Abboud 2016: 6/18 = 33.3%, 7/18 = 38.9%: no whole count gives 35%
        (0.5, 4, 2),
        (0.33, 100, 33),
    ],
)
def test_count_from_printed_percentage(proportion, n, count):
    assert results.count_from_printed_percentage(proportion, n) == count


def test_no_count_when_several_fit():
    # 50% of 1000 at whole-percent precision fits 495..505: not one count, so none
    assert results.count_from_printed_percentage(0.5, 1000) is None


def test_printed_decimals():
    assert [results.printed_decimals(p) for p in (0.5, 0.191, 0.7333)] == [2, 3, 4]


def test_kleiter_first_course_counts_add_up(tables):
    rows = tables.acute.set_index("acute_id")
    counts = [
        results.count_from_printed_percentage(rows.loc[f"kleiter2016_first_course_{k}", "value"], 871)
        for k in ("cr", "pr", "nr")
    ]
    assert counts == PROGRESSION_KLEITER_FIRST_COURSE_COUNTS


def test_reported_interval_is_preferred():
    shown = results.proportion_with_interval(
        0.2, 5, 25, (0.1, 0.4), printed_as_percentage=True, countable=True, status="verified"
    )
    assert (shown.ci_lower_shown, shown.ci_upper_shown, shown.interval_basis) == (0.1, 0.4, "reported 95% CI")
    assert shown.events_used is None


def test_no_interval_for_unverified_rows():
    shown = results.proportion_with_interval(
        0.87, None, 53, (None, None), printed_as_percentage=True, countable=True, status="unverified"
    )
    assert (shown.ci_lower_shown, shown.interval_basis, shown.shown_status) == (None, "none", "unverified")


def test_percentage_without_a_count_says_so():
    shown = results.proportion_with_interval(
        0.35, None, 18, (None, None), printed_as_percentage=True, countable=True, status="verified"
    )
    assert shown.interval_basis == "none: no whole count of n gives the printed %"
    assert shown.shown_proportion == 0.35 and shown.ci_lower_shown is None


# --- disability rows ------------------------------------------------------------------------------


def test_five_year_headline_shares_are_the_rows(tables):
    rows = results.fixed_horizon_outcomes(tables.disability).set_index("outcome_id")
    expected = {  # proportions typed from data/progression/disability.csv, column proportion
        "roche_com_wheelchair_5y": 0.5,
        "roche_com_functionally_blind_5y": 0.62,
        "mayo140_km_wheelchair_5y": 0.09,
        "mayo140_km_walking_aid_5y": 0.22,
        "mayo140_km_blind_one_eye_5y": 0.41,
        "mayo140_km_blind_both_eyes_5y": 0.09,
    }
    for outcome_id, share in expected.items():
        assert float(csv_row(DISABILITY_CSV, "outcome_id", outcome_id)["proportion"]) == share
        assert rows.loc[outcome_id, "shown_proportion"] == share
    assert csv_row(DISABILITY_CSV, "outcome_id", "mayo140_km_wheelchair_5y")["n"] == "140"
    assert pd.isna(rows.loc["roche_ch_wheelchair_5y", "shown_proportion"])  # blank in the copy read
    # Kaplan-Meier rows get no interval made up from n
    km = rows[rows["estimate_type"] == "kaplan_meier"]
    assert km["ci_lower_shown"].isna().all() and set(km["interval_basis"]) == {"none"}


def test_statement_under_review_comes_first_and_survives_filters(tables):
    rows = results.fixed_horizon_outcomes(tables.disability, serostatus="AQP4+")
    assert set(rows["source_id"].iloc[:4]) == {"seed_roche_ch_nmosd", "roche_com_nmosd"}
    others = rows.iloc[4:]
    assert (others["serostatus"] == "AQP4+").all()
    # four Mayo Kaplan-Meier rows and the nmosd-in-focus statement
    assert len(others) == 5


def test_ten_year_horizon(tables):
    rows = results.fixed_horizon_outcomes(tables.disability, horizon_years=10, era="before_targeted")
    assert rows["outcome_id"].iloc[-1] == "uzawa2024_untreated_edss6_10y"
    assert rows.set_index("outcome_id").loc["uzawa2024_untreated_edss6_10y", "shown_proportion"] == 0.71


def test_kitley_wheelchair_wilson_interval(tables):
    rows = results.follow_up_outcomes(tables.disability).set_index("outcome_id")
    assert rows["horizon_years"].isna().all()
    kitley = rows.loc["kitley2012_wheelchair"]
    source = csv_row(DISABILITY_CSV, "outcome_id", "kitley2012_wheelchair")
    assert (source["events"], source["n"]) == ("23", "106")
    assert kitley["events_used"] == 23
    assert (kitley["ci_lower_shown"], kitley["ci_upper_shown"]) == pytest.approx(
        PROGRESSION_WILSON_23_OF_106, abs=1e-5
    )
    assert kitley["interval_basis"] == "Wilson 95% CI, printed count"


def test_follow_up_counts_recovered_computed_or_refused(tables):
    rows = results.follow_up_outcomes(tables.disability).set_index("outcome_id")
    papais = rows.loc["papaisalvarenga2008_bilateral_visual"]
    assert papais["events_used"] == 32  # 53.3% of 60
    assert papais["interval_basis"] == "Wilson 95% CI, count recovered from printed % and n"
    # 'one-third' is not a printed percentage: no count, no interval
    assert pd.isna(rows.loc["wingerchuk1999_relapsing_death", "events_used"])
    assert rows.loc["wingerchuk1999_relapsing_death", "interval_basis"] == "none"
    # Mealy 2018 prints 30 deaths of 427 and no share: the share is computed, and says so
    mealy = rows.loc["mealy2018_death"]
    assert mealy["shown_proportion"] == pytest.approx(30 / 427)
    assert mealy["shown_status"] == "computed"


def test_claim_statements_are_five_year_statements(tables):
    rows = results.claim_statements(tables.disability)
    assert (rows["estimate_type"] == "statement").all() and (rows["horizon_years"] == 5).all()
    assert "death" not in set(rows["outcome"])
    assert rows["source_id"].iloc[0] == "roche_com_nmosd"


# --- milestones, relapses, acute treatment --------------------------------------------------------


def test_milestone_times(tables):
    rows = select.milestone_times(tables.milestones)
    assert (rows["statistic"] == "median_time").all() and len(rows) == 15
    uzawa = rows[(rows["source_id"] == "uzawa2024") & (rows["milestone"] == "EDSS 6")]
    assert uzawa["value"].iloc[0] == pytest.approx(46 / 12, abs=1e-4)  # printed '46 months'
    labels = rows.set_index("milestone_id")["milestone_label"]
    assert labels["cabre2009_svl_unilateral_median"] == "severe visual loss, one eye"
    assert labels["merle2007_svl_binocular_median"] == "severe visual loss, both eyes"
    assert labels["belgrade_svl_after_on_onset_median"] == "severe visual deficit (OSIS VA 6)"
    assert rows["lane"].iloc[0] == "Untreated patients"


def test_milestones_filtered_by_serostatus(tables):
    assert set(select.milestone_times(tables.milestones, serostatus="AQP4+")["source_id"]) == {"uzawa2024"}
    shares = select.milestone_proportions(tables.milestones, serostatus="AQP4+")
    assert sorted(shares["value"]) == [0.09, 0.22, 0.71, 0.88]


def test_pseudorelapse_shares(tables):
    shares = results.pseudorelapse_shares(tables.course_facts).set_index("kind")
    assert (shares.loc["pseudorelapse", "events"], shares.loc["pseudorelapse", "n"]) == (17, 74)
    assert (shares.loc["confirmed relapse", "events"], shares.loc["confirmed relapse", "n"]) == (57, 74)
    assert shares.loc["pseudorelapse", "data_percent"] == 23.0


def test_acute_remission(tables):
    rows = results.acute_remission(tables.acute).set_index("acute_id")
    assert len(rows) == 11
    assert "bilodeau2024_steroid_use" not in rows.index  # treatment use, not an outcome
    assert "kleiter2016_second_course_needed" not in rows.index  # escalation share
    complete = rows.loc["kleiter2016_first_course_cr"]
    assert complete["events_used"] == 166 and complete["denominator"] == "attacks"
    assert (complete["ci_lower_shown"], complete["ci_upper_shown"]) == pytest.approx(
        PROGRESSION_WILSON_166_OF_871, abs=1e-5
    )
    assert rows.loc["abboud2016_ivmp_alone", "interval_basis"].startswith("none: no whole count")
    assert rows.loc["bonnan2018_plex_day0", "interval_basis"] == "none"  # a model probability
    assert rows.loc["malaysia_tpe_response", "interval_basis"] == "none"  # unverified


def test_acute_effects_are_treatment_and_timing_ratios(tables):
    rows = select.acute_effects(tables.acute).set_index("acute_id")
    assert "kleiter2016_previous_cr" not in rows.index  # a patient predictor
    apheresis = rows.loc["kleiter2018_first_line_apheresis"]
    assert (apheresis["value"], apheresis["ci_lower"], apheresis["ci_upper"]) == (12.27, 1.04, 144.91)


def test_not_drawn(tables):
    table = select.not_drawn(tables.disability, tables.milestones, tables.acute).set_index("row")
    assert table.loc["roche_ch_wheelchair_5y", "reason"] == "no value given (number missing in the copy read)"
    assert table.loc["bilodeau2024_plex_use", "reason"] == "treatment use: table only"
    assert "kitley2012_wheelchair" not in table.index
