"""Quotes that hold their numbers: a row read in a source (status verified, abstract or secondary) prints
a value its own quote states.

The row's main value (``MAIN_VALUES``) is looked for among the numbers of its quote, directly, as a
percentage of a proportion, or through the row's declared ``value_conversion`` ("per 1,000,000 PY / 10",
"months / 12"). Numbers are read however a source prints them: ``1,000`` / ``1 000`` / ``1000``, ``0.5`` /
``.5`` / ``0·5``, a decimal comma (``0,147``), ratios (``9:1``), percentages, small number words
("half", "seven"). A row whose value legitimately is not in its quote says why in ``value_check``
(``VALUE_CHECKS``) and explains it in ``note``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import pandas as pd

from .fields import VALUE_CHECKS
from .problems import Problem, shown

# Statuses that claim a reading of the quoted source.
READ_STATUSES = ("verified", "abstract", "secondary")

# Table -> the columns holding the value(s) a row prints (each one checked when present).
MAIN_VALUES: dict[str, tuple[str, ...]] = {
    "estimates": ("value",),
    "pooled": ("value", "range_low", "range_high"),
    "sex_ratio": ("female_to_male",),
    "age_at_onset": ("value", "value_low", "value_high"),
    "disability": ("proportion",),
    "milestones": ("value",),
    "course_facts": ("value",),
    "trials": ("n_treatment", "n_comparator"),
    "trial_results": ("value",),
    "acute": ("value",),
    "patients": ("value_number",),
    "cohorts": ("value",),
}

# A printed number matches a stored value within this relative tolerance (a value stored to four
# significant figures after a conversion such as months / 12).
RELATIVE_TOLERANCE = 5e-4

_SPACES = "\u00a0\u2009\u202f "
_POINTS = "·•"  # a raised point (0·5, 0•278) is a decimal point
_NUMBER = re.compile(
    rf"(?<![\w.,{_POINTS}])(?:\d{{1,3}}(?:[,{_SPACES}]\d{{3}})+(?![\d])(?:\.\d+)?"
    rf"|\d+(?:[.,{_POINTS}]\d+)?|[.{_POINTS}]\d+)"
)
_PERCENT = re.compile(r"\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
# "70.2 and 59.4%": a number listed before a percentage is a percentage too.
_LISTED = re.compile(r"\s*(?:,|and|or|to|vs\.?|-|–)\s*", re.IGNORECASE)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_WORDS = {
    "no": 0,
    "none": 0,
    "zero": 0,
    "equal": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "ninety": 90,
    "hundred": 100,
    "half": 0.5,
    "third": 1 / 3,
    "quarter": 0.25,
    "two-thirds": 2 / 3,
    "three-quarters": 0.75,
    "twice": 2,
    "double": 2,
}
_WORDS |= _TENS | {
    f"{tens}-{unit}": value + _WORDS[unit]
    for tens, value in _TENS.items()
    for unit in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
}
_WORD = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + r")\b", re.I)
_CONVERSION = re.compile(r"(?:^|\s)([/x×*])\s*(\d[\d,]*(?:\.\d+)?)(?!\S*\s*=)")


def _readings(token: str) -> set[float]:
    """Every number ``token`` may mean: ``1,000`` is 1000; ``0,147`` is 0.147 (or 147); ``1 000``
    is 1000 (or 1 and 000: a space may also separate two numbers)."""
    for point in _POINTS:
        token = token.replace(point, ".")
    parts = re.split(rf"[,{_SPACES}]", token)
    found: set[float] = set()
    if len(parts) == 1:
        found.add(float(token if not token.startswith(".") else "0" + token))
        return found
    found.add(float("".join(parts)))
    if len(parts) == 2 and "." not in parts[1]:  # decimal comma
        found.add(float(f"{parts[0]}.{parts[1]}"))
    found.update(float(part) for part in parts if part and part.replace(".", "").isdigit())
    return found


def printed_numbers(text: str) -> set[float]:
    """The numbers ``text`` states, each also as a proportion when printed as a percentage."""
    found: set[float] = set()
    matches = list(_NUMBER.finditer(text))
    percent = [bool(_PERCENT.match(text, m.end())) for m in matches]
    for i in reversed(range(len(matches) - 1)):
        listed = _LISTED.fullmatch(text, matches[i].end(), matches[i + 1].start())
        percent[i] = percent[i] or (percent[i + 1] and listed is not None)
    for match, is_percent in zip(matches, percent, strict=True):
        readings = _readings(match.group(0))
        found |= readings
        if is_percent:
            found |= {number / 100 for number in readings}
    for match in _WORD.finditer(text):
        number = float(_WORDS[match.group(1).lower()])
        found |= {number, number * 100} if number < 1 else {number, number / 100}
    return found


def conversion(text: object) -> tuple[str, float] | None:
    """A declared conversion ``'per 1,000,000 PY / 10'`` as ``('/', 10.0)`` (value = printed / 10);
    ``None`` when there is none or it is not a single operation on the printed figure."""
    if text is None or pd.isna(text):
        return None
    match = _CONVERSION.search(str(text))
    if not match:
        return None
    operator = "/" if match.group(1) == "/" else "*"
    return operator, float(match.group(2).replace(",", ""))


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)


def states(quote: str, value: float, declared: tuple[str, float] | None = None) -> bool:
    """Whether ``quote`` states ``value`` (directly, as a percentage, or through ``declared``)."""
    target = abs(float(value))
    for number in printed_numbers(quote):
        if _close(number, target):
            return True
        if declared:
            operator, factor = declared
            converted = number / factor if operator == "/" else number * factor
            if _close(converted, target) or _close(converted / 100, target):
                return True
    return False


def _row_problems(file: str, row: int, r: pd.Series, columns: tuple[str, ...]) -> Iterator[Problem]:
    check = r.get("value_check")
    check = None if check is None or pd.isna(check) else str(check)
    quote = r["quote"]
    if pd.isna(quote):
        return  # the evidence rule reports a missing quote
    declared = conversion(r.get("value_conversion"))
    values = [(column, r[column]) for column in columns if column in r and pd.notna(r[column])]
    missing = [(column, value) for column, value in values if not states(str(quote), value, declared)]
    if check is None:
        for column, value in missing:
            yield Problem(
                file,
                row,
                column,
                f"{column} {shown(float(value))} is not in the quote; quote the sentence that states it,"
                f" or say why in value_check ({', '.join(VALUE_CHECKS)})",
            )
    elif values and not missing:
        yield Problem(file, row, "value_check", f"value_check is {check!r} but the quote states the value")
    elif pd.isna(r.get("note")):
        yield Problem(file, row, "note", f"value_check is {check!r}; say in note how the value was obtained")


def quote_problems(name: str, file: str, frame: pd.DataFrame) -> list[Problem]:
    """Rows read in a source whose quote does not state the row's main value."""
    columns = MAIN_VALUES.get(name)
    if not columns or "quote" not in frame:
        return []
    problems: list[Problem] = []
    for row, r in frame[frame["status"].isin(READ_STATUSES)].iterrows():
        problems += _row_problems(file, int(row), r, columns)
    return problems
