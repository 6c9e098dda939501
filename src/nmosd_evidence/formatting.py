"""How values are written for readers: in problem messages and in report text."""

from __future__ import annotations

import math

import pandas as pd


def shown(value: object) -> str:
    """A value as a reader would write it: ``1.2``, ``2030``, ``'AQP4?'``."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)


def percent(proportion: object, digits: int = 1) -> str:
    """A proportion (0-1) as per cent with at most ``digits`` decimals: 0.979 -> '97.9%', 0.8 -> '80%';
    '' when the value is missing."""
    if proportion is None or pd.isna(proportion):
        return ""
    return f"{round(float(proportion) * 100, digits):g}%"
