"""HSCT report: rows in scope, the as_of_year bounds and parameters, and the evidence rows it lists."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import ROOT

from nmosd_evidence import params
from nmosd_evidence.reports import hsct
from nmosd_evidence.reports.hsct.select import (
    NEWS_REPORT_CAUTION,
    NEWS_REPORT_CLAIMS,
    as_of_year_bounds,
    long_term_report_year,
    news_report_claims,
    swimmer_events,
    transplant_years,
)


@pytest.fixture(scope="module")
def tables() -> hsct.HsctTables:
    return hsct.load_tables()


def test_transplant_years_agree_between_timeline_and_case_rows(tables: hsct.HsctTables) -> None:
    assert transplant_years(tables.events) == {"P1": 2009, "P2": 2010}
    rows = tables.patients[tables.patients["attribute"] == "transplant_year"].set_index("patient")
    assert {p: int(rows.loc[p, "value_number"]) for p in ("P1", "P2")} == {"P1": 2009, "P2": 2010}


def test_year_bounds_and_default_come_from_the_timeline(tables: hsct.HsctTables) -> None:
    assert long_term_report_year(tables.events) == 2026
    assert as_of_year_bounds(tables.events) == (2010, 2026)
    assert params.HsctParameters().as_of_year == 2026


def test_year_bounds_follow_the_data() -> None:
    events = pd.DataFrame({"patient": ["P1", "P2", "both"], "year": [2001, 2004, 2019],
                           "event": ["allogeneic_hsct", "allogeneic_hsct", "long_term_report"]})  # fmt: skip
    assert as_of_year_bounds(events) == (2004, 2019)


def test_swimmer_events_put_pair_events_on_both_lanes(tables: hsct.HsctTables) -> None:
    marks = swimmer_events(tables.events, 2026)
    assert len(marks) == 8
    assert marks[marks["patient"] == "P1"]["years_after"].tolist() == [0, 4, 5, 17]
    assert marks[marks["patient"] == "P2"]["years_after"].tolist() == [0, 3, 4, 16]
    long_term = marks[marks["event"] == "long_term_report"]
    assert set(long_term["status"]) == {"unverified"}  # its year comes from the news coverage


def test_swimmer_events_stop_at_the_chosen_year(tables: hsct.HsctTables) -> None:
    marks = swimmer_events(tables.events, 2013)
    assert marks.groupby("patient")["year"].apply(list).to_dict() == {"P1": [2009, 2013], "P2": [2010, 2013]}


def test_news_report_claims_are_the_ledger_rows_of_the_news_report(tables: hsct.HsctTables) -> None:
    ids = [*NEWS_REPORT_CLAIMS.values(), *NEWS_REPORT_CAUTION]
    rows = news_report_claims(tables.claims, ids)
    assert rows["claim_id"].tolist() == ids
    assert set(rows["document"]) == {"seed_hsct_news"}
    assert rows.set_index("claim_id").loc["H10", "quote"].endswith("alongside monoclonal antibodies.")
    with pytest.raises(KeyError, match="R01"):  # a statement of the other source document
        news_report_claims(tables.claims, ["H04", "R01"])


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


# --- evidence -----------------------------------------------------------------------------------

DEFAULT_SOURCES = [
    "burt2019", "downtoearth_nmosd_hsct", "greco2015", "greco2019", "hagglund2013", "konen2022",
    "mariottini2023", "medscriptum_nmosd_hsct", "okdiario_nmosd_hsct", "orofino_med",
    "paperblog_nmo_allo2014", "rarediseaseadvisor_hsct_nmosd", "sanraffaele2013_ash_allo",
    "sciencenewstoday_nmosd_hsct",
    "seed_hsct_news", "storiadellamedicina_nmo_allo2014", "tgcom24_nmo_allo2014", "vorasoot2024",
]  # fmt: skip


def test_evidence_lists_the_sources_of_the_default_report() -> None:
    evidence = hsct.evidence()
    assert sorted(set(evidence["source_id"])) == DEFAULT_SOURCES
    konen = set(evidence.loc[evidence["source_id"] == "konen2022", "status"])
    assert konen == {"verified", "secondary", "unverified"}


def test_evidence_without_autologous_series_drops_their_sources() -> None:
    ids = set(hsct.evidence(as_of_year=2015, include_autologous=False)["source_id"])
    assert ids == set(DEFAULT_SOURCES) - {"burt2019", "greco2015", "hagglund2013", "mariottini2023",
                                          "rarediseaseadvisor_hsct_nmosd", "vorasoot2024"}  # fmt: skip


def test_committed_notebook_lists_the_evidence_sources() -> None:
    notebook = json.loads((ROOT / "notebooks" / "03_hsct_outcomes.ipynb").read_text(encoding="utf-8"))
    references = next(c for c in notebook["cells"] if "HTML(references_html(" in "".join(c["source"]))
    html = "".join("".join(output.get("data", {}).get("text/html", "")) for output in references["outputs"])
    assert all(f"<code>{source}</code>" in html for source in DEFAULT_SOURCES)
    assert html.count("<li><code>") == len(DEFAULT_SOURCES)
