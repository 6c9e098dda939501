"""The reference list a report ends with: citations, DOI / PubMed / web links and the statuses used.

Handed the ``sources`` table and the report's evidence rows; reads nothing itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from ..core.evidence import used_source_ids
from ..core.vocabulary import in_status_order
from .downloads import HtmlWithDownload, download_payload
from .format import missing
from .text import render_html

Source = Mapping[str, object]  # one row of the sources table (a record or a ``pd.Series``)


def source_records(sources: pd.DataFrame) -> dict[str, dict[str, object]]:
    """The sources table as ``source_id`` -> its row (a dict): read once, where a loop over a table's
    rows through pandas costs about 0.1 ms a row."""
    return {record["source_id"]: record for record in sources.to_dict("records")}


def source_links(source: Source) -> list[tuple[str, str]]:
    """(label, address) links of a source: its DOI and its PubMed record, or else its web page."""
    links = []
    if not missing(source.get("doi")):
        links.append((f"doi:{source['doi']}", f"https://doi.org/{source['doi']}"))
    if not missing(source.get("pmid")):
        links.append((f"PMID {source['pmid']}", f"https://pubmed.ncbi.nlm.nih.gov/{source['pmid']}/"))
    if not links and not missing(source.get("url")):
        links.append((source["url"], source["url"]))
    return links


def journal_locator(source: Source) -> str:
    """'Journal volume(issue):pages' as printed in a Vancouver reference, missing parts left out
    (``Neurology 76(18):1589-95``; a web page gives just its site)."""
    text = "" if missing(source.get("journal")) else str(source["journal"])
    volume, issue, pages = (source.get(name) for name in ("volume", "issue", "pages"))
    locator = "" if missing(volume) else str(volume)
    locator += "" if missing(issue) else f"({issue})"
    locator += "" if missing(pages) else f":{pages}"
    return f"{text} {locator}".strip()


def short_citation(source: Source) -> str:
    """'Authors (year). Title. Journal volume(issue):pages.' with missing parts left out."""
    authors = "" if missing(source["authors"]) else source["authors"]
    year = "" if missing(source["year"]) else f" ({int(source['year'])})"
    venue = journal_locator(source)
    journal = f" {venue}." if venue else ""
    return f"{authors}{year}. {source['title']}.{journal}".strip(" .") + "."


def reference_list(sources: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """One row per source the evidence rows cite: id, citation, type, links and the statuses used.

    ``sources`` is the sources table; ``evidence`` has ``source_id`` and ``status`` columns (see
    ``core.evidence.evidence_rows``). ``KeyError`` naming any source id that ``sources`` lacks.
    """
    table = source_records(sources)
    wanted = used_source_ids(evidence)
    unknown = [s for s in wanted if s not in table]
    if unknown:
        raise KeyError(f"unknown source_id(s): {', '.join(unknown)}")
    statuses = (
        evidence.dropna(subset=["status"]).groupby("source_id")["status"].agg(in_status_order).to_dict()
    )
    cited = [table[s] for s in wanted]
    return pd.DataFrame(
        {
            "source_id": wanted,
            "citation": [short_citation(row) for row in cited],
            "type": [row["source_type"] for row in cited],
            "links": [source_links(row) for row in cited],
            "statuses used": [", ".join(statuses.get(s, [])) for s in wanted],
        }
    )


def reference_list_html(references: pd.DataFrame) -> str:
    """The reference list as an HTML ordered list with clickable DOI / PMID / URL links (all escaped)."""
    rows = [
        {
            "source_id": r["source_id"],
            "citation": r["citation"],
            "links": r["links"],
            "statuses": r["statuses used"],
        }
        for r in references.to_dict("records")
    ]
    return render_html("references.html.j2", references=rows).strip()


def references_html(sources: pd.DataFrame, evidence: pd.DataFrame) -> str:
    """The reference list of the sources ``evidence`` cites, as HTML (see ``reference_list``)."""
    return reference_list_html(reference_list(sources, evidence))


def quoted_rows(evidence: pd.DataFrame) -> pd.DataFrame:
    """The evidence rows that are data rows (a ``row_id``), one per row and status, by source and row;
    where a row came twice, the copy with its quote and locator is kept."""
    rows = evidence.dropna(subset=["row_id"])
    rows = rows.assign(_bare=rows["quote"].isna() & rows["locator"].isna())
    rows = rows.sort_values(["source_id", "row_id", "_bare"], kind="stable")
    rows = rows.drop_duplicates(["row_id", "source_id", "status"])
    return rows.drop(columns="_bare").reset_index(drop=True)


def evidence_appendix(sources: pd.DataFrame, evidence: pd.DataFrame) -> HtmlWithDownload:
    """ "Evidence behind this report": every data row the report shows or counts, with its source
    (first author and year, or the citation, with its DOI / PubMed / web link), where in the source,
    the verbatim quote and the status; its download is the same rows."""
    rows = quoted_rows(evidence)
    cited = source_records(sources)
    names = [
        (_first_author_and_year(cited[s]) or short_citation(cited[s])) if s in cited else s
        for s in rows["source_id"]
    ]
    shown = [
        {
            "row_id": row["row_id"],
            "source": name,
            "links": source_links(cited[row["source_id"]]) if row["source_id"] in cited else [],
            "locator": "" if missing(row["locator"]) else row["locator"],
            "quote": "" if missing(row["quote"]) else row["quote"],
            "status": "" if missing(row["status"]) else row["status"],
        }
        for row, name in zip(rows.to_dict("records"), names, strict=True)
    ]
    download = download_payload(rows, "evidence", "Evidence behind this report", "as printed in each quote")
    return HtmlWithDownload(render_html("evidence.html.j2", rows=shown).strip(), download)


# A study named in the data only by a record id ('PMC8080073 (2021)', 'PMID 32170036 (Neurology 2020)'):
# no name for a reader.
BARE_RECORD_ID = re.compile(
    r"^\s*(?:PMC\d+|PMID:?\s*\d+|doi:\s*\S+|10\.\d{4,}/\S+)(?:\s*\([^()]*\))?\s*$", re.IGNORECASE
)


def _bare(study: object) -> bool:
    return bool(BARE_RECORD_ID.match(str(study)))


def _first_author_and_year(source: Source) -> str:
    """'Poupart 2020' from 'Poupart J, et al.' and 2020; '' unless both are known."""
    authors, year = source.get("authors"), source.get("year")
    if missing(authors) or missing(year) or str(authors).startswith("["):
        return ""
    first = re.sub(r"\(.*?\)", "", str(authors).split(",")[0]).split()
    names = [w for w in first if w not in {"et", "al.", "al"} and not (w.isupper() and len(w) <= 3)]
    return f"{names[-1]} {int(year)}" if names else ""


def study_names(rows: pd.DataFrame, sources: pd.DataFrame, column: str = "study") -> pd.Series:
    """The ``column`` of each of ``rows``, except where it names the study only by a record id such as
    'PMC8080073 (2021)': then its source's first author and year ('Poupart 2020'), else the source's
    citation (``short_citation``)."""
    by_id = source_records(sources)
    names = []
    for study, source in zip(rows[column], rows["source_id"], strict=True):
        if _bare(study) and source in by_id:
            study = _first_author_and_year(by_id[source]) or short_citation(by_id[source])
        names.append(study)
    return pd.Series(names, index=rows.index, dtype="string")
