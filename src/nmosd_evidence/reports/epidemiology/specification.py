"""How much the pooled prevalence depends on the analyst's choices (a specification curve), which
estimates and methods support the "fewer than N in 100,000" statement, and pooled incidence.

Units: prevalence per 100,000 persons; incidence per 100,000 person-years; I² in percent.
"""

from __future__ import annotations

from itertools import product

import pandas as pd

from ...core.memo import memoised
from ...core.meta import PooledRate, pool_rates
from .pooling import MIN_STUDIES, fit_numbers, numbers_fit, study_numbers
from .select import ALL, Analysis, incidence_rows, pooled_rows

SPECIFICATION_METHODS = ("DL", "REML", "PM")
SPECIFICATION_TRANSFORMS = ("logit", "freeman-tukey")
SPECIFICATION_INPUTS = ("counts", "derived", "all")
NUMBERS = ("estimate", "ci_lower", "ci_upper", "pi_lower", "pi_upper", "i2")
STATUS_RULES = {"not unverified": None, "verified only": ("verified",)}
ADMINISTRATIVE = {"with": True, "without": False}  # ICD-coded administrative (claims, EHR) data
SPECIFICATION_COLUMNS = [
    "method", "transform", "inputs", "statuses", "icd_coded_data", "k", "estimate", "ci_lower",
    "ci_upper", "pi_lower", "pi_upper", "i2", "estimate_ids",
]  # fmt: skip


@memoised()
def specification_curve(estimates: pd.DataFrame, analysis: Analysis = ALL) -> pd.DataFrame:
    """The pooled prevalence of the subgroup of ``analysis`` (its region, criteria and serostatus) under
    every defensible combination of the other choices.

    Method (DL, REML, PM) × scale (logit, Freeman–Tukey) × inputs (printed counts; + derived populations;
    + printed CIs, logit only, as Freeman–Tukey needs counts) × statuses (every status but unverified;
    verified only) × ICD-coded administrative data (with; without). One row per combination that pools
    at least ``MIN_STUDIES`` studies, sorted by estimate: ``SPECIFICATION_COLUMNS`` (rates per 100,000).
    """
    lines = []
    kept = {
        (statuses, icd): _kept(estimates, statuses, icd)
        for statuses, icd in product(STATUS_RULES, ADMINISTRATIVE)
    }
    for transform, inputs, statuses, icd in product(
        SPECIFICATION_TRANSFORMS, SPECIFICATION_INPUTS, STATUS_RULES, ADMINISTRATIVE
    ):
        if transform == "freeman-tukey" and inputs == "all":
            continue  # the same studies as "derived": printed CIs pool on the logit scale only
        choice = analysis.with_(inputs=inputs, transform=transform, test="z")
        rows = pooled_rows(kept[statuses, icd], choice)
        if len(rows) < MIN_STUDIES:
            continue
        pooled = study_numbers(rows)  # read once for the three methods
        for method in SPECIFICATION_METHODS:
            numbers = fit_numbers(numbers_fit(pooled, choice.with_(method=method)))
            lines.append(
                {
                    "method": method, "transform": transform, "inputs": inputs, "statuses": statuses,
                    "icd_coded_data": icd, "k": len(rows), "estimate_ids": ", ".join(rows["estimate_id"]),
                    **{name: numbers[name] for name in NUMBERS},
                }
            )  # fmt: skip
    table = pd.DataFrame(lines, columns=SPECIFICATION_COLUMNS)
    return table.sort_values("estimate", kind="stable").reset_index(drop=True)


def _kept(estimates: pd.DataFrame, statuses: str, icd: str) -> pd.DataFrame:
    """The estimates a specification starts from: of the statuses of ``STATUS_RULES[statuses]``, with or
    without ICD-coded administrative data (``ADMINISTRATIVE[icd]``)."""
    chosen = estimates
    if STATUS_RULES[statuses] is not None:
        chosen = chosen[chosen["status"].isin(STATUS_RULES[statuses])]
    if not ADMINISTRATIVE[icd]:
        chosen = chosen[chosen["criteria"] != "ICD"]
    return chosen


def limit_support(curve: pd.DataFrame, limit: float) -> dict[str, int]:
    """How the specifications of ``curve`` stand against "fewer than ``limit`` per 100,000": counts of
    specifications whose estimate is below the limit, whose whole 95% CI is below it, whose CI contains
    it, whose CI lies above it, and whose prediction interval reaches above it; and the total."""
    return {
        "specifications": len(curve),
        "estimate below": int((curve["estimate"] < limit).sum()),
        "CI below": int((curve["ci_upper"] < limit).sum()),
        "CI contains": int(((curve["ci_lower"] <= limit) & (curve["ci_upper"] >= limit)).sum()),
        "CI above": int((curve["ci_lower"] > limit).sum()),
        "PI reaches above": int((curve["pi_upper"] > limit).sum()),
    }


def pooled_incidence(
    estimates: pd.DataFrame, analysis: Analysis = ALL
) -> tuple[pd.DataFrame, PooledRate | None]:
    """Incidence rows pooled (``select.incidence_rows``) and their random-effects pooled rate per 100,000
    person-years on the log scale (``core.meta.pool_rates``: variance 1/cases, or from the printed CI;
    the method and test of ``analysis``); None for fewer than ``MIN_STUDIES`` rows."""
    rows = incidence_rows(estimates, analysis)
    if len(rows) < MIN_STUDIES:
        return rows, None
    numbers = [rows[c].astype(float).to_numpy() for c in ("value", "cases", "ci_lower", "ci_upper")]
    return rows, pool_rates(*numbers, method=analysis.method, test=analysis.test)


def published_incidence(pooled: pd.DataFrame) -> pd.DataFrame:
    """The published incidence figures (reviews, pooled analyses, ranges), as the data has them."""
    rows = pooled[pooled["measure"] == "incidence"]
    return rows.reset_index(drop=True)
