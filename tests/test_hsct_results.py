"""HSCT report numbers: follow-up arithmetic, swimmer lanes, proportions with Wilson intervals, and the
status a derived value carries."""

from __future__ import annotations

import pandas as pd
import pytest
from reference_values import (
    HSCT_FOLLOW_UP_YEARS_2026,
    HSCT_RELAPSE_FREE_YEARS_2020,
    HSCT_WILSON_0_OF_2,
    HSCT_WILSON_1_OF_1,
    HSCT_WILSON_1_OF_13,
    HSCT_WILSON_2_OF_2,
    HSCT_WILSON_3_OF_16,
    HSCT_WILSON_4_OF_5,
    HSCT_WILSON_24_OF_42,
)

from nmosd_evidence.reports import hsct
from nmosd_evidence.reports.hsct.results import (
    follow_up,
    follow_up_years,
    outcome_rows,
    pair_outcome_rows,
    risk_benefit_rows,
    status_counts,
    swimmer_end_points,
    swimmer_lanes,
)

ABS = 5e-6  # reference values carry 6 decimals


@pytest.fixture(scope="module")
def tables() -> hsct.HsctTables:
    return hsct.load_tables()


# --- follow-up ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("transplant", "as_of", "years"), [(2009, 2026, 17), (2010, 2026, 16), (2010, 2010, 0)]
)
def test_follow_up_years_is_the_calendar_year_difference(transplant: int, as_of: int, years: int) -> None:
    assert follow_up_years(transplant, as_of) == years


def test_follow_up_before_the_transplant_is_refused() -> None:
    with pytest.raises(ValueError, match="before the transplant year 2010"):
        follow_up_years(2010, 2009)


def test_follow_up_as_of_the_long_term_report(tables: hsct.HsctTables) -> None:
    table = follow_up(tables.patients, tables.events, 2026).set_index("patient")
    assert table["follow_up_years"].to_dict() == HSCT_FOLLOW_UP_YEARS_2026
    assert table[["low_years", "high_years"]].to_dict("index") == {
        "P1": {"low_years": 16, "high_years": 18},
        "P2": {"low_years": 15, "high_years": 17},
    }
    # "15 and 16 years", mapped by inference: the 2009 transplant had 16 years, the 2010 one 15.
    assert table["reported_years"].to_dict() == {"P1": 16, "P2": 15}
    assert set(table["reported_status"]) == {"inferred"}
    assert table["assessment_year"].to_dict() == {"P1": 2025, "P2": 2025}


def test_follow_up_before_the_long_term_report_has_no_reported_figures(tables: hsct.HsctTables) -> None:
    table = follow_up(tables.patients, tables.events, 2012).set_index("patient")
    assert table["follow_up_years"].to_dict() == {"P1": 3, "P2": 2}
    assert table["reported_years"].isna().all() and table["assessment_year"].isna().all()


# --- swimmer lanes ------------------------------------------------------------------------------


def _segments(lanes: pd.DataFrame, patient: str) -> list[tuple[str, int, int]]:
    part = lanes[lanes["patient"] == patient]
    return [(row.segment, row.start, row.end) for row in part.itertuples()]


def test_lanes_as_of_2026_are_relapse_free_to_the_long_term_report(tables: hsct.HsctTables) -> None:
    lanes = swimmer_lanes(tables.events, 2026)
    for patient, years in HSCT_FOLLOW_UP_YEARS_2026.items():
        assert _segments(lanes, patient) == [("relapse_free", 0, years)]
    assert set(lanes["source_id"]) == {"okdiario_nmosd_hsct"}


def test_lanes_as_of_2020_end_the_green_at_the_2014_report(tables: hsct.HsctTables) -> None:
    lanes = swimmer_lanes(tables.events, 2020)
    p1, p2 = HSCT_RELAPSE_FREE_YEARS_2020["P1"], HSCT_RELAPSE_FREE_YEARS_2020["P2"]
    assert _segments(lanes, "P1") == [("relapse_free", 0, p1), ("not_covered", p1, 11)]
    assert _segments(lanes, "P2") == [("relapse_free", 0, p2), ("not_covered", p2, 10)]
    assert lanes["to_year"].max() == 2020


def test_lanes_before_any_report(tables: hsct.HsctTables) -> None:
    lanes = swimmer_lanes(tables.events, 2010)
    assert _segments(lanes, "P1") == [("not_covered", 0, 1)]
    assert _segments(lanes, "P2") == [("not_covered", 0, 0)]


def test_swimmer_end_points(tables: hsct.HsctTables) -> None:
    ends = swimmer_end_points(tables.patients, tables.events, 2026)
    as_of = ends[ends["end_point"] == "as_of"].set_index("patient")
    reported = ends[ends["end_point"] == "reported"].set_index("patient")
    assert as_of["years_after"].to_dict() == HSCT_FOLLOW_UP_YEARS_2026
    assert set(as_of["status"]) == {"computed"}
    assert reported["years_after"].to_dict() == {"P1": 16, "P2": 15}
    assert set(reported["status"]) == {"inferred"}
    earlier = swimmer_end_points(tables.patients, tables.events, 2020)
    assert earlier["end_point"].tolist() == ["as_of", "as_of"]  # long-term report not out yet
    assert earlier["years_after"].tolist() == [11, 10]


def test_status_counts_weakest_first(tables: hsct.HsctTables) -> None:
    assert status_counts(tables.patients).to_dict() == {"unverified": 12, "inferred": 2, "secondary": 38}
    assert list(status_counts(tables.patients).index) == ["unverified", "inferred", "secondary"]


# --- proportions and intervals ------------------------------------------------------------------


