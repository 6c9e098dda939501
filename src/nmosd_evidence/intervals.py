"""Confidence intervals for proportions, shared by the report modules.

Proportions are 0-1 (a share of patients, attacks or cohort members), never percent.
"""

from __future__ import annotations

import math
from statistics import NormalDist

CONFIDENCE = 0.95  # two-sided


def wilson_interval(events: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval for ``events`` out of ``n`` (proportions 0-1), two-sided ``confidence``.

    ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`` with ``z`` the two-sided normal quantile of
    ``confidence`` (1.959964 for 95%), clipped to 0-1. Raises ``ValueError`` unless
    ``0 <= events <= n`` and ``n >= 1``.
    """
    if n < 1 or events < 0 or events > n:
        raise ValueError(f"need 0 <= events <= n and n >= 1, got events={events}, n={n}")
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = events / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)
