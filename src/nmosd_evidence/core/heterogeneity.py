"""Between-study variance tau² and heterogeneity statistics of a random-effects meta-analysis.

Everything is on the transformed scale: effects ``y``, within-study sampling variances ``v`` (> 0) and
tau² in the squared units of ``y``. The estimators and intervals follow metafor 3.8 (Viechtbauer 2010),
solved to machine precision instead of metafor's default tolerances:

- DerSimonian–Laird: the method-of-moments value, floored at 0 (metafor does the same);
- Paule–Mandel: the root of the generalised Q, Q(tau²) = k - 1, by Brent's method on a bracket that is
  proven to hold it (tau² = 0 when Q(0) <= k - 1);
- REML: the highest of the local maxima of the restricted log-likelihood on [0, inf): the score is
  scanned on a grid, each sign change is refined by Brent's method and the boundary tau² = 0 competes;
- the Q-profile confidence interval of tau² (metafor ``confint()``, type "QP"): the tau² at which the
  generalised Q equals the chi² quantiles of k - 1 degrees of freedom.

Nothing here raises because an iteration failed: a fit that cannot be trusted says so in its ``note``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .distributions import chi2_ppf
from .roots import brentq

Method = Literal["DL", "REML", "PM"]
METHOD_NAMES = {
    "DL": "DerSimonian–Laird",
    "REML": "restricted maximum likelihood",
    "PM": "Paule–Mandel",
}
GRID_POINTS = 1200  # grid of the REML score scan: 0 and a log-spaced grid over 12 decades below the bound


@dataclass(frozen=True)
class Tau2Estimate:
    """An estimate of tau² (transformed scale, squared) and whether its solver converged."""

    tau2: float
    converged: bool
    note: str = ""


def weighted_mean(y: np.ndarray, w: np.ndarray) -> float:
    """Inverse-variance weighted mean ``sum(w y) / sum(w)`` (units of ``y``)."""
    return float((w * y).sum() / w.sum())


def generalised_q(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    """Generalised Q: ``sum w (y - mu)²`` with ``w = 1/(v + tau²)`` and ``mu`` their weighted mean.

    At tau² = 0 it is Cochran's Q. Decreasing in tau² (dimensionless).
    """
    w = 1.0 / (v + tau2)
    return float((w * (y - weighted_mean(y, w)) ** 2).sum())


def restricted_log_likelihood(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    """Restricted (REML) log-likelihood of tau² up to a constant:
    ``-1/2 (sum log(v + tau²) + log sum w + sum w (y - mu)²)``."""
    w = 1.0 / (v + tau2)
    return float(
        -0.5 * (np.log(v + tau2).sum() + np.log(w.sum()) + (w * (y - weighted_mean(y, w)) ** 2).sum())
    )


def reml_score(tau2: np.ndarray | float, y: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Derivative of the restricted log-likelihood in tau², ``(y'PPy - tr P) / 2`` with
    ``P = W - w w' / sum w`` (Viechtbauer 2005), for one tau² or an array of them (vectorised)."""
    t = np.atleast_1d(np.asarray(tau2, dtype=float))[:, None]
    w = 1.0 / (v[None, :] + t)
    sw = w.sum(axis=1)
    mu = (w * y[None, :]).sum(axis=1) / sw
    ypp = (w**2 * (y[None, :] - mu[:, None]) ** 2).sum(axis=1)
    trace = sw - (w**2).sum(axis=1) / sw
    return 0.5 * (ypp - trace)


def typical_variance(v: np.ndarray) -> float:
    """The "typical" within-study variance s² = (k - 1) sum w / ((sum w)² - sum w²), w = 1/v
    (Higgins & Thompson 2002; metafor's ``vt``), transformed scale squared."""
    w = 1.0 / np.asarray(v, dtype=float)
    return float((len(w) - 1) * w.sum() / (w.sum() ** 2 - (w**2).sum()))


def i2_h2(tau2: float, s2: float) -> tuple[float, float]:
    """I² (percent) and H² of a tau², by metafor's definition: I² = 100 tau²/(tau² + s²),
    H² = 1 + tau²/s², with s² the typical within-study variance."""
    return 100.0 * tau2 / (tau2 + s2), 1.0 + tau2 / s2


def dersimonian_laird(y: np.ndarray, v: np.ndarray) -> Tau2Estimate:
    """DerSimonian–Laird tau² = max(0, (Q - (k - 1)) / (sum w - sum w²/sum w)), w = 1/v.

    The floor at 0 matters when Q < k - 1: the moment estimate is then negative and no variance.
    """
    w = 1.0 / v
    q = generalised_q(0.0, y, v)
    raw = (q - (len(y) - 1)) / (w.sum() - (w**2).sum() / w.sum())
    if raw < 0:
        return Tau2Estimate(0.0, True, f"Q < k - 1: the moment estimate {raw:.4g} is truncated to 0")
    return Tau2Estimate(float(raw), True)


