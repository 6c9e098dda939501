"""Confidence intervals for proportions (0-1: a share of patients, attacks or cohort members).

The Wilson and Clopper–Pearson intervals are computed as statsmodels' ``proportion_confint`` computes
them (methods "wilson" and "beta"), step for step, with the quantiles of ``core.distributions``:
statsmodels and ``scipy.stats`` take about 0.7 s to import, far more than the intervals. tests/
test_intervals.py checks that both give the same floats.
"""

from __future__ import annotations

import numpy as np

from .distributions import beta_isf, beta_ppf, norm_isf

CONFIDENCE = 0.95  # two-sided


def _checked(events: int, n: int) -> None:
    if n < 1 or events < 0 or events > n:
        raise ValueError(f"need 0 <= events <= n and n >= 1, got events={events}, n={n}")


def wilson_interval(events: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval (proportions 0-1) for ``events`` out of ``n``, two-sided ``confidence``.

    As ``statsmodels.stats.proportion.proportion_confint(method="wilson")``, clipped to 0-1.
    ``ValueError`` unless ``0 <= events <= n`` and ``n >= 1``.
    """
    _checked(events, n)
    count, nobs = np.asarray(events), np.asarray(n)
    share = count / nobs
    crit = norm_isf((1 - confidence) / 2.0)
    crit2 = crit**2
    denom = 1 + crit2 / nobs
    center = (share + crit2 / (2 * nobs)) / denom
    dist = crit * np.sqrt(share * (1.0 - share) / nobs + crit2 / (4.0 * nobs**2))
    dist /= denom
    low, high = np.clip(center - dist, 0, 1), np.clip(center + dist, 0, 1)
    return max(0.0, float(low)), min(1.0, float(high))


def clopper_pearson_interval(events: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact (Clopper–Pearson) interval (proportions 0-1) for ``events`` out of ``n``: the beta quantiles,
    0 for no events and 1 for all, as ``proportion_confint(method="beta")``.

    ``ValueError`` unless ``0 <= events <= n`` and ``n >= 1``.
    """
    _checked(events, n)
    alpha = (1 - confidence) / 2.0
    share = np.asarray(events) / np.asarray(n)
    low = 0 if share == 0 else beta_ppf(alpha, events, n - events + 1)
    high = 1 if share == 1 else beta_isf(alpha, events + 1, n - events)
    return float(low), float(high)
