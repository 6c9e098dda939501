"""HSCT outcomes: follow-up arithmetic, swimmer-plot data, case table, intervals, parameters, narrative."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from nmosd_evidence import hsct, load, params


@pytest.fixture(scope="module")
def patients() -> pd.DataFrame:
    return load("patients")


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load("events")


@pytest.fixture(scope="module")
def cohorts() -> pd.DataFrame:
    return load("cohorts")


# --- follow-up arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("transplant", "as_of", "years"), [(2009, 2026, 17), (2010, 2026, 16), (2010, 2010, 0)]
)
def test_follow_up_years_is_the_calendar_year_difference(transplant: int, as_of: int, years: int) -> None:
    assert hsct.follow_up_years(transplant, as_of) == years


def test_follow_up_before_the_transplant_is_refused() -> None:
    with pytest.raises(ValueError, match="before the transplant year 2010"):
        hsct.follow_up_years(2010, 2009)


def test_transplant_years_agree_between_timeline_and_case_rows(
    events: pd.DataFrame, patients: pd.DataFrame
) -> None:
    assert hsct.transplant_years(events) == {"P1": 2009, "P2": 2010}
    rows = patients[patients["attribute"] == "transplant_year"].set_index("patient")["value_number"]
    assert {p: int(rows[p]) for p in ("P1", "P2")} == hsct.transplant_years(events)


def test_year_bounds_and_default_come_from_the_timeline(events: pd.DataFrame) -> None:
    assert hsct.long_term_report_year(events) == 2026
    assert hsct.as_of_year_bounds(events) == (2010, 2026)
    assert params.HsctParameters().as_of_year == hsct.long_term_report_year(events)


def test_follow_up_table_as_of_the_long_term_report(patients: pd.DataFrame, events: pd.DataFrame) -> None:
    table = hsct.follow_up_table(patients, events, 2026).set_index("patient")
    assert table["follow-up (years)"].to_dict() == {"P1": 17, "P2": 16}
    assert table["possible range (years)"].to_dict() == {"P1": "16–18", "P2": "15–17"}
    # "15 and 16 years", mapped by inference: the 2009 transplant had 16 years, the 2010 one 15.
    assert table["reported follow-up (years)"].to_dict() == {"P1": 16, "P2": 15}
    assert set(table["reported: status"]) == {"inferred"}
    assert table["assessment year implied by the report"].to_dict() == {"P1": 2025, "P2": 2025}


def test_follow_up_table_earlier_year(patients: pd.DataFrame, events: pd.DataFrame) -> None:
    table = hsct.follow_up_table(patients, events, 2012).set_index("patient")
    assert table["follow-up (years)"].to_dict() == {"P1": 3, "P2": 2}
    assert table["reported follow-up (years)"].isna().all()  # the long-term report is from 2026


def test_follow_up_markdown_states_arithmetic_and_the_reported_figures(
    patients: pd.DataFrame, events: pd.DataFrame
) -> None:
    text = hsct.follow_up_markdown(patients, events, 2026)
    assert "P1 (transplanted 2009): 17 years" in text
    assert "15 and 16 years" in text and "2025" in text and "inferred" in text
    earlier = hsct.follow_up_markdown(patients, events, 2020)
    assert "15 and 16 years" not in earlier
    assert (
        "The long-term report (2026) lies after 2020; the latest report in the data by then is from 2014."
        in earlier
    )


# --- swimmer plot data ---------------------------------------------------------------------------


def _segments(lanes: pd.DataFrame, patient: str) -> list[tuple[str, int, int]]:
    part = lanes[lanes["patient"] == patient]
    return [(row.segment, row.start, row.end) for row in part.itertuples()]


def test_lanes_as_of_2026_are_relapse_free_to_the_long_term_report(events: pd.DataFrame) -> None:
    lanes = hsct.swimmer_lanes(events, 2026)
    assert _segments(lanes, "P1") == [("relapse-free, reported", 0, 17)]
    assert _segments(lanes, "P2") == [("relapse-free, reported", 0, 16)]
    assert set(lanes["source_id"]) == {"okdiario_nmosd_hsct"}


def test_lanes_as_of_2020_end_the_green_at_the_2014_report(events: pd.DataFrame) -> None:
    lanes = hsct.swimmer_lanes(events, 2020)
    gap = "after the last report in the data"
    assert _segments(lanes, "P1") == [("relapse-free, reported", 0, 5), (gap, 5, 11)]
    assert _segments(lanes, "P2") == [("relapse-free, reported", 0, 4), (gap, 4, 10)]
    assert lanes["to_year"].max() == 2020


def test_lanes_before_any_report(events: pd.DataFrame) -> None:
    lanes = hsct.swimmer_lanes(events, 2010)
    gap = "after the last report in the data"
    assert _segments(lanes, "P1") == [(gap, 0, 1)]
    assert _segments(lanes, "P2") == [(gap, 0, 0)]


def test_swimmer_events_put_pair_events_on_both_lanes(events: pd.DataFrame) -> None:
    marks = hsct.swimmer_events(events, 2026)
    assert len(marks) == 8
    assert marks[marks["patient"] == "P1"]["years_after"].tolist() == [0, 4, 5, 17]
    assert marks[marks["patient"] == "P2"]["years_after"].tolist() == [0, 3, 4, 16]
    long_term = marks[marks["event"] == "long_term_report"]
    assert set(long_term["status"]) == {"unverified"}  # its year comes from the news coverage


def test_swimmer_events_stop_at_the_chosen_year(events: pd.DataFrame) -> None:
    marks = hsct.swimmer_events(events, 2013)
    assert marks.groupby("patient")["year"].apply(list).to_dict() == {"P1": [2009, 2013], "P2": [2010, 2013]}


def test_swimmer_end_points(patients: pd.DataFrame, events: pd.DataFrame) -> None:
    ends = hsct.swimmer_end_points(patients, events, 2026)
    as_of = ends[ends["end_point"] == "as of 2026"].set_index("patient")["years_after"].to_dict()
    reported = ends[ends["end_point"] == "follow-up as reported"].set_index("patient")
    assert as_of == {"P1": 17, "P2": 16}
    assert reported["years_after"].to_dict() == {"P1": 16, "P2": 15}
    assert set(reported["status"]) == {"inferred"}
    earlier = hsct.swimmer_end_points(patients, events, 2020)
    assert earlier["end_point"].tolist() == ["as of 2020", "as of 2020"]  # long-term report not out yet
    assert earlier["years_after"].tolist() == [11, 10]


def test_swimmer_plot_draws_lanes_events_and_ends(patients: pd.DataFrame, events: pd.DataFrame) -> None:
    fig = hsct.swimmer_plot(patients, events, 2026)
    lanes = [t for t in fig.data if t.type == "bar"]
    assert [list(t.y) for t in lanes] == [
        ["P1 · male · sister · 2009", "P2 · female · unrelated donor · 2010"]
    ]
    assert list(lanes[0].x) == [17, 16] and list(lanes[0].base) == [0, 0]
    end = next(t for t in fig.data if t.name == "lane end: 2026 (computed)")
    assert list(end.x) == [17, 16]
    points = sum(
        len(t.x)
        for t in fig.data
        if t.type == "scatter" and t.name.startswith(("allogeneic", "early", "long"))
    )
    assert points == 8
    unverified = next(t for t in fig.data if t.name == "long-term report (unverified)")
    assert unverified.marker.color == "#999999"
    assert all(
        "status" in text for t in fig.data if t.hovertext for text in t.hovertext if t.type == "scatter"
    )
    assert "Sources:" in fig.layout.annotations[-1].text


# --- case table ---------------------------------------------------------------------------------


def test_case_table_shows_values_statuses_and_unknowns(patients: pd.DataFrame) -> None:
    table = hsct.case_table(patients)
    assert table.shape == (19, 3)
    assert table.loc["Sex", "P1"] == "male [secondary: seed_hsct_news]"
    assert table.loc["Year of allogeneic HSCT", "P2"] == "2010 [secondary: seed_hsct_news]"
    assert table.loc["EDSS before", "P1"].startswith("unknown: Per-patient EDSS not reported")
    assert table.loc["EDSS before", "P1"].endswith("[unverified: konen2022]")
    assert "median 7.5" in table.loc["EDSS before", "Pair (stated for both)"]
    assert "[inferred: sciencenewstoday_nmosd_hsct]" in table.loc["Follow-up (years, as reported)", "P1"]
    assert table.loc["Functional outcome", "P1"].count(" | ") == 1  # two statements, both kept
    filled = [cell for cell in table.to_numpy().ravel() if cell]
    assert all(
        re.search(r"\[(verified|abstract|secondary|computed|inferred|unverified): ", c) for c in filled
    )


def test_unknown_values_each_have_a_reason(patients: pd.DataFrame) -> None:
    unknown = hsct.unknown_values(patients)
    assert len(unknown) == 11
    assert set(unknown["status"]) == {"unverified"}
    assert unknown["why unknown"].str.len().min() > 20
    assert {"EDSS before", "EDSS after", "AQP4-IgG before", "Relapses before"} <= set(unknown["attribute"])


# --- outcome rows -------------------------------------------------------------------------------


def test_outcome_rows_with_autologous(patients: pd.DataFrame, cohorts: pd.DataFrame) -> None:
    rows = hsct.outcome_rows(patients, cohorts, include_autologous=True)
    pair = rows.iloc[0]
    assert (pair["series"], pair["k"], pair["n"], pair["status"]) == (hsct.PAIR_SERIES, 2, 2, "secondary")
    assert pair["horizon"] == "at 15 and 16 years"
    burt = rows[(rows["series"] == "Burt 2019") & (rows["measure"] == "relapse-free")].iloc[0]
    assert (
        burt["value"] == 0.8
        and pd.isna(burt["ci_lower"])
        and burt["interval"] == "reported, no interval given"
    )
    ebmt = rows[rows["cohort_result_id"] == "greco2015_progression_treatment_free"].iloc[0]
    assert ebmt["ci_lower"] == pytest.approx(0.0659, abs=5e-5)
    labels = hsct.outcome_chart_rows(rows)["label"]
    assert labels.is_unique
    assert labels.str.contains(r"\(unverified\)").sum() == (rows["status"] == "unverified").sum() == 3
    assert labels[rows["series"].str.startswith("Mexican")].str.contains("conflict").all()


def test_outcome_rows_allogeneic_only(patients: pd.DataFrame, cohorts: pd.DataFrame) -> None:
    rows = hsct.outcome_rows(patients, cohorts, include_autologous=False)
    assert set(rows["hsct_type"]) == {"allogeneic"}
    assert len(rows) == 3  # the pair and the two single allogeneic cases of Konen 2022 Table 2


def test_risk_rows_put_risks_next_to_benefits(patients: pd.DataFrame, cohorts: pd.DataFrame) -> None:
    rows = hsct.risk_benefit_rows(patients, cohorts, include_autologous=False)
    greco = rows[rows["series"].str.contains("Greco 2019")].set_index("measure")
    assert greco.loc["non-relapse mortality", ["value", "side", "horizon"]].tolist() == [
        0.127,
        "risk",
        "at 100 days",
    ]
    assert greco.loc["acute GvHD", "value"] == 0.208 and greco.loc["chronic GvHD", "value"] == 0.278
    assert greco.loc["overall survival", "side"] == "benefit"
    pair = rows[rows["series"] == hsct.PAIR_SERIES].set_index("measure")
    assert (pair.loc["GvHD", "k"], pair.loc["GvHD", "n"]) == (0, 2)
    assert pair.loc["GvHD", "ci_upper"] == pytest.approx(0.6576, abs=5e-5)
    every = hsct.risk_benefit_rows(patients, cohorts, include_autologous=True)
    deaths = every[every["measure"] == "deaths"].set_index("series")
    assert (deaths.loc["Burt 2019", "k"], deaths.loc["Burt 2019", "n"]) == (1, 13)
    fig = hsct.risk_panel(every)
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert sorted(legend) == sorted(every["measure"].unique())  # one legend entry per measure
    assert sum(len(t.x) for t in fig.data if t.mode == "markers") == len(every)  # one point per row


# --- parameters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2009, 2027])
def test_as_of_year_outside_the_timeline_is_refused_with_the_allowed_years(year: int) -> None:
    with pytest.raises(params.ParameterError, match=r"one of: 2010, 2011, .*, 2026$"):
        params.check("03_hsct_outcomes", {"as_of_year": year})


@pytest.mark.parametrize(
    "values", [{"as_of_year": "2020"}, {"include_autologous": "no"}, {"autologous": True}]
)
def test_bad_parameter_types_and_names_are_refused(values: dict[str, object]) -> None:
    with pytest.raises(params.ParameterError):
        params.check("03_hsct_outcomes", values)


def test_valid_parameters_are_accepted() -> None:
    checked = params.check("03_hsct_outcomes", {"as_of_year": 2010, "include_autologous": False})
    assert (checked.as_of_year, checked.include_autologous) == (2010, False)


# --- narrative and references -------------------------------------------------------------------


@pytest.mark.parametrize("include_autologous", [True, False])
def test_narrative_cites_only_sources_in_the_reference_list(
    patients: pd.DataFrame, events: pd.DataFrame, cohorts: pd.DataFrame, include_autologous: bool
) -> None:
    texts = [
        hsct.case_summary_markdown(patients, events),
        hsct.follow_up_markdown(patients, events, 2026),
        hsct.risk_markdown(patients, cohorts, include_autologous),
        hsct.limits_markdown(patients, events, cohorts, include_autologous),
        hsct.news_report_differences_markdown(patients, events),
    ]
    shown = set(hsct.evidence_shown(patients, events, cohorts, include_autologous)["source_id"])
    cited = {i for text in texts for i in re.findall(r"`([a-z0-9_]+)`", text)}
    assert cited and cited <= shown
    assert not any(re.search(r"\b(nan|None|<NA>)\b", text) for text in texts)
    assert ("vorasoot2024" in cited) == include_autologous


def test_limits_state_the_small_n_and_its_interval(
    patients: pd.DataFrame, events: pd.DataFrame, cohorts: pd.DataFrame
) -> None:
    text = hsct.limits_markdown(patients, events, cohorts, include_autologous=True)
    assert "**n = 2.**" in text and "34% to 100%" in text
    assert "No control group" in text and "Selection" in text
    assert "12 years and then relapsed" in text


def test_news_report_differences_name_the_corrections(patients: pd.DataFrame, events: pd.DataFrame) -> None:
    text = hsct.news_report_differences_markdown(patients, events)
    assert "15 and 16 years" in text and "rituximab" in text and "dated 2026" in text
    assert "1 of 2 AQP4-IgG-positive" in text
