"""One way to show a table: a pandas Styler with a fixed id, so the HTML is the same on every run."""

from __future__ import annotations

import re

import pandas as pd
from pandas.io.formats.style import Styler

from .downloads import DOWNLOAD_MIME, download_payload
from .format import missing


def _whole_number(value: object) -> str:
    return "" if missing(value) else f"{int(value):,}"


def _plain_number(value: object) -> str:
    return "" if missing(value) else f"{float(value):g}"


NUMBER_TEXT = re.compile(r"^[^A-Za-z]*\d[^A-Za-z]*$")  # '1.84 (1.33–2.54)', '14/352,353', '12%'


def numeric_column(column: pd.Series) -> bool:
    """True when every value shown in ``column`` is a number or reads as one (digits and signs, no
    words): such a column is right-aligned, so that its digits line up."""
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return True
    shown = [str(value) for value in column if not missing(value) and str(value) != ""]
    return bool(shown) and all(NUMBER_TEXT.match(value) for value in shown)


class StyledTable(Styler):
    """A Styler whose plain-text form names the table instead of a memory address, so a notebook's
    text/plain output is the same on every run (no churn in committed notebooks)."""

    download: dict | None = None

    def __repr__(self) -> str:
        rows, columns = self.data.shape
        return f"table {self.uuid}: {rows} rows × {columns} columns"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The rows behind the table as a download (IPython adds the HTML and plain text)."""
        return {DOWNLOAD_MIME: self.download} if self.download else {}


def styled_table(
    table: pd.DataFrame,
    uuid: str,
    *,
    index: bool = False,
    data: pd.DataFrame | None = None,
    units: str = "as in the column headings",
) -> StyledTable:
    """``table`` as a compact Styler with the fixed id ``uuid`` (deterministic HTML), carrying its
    download: ``data`` (the rows behind the table, as numbers, with their provenance columns, see
    ``downloads.provenance``) or else the table itself, values in ``units``.

    Text is left- and top-aligned and never cut, numbers (and columns of number text, see
    ``numeric_column``) right-aligned; whole numbers get thousands separators, other numbers
    print without trailing zeros, missing values are blank. The index is hidden unless ``index``.
    Cell text is HTML-escaped.
    """
    formats = {}
    for column in table.columns:
        dtype = table[column].dtype
        if pd.api.types.is_integer_dtype(dtype):
            formats[column] = _whole_number
        elif pd.api.types.is_float_dtype(dtype):
            formats[column] = _plain_number
    styler = StyledTable(table).set_uuid(uuid).format(formats, na_rep="", escape="html")
    shown = table.reset_index() if index else table
    styler.download = download_payload(shown if data is None else data, uuid, "", units)
    if not index:
        styler = styler.hide(axis="index")
    numbers = [
        {"selector": f"td.col{i}, th.col_heading.col{i}", "props": "text-align: right;"}
        for i, name in enumerate(table.columns)
        if numeric_column(table[name])
    ]
    return styler.set_table_styles(
        [
            {"selector": "", "props": "font-size: 0.85em; border-collapse: collapse;"},
            {"selector": "td, th", "props": "text-align: left; vertical-align: top; padding: 3px 6px;"},
            {"selector": "td", "props": "max-width: 26em;"},
            {"selector": "tbody tr", "props": "border-bottom: 1px solid #e5e5e5;"},
            *numbers,
        ]
    )
