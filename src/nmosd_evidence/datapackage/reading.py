"""Reading a CSV table of the data package as text, with structural problems reported."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .problems import Problem

HEADER_ROW = 1


def _first_undecodable_cell(raw: bytes) -> tuple[int, int, str]:
    """(row, column index, byte) of the first byte that is not UTF-8."""
    error = None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = exc
    assert error is not None
    good = raw[: error.start].decode("utf-8")
    records = list(csv.reader(io.StringIO(good)))
    row = max(len(records), 1)
    column = len(records[-1]) - 1 if records else 0
    return row, max(column, 0), f"0x{raw[error.start]:02x}"


def read_text_table(path: Path, file: str, fields: list[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read ``path`` as strings; empty cells become NA and the index is the row number (header = 1).

    Returns ``None`` for the frame when the file cannot be read as a table (missing, not UTF-8, bad
    header). Rows with the wrong number of cells are reported and left out of the frame.
    """
    if not path.is_file():
        return None, [Problem(file, 0, "-", "file is missing")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        row, column, byte = _first_undecodable_cell(raw)
        header = next(csv.reader(io.StringIO(raw.decode("utf-8", "replace"))), [])
        field = header[column] if column < len(header) else "-"
        return None, [Problem(file, row, field, f"not valid UTF-8 (byte {byte}); save the file as UTF-8")]
    text = text.removeprefix("\ufeff")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        return None, [Problem(file, 0, "-", f"malformed CSV: {exc}")]
    if not records:
        return None, [Problem(file, HEADER_ROW, "-", "file is empty; expected a header row")]
    header, body = records[0], records[1:]
    problems = _header_problems(file, header, fields)
    if problems:
        return None, problems
    rows, numbers = [], []
    for number, record in enumerate(body, start=HEADER_ROW + 1):
        if record == [] or record == [""]:
            problems.append(Problem(file, number, "-", "blank row"))
        elif len(record) != len(header):
            problems.append(
                Problem(
                    file,
                    number,
                    "-",
                    f"row has {len(record)} cells but the header has {len(header)}"
                    " (stray delimiter or unquoted comma?)",
                )
            )
        else:
            rows.append([None if cell.strip() == "" else cell for cell in record])  # blank cells are NA
            numbers.append(number)
    return pd.DataFrame(rows, columns=header, index=pd.Index(numbers, name="row"), dtype="string"), problems


def _header_problems(file: str, header: list[str], fields: list[str]) -> list[Problem]:
    problems = [Problem(file, HEADER_ROW, name, "column is missing") for name in fields if name not in header]
    problems += [
        Problem(file, HEADER_ROW, name, "unexpected column (not in datapackage.json)")
        for name in header
        if name not in fields
    ]
    if not problems and header != fields:
        first = next(i for i, (a, b) in enumerate(zip(header, fields, strict=True)) if a != b)
        problems.append(
            Problem(file, HEADER_ROW, header[first], f"column out of order; expected {fields[first]!r} here")
        )
    return problems
