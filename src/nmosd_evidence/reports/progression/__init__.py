"""Disease course of NMOSD (notebook ``02_progression``): disability within five years, time to
milestones, relapses, NMOSD versus MS, and the outcome of acute attack treatment.

``select`` picks the rows, ``results`` computes shares (0-1) and their 95% intervals, ``tables``,
``figures`` and ``text`` show them, and :func:`evidence` lists the rows the report shows.
"""

from __future__ import annotations

import pandas as pd

from .figures import (
    acute_effects_figure,
    acute_remission_figure,
    fixed_horizon_figure,
    follow_up_figure,
    milestone_figure,
)
from .results import (
    acute_remission,
    claim_statements,
    fixed_horizon_outcomes,
    follow_up_outcomes,
    pseudorelapse_shares,
    report_evidence,
)
from .select import (
    acute_effects,
    load_tables,
    milestone_proportions,
    milestone_times,
    not_drawn,
)
from .tables import (
    acute_remission_table,
    acute_table,
    claim_provenance_table,
    course_facts_table,
    milestone_table,
    ms_drug_table,
    not_drawn_table,
    outcome_table,
    pseudorelapse_table,
)
from .text import five_year_claim_markdown, ms_drugs_markdown, relapse_recovery_markdown

__all__ = [
    "acute_effects",
    "acute_effects_figure",
    "acute_remission",
    "acute_remission_figure",
    "acute_remission_table",
    "acute_table",
    "claim_provenance_table",
    "claim_statements",
    "course_facts_table",
    "evidence",
    "five_year_claim_markdown",
    "fixed_horizon_figure",
    "fixed_horizon_outcomes",
    "follow_up_figure",
    "follow_up_outcomes",
    "load_tables",
    "milestone_figure",
    "milestone_proportions",
    "milestone_table",
    "milestone_times",
    "ms_drug_table",
    "ms_drugs_markdown",
    "not_drawn",
    "not_drawn_table",
    "outcome_table",
    "pseudorelapse_shares",
    "pseudorelapse_table",
    "relapse_recovery_markdown",
]


def evidence(
    serostatus: str = "all", outcome: str = "all", horizon_years: float = 5.0, era: str = "all"
) -> pd.DataFrame:
    """``source_id`` and ``status`` of every row the report shows for the notebook's parameters
    (``horizon_years`` in years after onset); the reference list is built from it."""
    return report_evidence(load_tables(), serostatus, outcome, horizon_years, era)
