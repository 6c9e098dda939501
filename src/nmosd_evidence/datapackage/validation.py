"""Validating the data package: structure, pandera schemas, cross-row and cross-table rules, Frictionless."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import bibliography, derived, quotes, rules
from .frictionless_check import frictionless_problems
from .package import default_data_dir, resource, table_names
from .problems import Problem, shown, unique_by_cell
from .reading import read_text_table
from .schemas import SCHEMAS

TYPE_WORDS = {"Float64": "a number", "Int64": "an integer", "string": "text"}


def _message(check: str, value: object, column: pa.Column | None) -> str | None:
    """A plain-language message for one pandera failure case (``None``: a follow-on failure)."""
    if check.startswith(("coerce_dtype", "dtype(")):
        wanted = TYPE_WORDS.get(str(column.dtype), str(column.dtype)) if column else "another type"
        return f"{shown(value)} is not {wanted}"
    if check == "not_nullable":
        return "required value is missing"
    if check == "field_uniqueness":
        return f"duplicate key {shown(value)}"
    if isinstance(value, str) and value.startswith("TypeError("):
        return None
    if check.startswith("isin("):
        allowed = column.checks[0].statistics["allowed_values"] if column else []
        return f"{shown(value)} is not one of: {', '.join(allowed)}"
    bound = re.match(r"(greater|less)_than_or_equal_to\((.*)\)", check)
    if bound:
        side = "below the minimum" if bound.group(1) == "greater" else "above the maximum"
        return f"{shown(value)} is {side} {bound.group(2)}"
    if check.startswith("str_matches("):
        return f"{shown(value)} does not match the pattern {check[len('str_matches(') : -1]}"
    return f"{shown(value)} fails {check}"


def schema_problems(name: str, file: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate ``frame`` against its pandera schema (lazily: every failure at once).

    Returns the typed frame (values that could not be typed become NA) and the problems.
    """
    schema = SCHEMAS[name]
    try:
        return schema.validate(frame, lazy=True), []
    except pa.errors.SchemaErrors as errors:
        failures = errors.failure_cases
    problems = []
    for case in failures.itertuples(index=False):
        column = schema.columns.get(case.column)
        message = _message(str(case.check), case.failure_case, column)
        if message is None or case.index is None or pd.isna(case.index):
            continue
        problems.append(Problem(file, int(case.index), str(case.column), message))
    return typed_loosely(name, frame), problems


def typed_loosely(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its numeric columns typed; cells that are not numbers become NA."""
    typed = frame.copy()
    for column_name, column in SCHEMAS[name].columns.items():
        if str(column.dtype) in ("Float64", "Int64") and column_name in typed:
            numbers = pd.to_numeric(typed[column_name], errors="coerce")
            if str(column.dtype) == "Int64":
                numbers = numbers.where(numbers.isna() | (numbers == numbers.round()))
            typed[column_name] = numbers.astype(str(column.dtype))
    return typed


def read_table(name: str, data_dir: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and type one table; the problems of its structure and schema (not cross-table ones)."""
    res = resource(name, data_dir)
    fields = [field["name"] for field in res["schema"]["fields"]]
    frame, problems = read_text_table(data_dir / res["path"], res["path"], fields)
    if frame is None:
        return None, problems
    typed, schema_found = schema_problems(name, res["path"], frame)
    return typed, problems + schema_found + rules.row_problems(name, res["path"], typed)


def validate_package(data_dir: Path | None = None, frictionless: bool = True) -> list[Problem]:
    """Every problem in the data package, one per cell, sorted by file and row.

    Runs, in order of precedence: structure, pandera schemas, rules within a table (with the markup
    rule, the quote rule and the bibliography rules, which ``load()`` leaves out), rules across tables
    (with the status of derived rows, also left out by ``load()``), and (``frictionless=True``) the
    Frictionless validator against ``datapackage.json``.
    """
    root = (data_dir or default_data_dir()).resolve()
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in table_names(root):
        frame, found = read_table(name, root)
        problems += found
        if frame is not None:
            tables[name] = frame
            problems += rules.markup_problems(resource(name, root)["path"], frame)
            path = resource(name, root)["path"]
            problems += quotes.quote_problems(name, path, frame)
            if name == "sources":
                problems += bibliography.source_problems(path, frame)
    files = {n: resource(n, root)["path"] for n in tables}
    problems += rules.table_problems(tables, files)
    problems += derived.derived_status_problems(tables, files)
    if frictionless:  # a backstop: only for files the checks above found clean (no follow-on noise)
        flagged = {problem.file for problem in problems}
        problems += [p for p in frictionless_problems(root) if p.file not in flagged]
    return unique_by_cell(problems)
