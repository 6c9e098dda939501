"""Citations: the reference list a report ends with, and links for DOIs, PMIDs and URLs."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .data import load


def used_source_ids(*frames: pd.DataFrame) -> list[str]:
    """Sorted, de-duplicated ``source_id`` values of every frame that has that column."""
    ids: set[str] = set()
    for frame in frames:
        if "source_id" in frame:
            ids.update(frame["source_id"].dropna())
    return sorted(ids)


def evidence_rows(*frames: pd.DataFrame) -> pd.DataFrame:
    """``source_id`` and ``status`` of the rows of ``frames``, de-duplicated in order: the evidence a
    report used, for ``reference_list``. Frames without ``source_id`` and a status are skipped; a
    frame's ``shown_status`` (the status a report displays for a derived row) stands in for ``status``.
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
    return pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True)


def source_links(row: pd.Series) -> list[tuple[str, str]]:
    """(label, address) links of a source: its DOI and its PubMed record, or else its web page."""
    links = []
    if pd.notna(row.get("doi")):
        links.append((f"doi:{row['doi']}", f"https://doi.org/{row['doi']}"))
    if pd.notna(row.get("pmid")):
        links.append((f"PMID {row['pmid']}", f"https://pubmed.ncbi.nlm.nih.gov/{row['pmid']}/"))
    if not links and pd.notna(row.get("url")):
        links.append((row["url"], row["url"]))
    return links


def short_citation(row: pd.Series) -> str:
    """'Authors (year). Title. Journal.' with missing parts left out."""
    authors = row["authors"] if pd.notna(row["authors"]) else ""
    year = f" ({int(row['year'])})" if pd.notna(row["year"]) else ""
    journal = f" {row['journal']}." if pd.notna(row["journal"]) else ""
    return f"{authors}{year}. {row['title']}.{journal}".strip(" .") + "."


def reference_list(source_ids: Iterable[str], evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per cited source: id, citation, type, links (label, address), and the statuses used.

    ``evidence`` (optional) is the concatenation of the evidence rows the report showed; their
    ``status`` values are summarised per source (e.g. "verified, unverified").
    """
    sources = load("sources").set_index("source_id")
    wanted = sorted(set(source_ids))
    missing = [s for s in wanted if s not in sources.index]
    if missing:
        raise KeyError(f"unknown source_id(s): {', '.join(missing)}")
    table = sources.loc[wanted]
    statuses = {}
    if evidence is not None and "status" in evidence:
        statuses = evidence.groupby("source_id")["status"].agg(lambda s: ", ".join(sorted(set(s)))).to_dict()
    return pd.DataFrame(
        {
            "source_id": wanted,
            "citation": [short_citation(row) for _, row in table.iterrows()],
            "type": table["source_type"].tolist(),
            "links": [source_links(row) for _, row in table.iterrows()],
            "statuses used": [statuses.get(s, "") for s in wanted],
        }
    )


def reference_list_html(references: pd.DataFrame) -> str:
    """The reference list as an HTML ordered list with clickable DOI/PMID/URL links."""
    import html

    items = []
    for _, row in references.iterrows():
        link = "".join(
            f' <a href="{html.escape(href)}">{html.escape(label)}</a>' for label, href in row["links"]
        )
        status = f" <em>[{html.escape(row['statuses used'])}]</em>" if row["statuses used"] else ""
        label = f"<code>{html.escape(row['source_id'])}</code> {html.escape(row['citation'])}"
        items.append(f"<li>{label}{link}{status}</li>")
    return '<ol class="references">' + "".join(items) + "</ol>"
