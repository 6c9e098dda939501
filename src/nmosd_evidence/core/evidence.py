"""The evidence rows a report used: what its reference list, its evidence appendix and its downloads
are built from."""

from __future__ import annotations

import pandas as pd

from ..datapackage.package import descriptor

EVIDENCE_COLUMNS = ["row_id", "source_id", "locator", "quote", "status"]


def _row_ids() -> tuple[str, ...]:
    """The primary-key column of every evidence table of the data package (``sources`` and
    ``claims`` are not evidence rows)."""
    keys = []
    for resource in descriptor()["resources"]:
        key = resource["schema"].get("primaryKey")
        if resource["name"] not in {"sources", "claims"} and key:
            keys.append(key[0] if isinstance(key, list) else key)
    return tuple(keys)


def evidence_rows(*frames: pd.DataFrame) -> pd.DataFrame:
    """``row_id``, ``source_id``, ``locator``, ``quote`` and ``status`` of the rows of ``frames``,
    de-duplicated in order.

    ``row_id`` is the value of the frame's evidence-table key (``estimate_id``, ``outcome_id``, …);
    frames without ``source_id`` and a status are skipped; a frame's ``shown_status`` (the status a
    report displays for a derived row) stands in for ``status``. Rows without a ``source_id`` are
    dropped; columns a frame lacks are missing. An empty frame with the columns when nothing qualifies.
    """
    parts, row_ids = [], _row_ids()
    for frame in frames:
        status_column = "shown_status" if "shown_status" in frame else "status"
        if "source_id" not in frame or status_column not in frame:
            continue
        key = next((column for column in frame.columns if column in row_ids), None)
        parts.append(
            pd.DataFrame(
                {
                    "row_id": frame[key].to_numpy() if key else pd.NA,
                    "source_id": frame["source_id"].to_numpy(),
                    "locator": frame["locator"].to_numpy() if "locator" in frame else pd.NA,
                    "quote": frame["quote"].to_numpy() if "quote" in frame else pd.NA,
                    "status": frame[status_column].to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    rows = pd.concat(parts, ignore_index=True).dropna(subset=["source_id"])
    return rows.drop_duplicates().reset_index(drop=True)


def used_source_ids(evidence: pd.DataFrame) -> list[str]:
    """Sorted, de-duplicated ``source_id`` values of an evidence frame."""
    return sorted(set(evidence["source_id"].dropna()))