def _q_bracket_root(y: np.ndarray, v: np.ndarray, target: float) -> Tau2Estimate:
    """The tau² >= 0 at which the generalised Q equals ``target`` (> 0); 0 when Q(0) <= target.

    Q(tau²) <= sum (y - mean y)² / tau², so tau² = sum (y - mean y)² / target brackets the root.
    """
    if generalised_q(0.0, y, v) <= target:
        return Tau2Estimate(0.0, True)
    upper = float(((y - y.mean()) ** 2).sum()) / target
    upper *= 1.0 + 1e-9
    while generalised_q(upper, y, v) > target:  # guards rounding in the bound only
        upper *= 2.0
    found = brentq(
        lambda t: generalised_q(t, y, v) - target,
        0.0,
        upper,
        xtol=1e-18 * upper,
        rtol=4 * np.finfo(float).eps,
        maxiter=500,
    )
    if not found.converged:
        return Tau2Estimate(found.root, False, f"Brent's method stopped after {found.iterations} steps")
    return Tau2Estimate(found.root, True)


def paule_mandel(y: np.ndarray, v: np.ndarray) -> Tau2Estimate:
    """Paule–Mandel tau²: the root of ``generalised_q(tau²) = k - 1`` (0 when Q(0) <= k - 1), solved
    to machine precision (statsmodels stops at |Q - (k - 1)| < 1e-5)."""
    return _q_bracket_root(y, v, float(len(y) - 1))


def _score_upper_bound(y: np.ndarray, v: np.ndarray) -> float | None:
    """A tau² above every stationary point of the restricted likelihood, or None if none was found.

    With w_i in [a, b] = [1/(max v + tau²), 1/(min v + tau²)] and (y_i - mu)² <= range(y)²:
    y'PPy <= k range² b² and tr P = sum_(i!=j) w_i w_j / sum w >= (k - 1) a²/b, so the score is negative
    where (k - 1)(min v + tau²)³ > k range² (max v + tau²)²; the left side grows faster, so once this
    holds it holds for every larger tau².
    """
    k, spread, low, high = len(y), float(np.ptp(y)) ** 2, float(v.min()), float(v.max())
    upper = k * spread / (k - 1) + high
    for _ in range(200):
        if (k - 1) * (low + upper) ** 3 > k * spread * (high + upper) ** 2:
            return upper
        upper *= 2.0
    return None


def reml(y: np.ndarray, v: np.ndarray) -> Tau2Estimate:
    """REML tau²: the highest local maximum of the restricted log-likelihood on [0, inf).

    Candidates are tau² = 0 (when the score there is <= 0) and every root of the score where it turns
    from positive to negative on a grid of ``GRID_POINTS`` points (0 and 12 decades below a proven
    upper bound), each refined by Brent's method; the one with the highest restricted log-likelihood
    wins. Several local maxima happen, e.g. with zero-case studies on the logit scale.
    """
    if np.ptp(y) == 0:
        return Tau2Estimate(0.0, True)
    upper = _score_upper_bound(y, v)
    if upper is None:
        return Tau2Estimate(0.0, False, "no upper bound for the REML score was found; tau² set to 0")
    grid = np.concatenate([[0.0], np.geomspace(upper * 1e-12, upper, GRID_POINTS - 1)])
    score = reml_score(grid, y, v)
    candidates = [0.0] if score[0] <= 0 else []
    failed = 0
    for i in np.flatnonzero((score[:-1] > 0) & (score[1:] <= 0)):
        found = brentq(
            lambda t: float(reml_score(t, y, v)[0]),
            grid[i],
            grid[i + 1],
            xtol=1e-18 * upper,
            rtol=4 * np.finfo(float).eps,
            maxiter=500,
        )
        candidates.append(found.root)
        failed += not found.converged
    best = max(candidates, key=lambda t: restricted_log_likelihood(t, y, v))
    maxima = len(candidates)
    note = f"the restricted likelihood has {maxima} local maxima; the highest is used" if maxima > 1 else ""
    if failed:
        return Tau2Estimate(best, False, f"Brent's method did not converge on {failed} REML root(s)")
    return Tau2Estimate(best, True, note)


ESTIMATORS: dict[str, Callable[[np.ndarray, np.ndarray], Tau2Estimate]] = {
    "DL": dersimonian_laird,
    "REML": reml,
    "PM": paule_mandel,
}


def estimate_tau2(y: np.ndarray, v: np.ndarray, method: Method) -> Tau2Estimate:
    """tau² by ``method`` ("DL", "REML" or "PM"); ``ValueError`` for another name."""
    if method not in ESTIMATORS:
        raise ValueError(f"method {method!r} not known; one of: {', '.join(METHOD_NAMES)}")
    return ESTIMATORS[method](y, v)


def q_profile_ci(y: np.ndarray, v: np.ndarray, level: float = 0.95) -> tuple[float, float, bool]:
    """Q-profile confidence interval of tau² (Viechtbauer 2007; metafor ``confint()``, type "QP").

    The lower bound solves Q(tau²) = chi²(1 - alpha/2, k - 1), the upper Q(tau²) = chi²(alpha/2, k - 1),
    Q the generalised Q; a bound whose equation has no root at tau² >= 0 is 0 (both are 0 when
    Q(0) < chi²(alpha/2, k - 1)). Returns (lower, upper, converged).
    """
    alpha = 1.0 - level
    df = len(y) - 1
    low = _q_bracket_root(y, v, float(chi2_ppf(1 - alpha / 2, df)))
    high = _q_bracket_root(y, v, float(chi2_ppf(alpha / 2, df)))
    return low.tau2, high.tau2, low.converged and high.converged
