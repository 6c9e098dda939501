"""HSCT outcomes (``03_hsct_outcomes``): the two allogeneic cases, their follow-up to a chosen year,
and the cohorts and transplant risks around them.

``select`` picks the rows, ``results`` computes follow-up (years) and proportions (0-1) with Wilson
intervals, ``tables``, ``figures`` and ``text`` show them; ``evidence()`` lists the rows shown.
"""

from __future__ import annotations

import pandas as pd

from ...core.evidence import evidence_rows
from .figures import outcome_chart, risk_panel, swimmer_plot
from .results import outcome_rows, risk_benefit_rows
from .select import LATE_RELAPSE, HsctTables, load_tables
from .tables import case_table, follow_up_table, outcome_table, risk_benefit_table, unknown_values
from .text import (
    case_summary_markdown,
    follow_up_markdown,
    limits_markdown,
    news_report_differences_markdown,
    risk_markdown,
)

__all__ = [
    "HsctTables",
    "case_summary_markdown",
    "case_table",
    "evidence",
    "evidence_shown",
    "follow_up_markdown",
    "follow_up_table",
    "limits_markdown",
    "load_tables",
    "news_report_differences_markdown",
    "outcome_chart",
    "outcome_rows",
    "outcome_table",
    "risk_benefit_rows",
    "risk_benefit_table",
    "risk_markdown",
    "risk_panel",
    "swimmer_plot",
    "unknown_values",
]


def evidence_shown(tables: HsctTables, include_autologous: bool) -> pd.DataFrame:
    """``source_id`` and ``status`` of every data row the report shows: the case table (all patient
    rows), the timeline, the outcome and risk rows (derived rows with their weakest status) and the
    late relapse after autologous HSCT when autologous series are shown."""
    patients, events, cohorts = tables.patients, tables.events, tables.cohorts
    frames = [
        patients,
        events,
        outcome_rows(patients, cohorts, include_autologous),
        risk_benefit_rows(patients, cohorts, include_autologous),
    ]
    if include_autologous:
        frames.append(cohorts[cohorts["cohort_result_id"] == LATE_RELAPSE])
    return evidence_rows(*frames)


def evidence(as_of_year: int = 2026, include_autologous: bool = True) -> pd.DataFrame:
    """The evidence rows (``source_id``, ``status``) of everything the report shows for its parameters.

    ``as_of_year`` (calendar year) moves only the follow-up arithmetic: every timeline event and case
    row is shown in any year (the narrative names the long-term report even before it is out).
    """
    del as_of_year  # the rows shown do not depend on it
    return evidence_shown(load_tables(), include_autologous)
