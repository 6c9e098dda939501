"""The rows the HSCT report shows: ``evidence_shown`` for loaded tables, ``evidence`` for parameters."""

from __future__ import annotations

import pandas as pd

from ...core.evidence import evidence_rows
from .results import outcome_rows, risk_benefit_rows
from .select import LATE_RELAPSE, HsctTables, load_tables


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
