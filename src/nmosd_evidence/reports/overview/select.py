"""The rows the overview shows: the claims selected by the parameters, the rows their evidence keys name,
the key-figure rows, and every evidence row of the data package (for the count of sources)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from ...core.curation import needs_checking
from ...datapackage import ledger, load
from ...datapackage.fields import SEED_DOCUMENTS
from ...datapackage.layout import key_column, status_tables
from ...datapackage.package import resource

# Tables whose rows carry a verification status: every table but the sources and the ledger.
STATUS_TABLES = status_tables()


@dataclass(frozen=True)
class KeyFigure:
    """One headline figure: the data row (``table`` and its key), the column shown, the area it
    stands for and the file name of the report with the detail."""

    area: str
    table: str
    key: str
    column: str
    report: str


EPIDEMIOLOGY, PROGRESSION = "epidemiology-all.html", "progression-all.html"
TREATMENT, HSCT = "treatment-all.html", "hsct-outcomes.html"
KEY_FIGURES = [
    KeyFigure("Epidemiology", "pooled", "R4f", "value_as_printed", EPIDEMIOLOGY),
    KeyFigure("Epidemiology", "pooled", "R1b", "value_as_printed", EPIDEMIOLOGY),
    KeyFigure("Epidemiology", "sex_ratio", "D01a", "value_as_printed", EPIDEMIOLOGY),
    KeyFigure("Progression", "disability", "mayo140_km_wheelchair_5y", "proportion", PROGRESSION),
    KeyFigure("Progression", "disability", "mayo140_km_blind_one_eye_5y", "proportion", PROGRESSION),
    KeyFigure("Treatment", "trial_results", "prevent_hr_nemos", "value_as_printed", TREATMENT),
    KeyFigure("Treatment", "acute", "kleiter2016_first_course_cr", "value_as_printed", TREATMENT),
    KeyFigure("HSCT", "patients", "both_follow_up_years", "value", HSCT),
    KeyFigure("HSCT", "cohorts", "greco2015_rfs_5y", "value_as_printed", HSCT),
]
# A row of the first table is described by the row of the second table that its column names.
CONTEXT_ROWS = {"trial_results": ("trials", "comparison_id")}


def loaded_tables(
    names: Iterable[str], tables: Mapping[str, pd.DataFrame] | None = None
) -> dict[str, pd.DataFrame]:
    """``tables`` when given, else the validated tables ``names`` (``load``), by name."""
    if tables is not None:
        return dict(tables)
    return {name: load(name) for name in sorted(set(names))}


# --- the claims -------------------------------------------------------------------------------------


def selected_claims(claims: pd.DataFrame, verdict: str = "all", document: str = "all") -> pd.DataFrame:
    """The claims with ``verdict`` from ``document`` ("all": no filter), in ledger order."""
    keep = pd.Series(True, index=claims.index)
    if verdict != "all":
        keep &= claims["verdict"] == verdict
    if document != "all":
        keep &= claims["document"] == document
    return claims[keep.fillna(False)].reset_index(drop=True)


def claims_of_document(claims: pd.DataFrame, document: str = "all") -> pd.DataFrame:
    """The claims of ``document`` ("all": every claim), whatever their verdict."""
    return selected_claims(claims, "all", document)


def resolved_evidence(claims: pd.DataFrame, tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """``datapackage.ledger.resolved_evidence`` of ``claims``: one row per (claim, evidence key) with the
    cited row's source_id and status. ``tables`` default: the validated tables the keys name."""
    return ledger.resolved_evidence(claims, loaded_tables(ledger.cited_tables(claims), tables))


def seed_document_rows() -> pd.DataFrame:
    """The two source documents the ledger checks, as evidence rows without a status."""
    return pd.DataFrame({"source_id": list(SEED_DOCUMENTS), "status": pd.NA}).astype("string")


# --- the key figures --------------------------------------------------------------------------------


def key_figure_tables() -> list[str]:
    """The tables the key figures read: their own and the tables that describe their rows."""
    names = {figure.table for figure in KEY_FIGURES}
    return sorted(names | {CONTEXT_ROWS[name][0] for name in names if name in CONTEXT_ROWS})


def table_row(tables: Mapping[str, pd.DataFrame], table: str, key: str) -> pd.Series:
    """The row of ``table`` whose primary key is ``key``; ``KeyError`` when there is none."""
    frame = tables[table]
    match = frame[frame[key_column(table)] == key]
    if match.empty:
        raise KeyError(f"no row {key!r} in {table}")
    return match.iloc[0]


def context_row(tables: Mapping[str, pd.DataFrame], table: str, row: pd.Series) -> pd.Series | None:
    """The row that describes ``row`` of ``table`` (a trial result's comparison), or ``None``."""
    if table not in CONTEXT_ROWS:
        return None
    other, column = CONTEXT_ROWS[table]
    return table_row(tables, other, row[column])


def key_figure_rows(
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> list[tuple[KeyFigure, pd.Series, pd.Series | None]]:
    """Each key figure with its data row and the row that describes it (``None`` for most).

    ``tables`` default: the validated ``key_figure_tables()``. ``KeyError`` naming a missing row.
    """
    tables = loaded_tables(key_figure_tables(), tables)
    found = []
    for figure in KEY_FIGURES:
        row = table_row(tables, figure.table, figure.key)
        found.append((figure, row, context_row(tables, figure.table, row)))
    return found


def key_figure_evidence(tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """``source_id`` and ``status`` of every row the key figures show: their own rows and the rows that
    describe them (their labels draw on those)."""
    rows = [r for _, row, context in key_figure_rows(tables) for r in (row, context) if r is not None]
    return pd.DataFrame({"source_id": [r["source_id"] for r in rows], "status": [r["status"] for r in rows]})


# --- every evidence row -----------------------------------------------------------------------------


def package_evidence_rows(tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every evidence row of the data package: table, row_key, source_id and status (strings).

    ``tables`` default: every table whose schema has a ``status`` column, loaded and validated.
    """
    tables = loaded_tables(STATUS_TABLES, tables)
    frames = [
        pd.DataFrame(
            {
                "table": name,
                "row_key": tables[name][key_column(name)],
                "source_id": tables[name]["source_id"],
                "status": tables[name]["status"],
            }
        )
        for name in STATUS_TABLES
        if name in tables
    ]
    return pd.concat(frames, ignore_index=True).astype("string")


def rows_to_check(tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """``core.curation.needs_checking`` of every evidence table: each row below *verified*, with the
    record to read and how to raise it (what ``nmosd-evidence todo`` prints).

    ``tables`` default: every table with a status and the sources, loaded and validated.
    """
    tables = loaded_tables([*STATUS_TABLES, "sources"], tables)
    evidence = {name: tables[name] for name in STATUS_TABLES if name in tables}
    return needs_checking(evidence, tables["sources"], {name: resource(name)["path"] for name in evidence})
