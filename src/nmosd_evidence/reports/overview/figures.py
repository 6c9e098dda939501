"""The overview's chart: claims of the two source documents by verdict (drawn from ``verdict_counts``)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ...datapackage.fields import SEED_DOCUMENTS, VERDICTS
from ...present.charts import house_style, source_footnote
from ...present.downloads import with_download
from .labels import document_label, verdict_colours
from .results import BOTH_DOCUMENTS

BAR_OUTLINE = {"color": "#555555", "width": 0.5}
PLOT_HEIGHT_PX = 160
FOOTNOTE = "Verdicts: data/claims.csv, each decided by rows of the evidence tables."


def verdict_chart(counts: pd.DataFrame) -> go.Figure:
    """Stacked bars: number of claims per document, split by verdict (colours as in the ledger).

    ``counts`` is ``results.verdict_counts`` (claims per document and verdict); its totals are not drawn.
    """
    per_document = counts.drop(index=BOTH_DOCUMENTS, errors="ignore")
    labels = [f"{document_label(d)}<br>({d})" for d in per_document.index]
    fig = go.Figure()
    for verdict in VERDICTS:
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[int(v) for v in per_document[verdict]],
                name=verdict,
                orientation="h",
                marker={"color": verdict_colours(verdict)[0], "line": BAR_OUTLINE},
                hovertemplate=f"%{{y}}<br>verdict: {verdict}<br>claims: %{{x}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    footnote = source_footnote(list(SEED_DOCUMENTS), FOOTNOTE)
    title = "Claims of the two source documents by verdict"
    house_style(fig, title, "Number of claims", "", footnote, PLOT_HEIGHT_PX)
    fig.update_layout(legend_traceorder="normal")  # verdicts in ledger order, not reversed as in stacks
    drawn = per_document.reset_index(names="document")[["document", *VERDICTS]]
    with_download(fig, drawn, units="number of claims per document and verdict")
    return fig.update_yaxes(autorange="reversed")
