"""Random-effects meta-analysis of proportions: the public entry point of ``core``'s meta-analysis.

Numbers in, numbers out (numpy arrays, floats, frozen dataclasses): proportions are 0-1, effects and
variances are on the transformed scale (logit, or Freeman–Tukey double arcsine on the half-sum scale).

- ``pool_proportions(cases, n, method, transform)``: pooled proportion with CI, prediction interval,
  tau², I², H², Q and Q-profile CIs, checked against R's metafor 3.8 (tests/crosscheck/);
- ``pool_transformed(y, v, method)``: the same for effects given on the transformed scale;
- ``pool_mixed_proportions``: studies given by counts or by a printed CI (generic inverse variance);
- ``pool_rates``: incidence rates on the log scale (by cases, or by a printed CI);
- ``leave_one_out``, ``cumulative_transformed``, ``subgroup_difference`` and ``egger_test``: sensitivity
  analyses. Every pool takes ``test="knha"`` for Knapp–Hartung intervals.

tau² by DerSimonian–Laird (floored at 0), REML (highest maximum of the restricted likelihood) or
Paule–Mandel (solved to machine precision): see ``core.heterogeneity``. Transforms: ``core.proportions``.
"""

from __future__ import annotations

from numpy.typing import ArrayLike

from .heterogeneity import METHOD_NAMES, Method, Tau2Estimate, reml
from .pooling import (
    TEST_NAMES,
    PiDistribution,
    PooledEffect,
    PooledProportion,
    Test,
    checked_effects,
    pool_mixed_proportions,
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
from .rates import PooledRate, log_rates, pool_rates
from .sensitivity import (
    EggerTest,
    SubgroupTest,
    cumulative_transformed,
    egger_test,
    leave_one_out,
    leave_one_out_transformed,
    subgroup_difference,
)

__all__ = [
    "METHOD_NAMES",
    "TEST_NAMES",
    "TRANSFORM_NAMES",
    "EggerTest",
    "Method",
    "PiDistribution",
    "PooledEffect",
    "PooledProportion",
    "PooledRate",
    "SubgroupTest",
    "Tau2Estimate",
    "Test",
    "Transform",
    "back_transform",
    "cumulative_transformed",
    "egger_test",
    "freeman_tukey_proportions",
    "harmonic_mean",
    "inverse_freeman_tukey",
    "leave_one_out",
    "leave_one_out_transformed",
    "log_rates",
    "logit_from_ci",
    "logit_proportions",
    "pool_mixed_proportions",
    "pool_proportions",
    "pool_rates",
    "pool_transformed",
    "prediction_interval",
    "reml_tau2",
    "subgroup_difference",
]


def reml_tau2(effects: ArrayLike, variances: ArrayLike) -> float:
    """Between-study variance tau² (transformed scale) by restricted maximum likelihood: the highest
    local maximum on [0, inf) (``core.heterogeneity.reml``). Never raises for a failed iteration;
    ``pool_transformed(..., "REML")`` reports convergence."""
    y, v = checked_effects(effects, variances)
    return reml(y, v).tau2
