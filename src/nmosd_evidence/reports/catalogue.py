"""Which report module serves which notebook, and the evidence rows a report uses for its parameters."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .epidemiology import evidence as epidemiology_evidence
from .hsct import evidence as hsct_evidence
from .overview import evidence as overview_evidence
from .progression import evidence as progression_evidence
from .treatment import evidence as treatment_evidence

EVIDENCE: dict[str, Callable[..., pd.DataFrame]] = {
    "00_overview": overview_evidence,
    "01_epidemiology": epidemiology_evidence,
    "02_progression": progression_evidence,
    "03_hsct_outcomes": hsct_evidence,
    "04_treatment": treatment_evidence,
}


def report_evidence(notebook: str, **parameters: object) -> pd.DataFrame:
    """The evidence rows (``source_id``, ``status``, …) the report of ``notebook`` shows for
    ``parameters`` (the notebook's parameter names). ``LookupError`` for a notebook without a report."""
    if notebook not in EVIDENCE:
        raise LookupError(f"no report module for notebook {notebook!r}; reports: {', '.join(EVIDENCE)}")
    return EVIDENCE[notebook](**parameters)
