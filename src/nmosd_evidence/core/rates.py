"""Random-effects pooling of incidence rates on the log scale.

A study enters by its rate and case count (log rate, sampling variance 1/cases: the Poisson variance of
the log rate; person-time = cases / rate need not be printed) or, without a case count, by its rate and
printed 95% CI (variance from the CI's width on the log scale). Rates keep the unit they are given in
(the report: per 100,000 person-years); the pooled mean, CI and prediction interval are exponentiated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .distributions import norm_ppf
from .heterogeneity import Method
from .pooling import PiDistribution, PooledEffect, Test, pool_transformed


@dataclass(frozen=True)
class PooledRate(PooledEffect):
    """A ``PooledEffect`` of log rates with the pooled rate, its CI and prediction interval exponentiated
    (``estimate``, ``ci_lower``, ``ci_upper``, ``pi_lower``, ``pi_upper``; the unit of the rates given)."""

    estimate: float
    ci_lower: float
    ci_upper: float
    pi_lower: float
    pi_upper: float


def log_rates(
    rate: ArrayLike, cases: ArrayLike, ci_lower: ArrayLike, ci_upper: ArrayLike, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Log rates and their variances: 1/cases where ``cases`` is a number > 0, else from the CI
    ((log upper - log lower) / 2z)². ``ValueError`` for a study with neither, or a rate outside its CI."""
    r, x, low, high = (np.atleast_1d(np.asarray(a, dtype=float)) for a in (rate, cases, ci_lower, ci_upper))
    counted = np.isfinite(x) & (x > 0)
    bounded = (low > 0) & (high > low) & (r >= low) & (r <= high)
    if not ((r > 0) & (counted | bounded)).all():
        raise ValueError("every study needs a rate > 0 with a case count > 0 or a CI around it")
    z = norm_ppf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        from_ci = ((np.log(high) - np.log(low)) / (2 * z)) ** 2
        variance = np.where(counted, 1.0 / x, from_ci)
    return np.log(r), variance


def pool_rates(
    rate: ArrayLike,
    cases: ArrayLike,
    ci_lower: ArrayLike,
    ci_upper: ArrayLike,
    method: Method = "DL",
    level: float = 0.95,
    pi_distribution: PiDistribution = "t",
    test: Test = "z",
) -> PooledRate:
    """Random-effects pooled rate of studies given by rate and cases, or rate and CI (``log_rates``);
    everything else as ``core.pooling.pool_transformed`` on the log scale."""
    y, v = log_rates(rate, cases, ci_lower, ci_upper, level)
    fit = pool_transformed(y, v, method, level, pi_distribution, test)
    estimate, ci_low, ci_high, pi_low, pi_high = np.exp([fit.mu, *fit.mu_ci, *fit.mu_pi])
    return PooledRate(
        **{name: getattr(fit, name) for name in PooledEffect.__dataclass_fields__},
        estimate=float(estimate),
        ci_lower=float(ci_low),
        ci_upper=float(ci_high),
        pi_lower=float(pi_low),
        pi_upper=float(pi_high),
    )
