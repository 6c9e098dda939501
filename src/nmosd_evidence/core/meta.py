"""Random-effects meta-analysis of proportions: the public entry point of ``core``'s meta-analysis.

Numbers in, numbers out (numpy arrays, floats, frozen dataclasses): proportions are 0-1, effects and
variances are on the transformed scale (logit, or Freeman–Tukey double arcsine on the half-sum scale).

- ``pool_proportions(cases, n, method, transform)``: pooled proportion with CI, prediction interval,
  tau², I², H², Q and Q-profile CIs, checked against R's metafor 3.8 (tests/crosscheck/);
- ``pool_transformed(y, v, method)``: the same for effects given on the transformed scale;
- ``leave_one_out``, ``leave_one_out_transformed`` and ``egger_test``: sensitivity analyses;
- ``random_effects(y, v, method)``: the compact ``RandomEffects`` the epidemiology report uses
  (weights 0-1, I² 0-1 and Q-based for every method).

tau² by DerSimonian–Laird (floored at 0), REML (highest maximum of the restricted likelihood) or
Paule–Mandel (solved to machine precision): see ``core.heterogeneity``. Transforms: ``core.proportions``.
"""

from __future__ import annotations

from dataclasses import dataclass

from numpy.typing import ArrayLike

from .heterogeneity import METHOD_NAMES, Method, Tau2Estimate, reml
from .pooling import (
    PiDistribution,
    PooledEffect,
    PooledProportion,
    checked_effects,
    pool_proportions,
    pool_transformed,
    prediction_interval,
)
from .proportions import (
    TRANSFORM_NAMES,
    Transform,
    back_transform,
    freeman_tukey_proportions,
    harmonic_mean,
    inverse_freeman_tukey,
    logit_from_ci,
    logit_proportions,
)
from .sensitivity import EggerTest, egger_test, leave_one_out, leave_one_out_transformed

__all__ = [
    "METHOD_NAMES",
    "TRANSFORM_NAMES",
    "EggerTest",
    "Method",
    "PiDistribution",
    "PooledEffect",
    "PooledProportion",
    "RandomEffects",
    "Tau2Estimate",
    "Transform",
    "back_transform",
    "egger_test",
    "freeman_tukey_proportions",
    "harmonic_mean",
    "inverse_freeman_tukey",
    "leave_one_out",
    "leave_one_out_transformed",
    "logit_from_ci",
    "logit_proportions",
    "pool_proportions",
    "pool_transformed",
    "prediction_interval",
    "random_effects",
    "reml_tau2",
]


def reml_tau2(effects: ArrayLike, variances: ArrayLike) -> float:
    """Between-study variance tau² (transformed scale) by restricted maximum likelihood: the highest
    local maximum on [0, inf) (``core.heterogeneity.reml``). Never raises for a failed iteration;
    ``pool_transformed(..., "REML")`` reports convergence."""
    y, v = checked_effects(effects, variances)
    return reml(y, v).tau2


@dataclass(frozen=True)
class RandomEffects:
    """A random-effects fit on the transformed scale, in the report's compact form."""

    mu: float
    se: float
    tau2: float
    q: float
    df: int
    q_pvalue: float
    i2: float  # 0-1, Q-based (Higgins & Thompson 2002): max(0, (Q - df)/Q) for every method
    k: int
    weights: tuple[float, ...]  # relative random-effects weights, summing to 1
    converged: bool = True  # False when the tau² solver did not converge (see note)
    note: str = ""


def random_effects(effects: ArrayLike, variances: ArrayLike, method: Method = "DL") -> RandomEffects:
    """Random-effects pooled mean of ``effects`` with within-study ``variances`` (transformed scale).

    ``pool_transformed`` in the report's compact form: weights 0-1 and I² 0-1 by the Q-based
    definition for every method (for REML and Paule–Mandel ``pool_transformed`` gives metafor's
    tau²-based I² instead; for DerSimonian–Laird the two agree). ``ValueError`` for k < 2 or an unknown
    method; a fit that does not converge says so in ``converged`` and ``note``.
    """
    fit = pool_transformed(effects, variances, method)
    return RandomEffects(
        mu=fit.mu,
        se=fit.se,
        tau2=fit.tau2,
        q=fit.q,
        df=fit.q_df,
        q_pvalue=fit.q_pvalue,
        i2=max(0.0, (fit.q - fit.q_df) / fit.q) if fit.q > 0 else 0.0,
        k=fit.k,
        weights=tuple(w / 100.0 for w in fit.weights),
        converged=fit.converged,
        note=fit.note,
    )
