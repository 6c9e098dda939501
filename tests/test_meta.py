"""core.meta: the random-effects model and the proportion transforms against hand calculations,
metafor's published results (dat.bcg), Miller (1978) and independent numerical optimisation."""

from __future__ import annotations

import numpy as np
import pytest
from reference_values import (
    BCG,
    BCG_DL,
    BCG_REML,
    DL_HAND,
    FT_ZERO_AND_ONE,
    METAFOR,
    METAFOR_FIELDS,
    METAFOR_SETS,
    MILLER_1978,
)
from scipy import optimize

from nmosd_evidence.core import heterogeneity, meta

Z = 1.959963984540054  # standard normal 97.5% quantile


def _bcg_log_risk_ratios() -> tuple[np.ndarray, np.ndarray]:
    a, b, c, d = (np.array(BCG[k], dtype=float) for k in ("tpos", "tneg", "cpos", "cneg"))
    return np.log((a / (a + b)) / (c / (c + d))), 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)


def _restricted_log_likelihood(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    w = 1 / (v + tau2)
    mu = (w * y).sum() / w.sum()
    return -0.5 * (np.log(v + tau2).sum() + np.log(w.sum()) + (w * (y - mu) ** 2).sum())


def test_dersimonian_laird_hand_example() -> None:
    fit = meta.pool_transformed(np.array([0.0, 1.0, 3.0]), np.array([1.0, 1.0, 2.0]), "DL")
    assert fit.tau2 == pytest.approx(DL_HAND["tau2"], abs=1e-12)
    assert fit.mu == pytest.approx(DL_HAND["mu"], abs=1e-12)
    assert fit.se == pytest.approx(DL_HAND["se"], abs=1e-12)
    assert fit.q == pytest.approx(DL_HAND["q"], abs=1e-12)
    assert fit.i2 / 100 == pytest.approx(DL_HAND["i2"], abs=1e-12)  # percent
    assert (fit.k, fit.q_df) == (3, 2)
    assert fit.weights[2] / 100 == pytest.approx(DL_HAND["w3"], abs=1e-12)  # percent
    assert sum(fit.weights) == pytest.approx(100.0)


def test_dl_matches_metafor_and_stata_on_bcg() -> None:
    y, v = _bcg_log_risk_ratios()
    fit = meta.pool_transformed(y, v, "DL")
    assert fit.mu == pytest.approx(BCG_DL["mu"], abs=1e-4)
    assert (fit.mu - Z * fit.se, fit.mu + Z * fit.se) == pytest.approx(BCG_DL["ci"], abs=1e-4)
    assert fit.tau2 == pytest.approx(BCG_DL["tau2"], abs=1e-4)
    assert fit.i2 == pytest.approx(BCG_DL["i2"], abs=1e-4)
    assert fit.q == pytest.approx(BCG_DL["q"], abs=1e-4)


def test_reml_matches_metafor_on_bcg_and_maximises_the_restricted_likelihood() -> None:
    y, v = _bcg_log_risk_ratios()
    fit = meta.pool_transformed(y, v, "REML")
    assert fit.tau2 == pytest.approx(BCG_REML["tau2"], abs=1e-4)
    assert fit.mu == pytest.approx(BCG_REML["mu"], abs=1e-4)
    assert fit.se == pytest.approx(BCG_REML["se"], abs=1e-4)
    assert (fit.mu - Z * fit.se, fit.mu + Z * fit.se) == pytest.approx(BCG_REML["ci"], abs=1e-4)
    best = optimize.minimize_scalar(
        lambda t: -_restricted_log_likelihood(t, y, v),
        bounds=(0, 5),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert fit.tau2 == pytest.approx(best.x, abs=1e-6)


def test_reml_on_rare_disease_proportions_maximises_the_restricted_likelihood() -> None:
    # the six studies of the epidemiology report (cases, population) on the logit scale
    cases = np.array([58, 42, 14, 3, 11, 1772.0])
    n = np.array([11_177_743, 952_000, 712_572, 352_353, 419_306, 25_743_039.0])
    y, v = meta.logit_proportions(cases, n)
    best = optimize.minimize_scalar(
        lambda t: -_restricted_log_likelihood(t, y, v),
        bounds=(0, 20),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert meta.reml_tau2(y, v) == pytest.approx(best.x, abs=1e-6)


def test_reml_is_zero_without_heterogeneity() -> None:
    assert meta.reml_tau2(np.array([1.0, 1.0, 1.0]), np.array([0.1, 0.2, 0.3])) == 0.0


def test_paule_mandel_solves_its_estimating_equation() -> None:
    # Paule–Mandel: the generalised Q at tau² equals k - 1
    y, v = _bcg_log_risk_ratios()
    fit = meta.pool_transformed(y, v, "PM")
    w = 1 / (v + fit.tau2)
    mu = (w * y).sum() / w.sum()
    assert fit.tau2 > 0
    assert (w * (y - mu) ** 2).sum() == pytest.approx(len(y) - 1, rel=1e-6)
    assert fit.mu == pytest.approx(mu, rel=1e-9)


def test_pool_transformed_refuses_one_study_and_unknown_methods() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        meta.pool_transformed(np.array([1.0]), np.array([1.0]))
    with pytest.raises(ValueError, match="DL, REML, PM"):
        meta.pool_transformed(np.array([1.0, 2.0]), np.array([1.0, 1.0]), "ML")  # type: ignore[arg-type]


def test_prediction_interval_uses_t_with_k_minus_2_df() -> None:
    # t(0.975, 4) = 2.776445 (tables); sqrt(0.16 + 0.3²) = 0.5; half-width 1.3882226
    low, high = meta.prediction_interval(1.0, 0.3, 0.16, 6)
    assert (low, high) == pytest.approx((1 - 1.3882226, 1 + 1.3882226), abs=1e-7)
    with pytest.raises(ValueError, match="at least 3"):
        meta.prediction_interval(1.0, 0.3, 0.16, 2)


def test_freeman_tukey_matches_miller_1978() -> None:
    x, n = np.array([3, 6, 10, 1.0]), np.array([11, 17, 21, 6.0])
    t, v = meta.freeman_tukey_proportions(x, n)
    assert 2 * t == pytest.approx(MILLER_1978["t2"], abs=1e-4)
    assert 4 * v == pytest.approx(MILLER_1978["v4"], abs=1e-4)
    w = 1 / v
    harmonic = len(n) / (1 / n).sum()
    assert meta.inverse_freeman_tukey((w * t).sum() / w.sum(), harmonic) == pytest.approx(
        MILLER_1978["p"], abs=1e-4
    )


def test_inverse_freeman_tukey_with_proportions_of_zero_and_one() -> None:
    x, n = np.array([0, 4, 9, 16, 20.0]), np.array([10, 10, 15, 20, 20.0])
    t, v = meta.freeman_tukey_proportions(x, n)
    assert [meta.inverse_freeman_tukey(a, b) for a, b in zip(t, n, strict=True)] == pytest.approx(x / n)
    w = 1 / v
    mean, se = (w * t).sum() / w.sum(), np.sqrt(1 / w.sum())
    harmonic = len(n) / (1 / n).sum()
    assert meta.inverse_freeman_tukey(mean, harmonic) == pytest.approx(FT_ZERO_AND_ONE["p"], abs=1e-4)
    low, high = (meta.inverse_freeman_tukey(mean + s * Z * se, harmonic) for s in (-1, 1))
    assert (low, high) == pytest.approx(FT_ZERO_AND_ONE["ci"], abs=1e-4)


def test_inverse_freeman_tukey_keeps_its_digits_for_rare_diseases() -> None:
    # 3 cases in 352,353 people: the exact inverse gives back 3/352,353 = 8.514e-6
    t, _ = meta.freeman_tukey_proportions(np.array([3.0]), np.array([352_353.0]))
    assert meta.inverse_freeman_tukey(t[0], 352_353) == pytest.approx(3 / 352_353, rel=1e-9)


def test_logit_adds_half_to_zero_cells() -> None:
    y, v = meta.logit_proportions(np.array([0.0, 5.0]), np.array([10.0, 10.0]))
    assert y == pytest.approx([np.log(0.5 / 10.5), 0.0])
    assert v == pytest.approx([1 / 0.5 + 1 / 10.5, 0.4])


# --- defects found against metafor 3.8 ---------------------------------------------------------------


def _metafor(name: str, method: str, transform: str, field: str) -> float:
    return dict(zip(METAFOR_FIELDS, METAFOR[(name, method, transform)], strict=True))[field]


def test_dersimonian_laird_tau2_is_floored_at_zero_when_q_is_below_its_df() -> None:
    # 0/50, 1/60, 2/70: Q = 0.544 < 2; the moment estimate is -0.741 and gave a negative weight
    y, v = meta.logit_proportions(np.array([0.0, 1, 2]), np.array([50.0, 60, 70]))
    fit = meta.pool_transformed(y, v, "DL")
    w = 1 / v
    assert fit.tau2 == 0.0
    assert min(fit.weights) > 0
    assert fit.mu == pytest.approx((w * y).sum() / w.sum(), rel=1e-12)
    assert fit.se == pytest.approx(np.sqrt(1 / w.sum()), rel=1e-12)
    pooled = meta.pool_proportions([0, 1, 2], [50, 60, 70], "DL")
    assert 1e5 * pooled.estimate == pytest.approx(1e5 * _metafor("q_below_df", "all", "logit", "estimate"))
    assert (pooled.ci_lower, pooled.ci_upper) == pytest.approx(
        (
            _metafor("q_below_df", "all", "logit", "ci_lower"),
            _metafor("q_below_df", "all", "logit", "ci_upper"),
        )
    )
    assert "truncated to 0" in pooled.note


def test_reml_takes_the_highest_peak_of_the_restricted_likelihood_with_a_zero_case_study() -> None:
    # 210/5000, 0/500, 148/5000 on the logit scale: two peaks, at tau² 0.0990 (Fisher scoring from the
    # DerSimonian–Laird start stopped there) and 1.9615 (higher; metafor's answer)
    y, v = meta.logit_proportions(*(np.array(a, dtype=float) for a in METAFOR_SETS["reml_two_peaks"]))
    tau2 = meta.reml_tau2(y, v)
    assert tau2 == pytest.approx(_metafor("reml_two_peaks", "REML", "logit", "tau2"), rel=1e-6)
    lower_peak = optimize.minimize_scalar(
        lambda t: -_restricted_log_likelihood(t, y, v), bounds=(0, 0.5), method="bounded"
    ).x
    assert 0.05 < lower_peak < 0.15
    assert _restricted_log_likelihood(tau2, y, v) > _restricted_log_likelihood(lower_peak, y, v) + 0.1
    fit = meta.pool_transformed(y, v, "REML")
    assert fit.converged
    assert "2 local maxima" in fit.note


def test_reml_converges_where_undamped_fisher_scoring_oscillates() -> None:
    # 0/500, 15/500, 87/5000: Fisher scoring without step control raised RuntimeError after 200 steps
    y, v = meta.logit_proportions(*(np.array(a, dtype=float) for a in METAFOR_SETS["reml_oscillating"]))
    fit = meta.pool_transformed(y, v, "REML")
    assert fit.converged
    assert fit.tau2 == pytest.approx(_metafor("reml_oscillating", "REML", "logit", "tau2"), rel=1e-6)
    assert float(heterogeneity.reml_score(fit.tau2, y, v)[0]) == pytest.approx(0.0, abs=1e-9)


def test_a_fit_that_does_not_converge_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heterogeneity, "_score_upper_bound", lambda y, v: None)
    y, v = meta.logit_proportions(*(np.array(a, dtype=float) for a in METAFOR_SETS["reml_oscillating"]))
    fit = meta.pool_transformed(y, v, "REML")
    assert not fit.converged
    assert "no upper bound" in fit.note
    assert np.isfinite(fit.mu)


@pytest.mark.parametrize("transform", ["logit", "freeman-tukey"])
@pytest.mark.parametrize("name", ["six", "w2006", "zero_and_one", "reml_two_peaks"])
def test_paule_mandel_solves_its_estimating_equation_to_1e_10(name: str, transform: meta.Transform) -> None:
    # statsmodels stopped at |Q(tau²) - (k - 1)| < 1e-5: 6.8e-6 off for W2006 on the logit scale
    cases, n = (np.array(a, dtype=float) for a in METAFOR_SETS[name])
    y, v = (
        meta.logit_proportions(cases, n) if transform == "logit" else meta.freeman_tukey_proportions(cases, n)
    )
    fit = meta.pool_transformed(y, v, "PM")
    assert fit.tau2 > 0
    assert heterogeneity.generalised_q(fit.tau2, y, v) == pytest.approx(len(y) - 1, rel=1e-10, abs=0)
