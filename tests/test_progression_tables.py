"""Progression report, display: tables (Stylers), figures, labels and the notebook's parameters."""

from __future__ import annotations

import pytest
from reference_values import (
    PROGRESSION_WILSON_17_OF_74,
    PROGRESSION_WILSON_23_OF_106,
    PROGRESSION_WILSON_57_OF_74,
    PROGRESSION_WILSON_166_OF_871,
)

from nmosd_evidence import params
from nmosd_evidence.reports import progression
from nmosd_evidence.reports.progression import figures, labels


@pytest.fixture(scope="module")
def tables():
    return progression.load_tables()


def _percent_interval(bounds: tuple[float, float]) -> str:
    return f"{100 * bounds[0]:.1f}–{100 * bounds[1]:.1f}%"


def _download_row(styler, row_id: str) -> dict:
    """The line of a table's download whose ``row_id`` is ``row_id``."""
    download = styler.download
    lines = [dict(zip(download["columns"], row, strict=True)) for row in download["rows"]]
    (line,) = [line for line in lines if line["row_id"] == row_id]
    return line


# --- disability tables ----------------------------------------------------------------------------


def test_outcome_table_kitley_row(tables):
    rows = progression.follow_up_outcomes(tables.disability, outcome="wheelchair")
    table = progression.outcome_table(rows, "follow-up").data.set_index("reference")
    kitley = table.loc["kitley2012"]
    assert kitley["events / n"] == "23 / 106"
    assert kitley["value (95% CI)"] == "21.7% (14.9–30.5%)"  # 23/106; PROGRESSION_WILSON_23_OF_106
    assert kitley["interval"] == "Wilson, printed count"
    assert kitley["serostatus"] == "AQP4-IgG positive"


def test_outcome_table_shows_printed_bounds_and_gaps(tables):
    rows = progression.fixed_horizon_outcomes(tables.disability)
    table = progression.outcome_table(rows, "fixed-horizon").data
    values = dict(zip(table["reference"] + "|" + table["outcome"], table["value (95% CI)"], strict=True))
    composite = "composite: blind in one eye or both eyes or require ambulatory support"
    assert values[f"neurolclinpract2017|{composite}"] == "over 50%"
    assert values["seed_roche_ch_nmosd|wheelchair"] == "not given"
    assert values["roche_com_nmosd|wheelchair"] == "50%"
    assert values["everyattackmatters_ca_impacts|walking aid (EDSS 6)"] == "22%"


def test_claim_provenance_table(tables):
    statements = progression.claim_statements(tables.disability)
    table = progression.claim_provenance_table(statements, tables.sources)
    data = table.data
    assert data.loc[0, "source"] == "roche.com"
    assert data["value"].tolist()[:4] == ["50%", "62%", "missing", "missing"]
    assert 'id="T_provenance"' in table.to_html()


def test_milestone_tables(tables):
    times = progression.milestone_times(tables.milestones, serostatus="AQP4+")
    data = progression.milestone_table(times, tables.sources, "times").data
    assert data["value"].tolist() == ["median 0.833 years", "median 3.83 years"]  # 10 and 46 months
    assert data["as printed"].tolist() == ["10 months", "46 months"]
    shares = progression.milestone_proportions(tables.milestones, serostatus="AQP4+")
    values = progression.milestone_table(shares, tables.sources, "shares").data["value"]
    assert sorted(values) == ["22% by 5 years", "71% by 10 years", "88% by 10 years", "9% by 5 years"]


def test_disability_and_milestone_downloads_carry_provenance(tables):
    rows = progression.follow_up_outcomes(tables.disability, outcome="wheelchair")
    styler = progression.outcome_table(rows, "follow-up")
    assert len(styler.download["rows"]) == len(styler.data)
    kitley = _download_row(styler, "kitley2012_wheelchair")
    assert (kitley["source_id"], kitley["status"]) == ("kitley2012", "computed")
    assert "23 had become wheelchair dependent" in kitley["quote"]
    assert (kitley["events"], kitley["n"], kitley["percent"]) == (23, 106, 21.7)
    assert (kitley["ci_lower"], kitley["ci_upper"]) == pytest.approx(
        [100 * bound for bound in PROGRESSION_WILSON_23_OF_106], abs=1e-3
    )
    times = progression.milestone_times(tables.milestones, serostatus="AQP4+")
    median = _download_row(
        progression.milestone_table(times, tables.sources, "t"), "uzawa2024_untreated_edss6_median"
    )
    assert (median["source_id"], median["locator"], median["median_years"]) == (
        "uzawa2024",
        "abstract",
        3.8333,
    )
    assert "46 months" in median["quote"] and median["percent"] is None
    shares = progression.milestone_proportions(tables.milestones, serostatus="AQP4+")
    share = _download_row(
        progression.milestone_table(shares, tables.sources, "s"), "uzawa2024_untreated_edss6_10y"
    )
    assert (share["percent"], share["horizon_years"]) == (71.0, 10.0) and "71%" in share["quote"]


