"""Treatment report (``notebooks/04_treatment.ipynb``): relapse-prevention trial comparisons and acute
attack treatment, and what the source document says about treatment next to the claims ledger.

Every function takes a ``Scope`` (``scope(<parameters>)``: the tables and the rows in scope) and
returns Markdown, a Styler or a plotly figure; ``evidence(<parameters>)`` gives the rows all of them
show, for the reference list.
"""

from __future__ import annotations

import pandas as pd

from ...core.evidence import evidence_rows
from ...core.vocabulary import ROCHE_PAGE
from .figures import hazard_ratio_forest, relapse_free_chart
from .labels import base_drug
from .results import aqp4_positive_shares, negative_subgroup_ratios, trial_rows, whole_trials
from .select import (
    Scope,
    acute_treatment_rows,
    approvals_of,
    first_approvals,
    results_for,
    scope,
    unapproved_trial_drugs,
)
from .tables import (
    acute_treatment_table,
    conflicting_reports_table,
    hazard_ratio_table,
    mechanism_table,
    other_comparisons_table,
    summary_design_table,
    summary_results_table,
    unverified_results_table,
)
from .text import (
    acute_evidence_markdown,
    selection_markdown,
    source_document_markdown,
    trial_findings_markdown,
    trial_limits_markdown,
)

__all__ = [
    "Scope", "acute_evidence_markdown", "acute_treatment_table", "conflicting_reports_table", "evidence",
    "hazard_ratio_forest", "hazard_ratio_table", "mechanism_table", "other_comparisons_table",
    "relapse_free_chart", "scope", "selection_markdown", "source_document_markdown", "summary_design_table",
    "summary_results_table", "trial_findings_markdown", "trial_limits_markdown", "unverified_results_table",
]  # fmt: skip


def scope_evidence(shown: Scope) -> pd.DataFrame:
    """``source_id`` and ``status`` of every row the report shows for ``shown``: the selected trial
    comparisons and their results, the other comparisons and theirs, the acute-treatment rows, every
    trial row and AQP4- hazard ratio the limits describe, the approval rows, the source document
    (without status) and the rows the ledger cites for its treatment claims."""
    drugs = sorted({base_drug(drug) for drug in shown.comparisons["drug"]})
    shares = aqp4_positive_shares(shown)
    every = trial_rows(shown)
    return evidence_rows(
        shown.comparisons,
        results_for(shown.comparisons, shown.results),
        shown.other,
        results_for(shown.other, shown.results),
        acute_treatment_rows(shown.acute),
        whole_trials(shown),
        shares[["subgroup_source_id", "subgroup_status"]].set_axis(["source_id", "status"], axis=1),
        every[every["population"] == "AQP4-"],
        negative_subgroup_ratios(shown),
        approvals_of(shown.trials, drugs),
        first_approvals(shown.trials),
        unapproved_trial_drugs(shown.trials),
        pd.DataFrame({"source_id": [ROCHE_PAGE], "status": [pd.NA]}),
        shown.cited,
    )


def evidence(
    population: str = "all", include_external_control: bool = True, include_open_label: bool = True
) -> pd.DataFrame:
    """The evidence rows (``source_id``, ``status``) of everything the report shows for the notebook's
    parameters; loads the tables itself."""
    return scope_evidence(scope(population, include_external_control, include_open_label))
