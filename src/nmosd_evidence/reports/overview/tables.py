"""The overview's tables: key figures and the claims ledger (HTML from the templates in ``text/``) and
sources by type and status (a Styler)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from ...datapackage.package import resource
from ...present.downloads import HtmlWithDownload, download_payload
from ...present.format import missing, percent
from ...present.tables import styled_table
from ...present.text import render_template
from .labels import (
    KEY_FIGURE_COLUMNS,
    LEDGER_COLUMNS,
    NOT_REPORTED,
    document_label,
    source_type_words,
    verdict_colours,
)

TEXT = Path(__file__).parent / "text"
CELL_STYLE = "vertical-align:top;text-align:left;padding:.3em"
SOURCES_TABLE_ID = "overview-sources-by-type-and-status"
CHECKING_TABLE_ID = "overview-needs-checking"


def shown_value(value: object, column: str) -> str:
    """A key figure's cell as the overview shows it: a proportion (0-1) as a whole percentage, any other
    cell as printed; 'not reported' when it is empty."""
    if missing(value):
        return NOT_REPORTED
    return percent(value, digits=0) if column == "proportion" else str(value)


def key_figures_html(figures: pd.DataFrame) -> HtmlWithDownload:
    """The key figures (``results.key_figures``) as an HTML table with a relative link to each area's
    detailed report; its download is the figures as numbers."""
    rows = [
        {
            "area": f.area,
            "figure": f.figure,
            "value": shown_value(f.value, f.column),
            "status": f.status,
            "source_id": f.source_id,
            "report": f.report,
            "report_name": f.report.removesuffix(".html"),
        }
        for f in figures.itertuples(index=False)
    ]
    markup = render_template(
        TEXT, "key_figures.html.j2", columns=KEY_FIGURE_COLUMNS, figures=rows, cell=CELL_STYLE
    )
    return HtmlWithDownload(markup, download_payload(figures, "key-figures", "", "as in each row's figure"))


def ledger_html(claims: pd.DataFrame, evidence: pd.DataFrame) -> HtmlWithDownload:
    """The ``claims`` as an HTML table, each row coloured by its ledger verdict, with the ledger's
    explanation and its evidence keys with their status; a plain notice when ``claims`` is empty.

    ``evidence`` is ``select.resolved_evidence`` of (at least) these claims. Its download is the
    claims with their verdicts, explanations and evidence keys (with statuses).
    """
    keys = {
        claim_id: list(zip(group["key"], group["status"].fillna(""), strict=True))
        for claim_id, group in evidence.groupby("claim_id", sort=False)
    }
    rows = [
        {
            "claim_id": c.claim_id,
            "document": document_label(c.document),
            "quote": c.quote,
            "topic": c.topic.replace("_", " "),
            "verdict": c.verdict,
            "colours": verdict_colours(c.verdict),
            "evidence": keys.get(c.claim_id, []),
            "explanation": c.explanation,
        }
        for c in claims.itertuples(index=False)
    ]
    markup = render_template(TEXT, "ledger.html.j2", claims=rows, columns=LEDGER_COLUMNS, cell=CELL_STYLE)
    shown = pd.DataFrame(
        {
            "claim_id": [r["claim_id"] for r in rows],
            "document": list(claims["document"]),
            "quote": [r["quote"] for r in rows],
            "topic": [r["topic"] for r in rows],
            "verdict": [r["verdict"] for r in rows],
            "evidence": ["; ".join(f"{k} ({s})" if s else k for k, s in r["evidence"]) for r in rows],
            "explanation": [r["explanation"] for r in rows],
        }
    )
    return HtmlWithDownload(markup, download_payload(shown, "claims-ledger", "", "claims and verdicts"))


def sources_by_type_and_status_table(counts: pd.DataFrame) -> Styler:
    """``results.sources_by_type_and_status`` as a table, source types in words as the row labels."""
    return styled_table(counts.rename(index=source_type_words), SOURCES_TABLE_ID, index=True)


def table_title(name: str) -> str:
    """A table of the data package by its title and file ('Trial results (treatment/trial_results.csv)');
    any other label (a total) unchanged."""
    try:
        found = resource(name)
    except KeyError:
        return name
    return f"{found.get('title', name)} ({found['path']})"


def checking_counts_table(counts: pd.DataFrame) -> Styler:
    """``core.curation.checking_counts`` as a table: one row per evidence table (its title and file),
    one column per status below verified, and the totals."""
    table = counts.rename(index=table_title)
    table.index.name = "evidence table"
    return styled_table(table, CHECKING_TABLE_ID, index=True)
