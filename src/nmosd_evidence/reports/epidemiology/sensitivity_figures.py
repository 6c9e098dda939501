"""Charts of how robust the pooled prevalence is: the specification curve (every defensible choice) and
the funnel plot with Egger's test. Units: prevalence per 100,000 persons; logit scale in the funnel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from scipy import special

from ...core.meta import egger_test
from ...core.sensitivity import EGGER_MIN_STUDIES as EGGER_MIN
from ...present.charts import chart_text, empty_figure, house_style, log_ticks, source_footnote
from ...present.colours import GREY, PALETTE
from ...present.downloads import provenance, with_download
from ...present.format import p_value, significant
from .labels import TRANSFORM_LABELS
from .pooling import PooledPrevalence, study_fit
from .select import Analysis
from .specification import STATUS_RULES, limit_support

CHOICE_ROWS = [
    ("method", "DL", "DerSimonian–Laird"), ("method", "REML", "REML"), ("method", "PM", "Paule–Mandel"),
    ("transform", "logit", "logit scale"), ("transform", "freeman-tukey", "Freeman–Tukey scale"),
    ("inputs", "counts", "printed counts only"), ("inputs", "derived", "+ derived populations"),
    ("inputs", "all", "+ printed CIs"),
    *[("statuses", name, f"statuses: {name}") for name in STATUS_RULES],
    ("icd_coded_data", "with", "with ICD-coded data"),
    ("icd_coded_data", "without", "without ICD-coded data"),
]  # fmt: skip


def specification_figure(curve: pd.DataFrame, limit: float, subgroup: str) -> go.Figure:
    """The specification curve: every specification's pooled prevalence with its 95% CI, sorted (top),
    and which choices each one makes (bottom); the dotted line is the statement's limit."""
    if curve.empty:
        return empty_figure("Specification curve", f"No specification pools {subgroup}: too few studies.")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.55, 0.45], vertical_spacing=0.03)
    x = list(range(1, len(curve) + 1))
    hover = [
        f"{significant(r.estimate)} per 100,000 "
        f"(95% CI {significant(r.ci_lower)}–{significant(r.ci_upper)}), "
        f"k = {r.k}<br>{r.method}, {TRANSFORM_LABELS[r.transform]} scale, inputs {r.inputs}, "
        f"statuses {r.statuses}, "
        f"{r.icd_coded_data} ICD-coded data<br>studies: {chart_text(r.estimate_ids)}"
        for r in curve.itertuples()
    ]
    fig.add_trace(
        go.Scatter(
            x=x,
            y=curve["estimate"],
            mode="markers",
            marker={"color": PALETTE[0], "size": 6},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": curve["ci_upper"] - curve["estimate"],
                "arrayminus": curve["estimate"] - curve["ci_lower"],
                "color": PALETTE[0],
                "thickness": 1,
            },
            hovertext=hover,
            hoverinfo="text",
            name="pooled prevalence",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    fig.add_hline(y=limit, line={"color": "#555555", "width": 1.5, "dash": "dot"}, row=1, col=1)
    labels = [label for _, _, label in CHOICE_ROWS]
    for column, value, label in CHOICE_ROWS:
        chosen = curve[column] == value
        fig.add_trace(
            go.Scatter(
                x=[i for i, c in zip(x, chosen, strict=True) if c],
                y=[label] * int(chosen.sum()),
                mode="markers",
                marker={"color": "#000000", "size": 5, "symbol": "square"},
                hoverinfo="skip",
                showlegend=False,
            ),
            row=2,
            col=1,
        )
    positive = pd.concat([curve["ci_lower"], curve["ci_upper"], pd.Series([limit])])
    positive = positive[positive > 0]
    low, high = float(positive.min()) / 1.3, float(positive.max()) * 1.3
    ticks = log_ticks(low, high)
    fig.update_yaxes(
        type="log", title_text="per 100,000 (log)", range=[np.log10(low), np.log10(high)],
        tickvals=ticks, ticktext=[f"{t:g}" for t in ticks], row=1, col=1,
    )  # fmt: skip
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], row=2, col=1, tickfont={"size": 10})
    below = limit_support(curve, limit)["CI below"]
    footnote = (
        f"{len(curve)} specifications of the pooled prevalence ({chart_text(subgroup)}), sorted by estimate; "
        f"whiskers 95% CI. The whole CI is below {limit:g} per 100,000 in {below} of {len(curve)}. "
        "Freeman–Tukey pools counts only, so it has no '+ printed CIs' specifications. Specifications with "
        "fewer than 3 studies are left out."
    )
    title = "Specification curve: the pooled prevalence under every choice"
    house_style(fig, title, "specification (rank)", "", footnote, 560)  # room for the x title
    fig.update_xaxes(title_text="", row=1, col=1)  # the title goes under the lower panel only
    drawn = curve.reset_index(drop=True).assign(rank=x)
    return with_download(fig, drawn, units="pooled prevalence per 100,000 persons")


def funnel_figure(rows: pd.DataFrame, result: PooledPrevalence, analysis: Analysis) -> go.Figure:
    """Funnel plot (logit prevalence against its standard error, inverted) of the pooled studies
    ``rows`` of ``analysis`` (pooled into ``result``) with the pseudo 95% limits around the pooled mean
    on the logit scale and Egger's test; shown only for k >= 10."""
    if not result.pooled or result.k < EGGER_MIN:
        return empty_figure(
            "Funnel plot", f"Funnel plot and Egger's test need at least {EGGER_MIN} studies; k = {result.k}."
        )
    fit = study_fit(rows, analysis.with_(transform="logit"))
    y, se = np.array(fit.effects), np.sqrt(np.array(fit.variances))
    egger = egger_test(y, np.array(fit.variances))
    fig = go.Figure()
    top = float(se.max()) * 1.1
    for sign in (-1, 1):
        fig.add_trace(
            go.Scatter(
                x=[fit.mu, fit.mu + sign * 1.96 * top],
                y=[0, top],
                mode="lines",
                line={"color": GREY, "dash": "dot"},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.add_vline(x=fit.mu, line={"color": "#000000", "width": 1})
    fig.add_trace(
        go.Scatter(
            x=y,
            y=se,
            mode="markers",
            marker={"color": PALETTE[0], "size": 8},
            showlegend=False,
            hovertext=[
                f"{chart_text(i)}: {significant(100_000 * special.expit(v))} per 100,000, SE {s:.3f}"
                for i, v, s in zip(rows["estimate_id"], y, se, strict=True)
            ],
            hoverinfo="text",
        )
    )
    fig.update_yaxes(autorange="reversed")
    footnote = (
        f"Egger's regression test: slope {egger.slope:.2f} (SE {egger.slope_se:.2f}), t = {egger.t:.2f} on "
        f"{egger.df} df, {p_value(egger.p_value)}. Asymmetry can come from small-study effects, "
        "heterogeneity or chance, not only from unpublished studies. " + source_footnote(rows["source_id"])
    )
    house_style(fig, f"Funnel plot (k = {result.k})", "logit prevalence", "standard error", footnote, 420)
    drawn = pd.DataFrame({"logit_prevalence": y, "standard_error": se, **provenance(rows, "estimate_id")})
    return with_download(fig, drawn, units="logit of the prevalence (a proportion); its standard error")
