"""The epidemiology report's numbers: pooled prevalence (random effects, ``core.meta``), study intervals
for the forest plot, expected cases, female-to-male ratios and age-at-onset summaries.

Units: prevalence per 100,000 persons; expected cases in people; ratios in women per man; ages in
years; I² in percent (tau²-based, as metafor: 100 tau²/(tau² + s²), s² the typical within-study
variance, for every method); tau² and tau on the transformed scale. Results are numbers (dataclasses
or numeric DataFrames); the report's tables and text format them. Fewer than ``MIN_STUDIES`` studies
give a message, never a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ...core.intervals import clopper_pearson_interval
from ...core.meta import Method, PooledProportion, Transform, leave_one_out, pool_proportions
from .labels import subgroup_label
from .select import (
    estimates_in_scope,
    ethnicity_candidates,
    has_counts,
    onset_rows,
    pooled_rows,
    published_prevalence,
    study_range,
    superseded,
)

PER = 100_000  # prevalence is per 100,000 persons
MIN_STUDIES = 3  # a random-effects estimate needs at least this many studies with counts
RATE_COLUMNS = ["value", "ci_lower", "ci_upper", "pi_lower", "pi_upper", "range_low", "range_high"]


@dataclass(frozen=True)
class PooledPrevalence:
    """A pooled prevalence per 100,000 for one subgroup, or the reason there is none (``message``)."""

    subgroup: str
    k: int
    method: str
    transform: str
    estimate_ids: tuple[str, ...]
    source_ids: tuple[str, ...]
    estimate: float | None = None  # per 100,000
    ci_lower: float | None = None
    ci_upper: float | None = None
    pi_lower: float | None = None
    pi_upper: float | None = None
    tau2: float | None = None  # on the transformed scale
    tau2_ci_lower: float | None = None  # Q-profile 95% CI
    tau2_ci_upper: float | None = None
    tau: float | None = None  # sqrt(tau²), transformed scale
    i2: float | None = None  # percent, tau²-based (metafor's definition; Q-based equal for DL)
    i2_ci_lower: float | None = None  # percent, from the tau² CI
    i2_ci_upper: float | None = None
    h2: float | None = None  # 1 + tau²/s²
    q: float | None = None
    q_pvalue: float | None = None
    weights: tuple[float, ...] = field(default_factory=tuple)  # 0-1, in the order of estimate_ids
    converged: bool = True  # False when a solver did not converge (see ``note``)
    note: str = ""  # what the fit reports (non-convergence, tau² truncated at 0, ...)
    message: str | None = None
    mix: str = ""  # what the pooled rows mix: diagnostic criteria and designs, with counts

    @property
    def pooled(self) -> bool:
        """True when there is a number, False when the subgroup was refused."""
        return self.message is None


def _mix(rows: pd.DataFrame) -> str:
    """'criteria ICD 1, W2006 4; design registry 1, …': what the pooled rows mix, with counts."""
    return "; ".join(
        f"{column} "
        + ", ".join(f"{value} {count}" for value, count in sorted(rows[column].value_counts().items()))
        for column in ("criteria", "design")
        if column in rows
    )


def pooled_prevalence(
    rows: pd.DataFrame, subgroup: str, method: Method = "DL", transform: Transform = "logit"
) -> PooledPrevalence:
    """Random-effects pooled prevalence per 100,000 of ``rows`` (each with cases and population_at_risk).

    ``core.meta.pool_proportions`` (metafor's numbers): the estimate with its 95% CI and 95% prediction
    interval (t, k - 2 df; back-transformed), tau² and tau with the Q-profile CI of tau², I² (%) and H²
    (tau²-based) with the CI of I², Q and its p-value, convergence and the fit's note; or, for fewer
    than ``MIN_STUDIES`` rows, no number and a ``message`` saying why.
    """
    rows = rows[has_counts(rows)] if len(rows) else rows
    ids = tuple(rows["estimate_id"]) if len(rows) else ()
    sources = tuple(sorted(set(rows["source_id"]))) if len(rows) else ()
    base = {"subgroup": subgroup, "k": len(ids), "method": method, "transform": transform}
    if len(ids) < MIN_STUDIES:
        listed = f" ({', '.join(ids)})" if ids else ""
        message = (
            f"Too few studies to pool ({subgroup}): k = {len(ids)}{listed} with cases and population; "
            f"a random-effects estimate needs at least {MIN_STUDIES}."
        )
        return PooledPrevalence(**base, estimate_ids=ids, source_ids=sources, message=message)
    fit = pool_proportions(*_counts(rows), method, transform)
    return PooledPrevalence(**base, estimate_ids=ids, source_ids=sources, **_fit_numbers(fit), mix=_mix(rows))


def _counts(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Cases and population at risk of ``rows`` (people), as float arrays."""
    return (
        rows["cases"].to_numpy(dtype=float),
        rows["population_at_risk"].to_numpy(dtype=float),
    )


def _fit_numbers(fit: PooledProportion) -> dict[str, object]:
    """The fields of ``PooledPrevalence`` from a ``core.meta`` fit: rates per 100,000, weights 0-1."""
    return {
        "estimate": PER * fit.estimate,
        "ci_lower": PER * fit.ci_lower,
        "ci_upper": PER * fit.ci_upper,
        "pi_lower": PER * fit.pi_lower,
        "pi_upper": PER * fit.pi_upper,
        "tau2": fit.tau2,
        "tau2_ci_lower": fit.tau2_ci[0],
        "tau2_ci_upper": fit.tau2_ci[1],
        "tau": fit.tau,
        "i2": fit.i2,
        "i2_ci_lower": fit.i2_ci[0],
        "i2_ci_upper": fit.i2_ci[1],
        "h2": fit.h2,
        "q": fit.q,
        "q_pvalue": fit.q_pvalue,
        "weights": tuple(w / 100 for w in fit.weights),
        "converged": fit.converged,
        "note": fit.note,
    }


LEAVE_ONE_OUT_COLUMNS = [
    "estimate_id", "source_id", "k", "estimate", "ci_lower", "ci_upper", "tau2", "i2", "converged", "note",
]  # fmt: skip


def leave_one_out_prevalence(
    estimates: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
    method: Method = "DL",
    transform: Transform = "logit",
) -> pd.DataFrame:
    """The selected subgroup pooled without each of its studies in turn (``core.meta.leave_one_out``).

    One row per study left out, in the order of ``pooled_prevalence``'s ``estimate_ids``: its
    ``estimate_id`` and ``source_id``, the ``k`` studies pooled, ``estimate``, ``ci_lower``, ``ci_upper``
    (per 100,000), ``tau2`` (transformed scale), ``i2`` (percent, tau²-based), ``converged`` and
    ``note``. No rows when the subgroup has fewer than ``MIN_STUDIES`` studies with counts.
    """
    rows = pooled_rows(estimates, region, criteria, serostatus)
    rows = rows[has_counts(rows)] if len(rows) else rows
    if len(rows) < MIN_STUDIES:
        return pd.DataFrame(columns=LEAVE_ONE_OUT_COLUMNS)
    fits = leave_one_out(*_counts(rows), method, transform)
    lines = []
    for estimate_id, source_id, fit in zip(rows["estimate_id"], rows["source_id"], fits, strict=True):
        numbers = _fit_numbers(fit) | {"estimate_id": estimate_id, "source_id": source_id, "k": fit.k}
        lines.append({name: numbers[name] for name in LEAVE_ONE_OUT_COLUMNS})
    return pd.DataFrame(lines, columns=LEAVE_ONE_OUT_COLUMNS)


def selected_pooled_prevalence(
    estimates: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
    method: Method = "DL",
    transform: Transform = "logit",
) -> PooledPrevalence:
    """The pooled prevalence of the subgroup the report's parameters choose."""
    rows = pooled_rows(estimates, region, criteria, serostatus)
    return pooled_prevalence(rows, subgroup_label(region, criteria, serostatus), method, transform)


def pooled_prevalence_by(
    estimates: pd.DataFrame,
    by: Literal["region", "ethnicity", "criteria"],
    criteria: str = "any",
    serostatus: str = "all",
    method: Method = "DL",
    transform: Transform = "logit",
) -> list[PooledPrevalence]:
    """Pooled prevalence per value of ``by``, one result per value, in sorted order.

    Region and criteria subgroups pool whole-population rows; the ethnicity subgroups pool every row
    with counts that is not a sex or age group, by its ethnicity. Values of ``by`` present among the
    prevalence rows in scope but without counts give k = 0 and the refusal message. The ``criteria``
    filter is not applied when grouping by criteria.
    """
    scope_criteria = "any" if by == "criteria" else criteria
    in_scope = estimates_in_scope(estimates, "prevalence", "All", scope_criteria, serostatus)
    if by == "ethnicity":
        candidates = ethnicity_candidates(in_scope)
    else:
        candidates = pooled_rows(estimates, "All", scope_criteria, serostatus)
    return [
        pooled_prevalence(candidates[candidates[by] == value], f"{by}: {value}", method, transform)
        for value in sorted(set(in_scope[by]))
    ]


def method_comparison(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> list[PooledPrevalence]:
    """The selected subgroup pooled by every method (DL, REML, PM) on each scale (logit, then
    Freeman–Tukey); one result only when the subgroup is refused whatever the method."""
    rows = pooled_rows(estimates, region, criteria, serostatus)
    label = subgroup_label(region, criteria, serostatus)
    results = [
        pooled_prevalence(rows, label, method, transform)
        for transform in ("logit", "freeman-tukey")
        for method in ("DL", "REML", "PM")
    ]
    return results if results[0].pooled else results[:1]


@dataclass(frozen=True)
class ForestResults:
    """What the forest plot draws: the studies with counts (``crude``, ``cp_lower``, ``cp_upper`` per
    100,000, Clopper–Pearson 95%; ``weight`` 0-1 in the all-regions pool or NaN) and the pooled results
    (all regions first, then the chosen region when it is not all)."""

    studies: pd.DataFrame
    pooled: list[PooledPrevalence]
    method: str
    transform: str


def forest_results(
    estimates: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
    method: Method = "DL",
    transform: Transform = "logit",
) -> ForestResults:
    """Crude prevalence with an exact 95% interval for every study with counts (all regions, chosen
    criteria and serostatus; sorted by region and id), with the pooled estimates of all regions and
    of the chosen region."""
    rows = pooled_rows(estimates, "All", criteria, serostatus)
    overall = pooled_prevalence(rows, subgroup_label("All", criteria, serostatus), method, transform)
    rows = rows.sort_values(["region", "estimate_id"]).reset_index(drop=True)
    intervals = [
        clopper_pearson_interval(int(x), int(n))
        for x, n in zip(rows["cases"], rows["population_at_risk"], strict=True)
    ]
    weights = dict(zip(overall.estimate_ids, overall.weights, strict=False))
    studies = rows.assign(
        crude=rows["cases"].to_numpy(dtype=float) / rows["population_at_risk"].to_numpy(dtype=float) * PER,
        cp_lower=[low * PER for low, _ in intervals],
        cp_upper=[high * PER for _, high in intervals],
        weight=[weights.get(i, np.nan) for i in rows["estimate_id"]],
    )
    pooled = [overall]
    if region != "All":
        pooled.append(selected_pooled_prevalence(estimates, region, criteria, serostatus, method, transform))
    return ForestResults(studies=studies, pooled=pooled, method=method, transform=transform)


def crude_per_100k(rows: pd.DataFrame) -> pd.Series:
    """``cases / population_at_risk`` per 100,000 (missing without both counts)."""
    return rows["cases"].astype("Float64") / rows["population_at_risk"].astype("Float64") * PER


# --- expected cases ----------------------------------------------------------------------------------


def expected_cases(population: int, per_100k: float) -> float:
    """Expected number of people with NMOSD: ``population * per_100k / 100,000``."""
    return population * per_100k / PER


def expected_cases_bases(
    population: int,
    result: PooledPrevalence,
    pooled: pd.DataFrame,
    estimates: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
) -> pd.DataFrame:
    """The bases of an expected number of people with NMOSD among ``population`` people, one row each.

    Rows: this report's pooled estimate (``basis`` "pooled", or "refused" when it could not be pooled),
    the published figures for the region (``basis`` "published", with their pooled_id, kind, subgroup,
    source and status) and the lowest-to-highest whole-population study estimate in scope (``basis``
    "study range"). Rates per 100,000 in ``value``, ``ci_lower``, ``ci_upper``, ``pi_lower``,
    ``pi_upper``, ``range_low``, ``range_high``; the expected people for each in ``people_<rate>``.
    """
    lines: list[dict[str, object]] = [
        {
            "basis": "pooled" if result.pooled else "refused",
            "value": result.estimate,
            "ci_lower": result.ci_lower,
            "ci_upper": result.ci_upper,
            "pi_lower": result.pi_lower,
            "pi_upper": result.pi_upper,
            "source_id": ", ".join(result.source_ids),
            "status": "computed" if result.pooled else "",
        }
    ]
    for _, row in published_prevalence(pooled, region).iterrows():
        lines.append(
            {"basis": "published", **{c: row[c] for c in RATE_COLUMNS if c in row}}
            | {c: row[c] for c in ("pooled_id", "kind", "subgroup", "source_id", "status")}
        )
    studies = study_range(estimates, region, criteria, serostatus)
    if len(studies):
        low, high = studies.loc[studies["value"].idxmin()], studies.loc[studies["value"].idxmax()]
        lines.append(
            {
                "basis": "study range",
                "range_low": low["value"],
                "range_high": high["value"],
                "low_id": low["estimate_id"],
                "high_id": high["estimate_id"],
                "studies": len(studies),
                "source_id": ", ".join(sorted({low["source_id"], high["source_id"]})),
                "status": "computed",
            }
        )
    table = pd.DataFrame(lines)
    for column in RATE_COLUMNS:
        rates = pd.to_numeric(table[column], errors="coerce") if column in table else np.nan
        table[column] = rates
        table[f"people_{column}"] = expected_cases(population, table[column])
    return table


# --- women and men, age at onset ---------------------------------------------------------------------


def sex_ratio_rows(sex_ratio: pd.DataFrame) -> pd.DataFrame:
    """Female-to-male ratio per row (women per man): as printed, or computed from the share of women
    (p / (100 - p)).

    Rows with neither (a lower bound only, a garbled print) and superseded rows are left out. Columns
    add ``ratio``, ``ratio_status`` (the row's status, or 'computed' for a ratio from a share) and
    ``ratio_basis``.
    """
    rows = sex_ratio[~superseded(sex_ratio)].copy()
    from_share = rows["female_to_male"].isna() & rows["percent_female"].notna()
    rows["ratio"] = rows["female_to_male"].astype("Float64")
    share = rows.loc[from_share, "percent_female"].astype(float)
    rows.loc[from_share, "ratio"] = share / (100 - share)
    rows["ratio_status"] = rows["status"].where(~from_share, "computed")
    rows["ratio_basis"] = np.where(from_share, "computed from the share of women", "as printed")
    return rows[rows["ratio"].notna()].reset_index(drop=True)


def sex_ratio_summary(sex_ratio: pd.DataFrame) -> pd.DataFrame:
    """Female-to-male ratios by serostatus and region: rows, median, lowest and highest (women per
    man) and the row ids."""
    rows = sex_ratio_rows(sex_ratio)
    grouped = rows.groupby(["serostatus", "region"])
    table = grouped["ratio"].agg(rows="count", median="median", lowest="min", highest="max").reset_index()
    table["row ids"] = grouped["sex_ratio_id"].agg(", ".join).to_numpy()
    return table


def age_at_onset_summary(age_at_onset: pd.DataFrame) -> pd.DataFrame:
    """Mean or median ages at onset (the 'study' rows of ``select.onset_rows``) by region and
    serostatus: rows, median of the study values, lowest and highest (years) and the row ids."""
    rows = onset_rows(age_at_onset)
    rows = rows[rows["kind"] == "study"]
    grouped = rows.groupby(["region", "serostatus"])
    table = grouped["value"].agg(rows="count", median="median", lowest="min", highest="max").reset_index()
    table["row ids"] = grouped["onset_id"].agg(", ".join).to_numpy()
    return table
