"""Plotly figures of the progression report: forest-style charts of outcome shares (percent) and of
acute-treatment effects, and the milestone dot timeline (years from onset).

The figures draw what ``results`` computed (shares and intervals as proportions 0-1, drawn in percent);
they compute no statistic. Nothing is drawn that the sources do not report: no curves, no interpolation.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ...present.charts import (
    chart_text,
    empty_figure,
    house_style,
    interval_chart,
    interval_traces,
    row_px,
    source_footnote,
    status_key,
)
from ...present.colours import group_style
from ...present.downloads import provenance, row_provenance, with_download
from ...present.format import missing, percent, percent_interval
from .labels import (
    ERA_LABELS,
    ESTIMATE_LABELS,
    MILESTONE_ORDER,
    OUTCOME_GROUP_COLOURS,
    SEROSTATUS_LABELS,
    TREATMENT_LABELS,
    acute_hover,
    acute_label,
    acute_outcome,
    lane_label,
    milestone_hover,
    outcome_hover,
    outcome_label,
    printed_bound,
    source_labels,
    source_types,
    study_label,
)

CHART_COLUMNS = ["label", "value", "ci_lower", "ci_upper", "group", "status", "hover"]
PROVENANCE = ["row_id", "source_id", "locator", "quote", "computed_from"]


def _in_percent(value: object) -> float | None:
    return None if missing(value) else 100 * value


def outcome_chart_rows(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Rows in the shape ``charts.interval_chart`` wants (percent 0-100), drawable rows only.

    A row is drawn when it has a proportion; unverified rows keep their status so that they are drawn
    as crosses. The group (colour) is the era and the kind of estimate.
    """
    labels, types = source_labels(sources), source_types(sources)
    out = []
    for _, entry in rows[rows["shown_proportion"].notna()].iterrows():
        study = study_label(entry, labels, types)
        unverified = " [unverified]" if entry["shown_status"] == "unverified" else ""
        bound = printed_bound(entry["note"])
        unverified = f" (printed: {bound}){unverified}" if bound else unverified
        out.append(
            {
                "label": lane_label(f"{outcome_label(entry)}{unverified}", study),
                "value": 100 * entry["shown_proportion"],
                "ci_lower": _in_percent(entry["ci_lower_shown"]),
                "ci_upper": _in_percent(entry["ci_upper_shown"]),
                "group": f"{ERA_LABELS[entry['era']]} · {ESTIMATE_LABELS[entry['estimate_type']]}",
                "status": entry["shown_status"],
                "hover": outcome_hover(entry, study),
                **row_provenance(entry, "outcome_id"),
            }
        )
    return pd.DataFrame(out, columns=CHART_COLUMNS + PROVENANCE)


def _outcome_figure(chart_rows: pd.DataFrame, title: str, extra: str) -> go.Figure:
    if chart_rows.empty:
        return empty_figure(title, "No row with a value matches the chosen parameters.")
    footnote = source_footnote(chart_rows["source_id"], extra)
    fig = interval_chart(
        chart_rows, title, "Patients with the outcome (%)", footnote, colours=OUTCOME_GROUP_COLOURS
    )
    return fig.update_xaxes(range=[0, 100], dtick=10)


def fixed_horizon_figure(rows: pd.DataFrame, sources: pd.DataFrame, horizon_years: float) -> go.Figure:
    """Forest-style chart of the outcomes stated at ``horizon_years`` (years after onset): one line per
    source and outcome, coloured by era and kind of estimate, marker by status, whiskers only where an
    interval exists."""
    extra = (
        "Points without whiskers: no interval and no count reported. 'Composite': the source combines "
        "outcomes (e.g. blind or needing a walking aid); hover for its wording."
    )
    title = f"Outcomes stated at {horizon_years:g} years after onset"
    return _outcome_figure(outcome_chart_rows(rows, sources), title, extra)


