"""The data behind a chart or a table, carried with it so that a report can offer it as a download.

A chart carries its rows in ``layout.meta["download"]``, a table in a MIME bundle of its own
(``DOWNLOAD_MIME``); the HTML report turns either into "Download the data" links (CSV and a JSON
sidecar, see ``render.downloads``). The rows are the ones drawn, with the values as numbers (no
formatting) and, for evidence rows, their provenance: the row's id, ``source_id``, ``locator``,
``quote``, ``status`` and ``computed_from``. The report adds the citation and the DOI / PubMed / web
address of each source when it writes the CSV.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

DOWNLOAD_MIME = "application/vnd.nmosd-evidence.download+json"
# Chart markup, not data: never part of a download ("label" is kept as plain text).
MARKUP_COLUMNS = ("hover", "right", "text")
# The provenance of an evidence row, in the order a download lists it.
PROVENANCE_COLUMNS = ("row_id", "source_id", "locator", "quote", "status", "computed_from")


def provenance(rows: pd.DataFrame, id_column: str) -> dict[str, np.ndarray]:
    """The provenance columns of evidence ``rows`` (``id_column`` as ``row_id``) but ``status`` (a
    chart's own ``status`` column is the status it draws), for a chart's or a table's rows built from
    them; columns the rows do not have are left out."""
    named = {"row_id": id_column, **{c: c for c in PROVENANCE_COLUMNS[1:] if c != "status"}}
    return {out: rows[column].to_numpy() for out, column in named.items() if column in rows}


def with_provenance(table: pd.DataFrame, rows: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """``table`` (one line per row of ``rows``, in the same order) with the rows' provenance columns, as
    a table's download."""
    shown = table.reset_index(drop=True)
    extra = {k: v for k, v in provenance(rows, id_column).items() if k not in shown}
    return (
        shown.assign(**extra, status=rows["status"].to_numpy())
        if "status" not in shown
        else shown.assign(**extra)
    )


def row_provenance(entry: pd.Series, id_column: str) -> dict[str, object]:
    """:func:`provenance` of one evidence row (for charts built row by row)."""
    return {key: values[0] for key, values in provenance(entry.to_frame().T, id_column).items()}


def _plain(value: object) -> object:
    """``value`` as JSON can hold it: numpy scalars as Python numbers, missing values as ``None``."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, float):
        return float(f"{value:.12g}")  # no float noise in a committed notebook
    return value if isinstance(value, (str, int, bool)) else str(value)


def plain_text(text: object) -> object:
    """Chart markup as plain text: tags (``<br>``, ``<i>``) as spaces, entities as characters."""
    if not isinstance(text, str):
        return text
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", text))).strip()


def slug(text: str, limit: int = 40) -> str:
    """``text`` (markup stripped, up to its first ':' or '(') as a file-name stem: lower case, words
    joined by '-', at most ``limit`` characters."""
    words = re.split(r"[:(]", re.sub(r"<[^>]*>", " ", str(text)))[0]
    words = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    return words[:limit].rstrip("-") or "data"


def _provenance_rank(column: object) -> int:
    """0 for a column of the data, 1, 2, … for the provenance columns in ``PROVENANCE_COLUMNS`` order."""
    return PROVENANCE_COLUMNS.index(column) + 1 if column in PROVENANCE_COLUMNS else 0


def download_payload(rows: pd.DataFrame, name: str, title: str, units: str) -> dict[str, object]:
    """The download of ``rows`` (markup columns dropped, the provenance columns last) as JSON:
    file-name stem ``name``, ``title``, ``units`` of the values, ``columns`` and ``rows`` (lists)."""
    kept = [(i, c) for i, c in enumerate(rows.columns) if c not in MARKUP_COLUMNS]
    order = sorted(kept, key=lambda item: _provenance_rank(item[1]))  # stable: other columns keep theirs
    columns = []  # read column by column: a row at a time through pandas took about 2 ms a table
    for position, column in order:
        values = rows.iloc[:, position].tolist()
        columns.append([plain_text(v) for v in values] if column == "label" else values)
    records = zip(*columns, strict=True) if columns else ([] for _ in range(len(rows)))
    return {
        "name": slug(name),
        "title": plain_text(str(title)),
        "units": units,
        "columns": [str(c) for _, c in order],
        "rows": [[_plain(value) for value in record] for record in records],
    }


def with_download(fig: go.Figure, rows: pd.DataFrame, units: str, name: str | None = None) -> go.Figure:
    """``fig`` carrying ``rows`` (the rows it draws) as its download, named after its title unless
    ``name`` is given; ``units`` of the values (e.g. 'per 100,000 persons')."""
    title = fig.layout.title.text or name or "chart"
    fig.update_layout(meta={"download": download_payload(rows, name or title, title, units)})
    return fig


def figure_download(figure: dict | go.Figure) -> dict | None:
    """The download a figure (object or JSON) carries, if any."""
    meta = figure.layout.meta if isinstance(figure, go.Figure) else figure.get("layout", {}).get("meta")
    return meta.get("download") if isinstance(meta, dict) else None


class HtmlWithDownload(str):
    """HTML (a ``str``, so it reads and tests as markup) that a notebook shows with the rows behind it
    as its download (IPython shows the HTML; a report adds the download links)."""

    download: dict[str, object]

    def __new__(cls, html: str, download: dict[str, object]) -> HtmlWithDownload:
        made = super().__new__(cls, html)
        made.download = download
        return made

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": str(self), DOWNLOAD_MIME: self.download}

    def __repr__(self) -> str:
        return f"{self.download['title'] or self.download['name']}: {len(self.download['rows'])} rows"


def drawn_rows(parts: Iterable[pd.DataFrame | None]) -> pd.DataFrame:
    """The rows of several parts of one chart (points, diamonds, …) as one frame."""
    frames = [part for part in parts if part is not None and len(part)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
