"""Transforms of proportions for meta-analysis, and back: logit and Freeman–Tukey double arcsine.

Proportions are 0-1; cases and sample sizes are counts of people. The transformed values and their
sampling variances are what metafor's ``escalc()`` gives with its defaults:

- logit (``measure="PLO"``, ``add=1/2, to="only0"``): a study with 0 cases or n cases gets 0.5 added to
  its cases and to its non-cases (n + 1 people); other studies are left as they are;
- Freeman–Tukey (``measure="PFT"``, no correction: the transform is defined at 0 and n): the half-sum
  scale t = (asin sqrt(x/(n+1)) + asin sqrt((x+1)/(n+1))) / 2 with variance 1/(4n + 2), back-transformed
  with the harmonic mean of the sample sizes (Miller 1978; metafor's ``transf.ipft.hm``).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from .distributions import norm_ppf

Transform = Literal["logit", "freeman-tukey"]
TRANSFORM_NAMES = {
    "logit": "logit",
    "freeman-tukey": "Freeman–Tukey double arcsine (back-transformed with the harmonic-mean n, Miller 1978)",
}


def checked_counts(cases: ArrayLike, n: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """``cases`` and ``n`` as float arrays of one length; ``ValueError`` unless 0 <= cases <= n, n > 0."""
    x = np.atleast_1d(np.asarray(cases, dtype=float))
    size = np.atleast_1d(np.asarray(n, dtype=float))
    if x.shape != size.shape or x.ndim != 1:
        raise ValueError(f"cases and n must be 1-d and of one length; got {x.shape} and {size.shape}")
    if not (np.isfinite(x).all() and np.isfinite(size).all()):
        raise ValueError("cases and n must be finite numbers")
    if ((size <= 0) | (x < 0) | (x > size)).any():
        raise ValueError("need 0 <= cases <= n and n > 0 for every study")
    return x, size


def zero_cell_studies(cases: ArrayLike, n: ArrayLike) -> np.ndarray:
    """True for the studies the logit transform corrects (0 cases or n cases: a zero cell)."""
    x, size = checked_counts(cases, n)
    return (x == 0) | (x == size)


def logit_proportions(cases: ArrayLike, n: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Logit of ``cases / n`` and its variance ``1/cases + 1/(n - cases)`` (logit scale).

    Studies with 0 or n cases get 0.5 added to cases and to non-cases (metafor ``escalc(measure="PLO")``
    with its default ``add=1/2, to="only0"``; stated, not silent: the returned values are what is pooled).
    """
    x, size = checked_counts(cases, n)
    edge = (x == 0) | (x == size)
    x = np.where(edge, x + 0.5, x)
    size = np.where(edge, size + 1.0, size)
    return np.log(x / (size - x)), 1.0 / x + 1.0 / (size - x)


def freeman_tukey_proportions(cases: ArrayLike, n: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Freeman–Tukey double arcsine of ``cases / n`` (half-sum scale, as metafor's "PFT") and variance.

    t = (asin(sqrt(x/(n+1))) + asin(sqrt((x+1)/(n+1)))) / 2, var = 1 / (4n + 2); no correction at 0 or n.
    """
    x, size = checked_counts(cases, n)
    t = 0.5 * (np.arcsin(np.sqrt(x / (size + 1))) + np.arcsin(np.sqrt((x + 1) / (size + 1))))
    return t, 1.0 / (4 * size + 2)


def transformed_proportions(
    cases: ArrayLike, n: ArrayLike, transform: Transform
) -> tuple[np.ndarray, np.ndarray]:
    """``logit_proportions`` or ``freeman_tukey_proportions`` by name; ``ValueError`` for another name."""
    if transform == "logit":
        return logit_proportions(cases, n)
    if transform == "freeman-tukey":
        return freeman_tukey_proportions(cases, n)
    raise ValueError(f"transform {transform!r} not known; one of: {', '.join(TRANSFORM_NAMES)}")


def inverse_freeman_tukey(t: float, n: float) -> float:
    """Proportion (0-1) from a Freeman–Tukey value ``t`` (half-sum scale) for sample size ``n`` (Miller 1978).

    p = (1 - sign(cos 2t) sqrt(1 - (sin 2t + (sin 2t - 1/sin 2t)/n)^2)) / 2, clipped to [0, 1] at the
    transform of 0 and of n cases (as metafor's ``transf.ipft.hm``); written as a / (2 (1 + sqrt(1 - a)))
    when cos 2t > 0 to keep its digits for prevalences near zero (the same number, without cancellation).
    """
    if not np.isfinite(t):
        return float("nan")
    low = 0.5 * np.arcsin(np.sqrt(1.0 / (n + 1)))
    high = 0.5 * (np.arcsin(np.sqrt(n / (n + 1))) + np.pi / 2)
    if t <= low:
        return 0.0
    if t >= high:
        return 1.0
    s = np.sin(2 * t)
    a = min((s + (s - 1 / s) / n) ** 2, 1.0)
    if np.cos(2 * t) > 0:
        return float(a / (2 * (1 + np.sqrt(1 - a))))
    return float(0.5 * (1 + np.sqrt(1 - a)))


def harmonic_mean(n: ArrayLike) -> float:
    """Harmonic mean of the sample sizes ``n`` (people): len(n) / sum(1/n)."""
    size = np.asarray(n, dtype=float)
    return float(len(size) / np.sum(1.0 / size))


def back_transform(values: ArrayLike, transform: Transform, n_harmonic: float | None = None) -> np.ndarray:
    """Proportions (0-1) from values on the transformed scale.

    Logit: the inverse logit. Freeman–Tukey: Miller's inverse with the harmonic-mean sample size
    ``n_harmonic`` (required). NaN stays NaN.
    """
    t = np.asarray(values, dtype=float)
    if transform == "logit":
        return special.expit(t)
    if transform == "freeman-tukey":
        if n_harmonic is None:
            raise ValueError("the Freeman–Tukey back-transform needs the harmonic-mean sample size")
        return np.array([inverse_freeman_tukey(float(a), n_harmonic) for a in t.ravel()]).reshape(t.shape)
    raise ValueError(f"transform {transform!r} not known; one of: {', '.join(TRANSFORM_NAMES)}")


def logit_from_ci(
    estimate: ArrayLike, ci_lower: ArrayLike, ci_upper: ArrayLike, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Logit effects and variances for rows that print a proportion (0-1) with a CI but no counts.

    The effect is logit(estimate); its standard error is the width of the CI on the logit scale divided
    by 2 z, z the normal quantile of ``level`` (so a CI symmetric on the logit scale is read exactly).
    ``ValueError`` unless 0 < ci_lower < ci_upper < 1 and the estimate lies inside the CI.
    """
    p, low, high = (np.atleast_1d(np.asarray(a, dtype=float)) for a in (estimate, ci_lower, ci_upper))
    if not ((low > 0) & (low < high) & (high < 1) & (p >= low) & (p <= high)).all():
        raise ValueError("need 0 < ci_lower <= estimate <= ci_upper < 1 with ci_lower < ci_upper")
    z = norm_ppf(0.5 + level / 2)
    se = (special.logit(high) - special.logit(low)) / (2 * z)
    return special.logit(p), se**2
