"""Plotly figure builders with the house style: colour-blind-safe palette, units in axis titles,
hover text with study, population, year and status, and a source footnote on every chart.

Values are rounded in the builders so that the figure JSON (an nbval reference) does not change with
float noise in the last bit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# Marker per verification status: weaker evidence is drawn hollow or grey, never like verified.
STATUS_MARKERS = {
    "verified": {"symbol": "circle"},
    "abstract": {"symbol": "diamond"},
    "secondary": {"symbol": "square"},
    "computed": {"symbol": "triangle-up"},
    "inferred": {"symbol": "circle-open"},
    "unverified": {"symbol": "x-thin-open", "color": "#999999"},
}
DIGITS = 4


def rounded(values: Iterable[float | None]) -> list[float | None]:
    """Values rounded to ``DIGITS`` significant digits; missing values stay ``None``."""
    out = []
    for value in values:
        out.append(None if value is None or pd.isna(value) else float(f"{float(value):.{DIGITS}g}"))
    return out


def source_footnote(source_ids: Sequence[str], extra: str = "") -> str:
    """The text under a chart: 'Source: a; b. <extra>' (ids resolve in the report's reference list)."""
    unique = sorted(set(source_ids))
    text = ("Source: " if len(unique) == 1 else "Sources: ") + "; ".join(unique) + "."
    return f"{text} {extra}".strip()


def house_style(
    fig: go.Figure, title: str, x_title: str, y_title: str, footnote: str, height: int
) -> go.Figure:
    """Apply the house layout: white template, titles with units, footnote at the bottom left."""
    fig.update_layout(
        template="simple_white",
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 20, "t": 60, "b": 90},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        hoverlabel={"align": "left"},
        font={"family": "system-ui, sans-serif", "size": 12},
    )
    fig.update_xaxes(title_text=x_title, automargin=True)
    fig.update_yaxes(title_text=y_title, automargin=True)
    fig.add_annotation(
        text=footnote,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-100,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        align="left",
        font={"size": 10, "color": "#555555"},
    )
    return fig


def _row_positions(labels: Sequence[str]) -> dict[str, int]:
    """Label -> y position, the first label at the top."""
    unique = list(dict.fromkeys(labels))
    return {label: len(unique) - 1 - i for i, label in enumerate(unique)}


def interval_chart(
    rows: pd.DataFrame,
    title: str,
    x_title: str,
    footnote: str,
    log_x: bool = False,
    reference_line: float | None = None,
    diamonds: pd.DataFrame | None = None,
) -> go.Figure:
    """A forest-style chart: points with interval whiskers, one line per row, coloured by group.

    ``rows`` columns: ``label`` (one line each, top to bottom in frame order), ``value``, ``ci_lower``,
    ``ci_upper`` (may be missing: no whisker), ``group`` (legend and colour), ``status`` (marker shape;
    unverified rows are grey crosses), ``hover``. ``diamonds`` (same columns but ``group`` and
    ``status``) are pooled estimates drawn as diamonds below the rows. ``log_x`` for ratios.
    """
    labels = list(rows["label"]) + (list(diamonds["label"]) if diamonds is not None else [])
    position = _row_positions(labels)
    fig = go.Figure()
    for number, (group, part) in enumerate(rows.groupby("group", sort=False)):
        colour = PALETTE[number % len(PALETTE)]
        value, low, high = rounded(part["value"]), rounded(part["ci_lower"]), rounded(part["ci_upper"])
        plus = [
            None if h is None or v is None else float(f"{h - v:.{DIGITS}g}")
            for h, v in zip(high, value, strict=True)
        ]
        minus = [
            None if lo is None or v is None else float(f"{v - lo:.{DIGITS}g}")
            for lo, v in zip(low, value, strict=True)
        ]
        markers = [STATUS_MARKERS.get(status, {}) for status in part["status"]]
        fig.add_trace(
            go.Scatter(
                x=value,
                y=[position[label] for label in part["label"]],
                mode="markers",
                name=str(group),
                marker={
                    "color": [m.get("color", colour) for m in markers],
                    "symbol": [m.get("symbol", "circle") for m in markers],
                    "size": 9,
                    "line": {"width": 1.5, "color": colour},
                },
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": plus,
                    "arrayminus": minus,
                    "color": colour,
                },
                hovertext=part["hover"].tolist(),
                hoverinfo="text",
            )
        )
    for _, pooled in (diamonds if diamonds is not None else pd.DataFrame()).iterrows():
        v, lo, hi = rounded([pooled["value"], pooled["ci_lower"], pooled["ci_upper"]])
        y = position[pooled["label"]]
        fig.add_trace(
            go.Scatter(
                x=[lo, v, hi, v, lo],
                y=[y, y + 0.3, y, y - 0.3, y],
                mode="lines",
                fill="toself",
                line={"color": "#000000"},
                fillcolor="rgba(0,0,0,0.6)",
                name=pooled["label"],
                hovertext=pooled["hover"],
                hoverinfo="text",
                showlegend=False,
            )
        )
    if reference_line is not None:
        fig.add_vline(x=reference_line, line_dash="dot", line_color="#777777")
    fig.update_yaxes(
        tickvals=list(position.values()), ticktext=list(position), range=[-0.7, len(position) - 0.3]
    )
    if log_x:
        fig.update_xaxes(type="log")
    return house_style(fig, title, x_title, "", footnote, height=max(320, 150 + 24 * len(position)))