# --- relapses, MS drugs, acute treatment ----------------------------------------------------------


def test_pseudorelapse_table(tables):
    data = progression.pseudorelapse_table(progression.pseudorelapse_shares(tables.course_facts)).data
    first, second = data.iloc[0], data.iloc[1]
    assert (first["hospitalisations"], first["share"]) == ("17 of 74", "23%")  # 17/74 = 22.97%
    assert first["95% CI (Wilson)"] == _percent_interval(PROGRESSION_WILSON_17_OF_74)
    assert first["share in the data (computed)"] == "23%"
    assert (second["hospitalisations"], second["share"]) == ("57 of 74", "77%")  # 57/74 = 77.03%
    assert second["95% CI (Wilson)"] == _percent_interval(PROGRESSION_WILSON_57_OF_74)


def test_course_facts_tables(tables):
    data = progression.course_facts_table(tables.course_facts, "ms_drugs", "ms").data
    assert len(data) == 13
    kim = data[data["reference"] == "kim2012"].iloc[0]
    assert (kim["number"], kim["n"]) == ("95%", "40")
    rates = progression.course_facts_table(tables.course_facts, "relapse_rates", "rates").data
    assert len(rates) == 13


def test_ms_drug_table(tables):
    data = progression.ms_drug_table(tables.course_facts, tables.sources).data
    drugs = {"Interferon beta", "Natalizumab", "Fingolimod", "Alemtuzumab", "Glatiramer acetate"}
    assert drugs <= set(data["drug"])
    assert data.loc[data["reference"] == "ayzenberg2016", "patients"].item() == "23"


def test_acute_tables(tables):
    data = progression.acute_table(tables.acute).data.set_index(tables.acute["acute_id"])
    # one p style: '0.006' as printed -> 'p=0.006', '<0.001' -> 'p<0.001'; p=0.011 and p=0.002: the
    # Kleiter 2016 odds ratios for age and myelitis
    assert set(data["p"]) == {
        "", "p=0.006", "p<0.001", "p=0.047", "p=0.0386", "p=0.01", "p=0.0018", "p=0.002", "p=0.011",
    }  # fmt: skip
    assert data.loc["kleiter2016_first_course_cr", "attacks"] == "871"
    # a study the data name only by its PMC id is named from its source
    assert not data["study"].str.startswith("PMC").any()
    assert (
        data.loc["pmc8080073_ivmp_plex", "study"]
        == data.loc["pmc8080073_aqp4", "study"]
        != "PMC8080073 (2021)"
    )
    remission = progression.acute_remission_table(progression.acute_remission(tables.acute)).data
    first_course = remission["outcome"].str.startswith("complete remission (CR) after the first")
    complete = remission[first_course].iloc[0]
    assert (complete["n"], complete["count"], complete["value"]) == ("871 attacks", "166", "19.1%")
    assert complete["95% CI"] == "16.6–21.8%"  # 166/871; PROGRESSION_WILSON_166_OF_871


def test_course_fact_and_acute_downloads_carry_provenance(tables):
    styler = progression.course_facts_table(tables.course_facts, "pseudorelapse", "pseudorelapse")
    fact = _download_row(styler, "kessler2016_pseudorelapses")
    assert (fact["source_id"], fact["status"], fact["value"], fact["n"]) == (
        "kessler2016",
        "verified",
        17,
        74,
    )
    assert "17 had a negative MRI" in fact["quote"] and fact["unit"] == "hospitalisations"
    drug = _download_row(
        progression.ms_drug_table(tables.course_facts, tables.sources), "kim2012_ifnb_ineffective"
    )
    assert (drug["source_id"], drug["patients"], drug["value"]) == ("kim2012", 40, 95)
    assert "95% of patients" in drug["quote"]
    acute = _download_row(progression.acute_table(tables.acute), "kleiter2016_first_course_cr")
    assert (acute["source_id"], acute["patients"], acute["attacks"], acute["value"]) == (
        "kleiter2016",
        185,
        871,
        0.191,
    )
    assert "CR in 19.1%" in acute["quote"]
    remission = progression.acute_remission_table(progression.acute_remission(tables.acute))
    complete = _download_row(remission, "kleiter2016_first_course_cr")
    assert (complete["n"], complete["denominator"], complete["count"], complete["value"]) == (
        871,
        "attacks",
        166,
        19.1,
    )
    assert (complete["ci_lower"], complete["ci_upper"]) == pytest.approx(
        [100 * bound for bound in PROGRESSION_WILSON_166_OF_871], abs=1e-3
    )
    assert "19.1%" in complete["quote"] and complete["status"] == "verified"
    left_out = progression.not_drawn(tables.disability, tables.milestones, tables.acute)
    seed = _download_row(progression.not_drawn_table(left_out), "roche_ch_wheelchair_5y")
    assert (seed["source_id"], seed["status"], seed["table"]) == (
        "seed_roche_ch_nmosd",
        "unverified",
        "disability",
    )


