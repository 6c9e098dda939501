"""Epidemiology of NMOSD (notebook ``01_epidemiology``): prevalence and incidence estimates, random-effects
pooling of prevalence, expected cases, the female-to-male ratio and the age at onset, and the claims
ledger's verdicts on two statements of the source document with the evidence rows beside them.

Units: prevalence per 100,000 persons; incidence per 100,000 person-years; ages in years; ratios in
women per man. ``evidence(**parameters)`` gives the rows the report shows for the notebook's parameters.
"""

from __future__ import annotations

import pandas as pd

from ...core.evidence import evidence_rows
from .figures import age_at_onset_figure, forest_figure, incidence_figure, prevalence_figure, sex_ratio_figure
from .labels import ONSET_CLAIM_ID, PREVALENCE_CLAIM_ID, WOMEN_CLAIM_ID
from .pooling import (
    ForestResults,
    PooledPrevalence,
    cumulative_prevalence,
    forest_results,
    leave_one_out_prevalence,
    method_comparison,
    pooled_prevalence,
    selected_pooled_prevalence,
    subgroup_difference_test,
)
from .results import expected_cases, sex_ratio_rows
from .select import (
    Analysis,
    EpidemiologyTables,
    estimates_in_scope,
    incidence_rows,
    load_tables,
    pooled_rows,
    superseded,
)
from .sensitivity_figures import funnel_figure, specification_figure
from .sensitivity_tables import cumulative_table, incidence_table, specification_table
from .specification import limit_support, pooled_incidence, published_incidence, specification_curve
from .statements import ledger_claim, onset_band, prevalence_limit
from .tables import (
    eligibility_table,
    expected_cases_table,
    leave_one_out_table,
    left_out_table,
    method_table,
    onset_shares_table,
    onset_table,
    published_table,
    sex_ratio_table,
    subgroup_table,
)
from .text import expected_cases_markdown, fewer_than_five_markdown, pooled_markdown, women_30_40_markdown

CHECKED_CLAIM_IDS = (WOMEN_CLAIM_ID, ONSET_CLAIM_ID, PREVALENCE_CLAIM_ID)

__all__ = [
    "CHECKED_CLAIM_IDS",
    "Analysis",
    "EpidemiologyTables",
    "ForestResults",
    "PooledPrevalence",
    "age_at_onset_figure",
    "cumulative_prevalence",
    "cumulative_table",
    "eligibility_table",
    "estimates_in_scope",
    "evidence",
    "expected_cases",
    "expected_cases_markdown",
    "expected_cases_table",
    "fewer_than_five_markdown",
    "forest_figure",
    "forest_results",
    "funnel_figure",
    "incidence_figure",
    "incidence_rows",
    "incidence_table",
    "leave_one_out_prevalence",
    "leave_one_out_table",
    "ledger_claim",
    "left_out_table",
    "limit_support",
    "load_tables",
    "method_comparison",
    "method_table",
    "onset_band",
    "onset_shares_table",
    "onset_table",
    "pooled_incidence",
    "pooled_markdown",
    "pooled_prevalence",
    "pooled_rows",
    "prevalence_figure",
    "prevalence_limit",
    "published_incidence",
    "published_table",
    "selected_pooled_prevalence",
    "sex_ratio_figure",
    "sex_ratio_rows",
    "sex_ratio_table",
    "specification_curve",
    "specification_figure",
    "specification_table",
    "subgroup_difference_test",
    "subgroup_table",
    "superseded",
    "women_30_40_markdown",
]


def evidence(
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
    population: int = 1000000,
    method: str = "DL",
    transform: str = "logit",
    inputs: str = "all",
    test: str = "z",
) -> pd.DataFrame:
    """``source_id`` and ``status`` of every row the report shows or counts for these parameters.

    Every prevalence row (the statement check counts them all), the incidence rows in scope, the
    published prevalence and incidence figures, every sex-ratio and age row, the rows left out as
    superseded, and the source document whose statements the ledger rows judge (no verification status:
    it is the document checked, not evidence). ``population``, ``method``, ``transform``, ``inputs``
    and ``test`` change numbers, not rows.
    """
    data = load_tables()
    estimates, pooled = data.estimates, data.pooled
    documents = [ledger_claim(data.claims, claim_id)["document"] for claim_id in CHECKED_CLAIM_IDS]
    return evidence_rows(
        estimates[estimates["measure"] == "prevalence"],
        estimates_in_scope(estimates, "incidence", region, criteria, serostatus),
        pooled,  # published prevalence and incidence figures (the incidence table shows the latter)
        data.sex_ratio,
        data.age_at_onset,
        *(frame[superseded(frame)] for frame in (estimates, pooled, data.sex_ratio, data.age_at_onset)),
        pd.DataFrame({"source_id": documents, "status": pd.NA}),
    )
