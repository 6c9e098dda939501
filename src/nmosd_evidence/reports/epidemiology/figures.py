"""Figures of the epidemiology report: prevalence and incidence estimates, the forest plot, the
female-to-male ratio and the age at onset. They draw rows and results; intervals and pooled values
are computed in ``results`` (or reported in the data) and handed in.

Units: prevalence per 100,000 persons, incidence per 100,000 person-years, women per man, years.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ...core.meta import METHOD_NAMES
from ...core.vocabulary import SEROSTATUS_LABELS
from ...present.charts import (
    chart_text,
    empty_figure,
    house_style,
    interval_chart,
    interval_traces,
    rounded,
    source_footnote,
    status_key,
)
from ...present.colours import PALETTE
from ...present.downloads import provenance, with_download
from ...present.format import period, shortened, significant
from .labels import (
    KIND_NAMES,
    KIND_ORDER,
    SEROSTATUS_ORDER,
    TRANSFORM_LABELS,
    estimate_hover,
    estimate_label,
    onset_hover,
    reported_interval_hover,
    sex_ratio_hover,
    subgroup_label,
)
from .pooling import ForestResults, PooledPrevalence
from .select import COUNTS, DERIVED, FROM_CI, estimates_in_scope, left_out_incidence_ids, onset_rows

BAND_COLOUR = "#E69F00"  # the shaded age band of the statement checked


def estimate_chart_rows(rows: pd.DataFrame, unit: str) -> pd.DataFrame:
    """``rows`` (estimates) as ``interval_chart`` input, by region and falling value: label, value,
    reported CI, region, status, hover (``unit`` in the hover text), source_id."""
    rows = rows.sort_values(["region", "value"], ascending=[True, False])
    return pd.DataFrame(
        {
            "label": [chart_text(estimate_label(row)) for _, row in rows.iterrows()],
            "value": rows["value"].astype(float).to_numpy(),
            "ci_lower": rows["ci_lower"].astype(float).to_numpy(),
            "ci_upper": rows["ci_upper"].astype(float).to_numpy(),
            "group": rows["region"].to_numpy(),
            "status": rows["status"].to_numpy(),
            "hover": [reported_interval_hover(row, unit) for _, row in rows.iterrows()],
            **provenance(rows, "estimate_id"),
        }
    )


def prevalence_figure(
    estimates: pd.DataFrame,
    limit: float,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
) -> go.Figure:
    """Every prevalence estimate in scope per 100,000 with its reported CI, by region, log x, with the
    statement's ``limit`` (per 100,000) as a dotted line."""
    rows = estimates_in_scope(estimates, "prevalence", region, criteria, serostatus)
    chart = estimate_chart_rows(rows, "per 100,000")
    return interval_chart(
        chart,
        title=f"Prevalence estimates: {subgroup_label(region, criteria, serostatus)} ({len(chart)} rows)",
        x_title=f"Prevalence per 100,000 persons (log scale); dotted line: {significant(limit)} per 100,000",
        footnote=source_footnote(chart["source_id"], "[adj.] age-adjusted. Whiskers: CIs as reported."),
        log_x=True,
        reference_line=limit,
    )


