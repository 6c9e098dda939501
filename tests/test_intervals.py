"""The shared intervals (``nmosd_evidence.core.intervals``): hand calculations, statsmodels, other
confidence levels and refusals (used by the HSCT, progression and epidemiology reports)."""

from __future__ import annotations

import pytest
from reference_values import WILSON_5_OF_10
from statsmodels.stats.proportion import proportion_confint

from nmosd_evidence.core.intervals import clopper_pearson_interval, wilson_interval


def test_wilson_hand_example() -> None:
    assert wilson_interval(5, 10) == pytest.approx(WILSON_5_OF_10, abs=1e-5)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    # hand-computed Wilson score bounds, z = 1.96
    [(2, 2, 0.3424, 1.0), (0, 2, 0.0, 0.6576), (3, 16, 0.0659, 0.4301), (1, 1, 0.2065, 1.0)],
)
def test_wilson_hand_computed_bounds(k: int, n: int, low: float, high: float) -> None:
    assert wilson_interval(k, n) == pytest.approx((low, high), abs=5e-5)


@pytest.mark.parametrize("events,n", [(23, 106), (0, 20), (20, 20), (166, 871), (1, 3), (17, 74), (30, 427)])
def test_wilson_matches_statsmodels(events: int, n: int) -> None:
    expected = proportion_confint(events, n, alpha=0.05, method="wilson")
    assert wilson_interval(events, n) == pytest.approx(expected, abs=1e-12)


def test_wilson_other_confidence() -> None:
    expected = proportion_confint(18, 106, alpha=0.10, method="wilson")
    assert wilson_interval(18, 106, confidence=0.90) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("events,n", [(-1, 10), (11, 10), (0, 0), (3, 2)])
def test_wilson_refuses_impossible_counts(events: int, n: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(events, n)


def test_clopper_pearson_hand_values() -> None:
    # exact bounds: 0 of 10 -> (0, 1 - 0.025**(1/10)); 10 of 10 -> (0.025**(1/10), 1)
    assert clopper_pearson_interval(0, 10) == pytest.approx((0.0, 1 - 0.025**0.1), abs=1e-12)
    assert clopper_pearson_interval(10, 10) == pytest.approx((0.025**0.1, 1.0), abs=1e-12)
    with pytest.raises(ValueError):
        clopper_pearson_interval(4, 3)
