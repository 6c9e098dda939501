"""core.meta against R's metafor 3.8 (tests/crosscheck/metafor_reference.R): DL, REML and PM on the logit
and Freeman–Tukey scales, for the report's own studies, homogeneous and heterogeneous sets, zero-case
studies and Q < k - 1; every number to 1e-6 relative."""

from __future__ import annotations

import numpy as np
import pytest
from reference_values import (
    BCG,
    METAFOR,
    METAFOR_BCG_EGGER,
    METAFOR_FIELDS,
    METAFOR_SETS,
    METAFOR_SIX_DL_LOGIT_WEIGHTS,
    METAFOR_SIX_EGGER_LOGIT,
    METAFOR_SIX_LEAVE1OUT_LOGIT,
)

from nmosd_evidence import load
from nmosd_evidence.core import meta
from nmosd_evidence.reports.epidemiology import select
from nmosd_evidence.reports.epidemiology.select import Analysis

REL = 1e-6  # metafor agreement, relative
ABS = 1e-12  # for values metafor gives as exactly 0
CASES = [
    pytest.param(name, method, transform, values, id=f"{name}-{method}-{transform}")
    for (name, methods, transform), values in METAFOR.items()
    for method in (("DL", "REML", "PM") if methods == "all" else (methods,))
]


def _ours(name: str, method: meta.Method, transform: meta.Transform) -> dict[str, float]:
    """This package's numbers under the names of METAFOR_FIELDS."""
    cases, n = METAFOR_SETS[name]
    fit = meta.pool_proportions(cases, n, method, transform)
    normal = meta.pool_proportions(cases, n, method, transform, pi_distribution="normal")
    return {
        "mu": fit.mu, "se": fit.se, "estimate": fit.estimate, "ci_lower": fit.ci_lower,
        "ci_upper": fit.ci_upper, "pi_z_lower": normal.pi_lower, "pi_z_upper": normal.pi_upper,
        "pi_t_lower": fit.pi_lower, "pi_t_upper": fit.pi_upper, "tau2": fit.tau2,
        "tau2_ci_lower": fit.tau2_ci[0], "tau2_ci_upper": fit.tau2_ci[1], "i2": fit.i2,
        "i2_ci_lower": fit.i2_ci[0], "i2_ci_upper": fit.i2_ci[1], "h2": fit.h2, "q": fit.q,
        "q_pvalue": fit.q_pvalue,
    }  # fmt: skip


@pytest.mark.parametrize(("name", "method", "transform", "values"), CASES)
def test_pool_proportions_agrees_with_metafor(
    name: str, method: meta.Method, transform: meta.Transform, values: tuple[float, ...]
) -> None:
    ours = _ours(name, method, transform)
    for field, expected in zip(METAFOR_FIELDS, values, strict=True):
        assert ours[field] == pytest.approx(expected, rel=REL, abs=ABS, nan_ok=True), field


def test_every_method_and_transform_is_checked_for_every_set() -> None:
    checked = {tuple(case.values[:3]) for case in CASES}
    expected = {
        (name, method, transform)
        for name in METAFOR_SETS
        for method in ("DL", "REML", "PM")
        for transform in ("logit", "freeman-tukey")
    }
    assert checked == expected


@pytest.mark.parametrize(
    ("name", "region", "criteria"),
    [("six", "All", "any"), ("europe", "Europe", "any"), ("w2006", "All", "W2006")],
)
def test_the_reference_sets_are_the_rows_the_report_pools(name: str, region: str, criteria: str) -> None:
    # the sets of printed counts (inputs "counts"); the default pools are in test_epidemiology_results
    rows = select.pooled_rows(
        load("estimates"), Analysis(region=region, criteria=criteria, serostatus="all", inputs="counts")
    )
    cases, n = METAFOR_SETS[name]
    assert sorted(zip(rows["cases"], rows["population_at_risk"], strict=True)) == sorted(
        zip(cases, n, strict=True)
    )


def test_weights_agree_with_metafor_in_percent() -> None:
    fit = meta.pool_proportions(*METAFOR_SETS["six"])
    assert fit.weights == pytest.approx(METAFOR_SIX_DL_LOGIT_WEIGHTS, rel=REL)
    assert sum(fit.weights) == pytest.approx(100.0, rel=1e-12)


@pytest.mark.parametrize("method", ["DL", "REML", "PM"])
def test_leave_one_out_agrees_with_metafor_leave1out(method: meta.Method) -> None:
    fits = meta.leave_one_out(*METAFOR_SETS["six"], method=method)
    ours = [(f.estimate, f.ci_lower, f.ci_upper, f.tau2) for f in fits]
    for got, expected in zip(ours, METAFOR_SIX_LEAVE1OUT_LOGIT[method], strict=True):
        assert got == pytest.approx(expected, rel=REL)


def test_egger_agrees_with_metafor_regtest_on_bcg() -> None:
    a, b, c, d = (np.array(BCG[k], dtype=float) for k in ("tpos", "tneg", "cpos", "cneg"))
    y, v = np.log((a / (a + b)) / (c / (c + d))), 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)
    test = meta.egger_test(y, v)
    expected = METAFOR_BCG_EGGER
    assert (test.t, test.p_value, test.limit_estimate, test.slope) == pytest.approx(
        (expected["t"], expected["p"], expected["limit"], expected["slope"]), rel=REL
    )
    assert (test.df, test.k, test.note) == (expected["df"], 13, "")


def test_egger_on_the_six_studies_agrees_and_warns_that_k_is_small() -> None:
    fit = meta.pool_proportions(*METAFOR_SETS["six"])
    test = meta.egger_test(fit.effects, fit.variances)
    expected = METAFOR_SIX_EGGER_LOGIT
    assert (test.t, test.p_value, test.limit_estimate, test.slope) == pytest.approx(
        (expected["t"], expected["p"], expected["limit"], expected["slope"]), rel=REL
    )
    assert "not meaningful" in test.note
