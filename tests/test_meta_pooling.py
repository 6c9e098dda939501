"""core.meta's public pooling API: pool_proportions, pool_transformed, logit_from_ci, leave_one_out and
egger_test (definitions, units, input checks). Agreement with metafor is in test_meta_metafor.py."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from reference_values import METAFOR_SETS
from scipy import special, stats

from nmosd_evidence.core import meta

SIX = METAFOR_SETS["six"]


def test_pool_proportions_is_frozen_with_the_documented_fields() -> None:
    fit = meta.pool_proportions(*SIX, method="REML")
    names = {f.name for f in dataclasses.fields(fit)}
    assert {"k", "mu", "se", "tau2", "tau", "i2", "h2", "q", "q_df", "q_pvalue", "weights"} <= names
    assert {"estimate", "ci_lower", "ci_upper", "pi_lower", "pi_upper", "tau2_ci", "i2_ci"} <= names
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.tau2 = 0.0  # type: ignore[misc]
    assert (fit.k, fit.q_df, fit.method, fit.transform) == (6, 5, "REML", "logit")
    assert fit.tau == pytest.approx(np.sqrt(fit.tau2))
    assert fit.ci_lower < fit.estimate < fit.ci_upper
    assert fit.pi_lower < fit.ci_lower and fit.pi_upper > fit.ci_upper
    assert fit.tau2_ci[0] <= fit.tau2 <= fit.tau2_ci[1]
    assert fit.i2_ci[0] <= fit.i2 <= fit.i2_ci[1]


def test_i2_and_h2_are_tau2_based_and_equal_the_q_based_ones_for_dersimonian_laird() -> None:
    dl = meta.pool_proportions(*SIX, method="DL")
    assert dl.i2 == pytest.approx(100 * (dl.q - dl.q_df) / dl.q, rel=1e-12)
    assert dl.h2 == pytest.approx(dl.q / dl.q_df, rel=1e-12)
    pm = meta.pool_proportions(*SIX, method="PM")
    w = 1 / np.array(pm.variances)
    s2 = (len(w) - 1) * w.sum() / (w.sum() ** 2 - (w**2).sum())
    assert pm.i2 == pytest.approx(100 * pm.tau2 / (pm.tau2 + s2), rel=1e-12)
    assert pm.h2 == pytest.approx(1 / (1 - pm.i2 / 100), rel=1e-12)
    assert pm.i2 != pytest.approx(dl.i2, rel=1e-3)  # REML / PM differ from the Q-based statistic


def test_the_t_prediction_interval_needs_three_studies_and_says_so() -> None:
    fit = meta.pool_proportions(*METAFOR_SETS["europe"])
    assert np.isnan(fit.pi_lower) and np.isnan(fit.pi_upper)
    assert "k < 3" in fit.note
    normal = meta.pool_proportions(*METAFOR_SETS["europe"], pi_distribution="normal")
    assert 0 < normal.pi_lower < normal.ci_lower


def test_zero_cells_get_half_on_the_logit_scale_only() -> None:
    cases, n = METAFOR_SETS["zero_and_one"]
    assert meta.pool_proportions(cases, n).corrected == (0, 4)
    fit = meta.pool_proportions(cases, n, transform="freeman-tukey")
    assert fit.corrected == ()
    assert fit.n_harmonic == pytest.approx(5 / sum(1 / np.array(n, dtype=float)))
    t, _ = meta.freeman_tukey_proportions(np.array(cases, dtype=float), np.array(n, dtype=float))
    assert fit.effects == pytest.approx(t)


def test_pool_transformed_takes_rows_that_print_a_ci_but_no_counts() -> None:
    # a row printing 2.1 per 100,000 (1.2-3.7): logit effect and SE from the printed interval
    y, v = meta.logit_from_ci([2.1e-5, 3.0e-5], [1.2e-5, 2.0e-5], [3.7e-5, 4.5e-5])
    z = stats.norm.ppf(0.975)
    assert y[0] == pytest.approx(special.logit(2.1e-5))
    assert np.sqrt(v[0]) == pytest.approx((special.logit(3.7e-5) - special.logit(1.2e-5)) / (2 * z))
    counted = meta.logit_proportions(np.array([58.0]), np.array([11_177_743.0]))
    fit = meta.pool_transformed(np.append(y, counted[0]), np.append(v, counted[1]), "REML")
    assert fit.k == 3 and sum(fit.weights) == pytest.approx(100.0)
    with pytest.raises(ValueError, match="ci_lower"):
        meta.logit_from_ci([0.5], [0.6], [0.7])


def test_leave_one_out_pools_the_other_studies() -> None:
    fits = meta.leave_one_out(*SIX, method="PM", transform="freeman-tukey")
    assert len(fits) == 6
    cases, n = (np.array(a, dtype=float) for a in SIX)
    again = meta.pool_proportions(cases[1:], n[1:], "PM", "freeman-tukey")
    assert fits[0] == again
    y, v = meta.logit_proportions(cases, n)
    transformed = meta.leave_one_out_transformed(y, v, "DL")
    assert [f.mu for f in transformed] == pytest.approx([f.mu for f in meta.leave_one_out(*SIX)])
    with pytest.raises(ValueError, match="at least 3"):
        meta.leave_one_out([1, 2], [10, 10])


def test_egger_test_needs_three_studies() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        meta.egger_test(np.array([0.1, 0.2]), np.array([0.1, 0.1]))


@pytest.mark.parametrize(
    ("cases", "n", "message"),
    [([1, 2], [10], "one length"), ([11, 2], [10, 10], "0 <= cases <= n"), ([1], [10], "at least 2")],
)
def test_pool_proportions_refuses_bad_counts(cases: list[int], n: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        meta.pool_proportions(cases, n)


def test_pool_proportions_refuses_unknown_names() -> None:
    with pytest.raises(ValueError, match="DL, REML, PM"):
        meta.pool_proportions(*SIX, method="ML")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="logit, freeman-tukey"):
        meta.pool_proportions(*SIX, transform="arcsine")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pi_distribution"):
        meta.pool_proportions(*SIX, pi_distribution="z")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="level"):
        meta.pool_proportions(*SIX, level=95)


def test_homogeneous_studies_give_tau2_zero_and_a_zero_width_tau2_interval() -> None:
    for method in ("DL", "REML", "PM"):
        fit = meta.pool_proportions(*METAFOR_SETS["homogeneous"], method=method)  # type: ignore[arg-type]
        assert (fit.tau2, fit.tau2_ci, fit.i2, fit.h2) == (0.0, (0.0, 0.0), 0.0, 1.0)
        assert fit.weights == pytest.approx(100 / np.array(fit.variances) / sum(1 / np.array(fit.variances)))
