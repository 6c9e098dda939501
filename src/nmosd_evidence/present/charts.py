"""Plotly figure builders with the house style: colour-blind-safe palette, units in axis titles,
hover text with study, population, year and status, and a source footnote on every chart.

Every figure goes through :func:`house_style`, which wraps the footnote, puts the legend between the
title and the plot and sizes the figure so that title, legend, plot, axis and footnote never overlap.
:func:`interval_chart` (forest-style rows) and :func:`interval_traces` (its traces, for charts with
their own layout) draw a point per row with its marker by evidence status, whiskers only where an
interval exists and one legend entry per group showing the group's colour.

Values are rounded in the builders so that the figure JSON (an nbval reference) does not change with
float noise in the last bit.

Plotly reads a subset of HTML in every text it draws (hover text, tick labels, legend names, titles,
annotations): ``<b>``, ``<i>``, ``<br>``, ``<span style>``, ``<a href>``. Text from the data goes
through :func:`chart_text` (or ``wrapped(..., escape=True)``) before it is joined with the markup the
code adds, so a data string is drawn as the characters it holds. The builders escape the group names
they put in the legend themselves; row labels and hover text are chart markup, composed by the areas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .chart_text import chart_text, quoted_hover, source_footnote, status_key, wrapped
from .colours import series_style
from .downloads import drawn_rows, with_download

__all__ = [  # the chart words are imported from here by the report areas
    "add_reference_line",
    "chart_text",
    "empty_figure",
    "house_style",
    "interval_chart",
    "interval_traces",
    "log_ticks",
    "rounded",
    "row_px",
    "source_footnote",
    "status_key",
    "status_marker",
    "wrapped",
]  # fmt: skip

# Marker shape per verification status: weaker evidence is drawn hollow or as a cross, never like
# verified; the marker keeps its series' colour, so a reader still sees which arm or region an
# unverified point belongs to.
STATUS_MARKERS = {
    "verified": {"symbol": "circle"},
    "abstract": {"symbol": "diamond"},
    "secondary": {"symbol": "square"},
    "computed": {"symbol": "triangle-up"},
    "inferred": {"symbol": "circle-open"},
    "unverified": {"symbol": "x-thin-open"},
}
DIGITS = 4
FOOTNOTE_CHARS = 100  # characters per footnote line (10 px type: about 520 px, under the plot)
LEGEND_PX = 640  # width a horizontal legend is assumed to wrap in, for sizing the figure
TITLE_PX = 44  # the title band above the legend
LEGEND_ROW_PX = 22
FOOTNOTE_LINE_PX = 14
REFERENCE_LINE = {"color": "#555555", "width": 1.5, "dash": "dot"}
TEMPLATE = "simple_white"  # plotly's registered template the house style starts from


def rounded(values: Iterable[float | None]) -> list[float | None]:
    """Values rounded to ``DIGITS`` significant digits; missing values stay ``None``."""
    out = []
    for value in values:
        out.append(None if value is None or pd.isna(value) else float(f"{float(value):.{DIGITS}g}"))
    return out


def status_marker(
    statuses: Iterable[str], colour: str, size: int = 9, outline: str | None = None
) -> dict[str, object]:
    """A plotly ``marker`` for points of one colour: symbol by status, fill ``colour`` and outline
    ``outline`` (default ``colour``); an unverified point is a cross drawn in ``colour`` itself (a
    cross is all outline), so it still shows which group it belongs to."""
    statuses = list(statuses)
    return {
        "color": [colour for _ in statuses],
        "symbol": [STATUS_MARKERS.get(status, {}).get("symbol", "circle") for status in statuses],
        "size": size,
        "line": {
            "width": 1.5,
            "color": [colour if status == "unverified" else outline or colour for status in statuses],
        },
    }


def log_ticks(low: float, high: float) -> list[float]:
    """Tick values 1-2-5 per decade from the first at or above ``low`` to the first at or above ``high``."""
    ticks = []
    exponent = math.floor(math.log10(low))
    while True:
        for mantissa in (1, 2, 5):
            tick = float(f"{mantissa * 10.0**exponent:.10g}")
            ticks.append(tick)
            if tick >= high / 1.0001:
                return [t for t in ticks if t >= low / 1.0001]
        exponent += 1


def row_px(labels: Iterable[str]) -> int:
    """Pixels per row of a chart with one row per label, so that the longest (``<br>``) label fits."""
    lines = max((str(label).count("<br>") + 1 for label in labels), default=1)
    return max(24, 10 + FOOTNOTE_LINE_PX * lines)


def legend_groups(fig: go.Figure) -> list[tuple[str, list[str]]]:
    """The legend's blocks in order: (group title, entry names) per legend group; a trace without a
    group is a block of its own."""
    blocks: dict[str, tuple[str, list[str]]] = {}
    for number, trace in enumerate(fig.data):
        if trace.showlegend is False or not trace.name:
            continue
        key = trace.legendgroup or f"trace {number}"
        title = trace.legendgrouptitle.text if trace.legendgrouptitle else None
        blocks.setdefault(key, (title or "", []))[1].append(str(trace.name))
    return list(blocks.values())


def legend_rows(blocks: Sequence[tuple[str, Sequence[str]]], width: int = LEGEND_PX) -> int:
    """Rows a horizontal legend takes (12 px type): plotly stacks a group's entries under its title and
    flows the groups left to right, wrapping at ``width`` pixels."""
    rows, line_rows, used = 0, 0, 0
    for title, names in blocks:
        block_width = max([7 * len(title), *(40 + 7 * len(name) for name in names)])
        block_rows = len(names) + (1 if title else 0)
        if used and used + block_width > width:
            rows, line_rows, used = rows + line_rows, 0, 0
        used += block_width
        line_rows = max(line_rows, block_rows)
    return rows + line_rows


def _set_template(fig: go.Figure, name: str) -> None:
    """Give ``fig`` the registered plotly template ``name``, as plotly gives a new figure its default
    template: without validating it again (it was validated when registered). The figure's JSON is the
    same as after ``update_layout(template=name)``, which costs about 25 ms a figure."""
    layout = fig.layout
    validate = layout._validate
    layout._validate = False
    try:
        layout.template = pio.templates[name]
    finally:
        layout._validate = validate


def house_style(
    fig: go.Figure,
    title: str,
    x_title: str,
    y_title: str,
    footnote: str,
    height: int,
    footnote_width: int = FOOTNOTE_CHARS,
) -> go.Figure:
    """Apply the house layout: white template, title at the top left, the legend (when there is more
    than one entry) between title and plot, titles with units, and the footnote under the x-axis
    title, wrapped on words into lines of ``footnote_width`` characters.

    ``height`` is the plotting area in pixels; the figure grows by the title, the legend rows, the axis
    and the footnote lines, so that none of them overlaps another or is cut off.
    """
    blocks = legend_groups(fig)
    entries = sum(len(names) for _, names in blocks)
    show_legend = fig.layout.showlegend if fig.layout.showlegend is not None else entries > 1
    legend_px = LEGEND_ROW_PX * legend_rows(blocks) + 8 if show_legend else 0
    # titles of subplots stand just above the plotting area: room for them under the legend
    panel_titles = any(a.yref == "paper" and (a.y or 0) >= 1 for a in fig.layout.annotations)
    lines = wrapped(footnote, footnote_width).split("<br>") if footnote else []
    axis_px = 62 if x_title else 34
    top = TITLE_PX + legend_px + (0 if show_legend else 12) + (24 if panel_titles else 0)
    bottom = axis_px + FOOTNOTE_LINE_PX * len(lines) + 12
    total = height + top + bottom
    _set_template(fig, TEMPLATE)
    fig.update_layout(
        title={
            "text": title,
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 12},
        },
        height=total,
        margin={"l": 10, "r": 20, "t": top, "b": bottom},
        showlegend=show_legend,
        # Legend under the title band (container coordinates): plotly reserves the top margin down to
        # the legend's last row, so a legend taller than estimated pushes the plot down, never over it.
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": round(1 - TITLE_PX / total, 4),
            "yanchor": "top",
            "tracegroupgap": 0,
        },
        hoverlabel={"align": "left"},
        font={"family": "system-ui, sans-serif", "size": 12},
    )
    fig.update_xaxes(title_text=x_title, automargin=True)
    fig.update_yaxes(title_text=y_title, automargin=True)
    if lines:
        fig.add_annotation(
            name="footnote",  # the HTML report moves it to the chart's left edge (see render.html)
            text="<br>".join(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-axis_px,
            showarrow=False,
            xanchor="left",
            yanchor="top",
            align="left",
            font={"size": 10, "color": "#555555"},
        )
    return fig


def empty_figure(title: str, message: str) -> go.Figure:
    """A chart frame that says why nothing is drawn (no rows for the chosen parameters); its download
    is that sentence."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    house_style(fig, title, "", "", "", height=120)
    return with_download(fig, pd.DataFrame({"note": [message]}), units="none: nothing is drawn")


