"""The column kinds the pandera schemas are built from: text, enum, number, integer, key, interval, and
the evidence columns that end every evidence table (allowed values from ``fields``)."""

from __future__ import annotations

import pandera.pandas as pa

from .fields import SLUG, STATUSES, VALUE_CHECKS


def _column(dtype: str, required: bool, **bounds: object) -> pa.Column:
    checks = []
    if "isin" in bounds:
        checks.append(pa.Check.isin(bounds["isin"]))
    if "ge" in bounds:
        checks.append(pa.Check.ge(bounds["ge"]))
    if "le" in bounds:
        checks.append(pa.Check.le(bounds["le"]))
    if "pattern" in bounds:
        checks.append(pa.Check.str_matches(bounds["pattern"]))
    unique = bool(bounds.get("unique"))
    return pa.Column(
        dtype, checks, nullable=not required, unique=unique, report_duplicates="exclude_first", coerce=True
    )


def text(required: bool = False, **bounds: object) -> pa.Column:
    """A string column; ``isin`` for enums, ``pattern`` for a regular expression."""
    return _column("string", required, **bounds)


def enum(values: list[str]) -> pa.Column:
    """A required string column restricted to ``values``."""
    return text(True, isin=values)


def number(required: bool = False, **bounds: object) -> pa.Column:
    """A float column (nullable ``Float64``); ``ge``/``le`` bounds in the column's unit."""
    return _column("Float64", required, **bounds)


def integer(required: bool = False, **bounds: object) -> pa.Column:
    """An integer column (nullable ``Int64``)."""
    return _column("Int64", required, **bounds)


def key() -> pa.Column:
    """The primary-key column: required, unique, a readable slug."""
    return text(True, unique=True, pattern=SLUG)


def ci() -> dict[str, pa.Column]:
    """The 95% interval columns, in the unit of the row's value."""
    return {"ci_lower": number(), "ci_upper": number()}


EVIDENCE = {
    "source_id": text(True),
    "locator": text(True),
    "quote": text(),
    "status": enum(STATUSES),
    "computed_from": text(),
    "note": text(),
    "value_check": text(isin=VALUE_CHECKS),
}


def evidence_table(name: str, columns: dict[str, pa.Column]) -> pa.DataFrameSchema:
    """A schema of ``columns`` followed by the evidence columns, in file order, no extra columns."""
    return pa.DataFrameSchema({**columns, **EVIDENCE}, name=name, strict=True, ordered=True)