def incidence_figure(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> go.Figure:
    """Every incidence estimate in scope per 100,000 person-years with its reported CI, by region, log
    x; superseded rows named in the footnote."""
    rows = estimates_in_scope(estimates, "incidence", region, criteria, serostatus)
    chart = estimate_chart_rows(rows, "per 100,000 person-years")
    left_out = left_out_incidence_ids(estimates, region, criteria, serostatus)
    extra = "Whiskers: CIs as reported; [adj.] age-adjusted."
    if left_out:
        extra += f" Superseded rows left out: {', '.join(left_out)}."
    return interval_chart(
        chart,
        title=f"Incidence estimates: {subgroup_label(region, criteria, serostatus)} ({len(chart)} rows)",
        x_title="Incidence per 100,000 person-years (log scale)",
        footnote=source_footnote(chart["source_id"], extra),
        log_x=True,
    )


INPUT_MARKS = {COUNTS: "", DERIVED: " †", FROM_CI: " ‡"}


def _study_hover(row: pd.Series) -> str:
    """Hover text of a forest-plot study: how it entered, its prevalence per 100,000 with the 95% CI and
    its weight (%)."""
    weight = f"; weight {100 * row['weight']:.1f}%" if pd.notna(row["weight"]) else ""
    interval = f"{significant(row['cp_lower'])}–{significant(row['cp_upper'])}"
    if row["input"] == FROM_CI:
        entered = f"printed {significant(row['crude'])} per 100,000 (95% CI {interval}), pooled from its CI"
    else:
        size = row["population_at_risk"] if pd.notna(row["population_at_risk"]) else row["derived_population"]
        derived = (
            " (population derived from cases ÷ the rounded crude rate)" if row["input"] == DERIVED else ""
        )
        entered = (
            f"{int(row['cases']):,} / {int(size):,}{derived} = {significant(row['crude'])} per 100,000 "
            f"(Clopper–Pearson 95% CI {interval}, computed)"
        )
    return estimate_hover(row, entered + weight)


def _right_column(value: float, low: float, high: float, weight: float | None) -> str:
    """metafor's text column: 'estimate [lower, upper]  weight%'."""
    share = f"  {100 * weight:.1f}%" if weight is not None and pd.notna(weight) else ""
    return f"{significant(value)} [{significant(low)}, {significant(high)}]{share}"


def heterogeneity_summary(result: PooledPrevalence) -> str:
    """'I² = 99.3% (95% CI 98.7–99.7%, from tau²), tau² = 0.76, k = 17' or 'not pooled'."""
    if not result.pooled:
        return "not pooled"
    return (
        f"I² = {result.i2:.1f}% (95% CI {result.i2_ci_lower:.1f}–{result.i2_ci_upper:.1f}%, from tau²), "
        f"tau² = {significant(result.tau2)}, k = {result.k}"
    )


def forest_figure(forest: ForestResults) -> go.Figure:
    """metafor-style forest plot of the studies pooled (prevalence per 100,000 with its 95% CI; † a
    population derived from cases ÷ a rounded rate, ‡ a study pooled from its printed CI), the estimate,
    CI and weight printed at the right, and the pooled diamonds with their prediction intervals."""
    studies = forest.studies
    chart = pd.DataFrame(
        {
            "label": [
                f"{chart_text(estimate_label(row))} ({period(row['period_start'], row['period_end'])})"
                f"{INPUT_MARKS[row['input']]}"
                for _, row in studies.iterrows()
            ],
            "value": studies["crude"],
            "ci_lower": studies["cp_lower"],
            "ci_upper": studies["cp_upper"],
            "group": studies["region"],
            "status": studies["status"],
            "hover": [_study_hover(row) for _, row in studies.iterrows()],
            "right": [
                _right_column(r["crude"], r["cp_lower"], r["cp_upper"], r["weight"])
                for _, r in studies.iterrows()
            ],
            "weight_percent": studies["weight"] * 100,
            "input": studies["input"],
            "cases": studies["cases"],
            "population_at_risk": studies["population_at_risk"],
            "derived_population": studies["derived_population"],
            **provenance(studies, "estimate_id"),
        }
    )
    analysis = forest.analysis
    test = "Knapp–Hartung" if analysis.test == "knha" else "Wald"
    diamonds = [
        {
            "label": f"Pooled: {chart_text(r.subgroup)} (k = {r.k})",
            "value": r.estimate,
            "ci_lower": r.ci_lower,
            "ci_upper": r.ci_upper,
            "pi_lower": r.pi_lower,
            "pi_upper": r.pi_upper,
            "right": _right_column(r.estimate, r.ci_lower, r.ci_upper, 1.0 if i == 0 else None),
            "hover": f"<b>{chart_text(r.subgroup)}</b>: {significant(r.estimate)} per 100,000 (95% CI "
            f"{significant(r.ci_lower)}–{significant(r.ci_upper)}; 95% PI {significant(r.pi_lower)}–"
            f"{significant(r.pi_upper)})<br>{heterogeneity_summary(r)}<br>"
            f"{METHOD_NAMES[r.method]}, {TRANSFORM_LABELS[r.transform]} scale, {test} CI",
        }
        for i, r in enumerate(forest.pooled)
        if r.pooled
    ]
    chosen = forest.pooled[0]
    extra = (
        f"Random effects: {METHOD_NAMES[analysis.method]}, {TRANSFORM_LABELS[analysis.transform]} scale, "
        f"{test} CI. Whiskers: Clopper–Pearson 95% CI from the counts (computed) or the printed CI (‡); "
        "† population derived from cases ÷ the rounded crude rate. Right: estimate [95% CI] and weight. "
        "Diamonds: pooled 95% CI; dotted: 95% prediction interval."
    )
    refused = [r.message for r in forest.pooled if not r.pooled]
    if refused:
        extra += " " + " ".join(refused)
    shown = "all regions" if analysis.region == "All" else analysis.region
    return interval_chart(
        chart,
        title=f"Studies pooled ({shown}): {heterogeneity_summary(chosen)}",
        x_title="Prevalence per 100,000 persons (log scale)",
        footnote=source_footnote(studies["source_id"], extra),
        log_x=True,
        diamonds=pd.DataFrame(diamonds) if diamonds else None,
    )


def in_region(rows: pd.DataFrame, region: str) -> pd.DataFrame:
    """Rows of ``region`` and the worldwide rows (reviews, often-quoted figures); every row for "All"."""
    return rows if region == "All" else rows[rows["region"].isin([region, "Worldwide"])]


def region_words(region: str) -> str:
    """'all regions' or 'Europe and worldwide summaries': what a chart filtered by ``in_region`` shows."""
    return "all regions" if region == "All" else f"{region} and worldwide summaries"


def sex_ratio_figure(ratios: pd.DataFrame, sex_ratio: pd.DataFrame, region: str = "All") -> go.Figure:
    """Female-to-male ratio by serostatus (log x, line at 1:1) of ``ratios`` (``results.sex_ratio_rows``)
    in ``region`` (``in_region``); ratios from a share of women are drawn as computed (triangles); rows
    of ``sex_ratio`` without a ratio are named in the footnote."""
    ratios, sex_ratio = in_region(ratios, region), in_region(sex_ratio, region)
    if ratios.empty:
        return empty_figure("Female-to-male ratio", f"No female-to-male ratio for {region_words(region)}.")
    rows = ratios.assign(_o=ratios["serostatus"].map(SEROSTATUS_ORDER)).sort_values(
        ["_o", "ratio"], ascending=[True, False]
    )
    age = rows["age_group"].map(lambda a: "" if a == "all" else f" [{a}]")
    chart = pd.DataFrame(
        {
            "label": [
                f"{i} {chart_text(shortened(p, 50))}{a}"
                for i, p, a in zip(rows["sex_ratio_id"], rows["population"], age, strict=True)
            ],
            "value": rows["ratio"].astype(float).to_numpy(),
            "ci_lower": rows["ci_lower"].astype(float).to_numpy(),
            "ci_upper": rows["ci_upper"].astype(float).to_numpy(),
            "group": rows["serostatus"].map(SEROSTATUS_LABELS).to_numpy(),
            "status": rows["ratio_status"].to_numpy(),
            "hover": [sex_ratio_hover(row) for _, row in rows.iterrows()],
            "ratio_basis": rows["ratio_basis"].to_numpy(),
            **provenance(rows, "sex_ratio_id"),
        }
    )
    left_out = sex_ratio[~sex_ratio["sex_ratio_id"].isin(rows["sex_ratio_id"])]["sex_ratio_id"]
    extra = "Triangles: ratio computed from the share of women. Dotted line: 1 woman per man."
    if len(left_out):
        extra += f" Left out (no ratio or share printed): {', '.join(left_out)}."
    return interval_chart(
        chart,
        title=f"Female-to-male ratio by serostatus ({region_words(region)})",
        x_title="Women per man (log scale)",
        footnote=source_footnote(rows["source_id"], extra),
        log_x=True,
        reference_line=1.0,
    )


def _add_onset_kind(fig: go.Figure, kind: str, part: pd.DataFrame, y: list[int], colour: str) -> None:
    """The traces of one kind of age row: thick bars (peak bands, ranges) or thin lines (observed
    min–max behind a point), ticks for a band of one age, points by status."""
    hover = [onset_hover(row) for _, row in part.iterrows()]
    points = part["value"].notna().to_numpy()
    bars_x, bars_y, bars_hover = [], [], []
    for (_, row), at, text in zip(part.iterrows(), y, hover, strict=True):
        if pd.notna(row["value_low"]):
            bars_x += [float(row["value_low"]), float(row["value_high"]), None]
            bars_y += [at, at, None]
            bars_hover += [text, text, None]
    if bars_x:
        fig.add_trace(
            go.Scatter(
                x=rounded(bars_x),
                y=bars_y,
                mode="lines",
                line={"color": colour, "width": 2 if points.all() else 9},
                name=KIND_NAMES[kind] if not points.any() else f"{KIND_NAMES[kind]}: observed range",
                hovertext=bars_hover,
                hoverinfo="text",
                showlegend=not points.any(),
            )
        )
    single = (part["value"].isna() & (part["value_low"] == part["value_high"])).fillna(False).to_numpy()
    if single.any():  # a band of one age ("around 40"): a tick, since a bar of no length is invisible
        fig.add_trace(
            go.Scatter(
                x=rounded(part["value_low"][single]),
                y=[at for at, one in zip(y, single, strict=True) if one],
                mode="markers",
                marker={"symbol": "line-ns-open", "size": 16, "line": {"width": 4, "color": colour}},
                name=f"{KIND_NAMES[kind]} (one age)",
                hovertext=[t for t, one in zip(hover, single, strict=True) if one],
                hoverinfo="text",
                showlegend=False,
            )
        )
    if points.any():  # points only (the observed range is the thin line above, not an interval)
        dots = pd.DataFrame(
            {
                "value": part["value"][points],
                "ci_lower": None,
                "ci_upper": None,
                "status": part["status"][points],
                "hover": [t for t, p in zip(hover, points, strict=True) if p],
            }
        )
        at_points = [at for at, p in zip(y, points, strict=True) if p]
        fig.add_traces(interval_traces(dots, at_points, KIND_NAMES[kind], colour))


def age_at_onset_figure(
    age_at_onset: pd.DataFrame, band: tuple[float, float], region: str = "All"
) -> go.Figure:
    """Mean or median age at onset (points; thin lines: observed min–max), peak bands and ranges (thick
    bars), and the claim pages' bands, in ``region`` (``in_region``), against the statement's ``band``
    in years (shaded)."""
    rows = in_region(onset_rows(age_at_onset), region)
    rows = rows[rows["kind"] != "share"]
    if rows.empty:
        return empty_figure("Age at onset", f"No age at onset for {region_words(region)}.")
    rows = rows.assign(
        _o=rows["kind"].map(KIND_ORDER), _v=rows["value"].fillna(rows["value_low"]).astype(float)
    ).sort_values(["_o", "_v"])
    labels = [
        f"{i} {chart_text(shortened(p, 50))}"
        for i, p in zip(rows["onset_id"], rows["population"], strict=True)
    ]
    position = {label: len(labels) - 1 - i for i, label in enumerate(labels)}
    fig = go.Figure()
    low_band, high_band = band
    fig.add_vrect(x0=low_band, x1=high_band, fillcolor=BAND_COLOUR, opacity=0.15, line_width=0, layer="below")
    for kind, part in rows.groupby("kind", sort=False):
        y = [position[label] for label, k in zip(labels, rows["kind"], strict=True) if k == kind]
        _add_onset_kind(fig, kind, part, y, PALETTE[KIND_ORDER[kind]])  # one colour per kind everywhere
    fig.update_yaxes(
        tickvals=list(position.values()), ticktext=list(position), range=[-0.7, len(position) - 0.3]
    )
    fig.update_xaxes(range=[0, 90])
    house_style(
        fig,
        title=f"Age at onset ({region_words(region)}) against the claim's "
        f"{low_band:.0f}–{high_band:.0f} band",
        x_title="Age, years",
        y_title="",
        footnote=source_footnote(
            rows["source_id"],
            "Points: mean or median (shape = status); thin lines: observed min–max; thick bars: peak band "
            "or range of study means. Shares of paediatric and late onset are in the table below.<br>"
            + status_key(rows.loc[rows["value"].notna(), "status"]),
        ),
        height=max(200, 40 + 24 * len(position)),
    )
    drawn = pd.DataFrame(
        {
            "label": labels,
            "kind": rows["kind"].to_numpy(),
            "statistic": rows["statistic"].to_numpy(),
            "value": rows["value"].to_numpy(),
            "value_low": rows["value_low"].to_numpy(),
            "value_high": rows["value_high"].to_numpy(),
            "region": rows["region"].to_numpy(),
            "serostatus": rows["serostatus"].to_numpy(),
            "status": rows["status"].to_numpy(),
            **provenance(rows, "onset_id"),
        }
    )
    return with_download(fig, drawn, units="years of age")
