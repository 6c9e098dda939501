"""How numbers are written for readers: every formatter of the reports, in one place.

Numbers arrive as numbers (proportions 0-1, rates, counts, years) and leave as text; nothing here
computes a statistic or reads the data package.
"""

from __future__ import annotations

import math
import re

import pandas as pd


def missing(value: object) -> bool:
    """True for ``None``, NaN and ``pd.NA``."""
    return value is None or bool(pd.isna(value))


def significant(value: float | None, digits: int = 3) -> str:
    """``value`` with at most ``digits`` significant digits, thousands separators, plain notation, no
    trailing zeros: 2.0712 -> '2.07', 1234.5 -> '1,230' (3 digits), 0 -> '0'; '' when missing."""
    if missing(value):
        return ""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(float(value))))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{float(value):,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def whole(value: float) -> str:
    """A count or number of people, rounded, with thousands separators: 4321.6 -> '4,322'."""
    return f"{round(value):,}"


def count(value: object) -> str:
    """A stored count as text ('' when missing): 12.0 -> '12'."""
    return "" if missing(value) else str(int(value))


def percent(proportion: object, digits: int = 1) -> str:
    """A proportion (0-1) as per cent with at most ``digits`` decimals: 0.979 -> '97.9%', 0.8 -> '80%';
    '' when the value is missing."""
    if missing(proportion):
        return ""
    return f"{round(float(proportion) * 100, digits):g}%"


def percent_interval(low: object, high: object, digits: int = 1) -> str:
    """An interval of proportions (0-1) as '14.9–30.5%'; '' when a bound is missing."""
    if missing(low) or missing(high):
        return ""
    return f"{percent(low, digits)[:-1]}–{percent(high, digits)}"


def events_of(events: object, n: object) -> str:
    """'23 / 106', or 'n = 106' when only the denominator is known; '' without a denominator."""
    if missing(n):
        return ""
    return f"n = {int(n)}" if missing(events) else f"{int(events)} / {int(n)}"


def stored_decimals(value: float) -> int:
    """Decimal places of ``value`` as it is stored (0.06 -> 2, 0.272 -> 3, 10.0 -> 0)."""
    text = f"{float(value):.6g}"
    return 0 if "." not in text or "e" in text else len(text.split(".")[1])


def estimate_with_interval(value: float, ci_lower: float | None = None, ci_upper: float | None = None) -> str:
    """'0.06 (0.02–0.20)': the value with at least one decimal, each CI bound with at least as many
    decimals as the value (so 0.2 next to 0.06 reads 0.20, and 0.0 next to 0.014 reads 0.000)."""
    digits = max(stored_decimals(value), 1)
    text = f"{float(value):.{digits}f}"
    if not missing(ci_lower) and not missing(ci_upper):
        low = f"{float(ci_lower):.{max(stored_decimals(ci_lower), digits)}f}"
        high = f"{float(ci_upper):.{max(stored_decimals(ci_upper), digits)}f}"
        text += f" ({low}–{high})"
    return text


def p_value(p: object) -> str:
    """One style for every p value: 'p<0.001', 'p=0.023'; a p value as printed in a source keeps its
    own digits and sign ('<0.0001' -> 'p<0.0001', '0.02' -> 'p=0.02'); '' when there is none."""
    if missing(p) or not str(p).strip():
        return ""
    if isinstance(p, int | float):
        return "p<0.001" if p < 0.001 else f"p={p:.3f}"
    text = str(p).strip()
    return f"p{text}" if text[0] in "<>≤≥" else f"p={text}"


def period(start: object, end: object) -> str:
    """A study period in years: '2005–2011', '2011', 'from 2005', or 'period not given'."""
    if missing(start) and missing(end):
        return "period not given"
    if missing(start) or start == end:
        return str(int(end))
    if missing(end):
        return f"from {int(start)}"
    return f"{int(start)}–{int(end)}"


def years(number: int) -> str:
    """'1 year', '17 years'."""
    return f"{number} year" if number == 1 else f"{number} years"


def horizon(horizon_years: float | None) -> str:
    """A time horizon in words: 0.274 -> 'at 100 days', 5 -> 'at 5 years', missing -> ''."""
    if missing(horizon_years):
        return ""
    if horizon_years < 1:
        return f"at {round(horizon_years * 365.25)} days"
    return f"at {horizon_years:g} years"


def weeks(number: float | None) -> str:
    """'week 48', or 'time not stated' when the source gives no time point."""
    return "time not stated" if missing(number) else f"week {float(number):g}"


def shortened(text: str, limit: int = 58) -> str:
    """``text`` cut to ``limit`` characters at most, ending in '…' when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;(") + "…"


def first_sentence(text: str | None) -> str:
    """The first sentence of ``text`` ('' when missing)."""
    if missing(text):
        return ""
    return re.split(r"(?<=[.;])\s+(?=[A-Z'])", str(text).strip(), maxsplit=1)[0].rstrip(";")
