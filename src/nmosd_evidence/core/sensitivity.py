"""Sensitivity analyses of a meta-analysis: leave-one-out and cumulative pooling, a test of subgroup
differences and Egger's regression test.

Pure functions, numbers in and out. Effects and variances are on the transformed scale; proportions 0-1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .distributions import chi2_sf, t_sf
from .heterogeneity import Method
from .pooling import PiDistribution, PooledEffect, PooledProportion, Test, pool_proportions, pool_transformed
from .proportions import Transform, checked_counts

EGGER_MIN_STUDIES = 10  # below this the test has too little power to mean much (Sterne et al. 2011)


def _omitted(k: int) -> list[np.ndarray]:
    """For each study, the indices of the others; ``ValueError`` unless k >= 3 (2 left to pool)."""
    if k < 3:
        raise ValueError(f"leave-one-out needs at least 3 studies; got {k}")
    return [np.delete(np.arange(k), i) for i in range(k)]


def leave_one_out(
    cases: ArrayLike,
    n: ArrayLike,
    method: Method = "DL",
    transform: Transform = "logit",
    level: float = 0.95,
    pi_distribution: PiDistribution = "t",
) -> tuple[PooledProportion, ...]:
    """``pool_proportions`` of the studies without study i, for each i in input order (k >= 3).

    Each pool is a fit of its own k - 1 studies: for Freeman–Tukey the back-transform uses their
    harmonic-mean n (metafor's ``leave1out(res, transf=transf.ipft.hm, targs=list(ni=...))`` would use
    the n given in ``targs``; pass the remaining studies' n to get these numbers).
    """
    x, size = checked_counts(cases, n)
    return tuple(
        pool_proportions(x[keep], size[keep], method, transform, level, pi_distribution)
        for keep in _omitted(len(x))
    )


def leave_one_out_transformed(
    effects: ArrayLike,
    variances: ArrayLike,
    method: Method = "DL",
    level: float = 0.95,
    pi_distribution: PiDistribution = "t",
) -> tuple[PooledEffect, ...]:
    """``pool_transformed`` of the effects without study i, for each i in input order (k >= 3);
    metafor's ``leave1out()``."""
    y = np.atleast_1d(np.asarray(effects, dtype=float))
    v = np.atleast_1d(np.asarray(variances, dtype=float))
    return tuple(
        pool_transformed(y[keep], v[keep], method, level, pi_distribution) for keep in _omitted(len(y))
    )


@dataclass(frozen=True)
class EggerTest:
    """Egger's regression test for funnel-plot asymmetry (transformed scale).

    ``slope``: the coefficient of the standard error in the weighted regression y = b0 + b1 se
    (weights 1/v), equal to the intercept of Egger's original regression of y/se on 1/se; ``slope_se``
    its standard error, ``t`` = slope/slope_se on ``df`` = k - 2 degrees of freedom, ``p_value``
    two-sided. ``limit_estimate`` (``limit_se``): b0, the effect expected for a study of infinite size.
    ``note`` warns when k < 10, where the test is not meaningful.
    """

    k: int
    slope: float
    slope_se: float
    t: float
    df: int
    p_value: float
    limit_estimate: float
    limit_se: float
    note: str


def egger_test(effects: ArrayLike, variances: ArrayLike) -> EggerTest:
    """Egger's test (Egger et al. 1997), as metafor's ``regtest(rma(yi, vi), model="lm")``.

    Weighted least squares of the effects on their standard errors, weights 1/v, with the residual
    variance estimated (a multiplicative dispersion, as ``lm``), t test on k - 2 degrees of freedom.
    Only meaningful for k >= 10 (``note`` says so below); ``ValueError`` for k < 3 or variances <= 0.
    """
    y = np.atleast_1d(np.asarray(effects, dtype=float))
    v = np.atleast_1d(np.asarray(variances, dtype=float))
    k = len(y)
    if k < 3 or v.shape != y.shape or not (v > 0).all():
        raise ValueError(f"Egger's test needs at least 3 studies with variances > 0; got k = {k}")
    design = np.column_stack([np.ones(k), np.sqrt(v)])
    w = 1.0 / v
    information = design.T @ (w[:, None] * design)
    beta = np.linalg.solve(information, design.T @ (w * y))
    residual = y - design @ beta
    sigma2 = float((w * residual**2).sum() / (k - 2))
    cov = sigma2 * np.linalg.inv(information)
    slope_se = float(np.sqrt(cov[1, 1]))
    t = float(beta[1] / slope_se)
    note = "" if k >= EGGER_MIN_STUDIES else f"k = {k} < {EGGER_MIN_STUDIES}: the test is not meaningful"
    return EggerTest(
        k=k,
        slope=float(beta[1]),
        slope_se=slope_se,
        t=t,
        df=k - 2,
        p_value=float(2 * t_sf(abs(t), k - 2)),
        limit_estimate=float(beta[0]),
        limit_se=float(np.sqrt(cov[0, 0])),
        note=note,
    )


def cumulative_transformed(
    effects: ArrayLike,
    variances: ArrayLike,
    method: Method = "DL",
    level: float = 0.95,
    pi_distribution: PiDistribution = "t",
    test: Test = "z",
) -> tuple[PooledEffect, ...]:
    """Cumulative meta-analysis: the first 2, 3, …, k effects pooled, in the order given (sort by
    publication year first); metafor's ``cumul()`` from its second row (one study is not a pool)."""
    y = np.atleast_1d(np.asarray(effects, dtype=float))
    v = np.atleast_1d(np.asarray(variances, dtype=float))
    return tuple(
        pool_transformed(y[:j], v[:j], method, level, pi_distribution, test) for j in range(2, len(y) + 1)
    )


@dataclass(frozen=True)
class SubgroupTest:
    """Test for subgroup differences: Cochran's Q of the subgroup means (``q`` on ``df`` = groups - 1,
    ``p_value``), each subgroup pooled with its own tau² (metafor: ``rma(b, sei=se, method="FE")`` over
    the separate fits' estimates)."""

    groups: int
    q: float
    df: int
    p_value: float


def subgroup_difference(means: ArrayLike, standard_errors: ArrayLike) -> SubgroupTest:
    """Q between subgroups from their pooled means and standard errors (transformed scale);
    ``ValueError`` for fewer than 2 subgroups or standard errors <= 0."""
    mu = np.atleast_1d(np.asarray(means, dtype=float))
    se = np.atleast_1d(np.asarray(standard_errors, dtype=float))
    if len(mu) < 2 or mu.shape != se.shape or not (se > 0).all():
        raise ValueError(f"a test of subgroup differences needs 2 or more subgroups; got {len(mu)}")
    w = 1.0 / se**2
    q = float((w * (mu - (w * mu).sum() / w.sum()) ** 2).sum())
    return SubgroupTest(groups=len(mu), q=q, df=len(mu) - 1, p_value=float(chi2_sf(q, len(mu) - 1)))
