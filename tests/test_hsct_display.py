"""HSCT report display: the case table and unknowns, follow-up and outcome tables, and the figures."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from reference_values import HSCT_FOLLOW_UP_YEARS_2026, HSCT_WILSON_2_OF_2, HSCT_WILSON_3_OF_16

from nmosd_evidence.reports import hsct
from nmosd_evidence.reports.hsct.tables import case_frame, outcome_frame, risk_benefit_frame


@pytest.fixture(scope="module")
def tables() -> hsct.HsctTables:
    return hsct.load_tables()


def test_case_table_shows_values_statuses_and_unknowns(tables: hsct.HsctTables) -> None:
    table = case_frame(tables.patients)
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
    html = hsct.case_table(tables.patients).to_html()
    assert 'id="T_hsct-case-table"' in html and ">Relapses after transplant</th>" in html  # index shown


def test_case_table_escapes_cell_text(tables: hsct.HsctTables) -> None:
    patients = tables.patients.copy()
    patients.loc[patients["attribute_id"] == "p1_sex", "value"] = "<b>male</b>"
    html = hsct.case_table(patients).to_html()
    assert "&lt;b&gt;male&lt;/b&gt;" in html and "<b>male</b>" not in html


def test_unknown_values_each_have_a_reason(tables: hsct.HsctTables) -> None:
    unknown = hsct.unknown_values(tables.patients).data
    assert len(unknown) == 11
    assert set(unknown["status"]) == {"unverified"}
    assert unknown["why unknown"].str.len().min() > 20
    assert {"EDSS before", "EDSS after", "AQP4-IgG before", "Relapses before"} <= set(unknown["attribute"])


def test_follow_up_table_prints_years_without_separators(tables: hsct.HsctTables) -> None:
    styler = hsct.follow_up_table(tables.patients, tables.events, 2026)
    frame = styler.data.set_index("patient")
    assert frame["follow-up (years)"].to_dict() == HSCT_FOLLOW_UP_YEARS_2026
    assert frame["possible range (years)"].to_dict() == {"P1": "16–18", "P2": "15–17"}
    html = styler.to_html()
    assert ">2009<" in html and ">2025<" in html and "2,0" not in html


def test_outcome_table_values_in_per_cent(tables: hsct.HsctTables) -> None:
    rows = hsct.outcome_rows(tables.patients, tables.cohorts, include_autologous=True)
    table = outcome_frame(rows).set_index(rows["cohort_result_id"].fillna("pair"))
    greco = table.loc["greco2015_progression_treatment_free"]
    low, high = (round(100 * bound, 1) for bound in HSCT_WILSON_3_OF_16)
    assert greco[["as printed", "%", "95% interval (%)"]].tolist() == ["3 of 16", 18.8, f"{low:g}–{high:g}"]
    assert table.loc["pair", ["measure", "as printed", "95% interval (%)"]].tolist() == [
        "relapse-free at 15 and 16 years", "2 of 2", "34.2–100",
    ]  # fmt: skip
    assert table.loc["burt2019_relapse_free_5y", "interval"] == "reported, no interval given"
    assert table.loc["mexican_review_relapse_free", "conflict recorded"].startswith("Conflict: ")


def _download_lines(styler) -> list[dict]:
    download = styler.download
    return [dict(zip(download["columns"], row, strict=True)) for row in download["rows"]]


def test_outcome_and_unknown_downloads_carry_provenance(tables: hsct.HsctTables) -> None:
    rows = hsct.outcome_rows(tables.patients, tables.cohorts, include_autologous=True)
    lines = _download_lines(hsct.outcome_table(rows))
    assert [line["row_id"] for line in lines] == [None if pd.isna(i) else i for i in rows["cohort_result_id"]]
    greco = next(line for line in lines if line["row_id"] == "greco2015_progression_treatment_free")
    assert (greco["source_id"], greco["locator"], greco["status"]) == ("greco2015", "abstract", "verified")
    assert "three of 16 cases" in greco["quote"]
    assert (greco["k"], greco["n"], greco["percent"]) == (3, 16, 18.75)
    assert (greco["ci_lower"], greco["ci_upper"]) == pytest.approx(
        [100 * b for b in HSCT_WILSON_3_OF_16], abs=1e-3
    )
    pair = lines[0]  # the pair: counted from the patients rows it names
    assert (pair["row_id"], pair["computed_from"]) == (None, "p1_relapses_after, p2_relapses_after")
    assert (pair["k"], pair["n"], pair["ci_lower"]) == (
        2,
        2,
        pytest.approx(100 * HSCT_WILSON_2_OF_2[0], abs=1e-3),
    )
    unknown = next(
        line
        for line in _download_lines(hsct.unknown_values(tables.patients))
        if line["row_id"] == "p1_edss_before"
    )
    assert (unknown["source_id"], unknown["locator"], unknown["status"]) == (
        "konen2022", "PMC Table 2 (Greco row)", "unverified",
    )  # fmt: skip
    assert unknown["attribute"] == "EDSS before" and "median 7.5" in unknown["why unknown"]


def test_risk_table_cells(tables: hsct.HsctTables) -> None:
    rows = hsct.risk_benefit_rows(tables.patients, tables.cohorts, include_autologous=True)
    table = risk_benefit_frame(rows).set_index("series")
    assert table.iloc[0]["benefit"] == (
        "relapse-free at 15 and 16 years: 100% (2 of 2) [secondary: okdiario_nmosd_hsct]"
    )
    assert table.loc["Burt 2019", "risk"] == "deaths: 7.7% (1 of 13) [verified: burt2019]"
    greco = table.loc["EBMT allogeneic HSCT for autoimmune disease (Greco 2019)", "risk"]
    assert greco.split(" | ")[0] == "non-relapse mortality at 100 days: 12.7% [verified: greco2019]"


def test_swimmer_plot_draws_lanes_events_and_ends(tables: hsct.HsctTables) -> None:
    fig = hsct.swimmer_plot(tables.patients, tables.events, 2026)
    lanes = [t for t in fig.data if t.type == "bar"]
    assert [list(t.y) for t in lanes] == [
        ["P1 · male · sister · 2009", "P2 · female · unrelated donor · 2010"]
    ]
    assert list(lanes[0].x) == [17, 16] and list(lanes[0].base) == [0, 0]
    end = next(t for t in fig.data if t.name == "lane end: 2026 (computed)")
    assert list(end.x) == [17, 16] and list(end.text) == ["  17 years to 2026", "  16 years to 2026"]
    points = sum(
        len(t.x)
        for t in fig.data
        if t.type == "scatter" and t.name.startswith(("allogeneic", "early", "long"))
    )
    assert points == 8
    # an unverified event keeps its event colour (its shape says unverified)
    unverified = next(t for t in fig.data if t.name == "long-term report (unverified)").marker
    assert unverified.color == "#D55E00" and unverified.symbol == "x-thin-open"
    assert next(t for t in fig.data if t.name.startswith("follow-up as reported")).name.endswith("(inferred)")
    assert all(
        "status" in text for t in fig.data if t.type == "scatter" and t.hovertext for text in t.hovertext
    )
    assert "Sources:" in fig.layout.annotations[-1].text


def test_swimmer_plot_before_the_long_term_report_shows_the_gap(tables: hsct.HsctTables) -> None:
    fig = hsct.swimmer_plot(tables.patients, tables.events, 2020)
    gap = next(t for t in fig.data if t.name == "lane: after the last report in the data")
    assert list(gap.base) == [5, 4] and list(gap.x) == [6, 6]
    assert "no report in the data covers 2014–2020" in gap.hovertext[0]
    assert not any(t.name.startswith("follow-up as reported") for t in fig.data)


def test_outcome_chart_and_risk_panel(tables: hsct.HsctTables) -> None:
    rows = hsct.outcome_rows(tables.patients, tables.cohorts, include_autologous=True)
    fig = hsct.outcome_chart(rows)
    labels = list(fig.layout.yaxis.ticktext)
    assert len(labels) == len(rows) and len(set(labels)) == len(labels)
    assert sum("(unverified)" in label for label in labels) == 3
    assert all("conflict" in label for label in labels if label.startswith("Mexican"))
    every = hsct.risk_benefit_rows(tables.patients, tables.cohorts, include_autologous=True)
    panel = hsct.risk_panel(every)
    legend = [t.name for t in panel.data if t.showlegend is not False]
    assert sorted(legend) == sorted(every["measure"].unique())  # one legend entry per measure
    assert sum(len(t.x) for t in panel.data if t.mode == "markers") == len(every)  # one point per row


def test_no_centre_or_place_typed_into_the_figures(tables: hsct.HsctTables) -> None:
    figures = [
        hsct.swimmer_plot(tables.patients, tables.events, 2026),
        hsct.outcome_chart(hsct.outcome_rows(tables.patients, tables.cohorts, True)),
        hsct.risk_panel(hsct.risk_benefit_rows(tables.patients, tables.cohorts, True)),
    ]
    text = json.dumps([fig.to_plotly_json()["data"] for fig in figures], default=str)
    assert "San Raffaele" not in text and "Milan" not in text
