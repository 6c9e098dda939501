"""Pooled prevalence of the epidemiology report: random effects over the rows ``select.pooled_rows``
chooses (counts, derived populations, printed CIs), per subgroup, by method, leaving one study out,
cumulatively by publication year, and the forest plot's numbers.

Units: prevalence per 100,000 persons; tau² and tau on the transformed scale; I² in percent
(tau²-based, as metafor: 100 tau²/(tau² + s²), s² the typical within-study variance, for every method);
weights 0-1. Fewer than ``MIN_STUDIES`` studies give a message, never a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ...core.intervals import clopper_pearson_interval
from ...core.memo import memoised
from ...core.meta import (
    PooledProportion,
    SubgroupTest,
    pool_mixed_proportions,
    pool_proportions,
    subgroup_difference,
)
from .labels import subgroup_label
from .select import (
    ALL,
    FROM_CI,
    Analysis,
    estimates_in_scope,
    ethnicity_candidates,
    pooled_rows,
    population_used,
)

PER = 100_000  # prevalence is per 100,000 persons
MIN_STUDIES = 3  # a random-effects estimate needs at least this many studies
SUBGROUPS = ("region", "ethnicity", "criteria", "design", "serostatus")
Subgroup = Literal["region", "ethnicity", "criteria", "design", "serostatus"]


@dataclass(frozen=True)
class PooledPrevalence:
    """A pooled prevalence per 100,000 for one subgroup, or the reason there is none (``message``)."""

    subgroup: str
    k: int
    method: str
    transform: str
    estimate_ids: tuple[str, ...]
    source_ids: tuple[str, ...]
    inputs: tuple[str, ...] = ()  # how each study entered (select.COUNTS, DERIVED, FROM_CI), in id order
    test: str = "z"  # "z" (Wald) or "knha" (Knapp–Hartung)
    estimate: float | None = None  # per 100,000
    ci_lower: float | None = None
    ci_upper: float | None = None
    pi_lower: float | None = None
    pi_upper: float | None = None
    mu: float | None = None  # pooled mean on the transformed scale, with its standard error
    se: float | None = None
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

    def count(self, entry: str) -> int:
        """How many studies entered by ``entry`` (``select.COUNTS``, ``DERIVED`` or ``FROM_CI``)."""
        return self.inputs.count(entry)


def _mix(rows: pd.DataFrame) -> str:
    """'criteria ICD 1, W2006 4; design registry 1, …': what the pooled rows mix, with counts."""
    return "; ".join(
        f"{column} "
        + ", ".join(f"{value} {count}" for value, count in sorted(rows[column].value_counts().items()))
        for column in ("criteria", "design")
        if column in rows
    )


def study_fit(rows: pd.DataFrame, analysis: Analysis = ALL) -> PooledProportion:
    """``core.meta`` fit of ``rows`` (``select.pooled_rows``; k >= 2) by the method, transform and test
    of ``analysis``: counts and derived populations as proportions, printed CIs by generic inverse
    variance (logit scale only; ``ValueError`` otherwise)."""
    return numbers_fit(study_numbers(rows), analysis)


@dataclass(frozen=True)
class StudyNumbers:
    """The numbers a fit reads of ``select.pooled_rows``, one per row: ``cases`` (people), ``n`` the
    population used (NaN for a study entered by its printed CI), ``p``, ``low``, ``high`` the printed
    value and 95% CI as proportions (0-1)."""

    cases: np.ndarray
    n: np.ndarray
    p: np.ndarray
    low: np.ndarray
    high: np.ndarray


def study_numbers(rows: pd.DataFrame) -> StudyNumbers:
    """The numbers of ``rows`` (``select.pooled_rows``) that ``numbers_fit`` pools."""
    n = population_used(rows).where(rows["input"] != FROM_CI).to_numpy(dtype=float)
    cases = rows["cases"].astype(float).to_numpy()
    p, low, high = (rows[c].astype(float).to_numpy() / PER for c in ("value", "ci_lower", "ci_upper"))
    return StudyNumbers(cases, n, p, low, high)


def numbers_fit(numbers: StudyNumbers, analysis: Analysis = ALL) -> PooledProportion:
    """``study_fit`` from the rows' numbers (``study_numbers``), so that one set of rows is read once
    for several methods."""
    method, test = analysis.method, analysis.test
    if analysis.transform == "logit":
        return pool_mixed_proportions(
            numbers.cases, numbers.n, numbers.p, numbers.low, numbers.high, method, test=test
        )
    if np.isnan(numbers.n).any():
        raise ValueError("the Freeman–Tukey scale pools counts only; a study entered by its printed CI")
    return pool_proportions(numbers.cases, numbers.n, method, analysis.transform, test=test)


def pooled_prevalence(rows: pd.DataFrame, subgroup: str, analysis: Analysis = ALL) -> PooledPrevalence:
    """Random-effects pooled prevalence per 100,000 of ``rows`` (``select.pooled_rows``), by the method,
    transform and test of ``analysis``.

    The estimate with its 95% CI and 95% prediction interval (t, k - 2 df, or Knapp–Hartung's t on
    k - 1 df; back-transformed), tau² and tau with the Q-profile CI of tau², I² (%) and H² (tau²-based)
    with the CI of I², Q and its p-value, convergence and the fit's note; or, for fewer than
    ``MIN_STUDIES`` rows, no number and a ``message`` saying why.
    """
    ids = tuple(rows["estimate_id"])
    base = {
        "subgroup": subgroup, "k": len(ids), "method": analysis.method, "transform": analysis.transform,
        "test": analysis.test, "estimate_ids": ids, "source_ids": tuple(sorted(set(rows["source_id"]))),
        "inputs": tuple(rows["input"]),
    }  # fmt: skip
    if len(ids) < MIN_STUDIES:
        listed = f" ({', '.join(ids)})" if ids else ""
        message = (
            f"Too few studies to pool ({subgroup}): k = {len(ids)}{listed}; "
            f"a random-effects estimate needs at least {MIN_STUDIES}."
        )
        return PooledPrevalence(**base, message=message)
    return PooledPrevalence(**base, **fit_numbers(study_fit(rows, analysis)), mix=_mix(rows))


def fit_numbers(fit: PooledProportion) -> dict[str, object]:
    """The numeric fields of ``PooledPrevalence`` from a ``core.meta`` fit: rates per 100,000, weights
    0-1."""
    return {
        "estimate": PER * fit.estimate,
        "ci_lower": PER * fit.ci_lower,
        "ci_upper": PER * fit.ci_upper,
        "pi_lower": PER * fit.pi_lower,
        "pi_upper": PER * fit.pi_upper,
        "mu": fit.mu,
        "se": fit.se,
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


def selected_pooled_prevalence(estimates: pd.DataFrame, analysis: Analysis = ALL) -> PooledPrevalence:
    """The pooled prevalence of the subgroup ``analysis`` chooses."""
    label = subgroup_label(*analysis.scope)
    return pooled_prevalence(pooled_rows(estimates, analysis), label, analysis)


LEAVE_ONE_OUT_COLUMNS = [
    "estimate_id", "source_id", "k", "estimate", "ci_lower", "ci_upper", "tau2", "i2", "converged", "note",
    "influential",
]  # fmt: skip


def leave_one_out_prevalence(estimates: pd.DataFrame, analysis: Analysis = ALL) -> pd.DataFrame:
    """The selected subgroup pooled without each of its studies in turn (metafor's ``leave1out``).

    One row per study left out, in the order of ``pooled_prevalence``'s ``estimate_ids``: its
    ``estimate_id`` and ``source_id``, the ``k`` studies pooled, ``estimate``, ``ci_lower``, ``ci_upper``
    (per 100,000), ``tau2`` (transformed scale), ``i2`` (percent, tau²-based), ``converged`` and
    ``note``; ``influential`` is True when leaving the study out moves the pooled estimate outside the
    95% CI of the pool of all the studies. No rows when the subgroup has fewer than ``MIN_STUDIES``
    studies.
    """
    rows = pooled_rows(estimates, analysis)
    if len(rows) < MIN_STUDIES:
        return pd.DataFrame(columns=LEAVE_ONE_OUT_COLUMNS)
    everything = study_fit(rows, analysis)
    lines = []
    for position, (estimate_id, source_id) in enumerate(
        zip(rows["estimate_id"], rows["source_id"], strict=True)
    ):
        fit = study_fit(rows.drop(index=rows.index[position]), analysis)
        numbers = fit_numbers(fit) | {"estimate_id": estimate_id, "source_id": source_id, "k": fit.k}
        numbers["influential"] = not everything.ci_lower <= fit.estimate <= everything.ci_upper
        lines.append({name: numbers[name] for name in LEAVE_ONE_OUT_COLUMNS})
    return pd.DataFrame(lines, columns=LEAVE_ONE_OUT_COLUMNS)


CUMULATIVE_COLUMNS = ["year", "estimate_id", "source_id", "k", "estimate", "ci_lower", "ci_upper", "i2"]


def cumulative_prevalence(
    estimates: pd.DataFrame, publication_years: pd.Series, analysis: Analysis = ALL
) -> pd.DataFrame:
    """Cumulative meta-analysis by publication year (metafor's ``cumul``): the studies sorted by the
    ``publication_years`` of their sources (indexed by source_id; ties by estimate id), each line the
    pool of the studies up to and including it (the first line adds the first two studies, ids joined
    by " + "). Columns ``CUMULATIVE_COLUMNS``
    (rates per 100,000, I² percent); no rows for fewer than ``MIN_STUDIES`` studies."""
    rows = pooled_rows(estimates, analysis)
    if len(rows) < MIN_STUDIES:
        return pd.DataFrame(columns=CUMULATIVE_COLUMNS)
    rows = rows.assign(year=rows["source_id"].map(publication_years)).sort_values(["year", "estimate_id"])
    lines = []
    for j in range(2, len(rows) + 1):
        fit = study_fit(rows.iloc[:j], analysis)
        added = rows.iloc[:j] if j == 2 else rows.iloc[[j - 1]]  # the first line adds the first two
        numbers = fit_numbers(fit) | {
            "k": fit.k,
            "year": rows.iloc[j - 1]["year"],
            "estimate_id": " + ".join(added["estimate_id"]),
            "source_id": " + ".join(added["source_id"]),
        }
        lines.append({name: numbers[name] for name in CUMULATIVE_COLUMNS})
    return pd.DataFrame(lines, columns=CUMULATIVE_COLUMNS)


def subgroup_rows(estimates: pd.DataFrame, by: Subgroup, analysis: Analysis = ALL) -> dict[str, pd.DataFrame]:
    """The rows pooled per value of ``by``, in sorted order (values in scope without pooled rows give
    an empty frame). Region, criteria and design subgroups split the all-regions pool; ethnicity pools
    every row with counts that is not a sex or age group, by its ethnicity; serostatus pools each
    serostatus scope. The criteria of ``analysis`` do not apply when grouping by criteria, nor its
    serostatus when grouping by serostatus; its region never does."""
    return _subgroup_rows(estimates, by, analysis.with_(region="All"))


# The subgroups never depend on the region of the analysis: cached without it, so that one report's
# subgroups serve the next report of another region on the same kernel.
@memoised()
def _subgroup_rows(estimates: pd.DataFrame, by: Subgroup, analysis: Analysis) -> dict[str, pd.DataFrame]:
    scope = analysis.with_(**({"criteria": "any"} if by == "criteria" else {}))
    if by == "serostatus":
        values = sorted(set(estimates.loc[estimates["measure"] == "prevalence", "serostatus"]))
        return {v: pooled_rows(estimates, scope.with_(serostatus=v)) for v in values}
    in_scope = estimates_in_scope(estimates, "prevalence", "All", scope.criteria, scope.serostatus)
    candidates = ethnicity_candidates(in_scope) if by == "ethnicity" else pooled_rows(estimates, scope)
    return {value: candidates[candidates[by] == value] for value in sorted(set(in_scope[by]))}


def pooled_prevalence_by(
    estimates: pd.DataFrame, by: Subgroup, analysis: Analysis = ALL
) -> list[PooledPrevalence]:
    """Pooled prevalence per value of ``by`` (``subgroup_rows``), one result per value, sorted."""
    return _pooled_prevalence_by(estimates, by, analysis.with_(region="All"))


@memoised()
def _pooled_prevalence_by(
    estimates: pd.DataFrame, by: Subgroup, analysis: Analysis
) -> list[PooledPrevalence]:
    groups = subgroup_rows(estimates, by, analysis)
    return [pooled_prevalence(rows, f"{by}: {value}", analysis) for value, rows in groups.items()]


def subgroup_difference_test(
    estimates: pd.DataFrame, by: Subgroup, analysis: Analysis = ALL
) -> tuple[SubgroupTest | None, tuple[str, ...]]:
    """Test for differences between the subgroups of ``by`` (Q between, each subgroup with its own tau²)
    over the subgroups with at least 2 studies, and the names of those subgroups; None when fewer than
    two such subgroups exist."""
    return _subgroup_difference_test(estimates, by, analysis.with_(region="All"))


@memoised()
def _subgroup_difference_test(
    estimates: pd.DataFrame, by: Subgroup, analysis: Analysis
) -> tuple[SubgroupTest | None, tuple[str, ...]]:
    fits = {
        value: study_fit(rows, analysis)
        for value, rows in subgroup_rows(estimates, by, analysis).items()
        if len(rows) >= 2
    }
    if len(fits) < 2:
        return None, tuple(fits)
    return subgroup_difference([f.mu for f in fits.values()], [f.se for f in fits.values()]), tuple(fits)


@memoised()
def method_comparison(estimates: pd.DataFrame, analysis: Analysis = ALL) -> list[PooledPrevalence]:
    """The subgroup of ``analysis`` pooled by every method (DL, REML, PM) on each scale (logit, then
    Freeman–Tukey; on that scale without the studies that entered by a printed CI); one result only
    when the subgroup is refused whatever the method. The method and transform of ``analysis`` are
    not used."""
    label = subgroup_label(*analysis.scope)
    results = []
    for transform in ("logit", "freeman-tukey"):
        scale = analysis.with_(transform=transform)
        rows = pooled_rows(estimates, scale)  # the rows depend on the scale, not on the method
        results += [
            pooled_prevalence(rows, label, scale.with_(method=method)) for method in ("DL", "REML", "PM")
        ]
    return results if results[0].pooled else results[:1]


@dataclass(frozen=True)
class ForestResults:
    """What the forest plot draws: the studies pooled (``crude``, ``cp_lower``, ``cp_upper`` per 100,000:
    cases / population with a Clopper–Pearson 95% interval, or the printed rate and CI for a study that
    entered by its CI; ``weight`` 0-1 in the pool drawn first), sorted by region then estimate, and the
    pooled results (the chosen region's first when a region is chosen, then all regions)."""

    studies: pd.DataFrame
    pooled: list[PooledPrevalence]
    analysis: Analysis


def forest_results(estimates: pd.DataFrame, analysis: Analysis = ALL) -> ForestResults:
    """The forest plot's numbers: the region's studies (every region's for "All") with their weights in
    the region's pool, that pool and, for a region, the all-regions pool."""
    rows = pooled_rows(estimates, analysis)
    chosen = selected_pooled_prevalence(estimates, analysis)
    rows = rows.sort_values(["region", "estimate_id"]).reset_index(drop=True)
    crude, low, high = [], [], []
    for (_, row), size in zip(rows.iterrows(), population_used(rows), strict=True):
        if row["input"] == FROM_CI:
            crude.append(float(row["value"]))
            low.append(float(row["ci_lower"]))
            high.append(float(row["ci_upper"]))
            continue
        interval = clopper_pearson_interval(int(row["cases"]), int(size))
        crude.append(float(row["cases"]) / size * PER)
        low.append(interval[0] * PER)
        high.append(interval[1] * PER)
    weights = dict(zip(chosen.estimate_ids, chosen.weights, strict=False))
    studies = rows.assign(
        crude=crude, cp_lower=low, cp_upper=high, weight=[weights.get(i, np.nan) for i in rows["estimate_id"]]
    )
    pooled = [chosen]
    if analysis.region != "All":
        pooled.append(selected_pooled_prevalence(estimates, analysis.with_(region="All")))
    return ForestResults(studies=studies, pooled=pooled, analysis=analysis)
