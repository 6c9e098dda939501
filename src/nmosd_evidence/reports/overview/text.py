"""The overview's prose and its small HTML pieces, rendered from the templates in ``text/``: the ledger
summary, the list of corrections, the verdict legend and the data version."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...core.vocabulary import status_rank
from ...datapackage.fields import SEED_DOCUMENTS, VERDICTS
from ...datapackage.package import data_version, package_version
from ...datapackage.releases import releases
from ...present.text import code_span, render_template
from .labels import VERDICT_MEANINGS, document_label, verdict_colours
from .results import ledger_counts

TEXT = Path(__file__).parent / "text"
# Verdicts the corrections list shows, in this order.
CORRECTION_VERDICTS = ("contradicted", "not traceable")


def _markdown(name: str, **context: object) -> str:
    """Markdown template ``name`` of ``text/`` filled from ``context``, without surrounding blank lines."""
    return render_template(TEXT, name, **context).strip()


def ledger_summary_markdown(claims: pd.DataFrame, verdict: str = "all", document: str = "all") -> str:
    """Markdown: how many claims the ledger holds, by document and verdict, and how many are shown.

    When the selection is empty it says so plainly (e.g. that no claim of a document is contradicted).
    """
    counts = ledger_counts(claims, verdict, document)
    documents = [
        {"claims": counts.per_document[d], "label": document_label(d), "code": code_span(d)}
        for d in SEED_DOCUMENTS
    ]
    return _markdown(
        "ledger_summary.md.j2",
        counts=counts,
        documents=documents,
        verdict=verdict,
        document=document,
        document_name=document_label(document),
        document_code=code_span(document),
    )


def corrections_markdown(claims: pd.DataFrame) -> str:
    """Markdown list of the ``claims`` the evidence contradicts or cannot trace, each with its ledger
    verdict and explanation; a sentence instead when there is none."""
    corrections = [
        {
            "verdict": claim.verdict,
            "claim_id": claim.claim_id,
            "document": document_label(claim.document),
            "quote": claim.quote,
            "explanation": claim.explanation,
        }
        for verdict in CORRECTION_VERDICTS
        for claim in claims[claims["verdict"] == verdict].itertuples(index=False)
    ]
    return _markdown("corrections.md.j2", selected=len(claims), corrections=corrections)


def needs_checking_markdown(todo: pd.DataFrame, rows: pd.DataFrame) -> str:
    """Markdown: how many of the evidence ``rows`` (``select.package_evidence_rows``) are below verified,
    by status, and where to see them all. ``todo`` is ``select.rows_to_check``."""
    per_status = [(status, int(n)) for status, n in todo["status"].value_counts().items()]
    per_status = sorted(per_status, key=lambda item: status_rank(item[0]))
    return _markdown(
        "needs_checking.md.j2",
        below=len(todo),
        rows=len(rows),
        per_status=per_status,
        tables=todo["table"].nunique(),
        command=code_span("nmosd-evidence todo"),
    )


def verdict_legend_html() -> str:
    """The verdict colours with what each verdict means, as an HTML list."""
    verdicts = [
        {"verdict": v, "colours": verdict_colours(v), "meaning": VERDICT_MEANINGS[v]} for v in VERDICTS
    ]
    return render_template(TEXT, "verdict_legend.html.j2", verdicts=verdicts)


def data_version_markdown() -> str:
    """Markdown naming the data version (content hash of ``data/``) and the package version, and whether
    the data is still that of the latest release in ``CHANGELOG.md`` (else how to list the changes)."""
    latest = next(iter(releases()), None)
    return _markdown(
        "data_version.md.j2",
        data_version=code_span(data_version()),
        package_version=package_version(),
        release=latest,
        unchanged=latest is not None and latest.data_version == data_version(),
        command=code_span(f"nmosd-evidence changes {latest.tag} data" if latest else ""),
    )
