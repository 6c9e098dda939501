"""The "Download the data" links under every chart and table of a report.

A chart or table carries the rows it shows (``present.downloads``); here they become a CSV (the rows,
then the citation and DOI / PubMed / web address of each row's source) and a JSON sidecar (title,
units, columns, report, parameters, data and package versions, licence), both as ``data:`` URIs in
the page itself, so the links work from disk, offline, and wherever the HTML file is copied.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

import pandas as pd
from nbconvert.preprocessors import Preprocessor
from traitlets import Any

from ..core.memo import memoised
from ..datapackage.loading import load
from ..datapackage.package import descriptor
from ..present.downloads import DOWNLOAD_MIME
from ..present.format import missing
from ..present.references import short_citation, source_links


@dataclass(frozen=True)
class DownloadContext:
    """What every download of one report states about its making (the sidecar's common part)."""

    report: str
    parameters: dict[str, object]
    provenance: dict[str, str]
    sources: pd.DataFrame = field(default_factory=lambda: load("sources"))

    def sidecar(self, payload: dict, frame: pd.DataFrame) -> dict[str, object]:
        """The JSON sidecar of the download ``payload`` written as ``frame``."""
        package = descriptor()
        return {
            "title": payload["title"],
            "units": payload["units"],
            "file": f"{self.file_stem(payload)}.csv",
            "rows": len(frame),
            "columns": [str(column) for column in frame.columns],
            "report": self.report,
            "parameters": self.parameters,
            **{key.replace(" ", "_"): value for key, value in self.provenance.items()},
            "data_package": package.get("name", ""),
            "licences": package.get("licenses", []),
            "notice": "Research information, not medical advice.",
        }

    def file_stem(self, payload: dict) -> str:
        return f"{self.report}-{payload['name']}"

    @cached_property
    def source_columns(self) -> pd.DataFrame:
        """``source_details`` of the sources, computed once per report."""
        return source_details(self.sources)


@memoised(maxsize=4)
def source_details(sources: pd.DataFrame) -> pd.DataFrame:
    """Per ``source_id``: its citation, DOI, PMID and one web address (DOI, PubMed or web page); kept
    for the next report of the same sources (about 50 ms a report)."""
    return pd.DataFrame(
        {
            "citation": [short_citation(source) for _, source in sources.iterrows()],
            "doi": sources["doi"].to_numpy(),
            "pmid": sources["pmid"].to_numpy(),
            "url": [next((href for _, href in source_links(s)), "") for _, s in sources.iterrows()],
        },
        index=sources["source_id"].to_numpy(),
    )


def download_frame(payload: dict, details: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``payload``, with the citation, DOI, PMID and web address of each row's source
    (``details``: ``source_details``) right after its ``source_id`` (blank for an unknown id)."""
    frame = pd.DataFrame(payload["rows"], columns=payload["columns"])
    if "source_id" not in frame:
        return frame
    details = details.reindex(frame["source_id"]).astype(object)
    at = list(frame.columns).index("source_id") + 1
    for offset, column in enumerate(details.columns):
        values = ["" if missing(value) else value for value in details[column]]
        frame.insert(at + offset, column, values)
    return frame


def _data_uri(text: str, mime: str) -> str:
    return f"data:{mime};charset=utf-8;base64,{base64.b64encode(text.encode('utf-8')).decode('ascii')}"


def download_links(payload: dict, context: DownloadContext) -> str:
    """HTML: the CSV and JSON links of one download."""
    frame = download_frame(payload, context.source_columns)
    stem = context.file_stem(payload)
    csv = frame.to_csv(index=False, lineterminator="\n")
    sidecar = json.dumps(context.sidecar(payload, frame), indent=2, ensure_ascii=False) + "\n"
    rows = f"{len(frame)} row" + ("" if len(frame) == 1 else "s")
    return (
        f'<p class="nmosd-download">Download the data: '
        f'<a download="{escape(stem)}.csv" href="{_data_uri(csv, "text/csv")}">CSV</a> ({rows}, with '
        f'sources and quotes) · <a download="{escape(stem)}.json" '
        f'href="{_data_uri(sidecar, "application/json")}">about this data (JSON)</a></p>'
    )


def _heading(source: str) -> str | None:
    """The last Markdown heading of a cell's source, without its '#' marks."""
    headings = [line.lstrip("#").strip() for line in source.splitlines() if line.startswith("#")]
    return headings[-1] if headings else None


class DownloadLinks(Preprocessor):
    """Every output carrying a download gets its links under its HTML; a download without a title
    (a table) is named after the heading it stands under, numbered when a heading has several."""

    context = Any(None, help="the report's DownloadContext; without one the downloads are dropped")

    def preprocess(self, nb, resources):
        heading, used = "report", {}
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                heading = _heading(cell.source) or heading
                continue
            for output in cell.get("outputs", []):
                payload = output.get("data", {}).pop(DOWNLOAD_MIME, None)
                if payload is None or self.context is None or "text/html" not in output["data"]:
                    continue
                if not payload["title"]:
                    payload = {**payload, "title": heading}
                stem = payload["name"]
                used[stem] = used.get(stem, 0) + 1
                if used[stem] > 1:
                    payload = {**payload, "name": f"{stem}-{used[stem]}"}
                output["data"]["text/html"] = output_text(output["data"]["text/html"]) + download_links(
                    payload, self.context
                )
        return nb, resources


def output_text(text: str | list[str]) -> str:
    """A notebook output's text, which nbformat may store as a list of lines, as one string."""
    return text if isinstance(text, str) else "".join(text)
