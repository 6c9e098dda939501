"""The treatment report's charts: the hazard-ratio forest plot and the relapse-free dot chart.

Both draw rows of ``results`` (the pick rule's rows); nothing is computed here but where a printed
bound that a log axis cannot show is drawn.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ...present.charts import chart_text, empty_figure, interval_chart, source_footnote
from ...present.downloads import provenance
from .labels import (
    also_reported,
    hazard_ratio_hover,
    hazard_ratio_label,
    relapse_free_hover,
    relapse_free_lines,
)
from .results import hazard_ratios, relapse_free
from .select import Scope, alternatives, results_for

LOG_AXIS_FLOOR = 0.001  # a printed CI bound of 0 cannot be drawn on a log axis; drawn here instead
FOREST_TITLE = "Relapse-prevention trials: hazard ratio for a first relapse, by mechanism"
RELAPSE_FREE_TITLE = "Relapse-free patients per arm at the reported time point"


def _as_float(column: pd.Series) -> pd.Series:
    """A nullable numeric column as plain floats (NaN for missing), as the chart builders expect."""
    return column.astype("Float64").astype(float)


def forest_rows(scope: Scope) -> pd.DataFrame:
    """The forest plot's rows: ``label`` (see ``labels.hazard_ratio_label``; chart markup), ``group``
    (mechanism), ``value``, ``ci_lower`` / ``ci_upper`` as drawn, ``ci_lower_printed``, ``clipped`` (a
    printed lower bound <= 0, drawn at ``LOG_AXIS_FLOOR``), ``status``, ``source_id``, ``comparison_id``,
    ``hover``."""
    ratios = hazard_ratios(scope)
    others = alternatives(results_for(scope.comparisons, scope.results))
    printed_low = _as_float(ratios["ci_lower"])
    clipped = printed_low <= 0
    return pd.DataFrame(
        {
            "comparison_id": ratios["comparison_id"],
            "label": [chart_text(hazard_ratio_label(r)) for _, r in ratios.iterrows()],
            "group": ratios["mechanism"],
            "value": _as_float(ratios["value"]),
            "ci_lower": printed_low.where(~clipped, LOG_AXIS_FLOOR),
            "ci_upper": _as_float(ratios["ci_upper"]),
            "ci_lower_printed": printed_low,
            "clipped": clipped,
            "status": ratios["status"],
            "hover": [
                hazard_ratio_hover(r, LOG_AXIS_FLOOR, also_reported(others, r["figure"]))
                for _, r in ratios.iterrows()
            ],
            **provenance(ratios, "result_id"),
        }
    )


def hazard_ratio_forest(scope: Scope) -> go.Figure:
    """Forest plot: hazard ratios with 95% CIs on a log axis, a dotted line at 1, colour by mechanism."""
    rows = forest_rows(scope)
    if rows.empty:
        return empty_figure(FOREST_TITLE, "No hazard ratio in this selection.")
    extra = ["Log scale; HR below 1 favours the drug."]
    extra += [
        f"{r['label']}: lower 95% limit printed as {r['ci_lower_printed']:.3f}, drawn at {LOG_AXIS_FLOOR:g}."
        for _, r in rows[rows["clipped"]].iterrows()
    ]
    return interval_chart(
        rows,
        title=FOREST_TITLE,
        x_title="Hazard ratio, drug vs comparator (log scale)",
        footnote=source_footnote(list(rows["source_id"]), " ".join(extra)),
        log_x=True,
        reference_line=1,
    )


def relapse_free_rows(scope: Scope) -> pd.DataFrame:
    """The relapse-free chart's rows: ``label`` (one line per comparison and week, see
    ``labels.relapse_free_lines``), ``group`` (the arm), ``value``, ``ci_lower``, ``ci_upper`` (percent),
    ``weeks``, ``status``, ``source_id``, ``comparison_id``, ``hover``."""
    rows = relapse_free(scope)
    others = alternatives(results_for(scope.comparisons, scope.results))
    return pd.DataFrame(
        {
            "comparison_id": rows["comparison_id"],
            "label": relapse_free_lines(rows).map(chart_text),
            "group": rows["arm"],
            "value": _as_float(rows["value"]),
            "ci_lower": _as_float(rows["ci_lower"]),
            "ci_upper": _as_float(rows["ci_upper"]),
            "weeks": _as_float(rows["weeks"]),
            "status": rows["status"],
            "hover": [relapse_free_hover(r, also_reported(others, r["figure"])) for _, r in rows.iterrows()],
            **provenance(rows, "result_id"),
        }
    )


def relapse_free_chart(scope: Scope) -> go.Figure:
    """Dot chart: relapse-free percent per arm (drug vs comparator) at each reported week."""
    rows = relapse_free_rows(scope)
    if rows.empty:
        return empty_figure(RELAPSE_FREE_TITLE, "No relapse-free proportion in this selection.")
    extra = (
        "Proportions as reported (Kaplan–Meier estimates or shares; a computed value is derived from "
        "relapse counts); whiskers only where a 95% CI was reported."
    )
    fig = interval_chart(
        rows,
        title=RELAPSE_FREE_TITLE,
        x_title="Relapse-free patients, % of the arm",
        footnote=source_footnote(list(rows["source_id"]), extra),
    )
    return fig.update_xaxes(range=[0, 104])
