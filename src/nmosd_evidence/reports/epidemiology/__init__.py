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
from .results import (
    ForestResults,
    PooledPrevalence,
    expected_cases,
    forest_results,
    leave_one_out_prevalence,
    pooled_prevalence,
    selected_pooled_prevalence,
    sex_ratio_rows,
)
from .select import (
    EpidemiologyTables,
    estimates_in_scope,
    ledger_claim,
    load_tables,
    onset_band,
    prevalence_limit,
    superseded,
)
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
    "EpidemiologyTables",
    "ForestResults",
    "PooledPrevalence",
    "age_at_onset_figure",
    "eligibility_table",
    "evidence",
    "expected_cases",
    "expected_cases_markdown",
    "expected_cases_table",
    "fewer_than_five_markdown",
    "forest_figure",
    "forest_results",
    "incidence_figure",
    "leave_one_out_prevalence",
    "leave_one_out_table",
    "left_out_table",
    "load_tables",
    "method_table",
    "onset_band",
    "onset_shares_table",
    "onset_table",
    "pooled_markdown",
    "pooled_prevalence",
    "prevalence_figure",
    "prevalence_limit",
    "published_table",
    "selected_pooled_prevalence",
    "sex_ratio_figure",
    "sex_ratio_rows",
    "sex_ratio_table",
    "subgroup_table",
    "women_30_40_markdown",
]


def evidence(
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
    population: int = 1000000,
    method: str = "DL",
    transform: str = "logit",
) -> pd.DataFrame:
    """``source_id`` and ``status`` of every row the report shows or counts for these parameters.

    Every prevalence row (the statement check counts them all), the incidence rows in scope, the
    published prevalence figures, every sex-ratio and age row, the rows left out as superseded, and the
    source document whose statements the ledger rows judge (no verification status: it is the document
    checked, not evidence). ``population``, ``method`` and ``transform`` change numbers, not rows.
    """
    data = load_tables()
    estimates, pooled = data.estimates, data.pooled
    documents = [ledger_claim(data.claims, claim_id)["document"] for claim_id in CHECKED_CLAIM_IDS]
    return evidence_rows(
        estimates[estimates["measure"] == "prevalence"],
        estimates_in_scope(estimates, "incidence", region, criteria, serostatus),
        pooled[pooled["measure"] == "prevalence"],
        data.sex_ratio,
        data.age_at_onset,
        *(frame[superseded(frame)] for frame in (estimates, pooled, data.sex_ratio, data.age_at_onset)),
        pd.DataFrame({"source_id": documents, "status": pd.NA}),
    )