def follow_up_figure(rows: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Forest-style chart of outcomes by the end of follow-up (cohorts with counts): Wilson 95% CI."""
    extra = (
        "Whiskers: Wilson 95% CI from the printed count, or from the one count that reproduces the printed "
        "% with the cohort's n. Follow-up differs by cohort (hover)."
    )
    title = "Outcomes by the end of follow-up (cohorts with counts)"
    return _outcome_figure(outcome_chart_rows(rows, sources), title, extra)


def milestone_caveats(rows: pd.DataFrame, labels: dict[str, str]) -> str:
    """Footnote caveats for the milestone rows shown: Kurtzke DSS read as EDSS, '±' values not drawn."""
    dss = sorted(
        {labels[s] for s, note in zip(rows["source_id"], rows["note"], strict=True) if "(DSS)" in str(note)}
    )
    spread = sorted(
        {labels[s] for s, v in zip(rows["source_id"], rows["value_as_printed"], strict=True) if "±" in v}
    )
    parts = ["Median years from onset as printed."]
    if dss:
        parts.append(f"Kurtzke DSS read as EDSS for {', '.join(map(chart_text, dss))}.")
    if spread:
        parts.append(f"'±' printed by {', '.join(map(chart_text, spread))} is not a CI and is not drawn.")
    return " ".join(parts) + " "


def milestone_figure(rows: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Dot timeline: one lane per cohort, one dot per milestone at its median time (years from onset),
    coloured by milestone, marker by status. Only printed medians are drawn; nothing is joined by lines."""
    title = "Median time from onset to disability milestones, by cohort"
    if rows.empty:
        return empty_figure(title, "No median time to a milestone matches the chosen parameters.")
    labels = source_labels(sources)
    lanes = list(dict.fromkeys(rows["lane"]))
    lane_text = {
        lane: lane_label(lane, f"{labels[src]} · {SEROSTATUS_LABELS[sero]}")
        for lane, src, sero in zip(rows["lane"], rows["source_id"], rows["serostatus"], strict=True)
    }
    position = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}
    fig = go.Figure()
    for number, milestone in enumerate(MILESTONE_ORDER):
        part = rows[rows["milestone_label"] == milestone]
        if part.empty:
            continue
        hover = [milestone_hover(entry, milestone, labels) for _, entry in part.iterrows()]
        points = part.assign(ci_lower=None, ci_upper=None, hover=hover)
        y = [position[lane] for lane in part["lane"]]
        colour, dash = group_style(number)
        fig.add_traces(interval_traces(points, y, milestone, colour, dash, size=11, outline="#333333"))
    fig.update_yaxes(
        tickvals=list(position.values()),
        ticktext=[lane_text[lane] for lane in position],
        range=[-0.7, len(lanes) - 0.3],
        showgrid=True,
    )
    caveats = milestone_caveats(rows, labels) + "No curve is drawn between milestones. "
    footnote = source_footnote(rows["source_id"], caveats + status_key(rows["status"]))
    height = 40 + (row_px(lane_text.values()) + 20) * len(lanes)
    fig = house_style(fig, title, "Years from disease onset", "", footnote, height=height)
    drawn = pd.DataFrame(
        {
            "cohort": rows["lane"].to_numpy(),
            "milestone": rows["milestone_label"].to_numpy(),
            "value": rows["value"].to_numpy(),
            "serostatus": rows["serostatus"].to_numpy(),
            "status": rows["status"].to_numpy(),
            **provenance(rows, "milestone_id"),
        }
    )
    with_download(fig, drawn, units="median years from disease onset")
    return fig.update_xaxes(rangemode="tozero", showgrid=True)


def _remission_point(entry: pd.Series) -> dict[str, object]:
    interval = percent_interval(entry["ci_lower_shown"], entry["ci_upper_shown"])
    value = percent(entry["shown_proportion"])
    if interval:
        value += (
            f" (95% CI {interval}; {entry['interval_basis']}; "
            f"n={int(entry['n_used'])} {entry['denominator']})"
        )
    timing = " · timing (model probability)" if entry["factor"] == "timing" else ""
    return {
        "label": acute_label(entry),
        "value": 100 * entry["shown_proportion"],
        "ci_lower": _in_percent(entry["ci_lower_shown"]),
        "ci_upper": _in_percent(entry["ci_upper_shown"]),
        "group": TREATMENT_LABELS[entry["treatment"]] + timing,
        "status": entry["shown_status"],
        "hover": acute_hover(entry, value),
        **row_provenance(entry, "acute_id"),
    }


def acute_remission_figure(rows: pd.DataFrame) -> go.Figure:
    """Forest-style chart of remission / improvement after acute treatment (percent of attacks or
    patients), coloured by treatment, timing rows labelled; whiskers only where a count gives a Wilson
    CI. ``rows``: :func:`results.acute_remission`."""
    order = rows.assign(
        _factor=rows["factor"].map({"response": 0, "timing": 1}),
        _treatment=rows["treatment"].map(list(TREATMENT_LABELS).index),
    ).sort_values(["_factor", "_treatment"], kind="stable")
    frame = pd.DataFrame([_remission_point(entry) for _, entry in order.iterrows()])
    footnote = source_footnote(
        frame["source_id"],
        "Outcomes differ by study (complete remission, return to baseline EDSS, 'significant improvement'). "
        "Wilson CIs on attacks ignore clustering of attacks within patients.",
    )
    fig = interval_chart(
        frame, "Remission or improvement after acute attack treatment", "Attacks or patients (%)", footnote
    )
    return fig.update_xaxes(range=[0, 100], dtick=10)


def _effect_point(entry: pd.Series) -> dict[str, object]:
    measure = "OR" if entry["measure"] == "odds_ratio" else "HR"
    interval = (
        f" (95% CI {entry['ci_lower']:g}–{entry['ci_upper']:g}, as printed)"
        if not missing(entry["ci_lower"])
        else " (no CI reported)"
    )
    comparison = f" vs {entry['comparator']}" if isinstance(entry["comparator"], str) else ""
    treatment = f"{TREATMENT_LABELS[entry['treatment']]}{comparison}"
    label = lane_label(f"{measure}: {acute_outcome(entry['outcome'])}", f"{entry['study']}: {treatment}")
    return {
        "label": label,
        "value": entry["value"],
        "ci_lower": entry["ci_lower"],
        "ci_upper": entry["ci_upper"],
        "group": {"comparison": "Treatment type", "timing": "Timing"}[entry["factor"]],
        "status": entry["status"],
        "hover": acute_hover(entry, f"{measure} {entry['value']:g}{interval}"),
        "measure": entry["measure"],
        **row_provenance(entry, "acute_id"),
    }


def acute_effects_figure(rows: pd.DataFrame) -> go.Figure:
    """Log-scale forest chart of the odds and hazard ratios of :func:`select.acute_effects` as printed,
    reference line at 1."""
    frame = pd.DataFrame([_effect_point(entry) for _, entry in rows.iterrows()])
    footnote = source_footnote(
        frame["source_id"],
        "Ratios as printed; read each label for its direction (odds of remission, or of failure). "
        "No whisker: no CI reported. Unverified rows have no verbatim quote.",
    )
    return interval_chart(
        frame,
        "Treatment type and timing: reported odds and hazard ratios",
        "Ratio (log scale)",
        footnote,
        log_x=True,
        reference_line=1,
    )