def test_pair_proportions_with_wilson_intervals(tables: hsct.HsctTables) -> None:
    pair = pair_outcome_rows(tables.patients).set_index("measure_key")
    relapse_free, gvhd = pair.loc["relapse_free"], pair.loc["gvhd"]
    assert (relapse_free["k"], relapse_free["n"], relapse_free["value"]) == (2, 2, 1.0)
    assert (relapse_free["ci_lower"], relapse_free["ci_upper"]) == pytest.approx(HSCT_WILSON_2_OF_2, abs=ABS)
    assert relapse_free["time_point"] == "15 and 16 years" and relapse_free["status"] == "secondary"
    assert (gvhd["k"], gvhd["n"], gvhd["value"]) == (0, 2, 0.0)
    assert (gvhd["ci_lower"], gvhd["ci_upper"]) == pytest.approx(HSCT_WILSON_0_OF_2, abs=ABS)
    assert gvhd["time_point"] == "about 2 years"
    assert pair.loc["infections", "k"] == 0


def _pair_rows(first: str, second: str) -> pd.DataFrame:
    """Relapse rows of P1 and P2 with the given statuses (and the pair's follow-up row)."""
    return pd.DataFrame(
        {
            "attribute_id": ["p1_relapses_after", "p2_relapses_after", "both_follow_up_years"],
            "patient": ["P1", "P2", "both"],
            "attribute": ["relapses_after", "relapses_after", "follow_up_years"],
            "value": ["0", "1 relapse", "3 years"],
            "status": [first, second, "secondary"],
            "source_id": ["a", "b", "c"],
        }
    )


@pytest.mark.parametrize(
    ("first", "second", "weakest"),
    [
        ("secondary", "computed", "computed"),  # the old module's order ranked computed above secondary
        ("abstract", "computed", "computed"),
        ("verified", "abstract", "abstract"),
        ("computed", "inferred", "inferred"),
    ],
)
def test_a_derived_proportion_carries_the_weakest_status(first: str, second: str, weakest: str) -> None:
    row = pair_outcome_rows(_pair_rows(first, second)).iloc[0]
    assert (row["k"], row["n"], row["status"], row["time_point"]) == (1, 2, weakest, "3 years")


def test_outcome_rows_with_autologous(tables: hsct.HsctTables) -> None:
    rows = outcome_rows(tables.patients, tables.cohorts, include_autologous=True)
    assert rows.iloc[0][["k", "n", "status", "hsct_type"]].tolist() == [2, 2, "secondary", "allogeneic"]
    assert rows["hsct_type"].tolist()[:3] == ["allogeneic"] * 3 and rows["hsct_type"].iloc[-1] == "mixed"
    by_id = rows.set_index("cohort_result_id")
    burt = by_id.loc["burt2019_relapse_free_5y"]
    assert burt["value"] == 0.8 and pd.isna(burt["ci_lower"]) and burt["interval_method"] == "none"
    expected = {
        "hau_allo_beneficial": (1, 1, HSCT_WILSON_1_OF_1),
        "hagglund2013_progression_free": (4, 5, HSCT_WILSON_4_OF_5),
        "mexican_review_relapse_free": (24, 42, HSCT_WILSON_24_OF_42),
        "greco2015_progression_treatment_free": (3, 16, HSCT_WILSON_3_OF_16),
    }
    for row_id, (k, n, interval) in expected.items():
        row = by_id.loc[row_id]
        assert (row["k"], row["n"], row["value"]) == (k, n, pytest.approx(k / n)), row_id
        assert (row["ci_lower"], row["ci_upper"]) == pytest.approx(interval, abs=ABS), row_id
    assert (rows["status"] == "unverified").sum() == 3


def test_outcome_rows_allogeneic_only(tables: hsct.HsctTables) -> None:
    rows = outcome_rows(tables.patients, tables.cohorts, include_autologous=False)
    assert set(rows["hsct_type"]) == {"allogeneic"}
    assert len(rows) == 3  # the pair and the two single allogeneic cases of Konen 2022 Table 2


def test_risk_rows_put_risks_next_to_benefits(tables: hsct.HsctTables) -> None:
    rows = risk_benefit_rows(tables.patients, tables.cohorts, include_autologous=False)
    greco = rows[rows["series"].str.contains("Greco 2019")].set_index("measure")
    assert greco.loc["non-relapse mortality", ["value", "side", "horizon_years"]].tolist() == [
        0.127,
        "risk",
        0.274,
    ]
    assert greco.loc["acute GvHD", "value"] == 0.208 and greco.loc["chronic GvHD", "value"] == 0.278
    assert greco.loc["overall survival", "side"] == "benefit"
    pair = rows[rows["setting"] == "pair"].set_index("measure")
    assert (pair.loc["GvHD", "k"], pair.loc["GvHD", "n"]) == (0, 2)
    assert pair.loc["GvHD", "ci_upper"] == pytest.approx(HSCT_WILSON_0_OF_2[1], abs=ABS)
    every = risk_benefit_rows(tables.patients, tables.cohorts, include_autologous=True)
    deaths = every[every["measure"] == "deaths"].set_index("series")
    assert (deaths.loc["Burt 2019", "k"], deaths.loc["Burt 2019", "n"]) == (1, 13)
    burt = deaths.loc["Burt 2019"]
    assert (burt["ci_lower"], burt["ci_upper"]) == pytest.approx(HSCT_WILSON_1_OF_13, abs=ABS)
    # the longest horizon per series and measure: Greco 2015 relapse-free at 5 years (10%), not 3 (31%)
    greco2015 = every[
        (every["series"] == "EBMT registry (Greco 2015)") & (every["measure"] == "relapse-free")
    ]
    assert greco2015[["value", "horizon_years"]].values.tolist() == [[0.1, 5.0]]
