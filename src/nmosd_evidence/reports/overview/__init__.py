"""The overview report (``notebooks/00_overview.ipynb``): one headline figure per area, the claims ledger
of the two source documents with its verdicts, the cited sources by type and status, the data version and
an appendix counting the rows that need checking (``nmosd-evidence todo`` lists them).

``evidence(verdict, document)`` gives the rows the report shows for its parameters: the key figures'
rows, the evidence rows of the claims shown and the two source documents.
"""

from __future__ import annotations

import pandas as pd

from ...core.curation import checking_counts
from ...core.evidence import evidence_rows
from ...datapackage import load
from .figures import verdict_chart
from .results import key_figures, ledger_counts, sources_by_type_and_status, verdict_counts
from .select import (
    KEY_FIGURES,
    key_figure_evidence,
    package_evidence_rows,
    resolved_evidence,
    rows_to_check,
    seed_document_rows,
    selected_claims,
)
from .tables import checking_counts_table, key_figures_html, ledger_html, sources_by_type_and_status_table
from .text import (
    corrections_markdown,
    data_version_markdown,
    ledger_summary_markdown,
    needs_checking_markdown,
    verdict_legend_html,
)

__all__ = [
    "KEY_FIGURES",
    "checking_counts",
    "checking_counts_table",
    "corrections_markdown",
    "data_version_markdown",
    "evidence",
    "key_figures",
    "key_figures_html",
    "ledger_counts",
    "ledger_html",
    "ledger_summary_markdown",
    "needs_checking_markdown",
    "package_evidence_rows",
    "resolved_evidence",
    "rows_to_check",
    "selected_claims",
    "sources_by_type_and_status",
    "sources_by_type_and_status_table",
    "verdict_chart",
    "verdict_counts",
    "verdict_legend_html",
]


def evidence(verdict: str = "all", document: str = "all") -> pd.DataFrame:
    """``source_id`` and ``status`` of every row the overview shows for ``verdict`` and ``document``:
    the key figures' rows, the evidence rows of the selected claims and the two source documents (the
    last two without a status when no row of theirs is shown)."""
    shown = selected_claims(load("claims"), verdict, document)
    return evidence_rows(key_figure_evidence(), resolved_evidence(shown), seed_document_rows())
