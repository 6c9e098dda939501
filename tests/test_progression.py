"""Tests of the progression module: interval maths, table builders, figures, narratives, parameters."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from nmosd_evidence import load, params
from nmosd_evidence import progression as pr


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: load(name) for name in ["disability", "milestones", "course_facts", "acute", "sources"]}


# --- interval maths -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "proportion,n,count",
    [
        (0.533, 60, 32),  # Papais-Alvarenga 2008: 53.3% of 60
        (0.633, 60, 38),
        (0.5, 14, 7),
        (0.7333, 30, 22),  # Kumawat 2019: 73.33% of 30
        (0.79, 24, 19),  # Batra 2017 prints n = 19
        (0.191, 871, 166),  # Kleiter 2016: CR in 19.1% of 871 attacks
        (0.35, 18, None),  # Abboud 2016: no whole count of 18 gives 35% (6/18 = 33%, 7/18 = 39%)
        (0.5, 4, 2),
        (0.33, 100, 33),
    ],
)
def test_count_from_printed_percentage(proportion, n, count):
    assert pr.count_from_printed_percentage(proportion, n) == count


def test_count_ambiguous_when_n_is_large():
    # 50% of 1000 at whole-percent precision fits 495..505: not one count, so none
    assert pr.count_from_printed_percentage(0.5, 1000) is None


def test_kleiter_first_course_counts_add_up(tables):
    rows = tables["acute"].set_index("acute_id")
    counts = [
        pr.count_from_printed_percentage(rows.loc[f"kleiter2016_first_course_{k}", "value"], 871)
        for k in ("cr", "pr", "nr")
    ]
    assert counts == [166, 562, 143]
    assert sum(counts) == 871


def test_proportion_with_interval_prefers_reported_interval():
    out = pr.proportion_with_interval(
        0.2, 5, 25, (0.1, 0.4), printed_as_percentage=True, countable=True, status="verified"
    )
    assert (out["ci_lower_shown"], out["ci_upper_shown"]) == (0.1, 0.4)
    assert out["interval_basis"] == "reported 95% CI"


def test_proportion_with_interval_never_for_unverified():
    out = pr.proportion_with_interval(
        0.87, None, 53, (None, None), printed_as_percentage=True, countable=True, status="unverified"
    )
    assert out["ci_lower_shown"] is None and out["interval_basis"] == "none"


# --- disability tables ----------------------------------------------------------------------------


def test_fixed_horizon_outcomes_default(tables):
    rows = pr.fixed_horizon_outcomes(tables["disability"])
    assert (rows["horizon_years"] == 5).all()
    by_id = rows.set_index("outcome_id")
    assert by_id.loc["roche_com_wheelchair_5y", "shown_proportion"] == 0.5
    assert by_id.loc["roche_com_functionally_blind_5y", "shown_proportion"] == 0.62
    assert by_id.loc["mayo140_km_wheelchair_5y", "shown_proportion"] == 0.09
    assert by_id.loc["mayo140_km_walking_aid_5y", "shown_proportion"] == 0.22
    assert by_id.loc["mayo140_km_blind_one_eye_5y", "shown_proportion"] == 0.41
    assert math.isnan(by_id.loc["roche_ch_wheelchair_5y", "shown_proportion"])
    # the statement under review comes first; Kaplan-Meier rows have no invented interval
    assert set(rows["source_id"].iloc[:4]) == set(pr.CLAIM_SOURCES)
    km = rows[rows["estimate_type"] == "kaplan_meier"]
    assert km["ci_lower_shown"].isna().all() and (km["interval_basis"] == "none").all()


def test_fixed_horizon_filters_keep_the_statement(tables):
    rows = pr.fixed_horizon_outcomes(tables["disability"], serostatus="AQP4+")
    others = rows[~rows["source_id"].isin(pr.CLAIM_SOURCES)]
    assert (others["serostatus"] == "AQP4+").all()
    assert len(others) == 5  # four Mayo Kaplan-Meier rows and the nmosd-in-focus statement
    assert rows["source_id"].isin(pr.CLAIM_SOURCES).sum() == 4


def test_fixed_horizon_ten_years(tables):
    rows = pr.fixed_horizon_outcomes(tables["disability"], horizon_years=10, era="before_targeted")
    assert rows["outcome_id"].tolist()[-1] == "uzawa2024_untreated_edss6_10y"
    assert rows.set_index("outcome_id").loc["uzawa2024_untreated_edss6_10y", "shown_proportion"] == 0.71


def test_follow_up_outcomes_intervals(tables):
    rows = pr.follow_up_outcomes(tables["disability"]).set_index("outcome_id")
    assert rows["horizon_years"].isna().all()
    kitley = rows.loc["kitley2012_wheelchair"]
    assert kitley["events_used"] == 23
    assert (kitley["ci_lower_shown"], kitley["ci_upper_shown"]) == pytest.approx(
        proportion_confint(23, 106, method="wilson")
    )
    assert kitley["interval_basis"] == "Wilson 95% CI, printed count"
    papais = rows.loc["papaisalvarenga2008_bilateral_visual"]
    assert papais["events_used"] == 32
    assert papais["interval_basis"] == "Wilson 95% CI, count recovered from printed % and n"
    # 'one-third' is not a printed percentage: no count, no interval
    assert pd.isna(rows.loc["wingerchuk1999_relapsing_death", "events_used"])
    assert rows.loc["wingerchuk1999_relapsing_death", "interval_basis"] == "none"
    # Mealy 2018 prints 30 deaths of 427 but no proportion: the share is computed
    mealy = rows.loc["mealy2018_death"]
    assert mealy["shown_proportion"] == pytest.approx(30 / 427)
    assert mealy["shown_status"] == "computed"


def test_outcome_table_text(tables):
    rows = pr.follow_up_outcomes(tables["disability"], outcome="wheelchair")
    table = pr.outcome_table(rows, tables["sources"])
    assert table.loc[0, "source_id"] == "kitley2012"
    assert table.loc[0, "events / n"] == "23 / 106"
    assert table.loc[0, "value (95% CI)"] == "21.7% (14.9–30.5%)"
    assert table.loc[0, "interval"] == "Wilson, printed count"


def test_outcome_table_shows_printed_bounds(tables):
    table = pr.outcome_table(pr.fixed_horizon_outcomes(tables["disability"]), tables["sources"])
    values = dict(zip(table["source_id"] + "|" + table["outcome"], table["value (95% CI)"], strict=True))
    assert values[
        "neurolclinpract2017|composite: blind in one eye or both eyes or require ambulatory support"
    ] == ("over 50%")
    assert values["seed_roche_ch_nmosd|wheelchair"] == "not given"


def test_claim_provenance_table(tables):
    table = pr.claim_provenance_table(tables["disability"], tables["sources"])
    assert table.loc[0, "source"] == "roche.com"
    assert table["value"].tolist()[:4] == ["50%", "62%", "missing", "missing"]
    assert "death" not in table["outcome"].tolist()


def test_chart_rows_draw_only_reported_values(tables):
    rows = pr.fixed_horizon_outcomes(tables["disability"])
    chart = pr.outcome_chart_rows(rows, tables["sources"])
    assert len(chart) == rows["shown_proportion"].notna().sum() == 14
    drawn = sorted(round(v, 6) for v in chart["value"])
    reported = sorted(round(100 * v, 6) for v in rows["proportion"].dropna())
    assert drawn == reported
    assert chart.loc[chart["status"] == "unverified", "label"].str.contains("unverified").all()


def test_fixed_horizon_figure(tables):
    rows = pr.fixed_horizon_outcomes(tables["disability"])
    fig = pr.fixed_horizon_figure(rows, tables["sources"], 5.0)
    assert fig.layout.title.text == "Outcomes stated at 5 years after onset"
    assert list(fig.layout.xaxis.range) == [0, 100]
    names = [trace.name for trace in fig.data]
    assert "After AQP4-IgG testing and preventive treatment · Kaplan–Meier estimate" in names
    assert sum(len(trace.x) for trace in fig.data if trace.mode == "markers") == 14
    footnote = fig.layout.annotations[-1].text
    assert "roche_com_nmosd" in footnote and "nmosd_com_hcp_impact" in footnote
    unverified = [
        (fill, outline)
        for trace in fig.data
        if trace.mode == "markers"
        for fill, outline, symbol in zip(
            trace.marker.color, trace.marker.line.color, trace.marker.symbol, strict=True
        )
        if symbol == "x-thin-open"
    ]
    assert unverified == [("#999999", "#999999")]


def test_five_year_claim_markdown(tables):
    text = pr.five_year_claim_markdown(tables["disability"], tables["milestones"], tables["sources"])
    assert "[number missing] of the people affected need a wheelchair" in text
    assert "**50%** need a wheelchair and **62%** are functionally blind" in text
    assert "**9%** needed a wheelchair (EDSS 8), **22%** a walker (EDSS 6)" in text
    assert "23 (21.7%, 95% CI 14.9–30.5%)" in text
    assert "after 46 months, and 71% within ten years" in text
    assert "nan" not in text


# --- milestones -----------------------------------------------------------------------------------


def test_milestone_times(tables):
    rows = pr.milestone_times(tables["milestones"])
    assert (rows["statistic"] == "median_time").all()
    uzawa = rows[(rows["source_id"] == "uzawa2024") & (rows["milestone"] == "EDSS 6")]
    assert uzawa["value"].iloc[0] == pytest.approx(46 / 12, abs=1e-4)
    labels = rows.set_index("milestone_id")["milestone_label"]
    assert labels["cabre2009_svl_unilateral_median"] == "severe visual loss, one eye"
    assert labels["merle2007_svl_binocular_median"] == "severe visual loss, both eyes"
    assert labels["belgrade_svl_after_on_onset_median"] == "severe visual deficit (OSIS VA 6)"
    assert rows["lane"].iloc[0] == "Untreated patients"


def test_milestones_filtered_by_serostatus(tables):
    rows = pr.milestone_times(tables["milestones"], serostatus="AQP4+")
    assert set(rows["source_id"]) == {"uzawa2024"}
    shares = pr.milestone_proportions(tables["milestones"], serostatus="AQP4+")
    assert sorted(shares["value"]) == [0.09, 0.22, 0.71, 0.88]


def test_milestone_figure(tables):
    rows = pr.milestone_times(tables["milestones"])
    fig = pr.milestone_figure(rows, tables["sources"])
    assert [t.name for t in fig.data if t.showlegend is not False][:3] == ["EDSS 3", "EDSS 4", "EDSS 6"]
    assert sum(len(t.x) for t in fig.data if t.mode == "markers") == len(rows) == 15
    drawn = [t for t in fig.data if any(x is not None for x in t.x)]
    assert all(t.mode == "markers" for t in drawn)  # no lines joining milestones


# --- relapses, MS drugs ---------------------------------------------------------------------------


def test_pseudorelapse_share(tables):
    table = pr.pseudorelapse_share(tables["course_facts"])
    first = table.iloc[0]
    assert first["hospitalisations"] == "17 of 74"
    low, high = proportion_confint(17, 74, method="wilson")
    assert first["95% CI (Wilson)"] == f"{100 * low:.1f}–{100 * high:.1f}%"
    assert first["share in the data (computed)"] == "23%"


def test_course_facts_table(tables):
    table = pr.course_facts_table(tables["course_facts"], "ms_drugs")
    assert len(table) == 13
    kim = table[table["source_id"] == "kim2012"].iloc[0]
    assert kim["number"] == "95%" and kim["n"] == "40"


def test_ms_drug_table_and_markdown(tables):
    table = pr.ms_drug_table(tables["course_facts"], tables["sources"])
    assert {"Interferon beta", "Natalizumab", "Fingolimod", "Alemtuzumab", "Glatiramer acetate"} <= set(
        table["drug"]
    )
    text = pr.ms_drugs_markdown(tables["course_facts"])
    assert "40 patients on interferon beta" in text and "95% had an ineffective" in text
    assert "all 5 AQP4-positive patients" in text and "(9 relapses); 4 accumulated" in text
    assert "nan" not in text


def test_relapse_recovery_markdown(tables):
    text = pr.relapse_recovery_markdown(tables["course_facts"], tables["acute"])
    assert "complete remission in 19.1% (95% CI 16.6–21.8%" in text
    assert "0.304 EDSS points (95% CI 0.074–0.553)" in text
    assert "nan" not in text


# --- acute treatment ------------------------------------------------------------------------------


def test_acute_remission(tables):
    rows = pr.acute_remission(tables["acute"]).set_index("acute_id")
    assert "bilodeau2024_steroid_use" not in rows.index
    assert "kleiter2016_second_course_needed" not in rows.index
    cr = rows.loc["kleiter2016_first_course_cr"]
    assert cr["events_used"] == 166 and cr["denominator"] == "attacks"
    assert (cr["ci_lower_shown"], cr["ci_upper_shown"]) == pytest.approx(
        proportion_confint(166, 871, method="wilson")
    )
    assert rows.loc["abboud2016_ivmp_alone", "interval_basis"].startswith("none: no whole count")
    assert rows.loc["bonnan2018_plex_day0", "interval_basis"] == "none"  # a model probability
    assert rows.loc["malaysia_tpe_response", "interval_basis"] == "none"  # unverified


def test_acute_effects(tables):
    rows = pr.acute_effects(tables["acute"])
    assert "kleiter2016_previous_cr" not in set(rows["acute_id"])
    apheresis = rows.set_index("acute_id").loc["kleiter2018_first_line_apheresis"]
    assert (apheresis["value"], apheresis["ci_lower"], apheresis["ci_upper"]) == (12.27, 1.04, 144.91)
    fig = pr.acute_effects_figure(rows)
    assert fig.layout.xaxis.type == "log"
    assert len({y for t in fig.data if t.mode == "markers" for y in t.y}) == len(rows)  # one lane per row


def test_acute_remission_figure(tables):
    rows = pr.acute_remission(tables["acute"])
    fig = pr.acute_remission_figure(rows)
    assert sum(len(t.x) for t in fig.data if t.mode == "markers") == len(rows) == 11


def test_not_drawn(tables):
    table = pr.not_drawn(tables["disability"], tables["milestones"], tables["acute"])
    rows = set(table["row"])
    assert {"roche_ch_wheelchair_5y", "roche_ch_functionally_blind_5y", "bilodeau2024_plex_use"} <= rows
    assert "kitley2012_wheelchair" not in rows


def test_evidence_used_prefers_shown_status(tables):
    rows = pr.follow_up_outcomes(tables["disability"])
    used = pr.evidence_used(rows)
    assert ("mealy2018_mortality", "computed") in set(zip(used["source_id"], used["status"], strict=True))


def test_source_labels(tables):
    labels = pr.source_labels(tables["sources"])
    assert labels["kitley2012"] == "Kitley 2012"
    assert labels["chen2025"] == "Chen 2025"
    assert labels["currtreatoptneurol2015"] == "Curr Treat Options Neurol 2015"
    assert labels["roche_com_nmosd"] == "roche.com"


# --- parameters -----------------------------------------------------------------------------------


def test_parameters_defaults():
    checked = params.check("02_progression", {})
    assert checked.model_dump() == {"serostatus": "all", "outcome": "all", "horizon_years": 5.0, "era": "all"}
    assert params.check("02_progression", {"horizon_years": 10}).horizon_years == 10.0


@pytest.mark.parametrize(
    "values,message",
    [
        ({"serostatus": "positive"}, "expected one of: all, AQP4+, AQP4-, not_stated"),
        ({"outcome": "blind"}, "expected one of: all, wheelchair, walking_aid"),
        ({"era": "modern"}, "expected one of: all, before_targeted, after_targeted, mixed, not_stated"),
        ({"horizon_years": 7}, "expected one of: 5, 10"),
        ({"horizon_years": "5"}, "expected a number"),
        ({"region": "Europe"}, "unknown parameter 'region'"),
    ],
)
def test_parameters_refused_with_allowed_values(values, message):
    with pytest.raises(params.ParameterError, match=message.replace("+", r"\+")):
        params.check("02_progression", values)


def test_styled_table_has_fixed_id_and_no_index(tables):
    table = pr.pseudorelapse_share(tables["course_facts"])
    first = pr.styled(table, "share").to_html()
    assert 'id="T_share"' in first and "17 of 74" in first
    assert first == pr.styled(table, "share").to_html()
    assert "row_heading" not in first