def test_tables_escape_html_and_have_fixed_ids(tables):
    styler = progression.course_facts_table(tables.course_facts, "recovery_vs_ms", "recovery-vs-ms")
    first = styler.to_html()
    assert first == styler.to_html() and 'id="T_recovery-vs-ms"' in first
    assert "row_heading" not in first
    # a finding with '(p < 0.001)' is shown whole, not cut off as an HTML tag
    assert "(p &lt; 0.001)" in first


# --- figures --------------------------------------------------------------------------------------


def test_chart_rows_draw_only_reported_values(tables):
    rows = progression.fixed_horizon_outcomes(tables.disability)
    chart = figures.outcome_chart_rows(rows, tables.sources)
    assert len(chart) == rows["shown_proportion"].notna().sum() == 14
    drawn = sorted(round(v, 6) for v in chart["value"])
    reported = sorted(round(100 * v, 6) for v in rows["proportion"].dropna())
    assert drawn == reported
    assert chart.loc[chart["status"] == "unverified", "label"].str.contains("unverified").all()


def test_fixed_horizon_figure(tables):
    rows = progression.fixed_horizon_outcomes(tables.disability)
    fig = progression.fixed_horizon_figure(rows, tables.sources, 5.0)
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
    assert len(unverified) == 1 and unverified[0][0] == unverified[0][1] != "#999999"  # its group's colour


def test_follow_up_figure_whiskers(tables):
    rows = progression.follow_up_outcomes(tables.disability, outcome="wheelchair")
    fig = progression.follow_up_figure(rows, tables.sources)
    points = [t for t in fig.data if t.mode == "markers"]
    kitley = next(t for t in points if any("Kitley 2012" in h for h in t.hovertext))
    assert 21.7 in [round(x, 1) for x in kitley.x]  # 23/106 in percent
    every = progression.follow_up_figure(progression.follow_up_outcomes(tables.disability), tables.sources)
    hover = [h for t in every.data if t.mode == "markers" for h in t.hovertext]
    assert any("Serostatus: not stated;" in h for h in hover)  # the code in words
    assert not any("not_stated" in h for h in hover)


def test_empty_figure_when_nothing_matches(tables):
    rows = progression.follow_up_outcomes(tables.disability, outcome="functionally_blind")
    assert rows.empty
    fig = progression.follow_up_figure(rows, tables.sources)
    assert "No row with a value" in fig.layout.annotations[0].text


def test_milestone_figure(tables):
    rows = progression.milestone_times(tables.milestones)
    fig = progression.milestone_figure(rows, tables.sources)
    assert [t.name for t in fig.data if t.showlegend is not False][:3] == ["EDSS 3", "EDSS 4", "EDSS 6"]
    assert sum(len(t.x) for t in fig.data if t.mode == "markers") == len(rows) == 15
    drawn = [t for t in fig.data if any(x is not None for x in t.x)]
    assert all(t.mode == "markers" for t in drawn)  # no lines joining milestones


def test_acute_figures(tables):
    remission = progression.acute_remission(tables.acute)
    fig = progression.acute_remission_figure(remission)
    assert sum(len(t.x) for t in fig.data if t.mode == "markers") == len(remission) == 11
    effects = progression.acute_effects(tables.acute)
    fig = progression.acute_effects_figure(effects)
    assert fig.layout.xaxis.type == "log"
    assert len({y for t in fig.data if t.mode == "markers" for y in t.y}) == len(effects)  # a lane each


# --- labels and parameters ------------------------------------------------------------------------


def test_source_labels(tables):
    found = labels.source_labels(tables.sources)
    assert found["kitley2012"] == "Kitley 2012"
    assert found["chen2025"] == "Chen 2025"
    assert found["currtreatoptneurol2015"] == "Curr Treat Options Neurol 2015"
    assert found["roche_com_nmosd"] == "roche.com"


def test_serostatus_labels_extend_the_shared_ones():
    assert labels.SEROSTATUS_LABELS["AQP4+"] == "AQP4-IgG positive"
    assert labels.SEROSTATUS_LABELS["not_stated"] == "not stated"


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
