"""Data problems, reported as ``file:row:field: message``."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one cell. ``row`` counts CSV records with the header as row 1 (0: the file)."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.field}: {self.message}"


class DataError(Exception):
    """Raised by ``load`` when a table breaks its schema; carries every problem found.

    Not a ``ValueError``: a parameter check that reads the data (pydantic turns a ``ValueError`` into
    "value not allowed") must report the broken data, not blame the parameter.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("invalid data:\n" + "\n".join(str(p) for p in problems))


def unique_by_cell(problems: list[Problem]) -> list[Problem]:
    """Keep the first problem reported for each (file, row, field); sort by file and row."""
    seen: set[tuple[str, int, str]] = set()
    kept = []
    for problem in problems:
        cell = (problem.file, problem.row, problem.field)
        if cell not in seen:
            seen.add(cell)
            kept.append(problem)
    return sorted(kept, key=lambda p: (p.file, p.row))


def shown(value: object) -> str:
    """A value as a reader would write it in a message: ``1.2``, ``2030``, ``'AQP4?'``."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)
