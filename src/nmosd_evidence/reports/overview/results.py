"""The overview's numbers: claims per document and verdict, the key figures' cells, and sources per type
and status. Counts stay integers and cells stay as stored; ``tables`` and ``text`` write them out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ...core.vocabulary import STATUS_ORDER
from ...datapackage.fields import SEED_DOCUMENTS, VERDICTS
from ...datapackage.package import resource
from .labels import key_figure_label
from .select import claims_of_document, key_figure_rows, selected_claims

ALL_VERDICTS, BOTH_DOCUMENTS = "all verdicts", "both documents"
KEY_FIGURE_FIELDS = ["area", "figure", "value", "column", "status", "source_id", "evidence", "report"]


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Number of claims (integers) per document (rows, both seed documents) and verdict (columns, every
    verdict), with the totals ``all verdicts`` (column) and ``both documents`` (row)."""
    counts = pd.crosstab(claims["document"], claims["verdict"]).reindex(
        index=list(SEED_DOCUMENTS), columns=VERDICTS, fill_value=0
    )
    counts = counts.fillna(0).astype(int)
    counts[ALL_VERDICTS] = counts.sum(axis=1)
    counts.loc[BOTH_DOCUMENTS] = counts.sum()
    counts.index.name, counts.columns.name = "document", None
    return counts


@dataclass(frozen=True)
class LedgerCounts:
    """How many claims (integers) the ledger holds and how many the report shows."""

    total: int
    per_document: dict[str, int]  # seed document id -> claims
    per_verdict: dict[str, int]  # verdict -> claims of both documents
    shown: int  # claims with the selected verdict from the selected document
    in_document: int  # claims of the selected document ("all": every claim), whatever their verdict


def ledger_counts(claims: pd.DataFrame, verdict: str = "all", document: str = "all") -> LedgerCounts:
    """The ledger's size by document and verdict, and the size of the selection (``selected_claims``)."""
    counts = verdict_counts(claims)
    return LedgerCounts(
        total=int(counts.loc[BOTH_DOCUMENTS, ALL_VERDICTS]),
        per_document={d: int(counts.loc[d, ALL_VERDICTS]) for d in SEED_DOCUMENTS},
        per_verdict={v: int(counts.loc[BOTH_DOCUMENTS, v]) for v in VERDICTS},
        shown=len(selected_claims(claims, verdict, document)),
        in_document=len(claims_of_document(claims, document)),
    )


def key_figures(tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The headline figure of each area: area, figure (label from the row), value (the cell as stored:
    a proportion 0-1 or a text as printed), column (which cell), status, source_id, evidence
    (``table:key``) and report (file name of the detailed report), one row per ``KEY_FIGURES`` entry.

    ``tables`` default: the validated tables the key figures read. ``KeyError`` if a row is missing.
    """
    records = []
    for figure, row, context in key_figure_rows(tables):
        title = resource(figure.table).get("title", "")
        records.append(
            {
                "area": figure.area,
                "figure": key_figure_label(figure.table, row, context, title),
                "value": row[figure.column],
                "column": figure.column,
                "status": row["status"],
                "source_id": row["source_id"],
                "evidence": f"{figure.table}:{figure.key}",
                "report": figure.report,
            }
        )
    return pd.DataFrame(records, columns=KEY_FIGURE_FIELDS)


def sources_by_type_and_status(sources: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Number of sources (integers) per source type, and how many of them back rows of each status.

    Columns: ``sources`` (all of that type), one column per status (sources cited by at least one row
    with that status, so a source can count under several statuses) and ``cited by no row``. The last
    row, ``all types``, sums the columns. ``rows`` has ``source_id`` and ``status`` columns.
    """
    cited = rows.dropna(subset=["source_id", "status"]).drop_duplicates(["source_id", "status"])
    typed = cited.merge(sources[["source_id", "source_type"]], on="source_id", how="inner")
    by_status = pd.crosstab(typed["source_type"], typed["status"])
    table = sources.groupby("source_type").size().to_frame("sources")
    table = table.join(by_status.reindex(columns=list(STATUS_ORDER)), how="left").fillna(0)
    used = set(rows["source_id"].dropna())
    unused = sources[~sources["source_id"].isin(used)].groupby("source_type").size()
    table["cited by no row"] = unused.reindex(table.index).fillna(0)
    table = table.astype(int).sort_values(["sources"], ascending=False, kind="stable")
    table.loc["all types"] = table.sum()
    table.index.name = "source type"
    return table
