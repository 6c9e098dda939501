"""The HSCT report's figures: the swimmer plot of the two cases, the outcome chart and the benefit /
risk panel. They draw the rows of ``results`` (years after transplant; proportions 0-1 drawn as per
cent) and compute no statistic."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ...core.vocabulary import weakest_status
from ...present.charts import (
    STATUS_MARKERS,
    house_style,
    interval_chart,
    interval_traces,
    rounded,
    row_px,
    source_footnote,
    status_key,
    wrapped,
)
from ...present.colours import PALETTE
from ...present.downloads import provenance, with_download
from .labels import (
    EVENT_COLOURS,
    EVENT_LABELS,
    GROUP_COLOURS,
    MEASURE_COLOURS,
    SEGMENT_COLOURS,
    SEGMENT_LABELS,
    event_hover,
    lane_end_text,
    lane_hover,
    lane_labels,
    outcome_hover,
    outcome_label,
)
from .results import swimmer_end_points, swimmer_lanes
from .select import TRANSPLANT_EVENT, swimmer_events


def _lane_traces(lanes: pd.DataFrame, labels: dict[str, str]) -> list[go.Bar]:
    """One bar trace per kind of segment (relapse-free as reported; not covered by a report)."""
    traces = []
    for segment, part in lanes.groupby("segment", sort=False):
        traces.append(
            go.Bar(
                y=[labels[p] for p in part["patient"]],
                x=rounded(part["end"] - part["start"]),
                base=rounded(part["start"]),
                orientation="h",
                width=0.35,
                name=f"lane: {SEGMENT_LABELS[segment]}",
                marker={"color": SEGMENT_COLOURS[segment]},
                hovertext=[lane_hover(labels[r["patient"]], r) for _, r in part.iterrows()],
                hoverinfo="text",
            )
        )
    return traces


def _event_traces(marks: pd.DataFrame, labels: dict[str, str]) -> list[go.Scatter]:
    """One marker trace per timeline event kind and status (marker shape by status)."""
    traces = []
    for (event, status), part in marks.groupby(["event", "status"], sort=False):
        style = STATUS_MARKERS.get(status, {})
        colour = style.get("color", EVENT_COLOURS[event])
        traces.append(
            go.Scatter(
                x=rounded(part["years_after"]),
                y=[labels[p] for p in part["patient"]],
                mode="markers",
                name=f"{EVENT_LABELS[event]} ({status})",
                marker={
                    "symbol": style.get("symbol", "circle"),
                    "color": colour,
                    "size": 13,
                    "line": {"width": 2, "color": colour},
                },
                hovertext=[event_hover(labels[r["patient"]], r) for _, r in part.iterrows()],
                hoverinfo="text",
            )
        )
    return traces


def swimmer_plot(patients: pd.DataFrame, events: pd.DataFrame, as_of_year: int) -> go.Figure:
    """Swimmer plot: one lane per patient from the transplant (0) to ``as_of_year`` (years after HSCT),
    lane colour = what the reports say, markers = timeline events (shape = evidence status)."""
    labels = lane_labels(patients, events)
    marks = swimmer_events(events, as_of_year)
    ends = swimmer_end_points(patients, events, as_of_year)
    lane_sources = events[events["event"] == TRANSPLANT_EVENT].set_index("patient")["source_id"].to_dict()
    fig = go.Figure()
    fig.add_traces(_lane_traces(swimmer_lanes(events, as_of_year), labels))
    fig.add_traces(_event_traces(marks, labels))
    reported = ends[ends["end_point"] == "reported"]
    if not reported.empty:
        fig.add_trace(
            go.Scatter(
                x=rounded(reported["years_after"]),
                y=[labels[p] for p in reported["patient"]],
                mode="markers",
                name=f"follow-up as reported ({weakest_status(reported['status'])})",
                marker={"symbol": "line-ns-open", "size": 22, "color": "#000000", "line": {"width": 3}},
                hovertext=[
                    f"{labels[r.patient]}: follow-up {r.years_after} years as reported (implies assessment "
                    f"in {r.year})<br>status: {r.status} (which patient had which follow-up is not stated)"
                    f" · {r.source_id}"
                    for r in reported.itertuples()
                ],
                hoverinfo="text",
            )
        )
    as_of = ends[ends["end_point"] == "as_of"]
    fig.add_trace(
        go.Scatter(
            x=rounded(as_of["years_after"]),
            y=[labels[p] for p in as_of["patient"]],
            mode="text",
            text=[lane_end_text(y, as_of_year) for y in as_of["years_after"]],
            textposition="middle right",
            textfont={"color": "#333333"},
            name=f"lane end: {as_of_year} (computed)",
            showlegend=False,
            hovertext=[
                f"{labels[r.patient]}: {r.years_after} years from transplant to {as_of_year} (calendar "
                f"years)<br>status: computed from the transplant year ({lane_sources[r.patient]})"
                for r in as_of.itertuples()
            ],
            hoverinfo="text",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(labels.values())[::-1])
    longest = int(as_of["years_after"].max())
    fig.update_xaxes(range=[-0.8, longest + 4.5], dtick=1 if longest <= 10 else 2)
    fig.update_layout(barmode="overlay")
    footnote = source_footnote(
        [s for s in [*marks["source_id"], *reported["source_id"]] if isinstance(s, str)],
        extra="Years are calendar years (dates are known only to the year). Marker shape: evidence status "
        "(x = unverified; the long-term report's year comes from its news coverage).",
    )
    house_style(fig, f"Follow-up after allogeneic HSCT, to {as_of_year}", "Years after allogeneic HSCT", "",
                footnote, 260)  # fmt: skip
    quoted = marks.merge(events[["event_id", "locator", "quote", "computed_from"]], on="event_id", how="left")
    drawn = pd.DataFrame(
        {
            "patient": marks["patient"].to_numpy(),
            "years_after": marks["years_after"].to_numpy(),
            **{c: marks[c].to_numpy() for c in ("year", "event", "disease_status", "status") if c in marks},
            **provenance(quoted, "event_id"),
        }
    )
    return with_download(fig, drawn, units="calendar years after the transplant")


def in_percent(rows: pd.DataFrame) -> pd.DataFrame:
    """Proportion rows (0-1: ``value``, ``ci_lower``, ``ci_upper``) in per cent (%), other columns kept."""
    return rows.assign(
        value=rows["value"] * 100,
        ci_lower=pd.to_numeric(rows["ci_lower"], errors="coerce") * 100,
        ci_upper=pd.to_numeric(rows["ci_upper"], errors="coerce") * 100,
    )


def outcome_chart_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """``results.outcome_rows`` in the shape ``charts.interval_chart`` takes, in per cent (%)."""
    percent = in_percent(rows)
    return pd.DataFrame(
        {
            "label": rows.apply(outcome_label, axis=1),
            "value": percent["value"],
            "ci_lower": percent["ci_lower"],
            "ci_upper": percent["ci_upper"],
            "group": rows["group"],
            "status": rows["status"],
            "hover": rows.apply(outcome_hover, axis=1),
            "n": rows["n"],
            "k": rows["k"],
            "interval_method": rows["interval_method"],
            **provenance(rows, "cohort_result_id"),
        }
    )


def outcome_chart(rows: pd.DataFrame) -> go.Figure:
    """Forest-style chart of ``results.outcome_rows``: per cent of patients free of relapse (or
    progression) with Wilson 95% whiskers where counts are known."""
    footnote = source_footnote(
        rows["source_id"].tolist(),
        extra="Whiskers: Wilson 95% interval where counts are known; 'reported': a percentage printed "
        "without an interval.",
    )
    fig = interval_chart(
        outcome_chart_rows(rows),
        "Free of relapse or progression after HSCT in NMOSD",
        "Patients (%)",
        footnote,
        show_legend=True,  # the group says which kind of HSCT, even when there is only one
        colours=GROUP_COLOURS,
    )
    return fig.update_xaxes(range=[-2, 102])


def risk_panel(rows: pd.DataFrame) -> go.Figure:
    """Two panels with shared rows: benefits (left) and risks (right), per cent of patients; one row per
    series, one colour per measure, marker shape per status, Wilson whiskers where counts are known."""
    series = list(dict.fromkeys(rows["series"]))
    group = rows.drop_duplicates("series").set_index("series")["group"]
    labels = {
        s: f"{wrapped(s, 40, escape=True)}<br>"
        f"<span style='font-size:10px'>{wrapped(group[s], 48, escape=True)}</span>"
        for s in series
    }
    position = {s: len(series) - 1 - i for i, s in enumerate(series)}
    fig = make_subplots(
        rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.03, subplot_titles=["Benefit", "Risk"]
    )
    rank = rows.groupby(["series", "side"]).cumcount()
    size = rows.groupby(["series", "side"])["measure"].transform("count")
    rows = in_percent(rows).assign(y=[position[s] for s in rows["series"]] + (rank - (size - 1) / 2) * 0.22)
    measures = list(dict.fromkeys(rows.sort_values("side", kind="stable")["measure"]))
    for number, measure in enumerate(measures):
        part = rows[rows["measure"] == measure]
        side = part["side"].iloc[0]
        points = part[["value", "ci_lower", "ci_upper", "status"]].assign(
            hover=[outcome_hover(r) for _, r in part.iterrows()]
        )
        traces = interval_traces(
            points,
            part["y"],
            measure,
            MEASURE_COLOURS.get(measure, PALETTE[number % len(PALETTE)]),
            size=10,
            legendgroup=side,
            legendgrouptitle={"text": "Benefit" if side == "benefit" else "Risk"},
        )
        fig.add_traces(traces, rows=1, cols=1 if side == "benefit" else 2)
    fig.update_yaxes(
        tickvals=[position[s] for s in series],
        ticktext=[labels[s] for s in series],
        range=[-0.7, len(series) - 0.3],
    )
    fig.update_xaxes(range=[-2, 102])
    autologous_deaths = ((rows["measure"] == "deaths") & (rows["hsct_type"] == "autologous")).any()
    footnote = source_footnote(
        rows["source_id"].tolist(),
        extra="Whiskers: Wilson 95% interval where counts are known."
        + (
            " Deaths in the autologous NMOSD series were not attributed to transplant toxicity in the text "
            "read."
            if autologous_deaths
            else ""
        )
        + "<br>"
        + status_key(rows["status"]),
    )
    height = 40 + max(60, row_px(labels.values())) * len(series)
    house_style(fig, "Benefits and risks after HSCT (% of patients)", "Patients (%)", "", footnote, height)
    columns = ["series", "side", "measure", "value", "ci_lower", "ci_upper", "n", "k", "status"]
    drawn = pd.DataFrame({**{c: rows[c].to_numpy() for c in columns}, **provenance(rows, "cohort_result_id")})
    return with_download(fig, drawn, units="per cent of patients")
