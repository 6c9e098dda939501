"""The "needs checking" list: every evidence row whose status is below ``verified``, with the record to
read and what to change in the row to raise it (``nmosd-evidence todo``, the overview's appendix).

Handed frames (the evidence tables, the sources and each table's file name); returns frames of text and
counts. The status order is ``vocabulary.STATUS_ORDER``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..datapackage.layout import key_column, status_tables
from .vocabulary import STATUS_ORDER, status_rank

TODO_COLUMNS = [
    "table",
    "file",
    "row",
    "row_key",
    "source_id",
    "status",
    "what",
    "record_to_read",
    "fields",
    "how_to_raise",
]
# CSV record number of a table's first data row (the header is record 1), as ``validate`` counts rows.
FIRST_DATA_ROW = 2
# Columns that say what a row states, per table, tried in this order (joined when several are given).
WHAT_COLUMNS: dict[str, tuple[str, ...]] = {
    "disability": ("outcome", "horizon_label", "proportion"),
    "patients": ("patient", "attribute", "value"),
    "events": ("patient", "year", "description"),
    "course_facts": ("finding",),
    "trials": ("trial", "drug", "comparator"),
}
DEFAULT_WHAT = ("value_as_printed",)
# A source without DOI, PMID or URL (the only copy read was a mirror that ``url`` must not link).
NO_ADDRESS = "no link: the source's notes in sources.csv name the copy read"
# What raises a row of each status below verified: the fields to change and how.
HOW_TO_RAISE: dict[str, tuple[str, str]] = {
    "abstract": (
        "quote; locator; status",
        "find the full paper the abstract became (the record is the abstract's) and read it; put the"
        " sentence that states the value in quote and the page or table in locator; set status to verified",
    ),
    "secondary": (
        "source_id; quote; locator; status",
        "find the primary study this source reports (see note), read it at its own DOI or PMID and add it"
        " to sources.csv if missing; point source_id to it, quote its sentence, set status to verified",
    ),
    "secondary, primary source": (
        "quote; locator; status",
        "the value was read only in a report citing this study: read the study's own record, put its"
        " sentence in quote and the page or table in locator; set status to verified",
    ),
    "computed": (
        "computed_from; status",
        "verify each input named in computed_from in its primary record; the row takes the weakest status"
        " of its inputs",
    ),
    "inferred": (
        "source_id; quote; locator; status",
        "find a source that states the value; quote it and set the status its reading supports, or keep"
        " inferred with the reasoning in note",
    ),
    "unverified": (
        "quote; locator; status",
        "read the record; put the sentence that states the value in quote and where it stands in"
        " locator; set status to what the reading supports (verified for the primary record)",
    ),
}


# Source types that report other people's studies: a secondary row citing one of them needs the primary
# study found; a secondary row citing a study itself needs that study's own record read.
REPORTING_SOURCE_TYPES = frozenset(
    {"systematic_review", "review", "news", "patient_information", "regulatory"}
)


def below_verified(status: object) -> bool:
    """True for a known status weaker than ``verified``."""
    return isinstance(status, str) and status in STATUS_ORDER and status_rank(status) > 0


def record_address(source: pd.Series | None) -> str:
    """The address of a source's record: its DOI (as a doi.org link), else its PubMed page, else its URL;
    '' for an unknown source or one with none of them."""
    if source is None:
        return ""
    if pd.notna(source.get("doi")):
        return f"https://doi.org/{source['doi']}"
    if pd.notna(source.get("pmid")):
        return f"https://pubmed.ncbi.nlm.nih.gov/{source['pmid']}/"
    return "" if pd.isna(source.get("url")) else str(source["url"])


def _cell_text(value: object) -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def row_statement(table: str, row: pd.Series) -> str:
    """What the row states, from its own cells (``WHAT_COLUMNS``; as printed by default)."""
    columns = [c for c in WHAT_COLUMNS.get(table, DEFAULT_WHAT) if c in row.index]
    parts = [_cell_text(row[c]) for c in columns]
    return "; ".join(part for part in parts if part)


def _raising_case(status: str, source: pd.Series | None) -> str:
    """The ``HOW_TO_RAISE`` entry for a row: its status, or for a secondary row whose source is a study
    (not a review, news item, patient or regulatory page) the 'secondary, primary source' case."""
    if (
        status == "secondary"
        and source is not None
        and source.get("source_type") not in REPORTING_SOURCE_TYPES
    ):
        return "secondary, primary source"
    return status


def needs_checking(
    tables: Mapping[str, pd.DataFrame], sources: pd.DataFrame, files: Mapping[str, str]
) -> pd.DataFrame:
    """One row per evidence row below ``verified`` (``TODO_COLUMNS``), in ``status_tables`` order and
    then file order: table, file, row (CSV record number, header = 1, as ``validate`` counts), row_key,
    source_id, status, what the row states, the address of its source's record (``NO_ADDRESS`` when it
    has none), the fields to change and how to raise it. ``tables`` maps table names to frames in file
    order (as ``load`` returns them); tables it lacks are skipped."""
    by_id = sources.set_index("source_id")
    cited: dict[object, pd.Series | None] = {}  # each source's row, looked up once
    records = []
    for table in status_tables():
        if table not in tables:
            continue
        frame = tables[table].reset_index(drop=True)
        key = key_column(table)
        for position, row in frame.iterrows():
            if not below_verified(row["status"]):
                continue
            if row["source_id"] not in cited:
                cited[row["source_id"]] = (
                    by_id.loc[row["source_id"]] if row["source_id"] in by_id.index else None
                )
            source = cited[row["source_id"]]
            fields, how = HOW_TO_RAISE[_raising_case(row["status"], source)]
            if row["status"] == "computed" and pd.notna(row.get("computed_from")):
                how = f"{how} ({row['computed_from']})"
            records.append(
                {
                    "table": table,
                    "file": files.get(table, table),
                    "row": int(position) + FIRST_DATA_ROW,
                    "row_key": row[key],
                    "source_id": row["source_id"],
                    "status": row["status"],
                    "what": row_statement(table, row),
                    "record_to_read": record_address(source) or NO_ADDRESS,
                    "fields": fields,
                    "how_to_raise": how,
                }
            )
    return pd.DataFrame(records, columns=TODO_COLUMNS)


def checking_counts(todo: pd.DataFrame) -> pd.DataFrame:
    """Rows to check (integers) per table (rows, in ``status_tables`` order) and status (columns, every
    status below verified in status order), with the totals ``all statuses`` (column) and ``all tables``
    (row)."""
    statuses = [s for s in STATUS_ORDER if below_verified(s)]
    tables = [t for t in status_tables() if t in set(todo["table"])]
    counts = pd.crosstab(todo["table"], todo["status"]).reindex(index=tables, columns=statuses, fill_value=0)
    counts = counts.fillna(0).astype(int)
    counts["all statuses"] = counts.sum(axis=1)
    counts.loc["all tables"] = counts.sum()
    counts.index.name, counts.columns.name = "table", None
    return counts
