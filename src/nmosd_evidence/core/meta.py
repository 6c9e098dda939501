"""Random-effects meta-analysis of proportions: transforms, between-study variance, pooled mean.

Numbers in, numbers out (numpy arrays and floats): proportions are 0-1, effects and variances are on
the transformed scale (logit, or Freeman–Tukey double arcsine on the half-sum scale). DerSimonian–Laird
and Paule–Mandel come from ``statsmodels.stats.meta_analysis.combine_effects``; REML is Fisher scoring
here, because statsmodels 0.15 does not offer it. The 95% prediction interval uses a t distribution with
k - 2 degrees of freedom (Higgins, Thompson & Spiegelhalter 2009); I² is the Q-based statistic of Higgins
& Thompson (2002).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats
from statsmodels.stats.meta_analysis import CombineResults, combine_effects

Method = Literal["DL", "REML", "PM"]
Transform = Literal["logit", "freeman-tukey"]
METHOD_NAMES = {
    "DL": "DerSimonian–Laird",
    "REML": "restricted maximum likelihood (Fisher scoring)",
    "PM": "Paule–Mandel",
}
TRANSFORM_NAMES = {
    "logit": "logit",
    "freeman-tukey": "Freeman–Tukey double arcsine (back-transformed with the harmonic-mean n, Miller 1978)",
}


def logit_proportions(cases: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Logit of ``cases / n`` and its variance ``1/cases + 1/(n - cases)`` (logit scale).

    Studies with 0 or n cases get 0.5 added to cases and to non-cases (stated, not silent: the
    returned values are what was pooled).
    """
    x = np.asarray(cases, dtype=float)
    n = np.asarray(n, dtype=float)
    edge = (x == 0) | (x == n)
    x = np.where(edge, x + 0.5, x)
    n = np.where(edge, n + 1.0, n)
    return np.log(x / (n - x)), 1.0 / x + 1.0 / (n - x)


def freeman_tukey_proportions(cases: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Freeman–Tukey double arcsine of ``cases / n`` (half-sum scale, as metafor's "PFT") and variance.

    t = (asin(sqrt(x/(n+1))) + asin(sqrt((x+1)/(n+1)))) / 2, var = 1 / (4n + 2).
    """
    x = np.asarray(cases, dtype=float)
    n = np.asarray(n, dtype=float)
    t = 0.5 * (np.arcsin(np.sqrt(x / (n + 1))) + np.arcsin(np.sqrt((x + 1) / (n + 1))))
    return t, 1.0 / (4 * n + 2)


def inverse_freeman_tukey(t: float, n: float) -> float:
    """Proportion (0-1) from a Freeman–Tukey value ``t`` (half-sum scale) for sample size ``n`` (Miller 1978).

    p = (1 - sign(cos 2t) sqrt(1 - (sin 2t + (sin 2t - 1/sin 2t)/n)^2)) / 2, clipped to [0, 1] at the
    transform of 0 and of n cases; written as a / (2 (1 + sqrt(1 - a))) when cos 2t > 0 to keep its
    digits for prevalences near zero.
    """
    low = freeman_tukey_proportions(np.array([0.0]), np.array([n]))[0][0]
    high = freeman_tukey_proportions(np.array([n]), np.array([n]))[0][0]
    if t <= low:
        return 0.0
    if t >= high:
        return 1.0
    s = np.sin(2 * t)
    a = (s + (s - 1 / s) / n) ** 2
    a = min(a, 1.0)
    if np.cos(2 * t) > 0:
        return float(a / (2 * (1 + np.sqrt(1 - a))))
    return float(0.5 * (1 + np.sqrt(1 - a)))


def _combined(y: np.ndarray, v: np.ndarray, method_re: str) -> CombineResults:
    """statsmodels' ``combine_effects`` without its division warning when Q = 0 (I² is then 0 here)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return combine_effects(y, v, method_re=method_re)


def reml_tau2(effects: np.ndarray, variances: np.ndarray, tol: float = 1e-12, max_iter: int = 200) -> float:
    """Between-study variance tau² (transformed scale) by restricted maximum likelihood, Fisher scoring
    (Viechtbauer 2005).

    Update: tau² += (y'PPy - tr P) / tr(PP), with P = W - W11'W / sum(W), W = diag(1/(v + tau²)),
    started at the DerSimonian–Laird value and kept at or above 0.
    """
    y = np.asarray(effects, dtype=float)
    v = np.asarray(variances, dtype=float)
    tau2 = _combined(y, v, "dl").tau2
    for _ in range(max_iter):
        w = 1.0 / (v + tau2)
        p = np.diag(w) - np.outer(w, w) / w.sum()
        py = p @ y
        step = (py @ py - np.trace(p)) / np.trace(p @ p)
        new = max(0.0, tau2 + step)
        if abs(new - tau2) < tol:
            return new
        tau2 = new
    raise RuntimeError(f"REML did not converge in {max_iter} iterations (tau² = {tau2})")


@dataclass(frozen=True)
class RandomEffects:
    """A random-effects fit on the transformed scale."""

    mu: float
    se: float
    tau2: float
    q: float
    df: int
    q_pvalue: float
    i2: float  # 0-1, Q-based (Higgins & Thompson 2002)
    k: int
    weights: tuple[float, ...]  # relative random-effects weights, summing to 1


def random_effects(effects: np.ndarray, variances: np.ndarray, method: Method = "DL") -> RandomEffects:
    """Random-effects pooled mean of ``effects`` with within-study ``variances`` (transformed scale).

    "DL" and "PM" (Paule–Mandel, statsmodels "iterated") come from statsmodels' ``combine_effects``;
    "REML" uses ``reml_tau2`` and the same inverse-variance formulas. Raises ``ValueError`` for k < 2.
    """
    y = np.asarray(effects, dtype=float)
    v = np.asarray(variances, dtype=float)
    if len(y) < 2:
        raise ValueError(f"a random-effects model needs at least 2 studies; got {len(y)}")
    if method not in METHOD_NAMES:
        raise ValueError(f"method {method!r} not known; one of: {', '.join(METHOD_NAMES)}")
    fit = _combined(y, v, {"DL": "dl", "PM": "iterated", "REML": "dl"}[method])
    df = len(y) - 1
    q = float(fit.q)
    if method == "REML":
        tau2 = reml_tau2(y, v)
        w = 1.0 / (v + tau2)
        mu, se = float((w * y).sum() / w.sum()), float(np.sqrt(1.0 / w.sum()))
    else:
        tau2, mu, se = float(fit.tau2), float(fit.mean_effect_re), float(fit.sd_eff_w_re)
        w = 1.0 / (v + tau2)
    return RandomEffects(
        mu=mu,
        se=se,
        tau2=tau2,
        q=q,
        df=df,
        q_pvalue=float(stats.chi2.sf(q, df)),
        i2=max(0.0, (q - df) / q) if q > 0 else 0.0,
        k=len(y),
        weights=tuple(float(x) for x in w / w.sum()),
    )


def prediction_interval(mu: float, se: float, tau2: float, k: int) -> tuple[float, float]:
    """95% prediction interval mu ± t(0.975, k-2) sqrt(tau² + se²) on the transformed scale (k >= 3)."""
    if k < 3:
        raise ValueError("a prediction interval needs at least 3 studies")
    half = stats.t.ppf(0.975, k - 2) * np.sqrt(tau2 + se**2)
    return mu - half, mu + half
