"""Knapp–Hartung, mixed count/CI inputs, log-rate pooling, cumulative pooling and the test of subgroup
differences, against metafor 3.8 (tests/crosscheck/more_metafor_reference.R)."""

from __future__ import annotations

import numpy as np
import pytest
from reference_values import (
    BCG,
    BCG_ALLOC_SUBGROUPS,
    BCG_CUMULATIVE_DL,
    BCG_KNHA,
    BCG_YEARS,
    MIXED_INPUTS,
    MIXED_METAFOR,
    RATES_METAFOR_DL,
)

from nmosd_evidence.core import meta

REL = 1e-6


def bcg_log_rr() -> tuple[np.ndarray, np.ndarray]:
    a, b, c, d = (np.array(BCG[k], dtype=float) for k in ("tpos", "tneg", "cpos", "cneg"))
    return np.log(a / (a + b)) - np.log(c / (c + d)), 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)


@pytest.mark.parametrize("method", ["DL", "REML"])
def test_knapp_hartung_matches_metafor(method: str) -> None:
    fit = meta.pool_transformed(*bcg_log_rr(), method, test="knha")
    got = (fit.mu, fit.se, *fit.mu_ci, *fit.mu_pi, fit.tau2)
    assert got == pytest.approx(BCG_KNHA[method], rel=REL)
    assert fit.test == "knha"


def test_knapp_hartung_widens_this_interval_and_z_is_the_default() -> None:
    z, knha = meta.pool_transformed(*bcg_log_rr()), meta.pool_transformed(*bcg_log_rr(), test="knha")
    assert z.test == "z" and z.mu == knha.mu
    assert knha.mu_ci[1] - knha.mu_ci[0] > z.mu_ci[1] - z.mu_ci[0]
    with pytest.raises(ValueError, match="test 'hksj' not known"):
        meta.pool_transformed(*bcg_log_rr(), test="hksj")  # type: ignore[arg-type]


def test_cumulative_pooling_by_year_matches_metafor() -> None:
    y, v = bcg_log_rr()
    order = np.argsort(BCG_YEARS, kind="stable")
    fits = meta.cumulative_transformed(y[order], v[order])
    assert [f.k for f in fits] == list(range(2, 14))
    assert [f.mu for f in fits] == pytest.approx(BCG_CUMULATIVE_DL[1:], rel=REL)


def test_subgroup_difference_matches_metafor() -> None:
    y, v = bcg_log_rr()
    alloc = np.array(
        ["random"] * 4 + ["alternate"] * 2 + ["random"] * 3 + ["systematic"] * 4
    )  # dat.bcg$alloc
    fits = {g: meta.pool_transformed(y[alloc == g], v[alloc == g]) for g in sorted(set(alloc))}
    assert {g: f.mu for g, f in fits.items()} == pytest.approx(
        {g: BCG_ALLOC_SUBGROUPS[g] for g in fits}, rel=REL
    )
    test = meta.subgroup_difference([f.mu for f in fits.values()], [f.se for f in fits.values()])
    assert (test.groups, test.df) == (3, 2)
    assert (test.q, test.p_value) == pytest.approx(
        (BCG_ALLOC_SUBGROUPS["q"], BCG_ALLOC_SUBGROUPS["p"]), rel=REL
    )
    with pytest.raises(ValueError, match="2 or more subgroups"):
        meta.subgroup_difference([0.1], [0.2])


@pytest.mark.parametrize("method", ["DL", "REML"])
def test_counts_and_printed_intervals_pool_as_metafor(method: str) -> None:
    nan = float("nan")
    cases = [nan if c is None else c for c in MIXED_INPUTS["cases"]]
    n = [nan if c is None else c for c in MIXED_INPUTS["n"]]
    p = [nan if c is None else c / 1e5 for c in MIXED_INPUTS["per_100k"]]
    low = [nan if c is None else c[0] / 1e5 for c in MIXED_INPUTS["ci"]]
    high = [nan if c is None else c[1] / 1e5 for c in MIXED_INPUTS["ci"]]
    fit = meta.pool_mixed_proportions(cases, n, p, low, high, method)
    got = (fit.estimate * 1e5, fit.ci_lower * 1e5, fit.ci_upper * 1e5, fit.tau2, fit.i2)
    assert got == pytest.approx(MIXED_METAFOR[method], rel=REL)
    assert fit.k == 5 and sum(fit.weights) == pytest.approx(100)


def test_counts_only_mixed_pool_equals_pool_proportions() -> None:
    cases, n = [58, 42, 14], [11_177_743, 952_000, 712_572]
    nan3 = [float("nan")] * 3
    mixed = meta.pool_mixed_proportions(cases, n, nan3, nan3, nan3, "PM")
    plain = meta.pool_proportions(cases, n, "PM")
    assert (mixed.estimate, mixed.tau2, mixed.weights) == (plain.estimate, plain.tau2, plain.weights)


def test_log_rates_pool_as_metafor() -> None:
    nan = float("nan")
    fit = meta.pool_rates(
        [0.73, 0.39, 0.08, 0.12], [nan, 20, 30, 15], [0.5, nan, nan, nan], [1.1, nan, nan, nan]
    )
    assert (fit.estimate, fit.ci_lower, fit.ci_upper, fit.tau2, fit.q) == pytest.approx(
        RATES_METAFOR_DL, rel=REL
    )


def test_a_rate_without_cases_or_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="case count > 0 or a CI"):
        meta.log_rates([0.5, 0.2], [10, float("nan")], [float("nan")] * 2, [float("nan")] * 2)
