"""Confidence intervals for proportions (0-1: a share of patients, attacks or cohort members)."""

from __future__ import annotations

CONFIDENCE = 0.95  # two-sided


def proportion_confint(events: int, n: int, alpha: float, method: str) -> tuple[float, float]:
    """statsmodels' ``proportion_confint``, imported on first use: statsmodels costs about 1.5 s to
    import, which the command line (parameter checks import this module) should not pay."""
    from statsmodels.stats.proportion import proportion_confint as confint

    return confint(events, n, alpha=alpha, method=method)


def _checked(events: int, n: int) -> None:
    if n < 1 or events < 0 or events > n:
        raise ValueError(f"need 0 <= events <= n and n >= 1, got events={events}, n={n}")


def wilson_interval(events: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval (proportions 0-1) for ``events`` out of ``n``, two-sided ``confidence``.

    Computed by ``statsmodels.stats.proportion.proportion_confint(method="wilson")``, clipped to 0-1.
    ``ValueError`` unless ``0 <= events <= n`` and ``n >= 1``.
    """
    _checked(events, n)
    low, high = proportion_confint(events, n, alpha=1 - confidence, method="wilson")
    return max(0.0, float(low)), min(1.0, float(high))


def clopper_pearson_interval(events: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact (Clopper–Pearson) interval (proportions 0-1) for ``events`` out of ``n``.

    ``ValueError`` unless ``0 <= events <= n`` and ``n >= 1``.
    """
    _checked(events, n)
    low, high = proportion_confint(events, n, alpha=1 - confidence, method="beta")
    return float(low), float(high)
