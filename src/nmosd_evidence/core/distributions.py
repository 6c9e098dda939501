"""Quantiles and tail probabilities of the normal, t, chi² and beta distributions, computed as
``scipy.stats`` computes them, from the ``scipy.special`` functions it calls.

``scipy.stats`` takes about 0.7 s to import (``scipy.special`` is imported anyway), more than every
pooled estimate of a report costs; these functions give the numbers ``scipy.stats`` gives, bit for bit,
for scalar arguments, NaN for a probability outside [0, 1] or shapes <= 0 included. Each returns a
numpy float64, as ``scipy.stats`` does for a scalar; tests/test_speed_exact.py compares them.

``scipy.stats`` adds the location (0) to every quantile, which turns -0.0 into 0.0: so do these.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import special
from scipy.special import _ufuncs  # ``_beta_ppf``: the beta quantile that ``scipy.stats.beta.ppf`` uses

NAN = np.float64(np.nan)
INF = np.float64(np.inf)


def _quantile(
    q: float, valid: bool, support: tuple[float, float], value: Callable[[], np.float64]
) -> np.float64:
    """As ``scipy.stats``' ``ppf`` and ``isf``: NaN for a probability outside [0, 1] or invalid shapes, the
    ends of the support at 0 and 1, else ``value()`` with the location (0) added."""
    if not valid or not 0 <= q <= 1:
        return NAN
    if q == 0 or q == 1:
        return np.float64(support[0] if q == 0 else support[1])
    return value() + 0.0


def norm_ppf(q: float) -> np.float64:
    """``scipy.stats.norm.ppf(q)``: the standard normal quantile."""
    return _quantile(q, True, (-INF, INF), lambda: special.ndtri(q))


def norm_isf(q: float) -> np.float64:
    """``scipy.stats.norm.isf(q)``: the standard normal quantile of the upper tail."""
    return _quantile(q, True, (INF, -INF), lambda: -special.ndtri(q))


def t_ppf(q: float, df: float) -> np.float64:
    """``scipy.stats.t.ppf(q, df)``: Student's t quantile on ``df`` degrees of freedom."""
    return _quantile(q, df > 0, (-INF, INF), lambda: special.stdtrit(df, q))


def t_sf(x: float, df: float) -> np.float64:
    """``scipy.stats.t.sf(x, df)``: P(T > x) on ``df`` degrees of freedom."""
    if not df > 0 or math.isnan(x):
        return NAN
    if math.isinf(x):
        return np.float64(0.0 if x > 0 else 1.0)
    return special.stdtr(df, -x)


def chi2_ppf(q: float, df: float) -> np.float64:
    """``scipy.stats.chi2.ppf(q, df)``: the chi² quantile on ``df`` degrees of freedom."""
    return _quantile(q, df > 0, (0.0, INF), lambda: 2 * special.gammaincinv(df / 2, q))


def chi2_sf(x: float, df: float) -> np.float64:
    """``scipy.stats.chi2.sf(x, df)``: P(X > x) on ``df`` degrees of freedom (1 for x <= 0)."""
    if not df > 0 or math.isnan(x):
        return NAN
    if x <= 0 or math.isinf(x):
        return np.float64(1.0 if x <= 0 else 0.0)
    return special.chdtrc(df, x)


def beta_ppf(q: float, a: float, b: float) -> np.float64:
    """``scipy.stats.beta.ppf(q, a, b)``: the beta quantile."""
    return _quantile(q, a > 0 and b > 0, (0.0, 1.0), lambda: _ufuncs._beta_ppf(q, a, b))


def beta_isf(q: float, a: float, b: float) -> np.float64:
    """``scipy.stats.beta.isf(q, a, b)``: the beta quantile of the upper tail."""
    return _quantile(q, a > 0 and b > 0, (1.0, 0.0), lambda: special.betainccinv(a, b, q))
