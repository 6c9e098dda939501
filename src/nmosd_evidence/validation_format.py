"""How values appear in problem messages."""

from __future__ import annotations

import math


def shown(value: object) -> str:
    """A value as a reader would write it: ``1.2``, ``2030``, ``'AQP4?'``."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)
