"""The evidence rows a report used: what its reference list and downloads are built from."""

from __future__ import annotations

import pandas as pd

EVIDENCE_COLUMNS = ["source_id", "status"]


def evidence_rows(*frames: pd.DataFrame) -> pd.DataFrame:
    """``source_id`` and ``status`` of the rows of ``frames``, de-duplicated in order.

    Frames without ``source_id`` and a status are skipped; a frame's ``shown_status`` (the status a
    report displays for a derived row) stands in for ``status``. Rows without a ``source_id`` are
    dropped. An empty frame with the two columns when nothing qualifies.
    """
    parts = []
    for frame in frames:
        status_column = "shown_status" if "shown_status" in frame else "status"
        if "source_id" in frame and status_column in frame:
            parts.append(
                pd.DataFrame(
                    {"source_id": frame["source_id"].to_numpy(), "status": frame[status_column].to_numpy()}
                )
            )
    if not parts:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    rows = pd.concat(parts, ignore_index=True).dropna(subset=["source_id"])
    return rows.drop_duplicates().reset_index(drop=True)


def used_source_ids(evidence: pd.DataFrame) -> list[str]:
    """Sorted, de-duplicated ``source_id`` values of an evidence frame."""
    return sorted(set(evidence["source_id"].dropna()))