def add_reference_line(fig: go.Figure, x: float, **where: object) -> go.Figure:
    """A dotted vertical line at ``x``, drawn above the data with an explicit width (the
    ``simple_white`` template's shapes have width 0 and opacity 0.3). ``where``: ``row``/``col``."""
    fig.add_vline(x=x, line=REFERENCE_LINE, opacity=1, layer="above", **where)
    return fig


def _whisker_path(low: list, high: list, y: list) -> tuple[list, list]:
    """Polyline coordinates of whiskers ``low``-``high`` at ``y``, separated by ``None`` gaps; rows
    without both bounds contribute nothing."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for lo, hi, at in zip(low, high, y, strict=True):
        if lo is None or hi is None:
            continue
        xs += [lo, hi, None]
        ys += [at, at, None]
    return xs, ys


def interval_traces(
    rows: pd.DataFrame,
    y: Sequence[float],
    name: str,
    colour: str,
    dash: str = "solid",
    size: int = 9,
    outline: str | None = None,
    legendgroup: str | None = None,
    **legend: object,
) -> list[go.Scatter]:
    """The traces of one group of points with intervals: a legend entry (a line in the group's colour,
    extra ``legend`` properties such as ``legendgrouptitle`` go on it), the whiskers (line segments with
    end caps, only for rows with both bounds; dotted for unverified rows) and the points (marker by
    status, outlined in ``outline`` if given, see :func:`status_marker`; hover text from ``hover``).

    ``rows`` columns: ``value``, ``ci_lower``, ``ci_upper``, ``status``, ``hover`` (chart markup, data
    text in it escaped); ``y`` one position per row; ``name`` is drawn as markup too. All traces share
    ``legendgroup`` (default ``name``), so a legend click hides the group.
    """
    group = legendgroup or name
    value, low, high = rounded(rows["value"]), rounded(rows["ci_lower"]), rounded(rows["ci_upper"])
    y = rounded(y)
    unverified = [status == "unverified" for status in rows["status"]]
    traces = [
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line={"color": colour, "width": 3, "dash": dash},
            name=name,
            legendgroup=group,
            hoverinfo="skip",
            **legend,
        )
    ]
    for whisker_dash, keep in ((dash, False), ("dot", True)):
        pick = [i for i, u in enumerate(unverified) if u == keep]
        xs, ys = _whisker_path([low[i] for i in pick], [high[i] for i in pick], [y[i] for i in pick])
        if not xs:
            continue
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                line={"color": colour, "width": 1.5, "dash": whisker_dash},
                marker={"symbol": "line-ns", "size": 7, "line": {"width": 1.5, "color": colour}},
                name=f"{name}: interval" + (" (unverified)" if keep else ""),
                legendgroup=group,
                showlegend=False,
                hoverinfo="skip",
            )
        )
    traces.append(
        go.Scatter(
            x=value,
            y=y,
            mode="markers",
            name=name,
            legendgroup=group,
            showlegend=False,
            marker=status_marker(rows["status"], colour, size, outline),
            hovertext=[
                quoted_hover(h, q)
                for h, q in zip(
                    rows["hover"], rows["quote"] if "quote" in rows else [None] * len(rows), strict=True
                )
            ],
            hoverinfo="text",
        )
    )
    return traces


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
    show_legend: bool | None = None,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """A forest-style chart: points with interval whiskers, one line per row, coloured by group.

    An optional ``right`` column (in ``rows`` and ``diamonds``; plain text, escaped here) is printed as a
    text column at the right of each line, as metafor's forest plot prints estimate, CI and weight; a
    diamond with ``pi_lower`` and ``pi_upper`` gets its prediction interval drawn as a dotted line.

    ``rows`` columns: ``label`` (one line each, top to bottom in frame order; chart markup: data text
    in it escaped with :func:`chart_text`, ``<br>`` for more lines), ``value``, ``ci_lower``,
    ``ci_upper`` (may be missing: no whisker), ``group`` (legend and colour; plain text, escaped here),
    ``status`` (marker shape; unverified rows are crosses in the group colour), ``hover``; any other
    columns (the rows' provenance, see ``downloads.provenance``) go into the chart's download with the
    rows and diamonds drawn. ``diamonds`` (same columns
    but ``group`` and ``status``) are pooled estimates drawn as diamonds below the rows. ``log_x`` for
    ratios (1-2-5 ticks). The footnote gets the key to the markers of the statuses shown, on a line of
    its own. The legend shows when there are two groups or more, or when ``show_legend``; ``colours``
    fixes the colour of named groups (see ``colours.series_style``).
    """
    labels = list(rows["label"]) + (list(diamonds["label"]) if diamonds is not None else [])
    position = _row_positions(labels)
    fig = go.Figure(layout={"showlegend": show_legend})
    for number, (group, part) in enumerate(rows.groupby("group", sort=False)):
        colour, dash = series_style(group, number, colours)
        y = [position[label] for label in part["label"]]
        fig.add_traces(interval_traces(part, y, chart_text(group), colour, dash))
    for _, pooled in (diamonds if diamonds is not None else pd.DataFrame()).iterrows():
        v, lo, hi = rounded([pooled["value"], pooled["ci_lower"], pooled["ci_upper"]])
        y = position[pooled["label"]]
        if pd.notna(pooled.get("pi_lower")) and pd.notna(pooled.get("pi_upper")):
            fig.add_trace(
                go.Scatter(
                    x=rounded([pooled["pi_lower"], pooled["pi_upper"]]),
                    y=[y, y],
                    mode="lines",
                    line={"color": "#000000", "width": 1.5, "dash": "dot"},
                    name=f"{pooled['label']}: 95% prediction interval",
                    hovertext=pooled["hover"],
                    hoverinfo="text",
                    showlegend=False,
                )
            )
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
        add_reference_line(fig, reference_line)
    fig.update_yaxes(
        tickvals=list(position.values()), ticktext=list(position), range=[-0.7, len(position) - 0.3]
    )
    if "right" in rows:
        right = list(rows["right"]) + (list(diamonds["right"]) if diamonds is not None else [])
        fig.update_layout(
            yaxis2={
                "overlaying": "y", "side": "right", "range": [-0.7, len(position) - 0.3],
                "tickvals": list(position.values()), "ticktext": [chart_text(t) for t in right],
                "showgrid": False, "zeroline": False, "tickfont": {"size": 11},
            }
        )  # fmt: skip
        fig.add_trace(go.Scatter(x=[None], y=[None], yaxis="y2", showlegend=False, hoverinfo="skip"))
    if log_x:
        extent = [rows["value"], rows["ci_lower"], rows["ci_upper"]]
        if diamonds is not None:
            bounds = ["ci_lower", "ci_upper", "pi_lower", "pi_upper"]
            extent += [diamonds[column] for column in bounds if column in diamonds]
        if reference_line is not None:
            extent.append(pd.Series([reference_line]))
        values = pd.to_numeric(pd.concat(extent), errors="coerce")
        values = values[values > 0]
        ticks = log_ticks(float(values.min()) / 1.6, float(values.max())) if len(values) else []
        fig.update_xaxes(type="log", tickvals=ticks, ticktext=[f"{t:g}" for t in ticks])
    footnote = "<br>".join(text for text in (footnote, status_key(rows["status"])) if text)
    height = max(200, 40 + row_px(position) * len(position))
    house_style(fig, title, x_title, "", footnote, height=height)
    return with_download(fig, drawn_rows([rows, diamonds]), units=x_title)
