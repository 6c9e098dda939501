"""Rows in scope for the HSCT report: the two allogeneic cases (``patients``, ``events``), the cohorts
around them (``cohorts``) and the news report's statements in the claims ledger (``claims``).

Years are calendar years. The row ids named here are the rows the narrative is built on; every value
shown is read from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...core.vocabulary import HSCT_NEWS
from ...datapackage import load

PATIENTS = ("P1", "P2")
PAIR = "both"  # the patient value of rows stated for the pair as a whole
TRANSPLANT_EVENT = "allogeneic_hsct"
LONG_TERM_EVENT = "long_term_report"
REPORT_EVENTS = ("early_report", LONG_TERM_EVENT)
RELAPSE_FREE = "relapse_free"  # the timeline's disease_status of a report stating no relapse

# Rows the narrative quotes by id.
PAIR_FOLLOW_UP = "both_follow_up_years"  # the long-term report's follow-up, stated for the pair
EARLY_REPORT = "both_early_report_annneurol_2014"  # the early report on the pair (event)
EARLY_OUTCOME = "both_functional_outcome_2014"  # the pair's function at the early report
EXTRA_CONDITIONING = "both_conditioning_atg_alemtuzumab"  # a second antibody in the conditioning
LATE_RELAPSE = "vorasoot2024_relapse_free_years"  # a long remission after autologous HSCT that ended
ALLOGENEIC_RISKS = {  # allogeneic HSCT in autoimmune diseases: the risk figures and overall survival
    "nrm": "greco2019_nrm_100d",
    "acute_gvhd": "greco2019_agvhd_100d",
    "chronic_gvhd": "greco2019_cgvhd_5y",
    "survival": "greco2019_os_5y",
}
# The news report's statements (claims ledger, document HSCT_NEWS) the report sets against the data.
NEWS_REPORT_CLAIMS = {
    "symptom_free": "H04",  # free of symptoms fifteen years after the transplant
    "conditioning": "H10",  # chemotherapy alongside monoclonal antibodies
    "antibodies": "H26",  # the harmful antibodies eliminated
    "publication": "H05",  # published in Med
    "risks": "H18",  # secondary cancers and life-threatening infections
}
NEWS_REPORT_CAUTION = ("H20", "H17", "H24")  # two individuals; no standard of care; larger cohorts


@dataclass(frozen=True)
class HsctTables:
    """The tables the report reads: ``patients``, ``events``, ``cohorts`` and the claims ledger."""

    patients: pd.DataFrame
    events: pd.DataFrame
    cohorts: pd.DataFrame
    claims: pd.DataFrame


def load_tables() -> HsctTables:
    """The four tables of the report, loaded and validated (``datapackage.load``)."""
    return HsctTables(load("patients"), load("events"), load("cohorts"), load("claims"))


def transplant_years(events: pd.DataFrame) -> dict[str, int]:
    """Patient -> calendar year of the allogeneic HSCT (from the timeline's transplant events)."""
    rows = events[events["event"] == TRANSPLANT_EVENT]
    return {str(row.patient): int(row.year) for row in rows.itertuples()}


def long_term_report_year(events: pd.DataFrame) -> int:
    """Calendar year of the (latest) long-term report in the timeline: the default ``as_of_year``."""
    return int(events.loc[events["event"] == LONG_TERM_EVENT, "year"].max())


def as_of_year_bounds(events: pd.DataFrame) -> tuple[int, int]:
    """(first, last) allowed ``as_of_year`` (calendar years): the last transplant year (both lanes
    exist) and the last year the timeline has data for (no follow-up into years beyond the data)."""
    return max(transplant_years(events).values()), int(events["year"].max())


def long_term_report(events: pd.DataFrame) -> pd.Series:
    """The timeline row of the long-term report."""
    return events[events["event"] == LONG_TERM_EVENT].iloc[0]


def reports_by(events: pd.DataFrame, as_of_year: int) -> pd.DataFrame:
    """The timeline's report events (early and long-term) of ``as_of_year`` or earlier."""
    return events[events["event"].isin(REPORT_EVENTS) & (events["year"] <= as_of_year)]


def row_with(frame: pd.DataFrame, key_column: str, key: str) -> pd.Series:
    """The row of ``frame`` whose ``key_column`` is ``key`` (``IndexError`` when there is none)."""
    return frame.loc[frame[key_column] == key].iloc[0]


def attribute_row(patients: pd.DataFrame, patient: str, attribute: str) -> pd.Series:
    """The first row (by ``attribute_id``) of ``attribute`` for ``patient`` (P1, P2 or the pair)."""
    rows = patients[(patients["patient"] == patient) & (patients["attribute"] == attribute)]
    return rows.sort_values("attribute_id").iloc[0]


def empty_value(values: pd.Series) -> pd.Series:
    """True where a patients-table value is missing or blank (the value is unknown)."""
    return values.isna() | (values.fillna("").astype(str).str.strip() == "")


def unknown_rows(patients: pd.DataFrame) -> pd.DataFrame:
    """The patients-table rows whose value is unknown (the note says why)."""
    return patients[empty_value(patients["value"])]


def pair_value_rows(patients: pd.DataFrame, attribute: str) -> pd.DataFrame:
    """The rows of ``attribute`` with a value for P1 and P2, one per patient (the first listed)."""
    rows = patients[
        (patients["attribute"] == attribute)
        & patients["patient"].isin(PATIENTS)
        & ~empty_value(patients["value"])
    ]
    return rows.drop_duplicates("patient")


def late_unknowns(patients: pd.DataFrame) -> pd.DataFrame:
    """The pair's long-term GvHD and infection rows whose value no page read gives."""
    rows = patients[(patients["patient"] == PAIR) & patients["attribute"].isin(["gvhd", "infections"])]
    return rows[empty_value(rows["value"])]


def swimmer_events(events: pd.DataFrame, as_of_year: int) -> pd.DataFrame:
    """One row per lane and timeline event up to ``as_of_year`` (events of the pair on each lane), with
    ``years_after`` = event year minus that patient's transplant year (whole years)."""
    start = transplant_years(events)
    rows = []
    for row in events.sort_values(["year", "event_id"]).itertuples():
        for patient in PATIENTS if row.patient == PAIR else (row.patient,):
            if patient in start and start[patient] <= row.year <= as_of_year:
                rows.append(
                    {
                        "patient": patient,
                        "event_id": row.event_id,
                        "event": row.event,
                        "year": int(row.year),
                        "years_after": int(row.year) - start[patient],
                        "disease_status": row.disease_status,
                        "description": row.description,
                        "status": row.status,
                        "source_id": row.source_id,
                    }
                )
    return pd.DataFrame(rows).sort_values(["patient", "year", "event_id"], ignore_index=True)


def with_hsct_type(rows: pd.DataFrame, include_autologous: bool) -> pd.DataFrame:
    """``rows`` (with ``n``, ``k`` as nullable integers), only the allogeneic ones (``hsct_type``
    missing counts as allogeneic: the pair) unless ``include_autologous``."""
    rows = rows.astype({"n": "Int64", "k": "Int64"})
    if include_autologous or rows.empty:
        return rows.reset_index(drop=True)
    return rows[rows["hsct_type"].fillna("allogeneic") == "allogeneic"].reset_index(drop=True)


def autologous_deaths(cohorts: pd.DataFrame) -> pd.DataFrame:
    """Deaths reported in the NMOSD series (any cause)."""
    return cohorts[(cohorts["measure"] == "deaths") & (cohorts["setting"] == "nmosd")]


def news_report_claims(claims: pd.DataFrame, claim_ids: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """The ledger rows of ``claim_ids`` (document: the HSCT news report), in the order asked for.

    ``KeyError`` naming the ids the ledger lacks for that document.
    """
    rows = claims[claims["document"] == HSCT_NEWS].set_index("claim_id")
    missing = [claim for claim in claim_ids if claim not in rows.index]
    if missing:
        raise KeyError(f"claims ledger has no {HSCT_NEWS} claim {', '.join(missing)}")
    return rows.loc[list(claim_ids)].reset_index()
