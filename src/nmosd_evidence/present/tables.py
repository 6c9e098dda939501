"""One way to show a table: a pandas Styler with a fixed id, so the HTML is the same on every run."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from .format import missing


def _whole_number(value: object) -> str:
    return "" if missing(value) else f"{int(value):,}"


def _plain_number(value: object) -> str:
    return "" if missing(value) else f"{float(value):g}"


class StyledTable(Styler):
    """A Styler whose plain-text form names the table instead of a memory address, so a notebook's
    text/plain output is the same on every run (no churn in committed notebooks)."""

    def __repr__(self) -> str:
        rows, columns = self.data.shape
        return f"table {self.uuid}: {rows} rows × {columns} columns"


def styled_table(table: pd.DataFrame, uuid: str, *, index: bool = False) -> StyledTable:
    """``table`` as a compact Styler with the fixed id ``uuid`` (deterministic HTML).

    Text is left- and top-aligned and never cut; whole numbers get thousands separators, other numbers
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
    if not index:
        styler = styler.hide(axis="index")
    return styler.set_table_styles(
        [
            {"selector": "", "props": "font-size: 0.85em; border-collapse: collapse;"},
            {"selector": "td, th", "props": "text-align: left; vertical-align: top; padding: 3px 6px;"},
            {"selector": "td", "props": "max-width: 26em;"},
            {"selector": "tbody tr", "props": "border-bottom: 1px solid #e5e5e5;"},
        ]
    )
