"""Random-effects (inverse-variance) pooling of effects on a transformed scale, and of proportions.

``pool_transformed(y, v)`` pools any effects ``y`` with sampling variances ``v``; ``pool_proportions``
transforms counts first (``core.proportions``) and back-transforms the pooled mean, its confidence
interval and its prediction interval to proportions (0-1). Both give the numbers metafor 3.8 gives for
``rma(yi, vi, method=...)`` with ``confint()`` and ``predict()`` (see tests/crosscheck/): the Wald CI
mu ± z se, I² and H² by the tau²-based definition for every method, the Q-profile CI of tau², I² and H².
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from .distributions import chi2_sf, norm_ppf, t_ppf
from .heterogeneity import (
    METHOD_NAMES,
    Method,
    estimate_tau2,
    generalised_q,
    i2_h2,
    q_profile_ci,
    typical_variance,
)
from .proportions import (
    Transform,
    back_transform,
    harmonic_mean,
    logit_from_ci,
    logit_proportions,
    transformed_proportions,
    zero_cell_studies,
)

PiDistribution = Literal["t", "normal"]
Test = Literal["z", "knha"]
TEST_NAMES = {"z": "Wald (normal) confidence interval", "knha": "Knapp–Hartung (t with k − 1 df)"}


def prediction_interval(
    mu: float, se: float, tau2: float, k: int, level: float = 0.95, distribution: PiDistribution = "t"
) -> tuple[float, float]:
    """Prediction interval mu ± c sqrt(tau² + se²) on the transformed scale.

    ``distribution`` "t": c the t quantile with k - 2 degrees of freedom (Higgins, Thompson &
    Spiegelhalter 2009; the report's choice; ``ValueError`` for k < 3). "normal": c the normal quantile,
    as metafor's ``predict()`` for a model fitted with its default ``test="z"``.
    """
    if distribution == "t":
        if k < 3:
            raise ValueError("a prediction interval needs at least 3 studies")
        c = t_ppf(0.5 + level / 2, k - 2)
    else:
        c = norm_ppf(0.5 + level / 2)
    half = c * np.sqrt(tau2 + se**2)
    return float(mu - half), float(mu + half)


@dataclass(frozen=True)
class PooledEffect:
    """A random-effects fit on the transformed scale (units of the effects; tau² their square).

    ``mu`` the pooled mean with standard error ``se``, Wald CI ``mu_ci`` and prediction interval
    ``mu_pi`` (NaN when it cannot be computed, e.g. k = 2 with the t distribution); ``tau2`` (``tau``)
    the between-study variance (SD) with its Q-profile CI ``tau2_ci`` (``tau_ci``); ``i2`` (percent)
    and ``h2`` by the tau²-based definition I² = 100 tau²/(tau² + s²), H² = 1 + tau²/s², s² the typical
    within-study variance (metafor's, for every method; for DerSimonian–Laird it equals the Q-based
    (Q - df)/Q, truncated at 0), with CIs from the tau² CI; Cochran's ``q`` on ``q_df`` = k - 1 degrees
    of freedom and its p-value; random-effects ``weights`` in percent (summing to 100), in input order;
    ``effects`` and ``variances`` as pooled. ``converged`` is False when a solver did not converge, and
    ``note`` says what happened (empty when nothing is worth saying). ``test``: "z" (Wald CI) or "knha"
    (Knapp–Hartung: ``se`` scaled by the weighted residual variance, CI and prediction interval with t on
    k - 1 degrees of freedom, as metafor's ``rma(..., test="knha")`` and ``predict()``).
    """

    k: int
    method: str
    level: float
    mu: float
    se: float
    mu_ci: tuple[float, float]
    mu_pi: tuple[float, float]
    tau2: float
    tau: float
    tau2_ci: tuple[float, float]
    tau_ci: tuple[float, float]
    i2: float
    i2_ci: tuple[float, float]
    h2: float
    h2_ci: tuple[float, float]
    q: float
    q_df: int
    q_pvalue: float
    weights: tuple[float, ...]
    effects: tuple[float, ...]
    variances: tuple[float, ...]
    converged: bool
    note: str
    test: str


@dataclass(frozen=True)
class PooledProportion(PooledEffect):
    """A ``PooledEffect`` of transformed proportions, with the pooled proportion back-transformed.

    ``estimate``, ``ci_lower``, ``ci_upper``, ``pi_lower`` and ``pi_upper`` are proportions (0-1):
    the inverse logit, or Miller's inverse Freeman–Tukey with ``n_harmonic`` (the harmonic mean of the
    sample sizes, people; None on the logit scale). ``corrected`` are the indices of the studies whose
    cells got 0.5 added (logit, 0 or n cases).
    """

    transform: str
    estimate: float
    ci_lower: float
    ci_upper: float
    pi_lower: float
    pi_upper: float
    n_harmonic: float | None
    corrected: tuple[int, ...]


def checked_effects(effects: ArrayLike, variances: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Effects and variances as 1-d float arrays; ``ValueError`` unless finite, v > 0, k >= 2."""
    y = np.atleast_1d(np.asarray(effects, dtype=float))
    v = np.atleast_1d(np.asarray(variances, dtype=float))
    if y.shape != v.shape or y.ndim != 1:
        raise ValueError(f"effects and variances must be 1-d and of one length; got {y.shape}, {v.shape}")
    if len(y) < 2:
        raise ValueError(f"a random-effects model needs at least 2 studies; got {len(y)}")
    if not (np.isfinite(y).all() and np.isfinite(v).all() and (v > 0).all()):
        raise ValueError("effects must be finite and variances finite and > 0")
    return y, v


def pool_transformed(
    effects: ArrayLike,
    variances: ArrayLike,
    method: Method = "DL",
    level: float = 0.95,
    pi_distribution: PiDistribution = "t",
    test: Test = "z",
) -> PooledEffect:
    """Random-effects pooled mean of ``effects`` with sampling ``variances`` (transformed scale).

    ``method``: "DL" (DerSimonian–Laird, floored at 0), "REML" (highest maximum of the restricted
    likelihood) or "PM" (Paule–Mandel), see ``core.heterogeneity``. Weights 1/(v + tau²); CI
    mu ± z se at ``level``; prediction interval by ``prediction_interval(..., pi_distribution)``.
    For effects printed as a proportion with a CI but no counts, take ``y, v`` from
    ``core.proportions.logit_from_ci``. ``test="knha"``: Knapp–Hartung CI and prediction interval (see
    ``PooledEffect``; ``pi_distribution`` is then not used). ``ValueError`` for k < 2, bad numbers or an
    unknown method or test; a solver that does not converge is reported in ``converged`` and ``note``,
    never raised.
    """
    y, v = checked_effects(effects, variances)
    if method not in METHOD_NAMES:
        raise ValueError(f"method {method!r} not known; one of: {', '.join(METHOD_NAMES)}")
    if test not in TEST_NAMES:
        raise ValueError(f"test {test!r} not known; one of: {', '.join(TEST_NAMES)}")
    if not 0 < level < 1 or pi_distribution not in ("t", "normal"):
        raise ValueError(
            f"need 0 < level < 1 and pi_distribution 't' or 'normal'; got {level}, {pi_distribution!r}"
        )
    k = len(y)
    fit = estimate_tau2(y, v, method)
    tau2 = fit.tau2
    w = 1.0 / (v + tau2)
    mu = float((w * y).sum() / w.sum())
    se = float(np.sqrt(1.0 / w.sum()))
    z = norm_ppf(0.5 + level / 2)
    notes = [fit.note] if fit.note else []
    if test == "knha":
        se = float(np.sqrt((w * (y - mu) ** 2).sum() / (k - 1) / w.sum()))
        z = t_ppf(0.5 + level / 2, k - 1)
        half = z * np.sqrt(tau2 + se**2)
        pi = (float(mu - half), float(mu + half))
    elif pi_distribution == "t" and k < 3:
        pi = (float("nan"), float("nan"))
        notes.append("no prediction interval with the t distribution for k < 3")
    else:
        pi = prediction_interval(mu, se, tau2, k, level, pi_distribution)
    low, high, ci_converged = q_profile_ci(y, v, level)
    if not ci_converged:
        notes.append("the Q-profile interval of tau² did not converge")
    s2 = typical_variance(v)
    i2, h2 = i2_h2(tau2, s2)
    (i2_low, h2_low), (i2_high, h2_high) = i2_h2(low, s2), i2_h2(high, s2)
    q = generalised_q(0.0, y, v)
    return PooledEffect(
        k=k,
        method=method,
        level=level,
        mu=mu,
        se=se,
        mu_ci=(mu - z * se, mu + z * se),
        mu_pi=pi,
        tau2=tau2,
        tau=float(np.sqrt(tau2)),
        tau2_ci=(low, high),
        tau_ci=(float(np.sqrt(low)), float(np.sqrt(high))),
        i2=i2,
        i2_ci=(i2_low, i2_high),
        h2=h2,
        h2_ci=(h2_low, h2_high),
        q=q,
        q_df=k - 1,
        q_pvalue=float(chi2_sf(q, k - 1)),
        weights=tuple(float(x) for x in 100.0 * w / w.sum()),
        effects=tuple(float(x) for x in y),
        variances=tuple(float(x) for x in v),
        converged=fit.converged and ci_converged,
        note="; ".join(notes),
        test=test,
    )


def pool_proportions(
    cases: ArrayLike,
    n: ArrayLike,
    method: Method = "DL",
    transform: Transform = "logit",
    level: float = 0.95,
    pi_distribution: PiDistribution = "t",
    test: Test = "z",
) -> PooledProportion:
    """Random-effects pooled proportion of ``cases`` (people) out of ``n`` (people) per study.

    The counts are transformed (``transform`` "logit": metafor ``escalc("PLO")``, 0.5 added to both
    cells of studies with 0 or n cases; "freeman-tukey": ``escalc("PFT")``, no correction), pooled by
    ``pool_transformed`` (all its fields, on the transformed scale: mu, se, tau², tau, I² and H² by the
    tau²-based definition, Q, weights in percent, Q-profile CIs) and back-transformed: ``estimate``,
    ``ci_lower``, ``ci_upper``, ``pi_lower``, ``pi_upper`` are proportions (0-1), by the inverse logit
    or by Miller's inverse with the harmonic mean of ``n`` (metafor ``transf.ipft.hm``).

    Example: ``pool_proportions([58, 42, 14], [11_177_743, 952_000, 712_572]).estimate * 1e5`` is the
    pooled prevalence per 100,000. ``ValueError`` for k < 2 or counts outside 0 <= cases <= n.
    """
    y, v = transformed_proportions(cases, n, transform)
    fit = pool_transformed(y, v, method, level, pi_distribution, test)
    size = np.atleast_1d(np.asarray(n, dtype=float))
    n_harmonic = harmonic_mean(size) if transform == "freeman-tukey" else None
    corrected = np.flatnonzero(zero_cell_studies(cases, n)) if transform == "logit" else []
    return _back_transformed(fit, transform, n_harmonic, corrected)


def _back_transformed(
    fit: PooledEffect, transform: Transform, n_harmonic: float | None, corrected: ArrayLike
) -> PooledProportion:
    """``fit`` with its mean, CI and prediction interval back-transformed to proportions (0-1)."""
    values = np.array([fit.mu, *fit.mu_ci, *fit.mu_pi])
    estimate, ci_lower, ci_upper, pi_lower, pi_upper = (
        float(p) for p in back_transform(values, transform, n_harmonic)
    )
    return PooledProportion(
        **{name: getattr(fit, name) for name in PooledEffect.__dataclass_fields__},
        transform=transform,
        estimate=estimate,
        ci_lower=ci_lower,
        ci_upper=ci_upper,
        pi_lower=pi_lower,
        pi_upper=pi_upper,
        n_harmonic=n_harmonic,
        corrected=tuple(int(i) for i in corrected),
    )


def pool_mixed_proportions(
    cases: ArrayLike,
    n: ArrayLike,
    estimate: ArrayLike,
    ci_lower: ArrayLike,
    ci_upper: ArrayLike,
    method: Method = "DL",
    level: float = 0.95,
    pi_distribution: PiDistribution = "t",
    test: Test = "z",
) -> PooledProportion:
    """Random-effects pooled proportion (logit scale) of studies given by counts or by a printed CI.

    Generic inverse variance: study i enters by its counts (``cases[i]`` of ``n[i]`` people, as
    ``pool_proportions``) when ``n[i]`` is a number, otherwise by its printed proportion ``estimate[i]``
    (0-1) and 95% CI (``ci_lower[i]``, ``ci_upper[i]``), the variance from the CI's width on the logit
    scale (``logit_from_ci``). Arrays of one length, NaN where a study has no such value. Everything else
    as ``pool_proportions(..., transform="logit")``; the Freeman–Tukey scale needs counts (its variance
    1/(4n + 2) and its back-transform use n), so a CI-only study is pooled on the logit scale only.
    """
    size = np.atleast_1d(np.asarray(n, dtype=float))
    counted = np.isfinite(size)
    arrays = [np.atleast_1d(np.asarray(a, dtype=float)) for a in (cases, estimate, ci_lower, ci_upper)]
    if any(a.shape != size.shape for a in arrays):
        raise ValueError("cases, n, estimate, ci_lower and ci_upper must be of one length")
    x, p, low, high = arrays
    y, v = np.empty(len(size)), np.empty(len(size))
    corrected: list[int] = []
    if counted.any():
        y[counted], v[counted] = logit_proportions(x[counted], size[counted])
        corrected = list(np.flatnonzero(counted)[zero_cell_studies(x[counted], size[counted])])
    if (~counted).any():
        y[~counted], v[~counted] = logit_from_ci(p[~counted], low[~counted], high[~counted], level)
    fit = pool_transformed(y, v, method, level, pi_distribution, test)
    return _back_transformed(fit, "logit", None, corrected)
