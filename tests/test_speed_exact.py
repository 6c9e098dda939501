"""What replaced slower code gives the same floats, bit for bit: the quantiles of ``core.distributions``
(``scipy.stats``), Brent's method of ``core.roots`` (``scipy.optimize.brentq``), the intervals of
``core.intervals`` (statsmodels' ``proportion_confint``) and the pooled rows of the epidemiology report
(the definitions they replaced, written out here)."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats
from statsmodels.stats.proportion import proportion_confint

from nmosd_evidence import load
from nmosd_evidence.core import distributions as d
from nmosd_evidence.core.heterogeneity import generalised_q
from nmosd_evidence.core.intervals import clopper_pearson_interval, wilson_interval
from nmosd_evidence.core.roots import brentq
from nmosd_evidence.reports.epidemiology import select

RNG = random.Random(20261202)
PROBABILITIES = [0.975, 0.025, 0.5, 0.95, 0.05, 0.995, 1e-10, 1 - 1e-10] + [RNG.random() for _ in range(60)]
EDGES = [0.0, 1.0, -0.5, 1.5, math.nan]
FREEDOM = [1, 2, 3, 5, 9, 29, 1000, 2.5]


def same(mine: object, theirs: object) -> bool:
    """Same type, same float (NaN equal to NaN), same sign of zero."""
    return (
        type(mine) is type(theirs)
        and (mine == theirs or (np.isnan(mine) and np.isnan(theirs)))
        and np.signbit(mine) == np.signbit(theirs)
    )


@pytest.mark.parametrize("q", PROBABILITIES + EDGES)
def test_quantiles_are_scipys(q: float) -> None:
    assert same(d.norm_ppf(q), stats.norm.ppf(q)) and same(d.norm_isf(q), stats.norm.isf(q))
    for df in [*FREEDOM, 0, -1]:
        assert same(d.t_ppf(q, df), stats.t.ppf(q, df)), df
        assert same(d.chi2_ppf(q, df), stats.chi2.ppf(q, df)), df
    for a, b in [(1, 10), (58, 11177743 - 58 + 1), (59, 11177743 - 58), (0.5, 0.5), (3, 1), (0, 3), (3, 0)]:
        assert same(d.beta_ppf(q, a, b), stats.beta.ppf(q, a, b)), (a, b)
        assert same(d.beta_isf(q, a, b), stats.beta.isf(q, a, b)), (a, b)


@pytest.mark.parametrize("x", [0.0, -1.0, 1e-300, 0.5, 3.84, 100.0, 1e6, math.inf, -math.inf, math.nan])
def test_tail_probabilities_are_scipys(x: float) -> None:
    for df in [*FREEDOM, 0]:
        assert same(d.chi2_sf(x, df), stats.chi2.sf(x, df)), df
        assert same(d.t_sf(x, df), stats.t.sf(x, df)), df
        assert same(d.t_sf(-x, df), stats.t.sf(-x, df)), df


def _problems() -> list[tuple[object, float, float]]:
    """Functions with a root in [a, b]: cubics, generalised Q against a target (on tau² >= 0), wiggly
    curves."""
    problems = []
    for trial in range(300):
        if trial % 3 == 0:
            c = [RNG.uniform(-5, 5) for _ in range(4)]

            def f(x: float, c: list[float] = c) -> float:
                return ((c[0] * x + c[1]) * x + c[2]) * x + c[3]
        elif trial % 3 == 1:
            k = RNG.randint(2, 12)
            y = np.array([RNG.gauss(0, 1) for _ in range(k)])
            v = np.array([RNG.uniform(0.001, 0.5) for _ in range(k)])
            target = RNG.uniform(0.1, k)

            def f(t: float, y: np.ndarray = y, v: np.ndarray = v, target: float = target) -> float:
                return generalised_q(t, y, v) - target
        else:
            s = RNG.uniform(0.1, 3)

            def f(x: float, s: float = s) -> float:
                return math.tanh(s * x - 0.3) + 0.1 * math.sin(5 * x)

        a, b = (0.0 if trial % 3 == 1 else RNG.uniform(-3, 0)), RNG.uniform(0.01, 20)  # tau² >= 0 for Q
        if f(a) * f(b) <= 0:
            problems.append((f, a, b))
    return problems


def _scipy_root(f: object, a: float, b: float, xtol: float, rtol: float, maxiter: int) -> tuple:
    try:
        root, info = optimize.brentq(
            f, a, b, xtol=xtol, rtol=rtol, maxiter=maxiter, full_output=True, disp=False
        )
    except ValueError as error:
        return ("ValueError", str(error))
    return (type(root), root, info.converged, None if info.converged else info.iterations)


def _our_root(f: object, a: float, b: float, xtol: float, rtol: float, maxiter: int) -> tuple:
    try:
        found = brentq(f, a, b, xtol, rtol, maxiter)
    except ValueError as error:
        return ("ValueError", str(error))
    return (type(found.root), found.root, found.converged, None if found.converged else found.iterations)


def test_brent_roots_are_scipys() -> None:
    problems = _problems()
    assert len(problems) > 150
    for f, a, b in problems:
        for xtol, rtol, maxiter in [
            (1e-18 * b, 4 * np.finfo(float).eps, 500),
            (2e-12, 1e-9, 100),
            (2e-12, 1e-12, 4),
        ]:
            assert _our_root(f, a, b, xtol, rtol, maxiter) == _scipy_root(f, a, b, xtol, rtol, maxiter)


def test_brent_refuses_what_scipy_refuses() -> None:
    with pytest.raises(ValueError, match="different signs"):
        brentq(lambda x: x * x + 1, -1.0, 1.0, 1e-12, 1e-12, 100)
    with pytest.raises(ValueError, match="NaN"):
        brentq(lambda x: math.nan, -1.0, 1.0, 1e-12, 1e-12, 100)
    with pytest.raises(ValueError, match="xtol"):
        brentq(lambda x: x, -1.0, 1.0, 0.0, 1e-12, 100)


@pytest.mark.parametrize("n", [*range(1, 41), 106, 871, 11177743])
def test_intervals_are_statsmodels(n: int) -> None:
    for events in sorted({*range(0, min(n, 40) + 1), n // 2, n - 1, n} - {-1}):
        for confidence in (0.95, 0.9, 0.99):
            low, high = proportion_confint(events, n, alpha=1 - confidence, method="wilson")
            assert wilson_interval(events, n, confidence) == (max(0.0, float(low)), min(1.0, float(high)))
            expected = proportion_confint(events, n, alpha=1 - confidence, method="beta")
            assert clopper_pearson_interval(events, n, confidence) == tuple(float(x) for x in expected)


def _one_per_population_as_it_was(candidates: pd.DataFrame) -> pd.DataFrame:
    """The sort-and-group definition ``select.one_per_population`` replaced."""
    ranked = candidates.assign(
        _period=-candidates["period_end"].astype("Float64").fillna(-9999),
        _criteria=candidates["criteria"].map(select.CRITERIA_ORDER),
        _crude=(candidates["standardisation"] != "crude").astype(int),
        _input=candidates["input"].map(select.INPUT_ORDER) if "input" in candidates else 0,
    ).sort_values(["population_key", "_period", "_criteria", "_crude", "_input", "estimate_id"])
    return ranked.groupby("population_key").head(1).drop(columns=["_period", "_criteria", "_crude", "_input"])


def _samples() -> list[pd.DataFrame]:
    """The estimates, random subsets of them (shuffled), and copies with undated rows, unknown criteria
    and populations merged under shared keys."""
    estimates = load("estimates")
    frames = [estimates]
    for _ in range(25):
        frames.append(estimates.iloc[RNG.sample(range(len(estimates)), RNG.randint(0, len(estimates)))])
    undated = estimates.copy()
    undated.loc[undated.index[:40:3], "period_end"] = pd.NA
    undated.loc[undated.index[1:50:4], "criteria"] = "other"
    merged = estimates.assign(population_key=estimates["population_key"].str[:3])
    return [*frames, undated, merged]


def test_one_row_per_population_as_before() -> None:
    for frame in _samples():
        for entered in (
            frame,
            frame.assign(input=[RNG.choice(list(select.INPUT_ORDER)) for _ in range(len(frame))]),
        ):
            pd.testing.assert_frame_equal(
                select.one_per_population(entered), _one_per_population_as_it_was(entered), check_exact=True
            )


@pytest.mark.parametrize(
    "analysis",
    [
        select.Analysis(),
        select.Analysis(region="Europe", inputs="counts"),
        select.Analysis(region="East Asia", transform="freeman-tukey", inputs="derived"),
        select.Analysis(criteria="W2006", serostatus="AQP4+"),
    ],
)
def test_pooled_rows_are_the_rows_the_eligibility_table_pools(analysis: select.Analysis) -> None:
    for frame in _samples():
        table = select.pooling_eligibility(frame, analysis)
        chosen = table.loc[table["pooled"], ["estimate_id", "input", "derived_population"]]
        expected = chosen.merge(frame, on="estimate_id", how="left")[
            [*frame.columns, "input", "derived_population"]
        ]
        pd.testing.assert_frame_equal(select.pooled_rows(frame, analysis), expected, check_exact=True)
        kept = _one_per_population_as_it_was(table[table["input"].notna()])
        assert set(table.loc[table["pooled"], "estimate_id"]) == set(kept["estimate_id"])
