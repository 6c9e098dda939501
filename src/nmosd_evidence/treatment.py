"""Treatment evidence: relapse-prevention trial comparisons and acute attack treatment.

Tables in: ``trials`` (one row per trial comparison; AQP4+ and AQP4- subgroups own rows),
``trial_results`` (long: one row per result, each with its own source and status; conflicting figures
from two sources are separate rows) and ``acute`` (shared with the progression report; the views here
are the treatment side of it). Everything here is a pure function: DataFrames in, DataFrames, figures or
Markdown out.

Units: hazard ratios are treatment vs comparator (below 1 favours the treatment); relapse-free
proportions are 0-1 in the data and percent in tables and charts; time points are weeks.

Where several rows report the same figure (same comparison, measure and time point), one is shown
by a stated rule (``PICK_RULE``) and the others stay visible in the conflicts table and in hover text.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from .charts import empty_figure, interval_chart, source_footnote
from .formatting import percent
from .schemas import STATUSES
from .sources import evidence_rows

# Designs that are trials (shown in the trial views); observational and indirect comparisons are shown
# separately because they compare drugs with each other in non-randomised data.
TRIAL_DESIGNS = ("randomised", "open-label", "external-control")
OTHER_DESIGNS = ("observational", "indirect")
DESIGN_MARKS = {"open-label": " [open-label]", "external-control": " [external control]"}
TARGET_ORDER = ("C5", "CD19", "IL-6R", "CD20", "other")
MECHANISMS = {
    "C5": "C5 complement inhibition",
    "CD19": "CD19 B-cell depletion",
    "IL-6R": "IL-6 receptor blockade",
    "CD20": "CD20 B-cell depletion",
    "other": "conventional immunosuppressants",
}
MECHANISM_DESCRIPTIONS = {
    "C5": "inhibits terminal complement component 5",
    "CD19": "CD19-directed antibody; depletes B cells, plasmablasts and some plasma cells",
    "IL-6R": "inhibits interleukin-6 receptor activity",
    "CD20": "anti-CD20 monoclonal antibody (B-cell depletion)",
    "other": "conventional immunosuppressants (azathioprine, mycophenolate mofetil)",
}
STATUS_ORDER = tuple(STATUSES)  # strongest first, as the schema lists them
PICK_RULE = (
    "Where two rows report the same figure, the report shows one: the strongest status first "
    "(verified, abstract, secondary, computed, inferred, unverified), then a row with a 95% CI, then the "
    "more precise figure, then the first row in the data file. The others are listed under "
    "'Conflicting reports'."
)
LOG_AXIS_FLOOR = 0.001  # a printed CI bound of 0 cannot be drawn on a log axis; drawn here instead
ACUTE_MODALITIES = {
    "steroids": "High-dose IV steroids",
    "plasma_exchange": "Plasma exchange",
    "steroids_plus_plasma_exchange": "Steroids plus plasma exchange",
    "apheresis": "Apheresis (plasma exchange or immunoadsorption)",
    "immunoadsorption": "Immunoadsorption",
    "any_first_line": "Any first-line course",
    "other": "Escalation (further courses)",
}
SEED_SOURCE_ID = "seed_roche_ch_nmosd"
POPULATION_WORDS = {"all": "all participants", "AQP4+": "AQP4+", "AQP4-": "AQP4−"}


# ---------------------------------------------------------------------------------------------------
# Formatting helpers


def _decimals(value: float) -> int:
    """Decimal places of ``value`` as it is stored (0.06 -> 2, 0.272 -> 3, 10.0 -> 0)."""
    text = f"{float(value):.6g}"
    return 0 if "." not in text or "e" in text else len(text.split(".")[1])


def format_estimate(value: float, ci_lower: float | None = None, ci_upper: float | None = None) -> str:
    """'0.06 (0.02–0.20)': the value with at least one decimal, each CI bound with at least as many
    decimals as the value (so 0.2 next to 0.06 reads 0.20, and 0.0 next to 0.014 reads 0.000)."""
    digits = max(_decimals(value), 1)
    text = f"{float(value):.{digits}f}"
    if ci_lower is not None and ci_upper is not None and not pd.isna(ci_lower) and not pd.isna(ci_upper):
        low = f"{float(ci_lower):.{max(_decimals(ci_lower), digits)}f}"
        high = f"{float(ci_upper):.{max(_decimals(ci_upper), digits)}f}"
        text += f" ({low}–{high})"
    return text


def format_p(p_value: object) -> str:
    """'p<0.001' or 'p=0.02' from a p value as printed; '' when there is none."""
    if p_value is None or pd.isna(p_value) or not str(p_value).strip():
        return ""
    text = str(p_value).strip()
    return f"p{text}" if text[0] in "<>≤≥" else f"p={text}"


def format_weeks(weeks: float | None) -> str:
    """'week 48', or 'time not stated' when the source gives no time point."""
    return "time not stated" if weeks is None or pd.isna(weeks) else f"week {float(weeks):g}"


def _tag(status: str) -> str:
    return f" [{status}]"


def _count(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


# ---------------------------------------------------------------------------------------------------
# Selection


def _comparison_labels(trials: pd.DataFrame) -> pd.Series:
    """A short, unique label per comparison: 'SAkuraSky, AQP4+ subgroup', 'PREVENT (AQP4+)', ...

    A row is called a subgroup when its trial also has a row for all participants; a qualifier in the
    drug name ('eculizumab (monotherapy subgroup)') names the subgroup; drug and comparator are added
    when the trial and population alone do not tell two comparisons apart.
    """
    has_all = set(trials.loc[trials["population"] == "all", "trial"])
    labels = []
    for _, row in trials.iterrows():
        population = POPULATION_WORDS[row["population"]]
        drug = str(row["drug"])
        if "subgroup" in drug and "(" in drug:
            label = f"{row['trial']}, {drug.split('(', 1)[1].rstrip(')')} ({population})"
        elif row["population"] == "all":
            label = f"{row['trial']}, all participants"
        elif row["trial"] in has_all:
            label = f"{row['trial']}, {population} subgroup"
        else:
            label = f"{row['trial']} ({population})"
        labels.append(label)
    repeated = pd.Series(labels).duplicated(keep=False).tolist()
    for i, (_, row) in enumerate(trials.iterrows()):
        if repeated[i]:
            labels[i] += f": {_base_drug(str(row['drug']))} vs {_base_drug(str(row['comparator']))}"
    return pd.Series(labels, index=trials.index, dtype="str")


def _with_labels(trials: pd.DataFrame) -> pd.DataFrame:
    out = trials.copy()
    out["label"] = _comparison_labels(trials)
    out["mechanism"] = out["target"].map(MECHANISMS)
    out["order"] = range(len(out))
    out["target_rank"] = out["target"].map({t: i for i, t in enumerate(TARGET_ORDER)})
    return out


def selected_comparisons(
    trials: pd.DataFrame,
    population: str = "all",
    include_external_control: bool = True,
    include_open_label: bool = True,
) -> pd.DataFrame:
    """Trial comparisons in the report: trial designs only (randomised, open-label, external control).

    ``population`` 'all' keeps every population row (whole trials and their AQP4+ / AQP4- subgroups);
    'AQP4+' keeps only comparisons whose population is AQP4+ (AQP4+-only trials and AQP4+ subgroups).
    Adds ``label`` (unique, readable), ``mechanism`` (from the target) and sorts by mechanism, then
    data-file order.
    """
    frame = _with_labels(trials)
    keep = frame["design"].isin(TRIAL_DESIGNS)
    if population != "all":
        keep &= frame["population"] == population
    if not include_external_control:
        keep &= frame["design"] != "external-control"
    if not include_open_label:
        keep &= frame["design"] != "open-label"
    chosen = frame[keep].sort_values(["target_rank", "order"], kind="stable")
    return chosen.drop(columns=["order", "target_rank"]).reset_index(drop=True)


def other_comparisons(trials: pd.DataFrame, population: str = "all") -> pd.DataFrame:
    """Observational and indirect drug comparisons (not trials), with labels, for the same population."""
    frame = _with_labels(trials)
    keep = frame["design"].isin(OTHER_DESIGNS)
    if population != "all":
        keep &= frame["population"] == population
    return frame[keep].drop(columns=["order", "target_rank"]).reset_index(drop=True)


def results_for(comparisons: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """The ``trial_results`` rows of the given comparisons, in data-file order."""
    return results[results["comparison_id"].isin(comparisons["comparison_id"])].reset_index(drop=True)


def printed_precision(value_as_printed: str) -> int:
    """Decimal places of the first number in a figure as printed ('66.0%' -> 1, '89%' -> 0)."""
    match = re.search(r"\d+(?:\.(\d+))?", str(value_as_printed))
    return len(match.group(1) or "") if match else 0


def ranked(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` reporting one figure, best first by ``PICK_RULE`` (status, CI present, precision, order).

    Precision is that of the figure as printed, so '66.0%' is preferred to '66%' from another source.
    """
    status_rank = rows["status"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    has_ci = rows["ci_lower"].notna() & rows["ci_upper"].notna()
    precision = rows["value_as_printed"].map(printed_precision)
    key = pd.DataFrame(
        {"status": status_rank, "ci": ~has_ci, "precision": -precision, "order": range(len(rows))},
        index=rows.index,
    )
    return rows.loc[key.sort_values(["status", "ci", "precision", "order"], kind="stable").index]


def _figure_key(rows: pd.DataFrame) -> pd.Series:
    """(comparison, measure, time point) key that says which rows report the same figure."""
    weeks = rows["timepoint_weeks"].astype("Float64").fillna(-1.0)
    return rows["comparison_id"] + "|" + rows["measure"] + "|" + weeks.astype(str)


def picked_results(results: pd.DataFrame) -> pd.DataFrame:
    """One row per reported figure (comparison, measure, time point), chosen by ``PICK_RULE``.

    Adds ``also_reported``: the other rows for the same figure as 'value as printed (source, status)'.
    """
    if results.empty:
        return results.assign(also_reported=pd.Series(dtype="str"))
    keys = _figure_key(results)
    chosen = []
    for _, group in results.groupby(keys, sort=False):
        order = ranked(group)
        best = order.iloc[0].copy()
        others = [
            f"{r['value_as_printed']} ({r['source_id']}, {r['status']})" for _, r in order.iloc[1:].iterrows()
        ]
        best["also_reported"] = "; ".join(others)
        chosen.append(best)
    return pd.DataFrame(chosen).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------
# Tables


def _one(picked: pd.DataFrame, comparison_id: str, measure: str) -> pd.Series | None:
    rows = picked[(picked["comparison_id"] == comparison_id) & (picked["measure"] == measure)]
    return None if rows.empty else rows.iloc[0]


def _hr_text(row: pd.Series | None) -> str:
    if row is None:
        return ""
    p = format_p(row["p_value"])
    return f"{format_estimate(row['value'], row['ci_lower'], row['ci_upper'])}{'; ' + p if p else ''}" + _tag(
        row["status"]
    )


def _relapses_text(row: pd.Series | None, n: object) -> str:
    if row is None:
        return ""
    of = f" of {int(n)}" if n is not None and not pd.isna(n) else ""
    return f"{int(row['value'])}{of}{_tag(row['status'])}"


def _proportion_text(row: pd.Series | None) -> str:
    return "" if row is None else f"{percent(row['value'])}{_tag(row['status'])}"


def _other_results_text(picked: pd.DataFrame, comparison_id: str) -> str:
    """Annualised relapse rate and median time to first relapse, treatment vs comparator, with status."""
    parts = []
    for stem, name, unit in (
        ("annualised_relapse_rate", "annualised relapse rate", ""),
        ("median_time_to_relapse", "median time to first relapse", " weeks"),
    ):
        t, c = (
            _one(picked, comparison_id, f"{stem}_treatment"),
            _one(picked, comparison_id, f"{stem}_comparator"),
        )
        if t is None or c is None:
            continue
        p = format_p(t["p_value"])
        tags = _tag(t["status"]) if t["status"] == c["status"] else f"{_tag(t['status'])}/{_tag(c['status'])}"
        parts.append(
            f"{name} {format_estimate(t['value'], t['ci_lower'], t['ci_upper'])} vs "
            f"{format_estimate(c['value'], c['ci_lower'], c['ci_upper'])}{unit}{', ' + p if p else ''}{tags}"
        )
    return "; ".join(parts)


def _relapse_free_text(picked: pd.DataFrame, comparison_id: str) -> str:
    """'week 48: 97.9% vs 63.2% [secondary]; week 192: 94.4% (treatment arm only) [verified]'."""
    rows = picked[
        (picked["comparison_id"] == comparison_id)
        & picked["measure"].isin(["relapse_free_treatment", "relapse_free_comparator"])
    ]
    if rows.empty:
        return ""
    parts = []
    weeks = rows["timepoint_weeks"].astype("Float64")
    for week in sorted(weeks.dropna().unique()) + ([None] if weeks.isna().any() else []):
        at = rows[weeks.isna()] if week is None else rows[weeks == week]
        trt = at[at["measure"] == "relapse_free_treatment"]
        cmp_ = at[at["measure"] == "relapse_free_comparator"]
        if not trt.empty and not cmp_.empty:
            t, c = trt.iloc[0], cmp_.iloc[0]
            if t["status"] == c["status"]:
                text = f"{percent(t['value'])} vs {percent(c['value'])}{_tag(t['status'])}"
            else:
                text = f"{percent(t['value'])}{_tag(t['status'])} vs {percent(c['value'])}{_tag(c['status'])}"
        else:
            one = (trt if not trt.empty else cmp_).iloc[0]
            arm = "treatment" if not trt.empty else "comparator"
            text = f"{percent(one['value'])} ({arm} arm only){_tag(one['status'])}"
        parts.append(f"{format_weeks(week)}: {text}")
    return "; ".join(parts)


def trial_summary_table(comparisons: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """One row per trial comparison: design facts from ``trials`` and results pivoted from ``trial_results``.

    Every result cell carries its status in brackets ('[secondary]', '[unverified]'); relapse counts
    are patients with a relapse 'of' the arm size; relapse-free proportions are percent per arm at the
    stated week. ``row status`` is the status of the design row (arm sizes, endpoint, approval).
    """
    picked = picked_results(results_for(comparisons, results))
    rows = []
    for _, c in comparisons.iterrows():
        cid = c["comparison_id"]
        n_t, n_c = c["n_treatment"], c["n_comparator"]
        sizes = "not given" if pd.isna(n_t) or pd.isna(n_c) else f"{int(n_t)} / {int(n_c)}"
        ids = [c["source_id"], *picked.loc[picked["comparison_id"] == cid, "source_id"]]
        rows.append(
            {
                "trial": c["trial"],
                "comparison": c["label"],
                "drug": c["drug"],
                "target": c["target"],
                "comparator": c["comparator"],
                "design": c["design"],
                "population": POPULATION_WORDS[c["population"]],
                "n (treatment / comparator)": sizes,
                "primary endpoint": "" if pd.isna(c["primary_endpoint"]) else c["primary_endpoint"],
                "hazard ratio (95% CI); p": _hr_text(_one(picked, cid, "hazard_ratio")),
                "relapses, treatment arm": _relapses_text(_one(picked, cid, "relapses_treatment"), n_t),
                "relapses, comparator arm": _relapses_text(_one(picked, cid, "relapses_comparator"), n_c),
                "relapse risk reduction": _proportion_text(_one(picked, cid, "risk_reduction")),
                "relapse-free, treatment vs comparator": _relapse_free_text(picked, cid),
                "other results": _other_results_text(picked, cid),
                "approval (NMOSD)": "" if pd.isna(c["approval"]) else c["approval"],
                "row status": c["status"],
                "sources": ", ".join(dict.fromkeys(ids)),
            }
        )
    return pd.DataFrame(rows)


SUMMARY_DESIGN_COLUMNS = [
    "trial", "drug", "target", "comparator", "design", "population", "n (treatment / comparator)",
    "primary endpoint", "approval (NMOSD)", "row status",
]  # fmt: skip
SUMMARY_RESULT_COLUMNS = [
    "hazard ratio (95% CI); p", "relapses, treatment arm", "relapses, comparator arm",
    "relapse risk reduction", "relapse-free, treatment vs comparator", "other results", "sources",
]  # fmt: skip


def summary_design_part(summary: pd.DataFrame) -> pd.DataFrame:
    """The design half of ``trial_summary_table``, indexed by comparison."""
    return summary.set_index("comparison")[SUMMARY_DESIGN_COLUMNS]


def summary_results_part(summary: pd.DataFrame) -> pd.DataFrame:
    """The results half of ``trial_summary_table``, indexed by comparison."""
    return summary.set_index("comparison")[SUMMARY_RESULT_COLUMNS]


def conflicting_reports(comparisons: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Every figure reported by more than one row, all rows shown, with the one the report uses marked.

    Columns: comparison, measure, week, as printed, p, source, status, shown (yes/no), note.
    """
    chosen = results_for(comparisons, results)
    columns = ["comparison", "measure", "week", "as printed", "p", "source", "status", "shown", "note"]
    if chosen.empty:
        return pd.DataFrame(columns=columns).set_index("comparison")
    labels = comparisons.set_index("comparison_id")["label"]
    keys = _figure_key(chosen)
    rows = []
    for _, group in chosen.groupby(keys, sort=False):
        if len(group) < 2:
            continue
        best = ranked(group).index[0]
        for index, r in group.iterrows():
            rows.append(
                {
                    "comparison": labels[r["comparison_id"]],
                    "measure": r["measure"].replace("_", " "),
                    "week": "" if pd.isna(r["timepoint_weeks"]) else f"{float(r['timepoint_weeks']):g}",
                    "as printed": r["value_as_printed"],
                    "p": "" if pd.isna(r["p_value"]) else r["p_value"],
                    "source": r["source_id"],
                    "status": r["status"],
                    "shown": "yes" if index == best else "no",
                    "note": "" if pd.isna(r["note"]) else r["note"],
                }
            )
    return pd.DataFrame(rows, columns=columns).set_index("comparison")


def _unverified_display(measure: str) -> str:
    if measure == "hazard_ratio":
        return "grey cross in the forest plot; [unverified] in the tables"
    if measure.startswith("relapse_free"):
        return "grey cross in the relapse-free chart; [unverified] in the summary table"
    return "[unverified] in the summary table"


def unverified_results(comparisons: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Trial results marked unverified (leads for checking): where they appear and why they are unverified."""
    chosen = results_for(comparisons, results)
    chosen = chosen[chosen["status"] == "unverified"]
    labels = comparisons.set_index("comparison_id")["label"]
    return pd.DataFrame(
        {
            "comparison": [labels[c] for c in chosen["comparison_id"]],
            "measure": chosen["measure"].str.replace("_", " "),
            "week": [("" if pd.isna(w) else f"{float(w):g}") for w in chosen["timepoint_weeks"]],
            "as printed": chosen["value_as_printed"],
            "shown as": [_unverified_display(m) for m in chosen["measure"]],
            "note": chosen["note"].fillna(""),
        }
    ).set_index("comparison")


# ---------------------------------------------------------------------------------------------------
# Forest plot of hazard ratios


def _design_mark(design: str) -> str:
    return DESIGN_MARKS.get(design, "")


def _trial_years(trials: pd.DataFrame, sources: pd.DataFrame | None) -> dict[str, str]:
    if sources is None:
        return {}
    years = sources.set_index("source_id")["year"]
    out = {}
    for _, row in trials.iterrows():
        year = years.get(row["source_id"])
        out[row["comparison_id"]] = "" if year is None or pd.isna(year) else str(int(year))
    return out


def _hover_head(c: pd.Series, year: str) -> list[str]:
    n_t, n_c = _count(c["n_treatment"]), _count(c["n_comparator"])
    sizes = f"; n {n_t} vs {n_c}" if n_t and n_c else "; arm sizes not given"
    published = f"; trial published {year}" if year else ""
    return [
        f"<b>{c['label']}</b>",
        f"{c['drug']} vs {c['comparator']}",
        f"population: {POPULATION_WORDS[c['population']]}{sizes}",
        f"design: {c['design']}{published}",
    ]


def hazard_ratio_rows(
    comparisons: pd.DataFrame, results: pd.DataFrame, sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Forest-plot data: one hazard ratio per comparison (``PICK_RULE``), grouped by mechanism.

    Columns: ``label`` (design marked: '[open-label]', '[external control]'; unverified marked),
    ``group`` (mechanism), ``value``, ``ci_lower`` / ``ci_upper`` as drawn on the log axis,
    ``ci_lower_printed`` / ``ci_upper_printed`` as printed, ``clipped`` (a printed bound <= 0 drawn at
    ``LOG_AXIS_FLOOR``), ``p_value``, ``status``, ``source_id``, ``also_reported``, ``hover``; plus
    ``comparison_id``, ``target``, ``design``, ``population``. Rows in mechanism order, then data order.
    """
    picked = picked_results(results_for(comparisons, results))
    hrs = picked[picked["measure"] == "hazard_ratio"].set_index("comparison_id")
    years = _trial_years(comparisons, sources)
    rows = []
    for _, c in comparisons.iterrows():
        if c["comparison_id"] not in hrs.index:
            continue
        r = hrs.loc[c["comparison_id"]]
        low, high = r["ci_lower"], r["ci_upper"]
        clipped = not pd.isna(low) and float(low) <= 0
        drawn_low = LOG_AXIS_FLOOR if clipped else low
        label = c["label"] + _design_mark(c["design"])
        if r["status"] == "unverified":
            label += " (HR unverified)"
        p = format_p(r["p_value"])
        hover = [
            *_hover_head(c, years.get(c["comparison_id"], "")),
            f"HR {format_estimate(r['value'], low, high)}{', ' + p if p else ''}",
            f"status: {r['status']}; source: {r['source_id']} ({r['locator']})",
        ]
        if clipped:
            hover.append(f"lower 95% limit printed as {float(low):.3f}; drawn at {LOG_AXIS_FLOOR:g}")
        if r["also_reported"]:
            hover.append(f"also reported: {r['also_reported']}")
        rows.append(
            {
                "comparison_id": c["comparison_id"],
                "label": label,
                "group": c["mechanism"],
                "target": c["target"],
                "design": c["design"],
                "population": c["population"],
                "value": float(r["value"]),
                "ci_lower": None if pd.isna(drawn_low) else float(drawn_low),
                "ci_upper": None if pd.isna(high) else float(high),
                "ci_lower_printed": None if pd.isna(low) else float(low),
                "ci_upper_printed": None if pd.isna(high) else float(high),
                "clipped": clipped,
                "p_value": "" if pd.isna(r["p_value"]) else r["p_value"],
                "status": r["status"],
                "source_id": r["source_id"],
                "also_reported": r["also_reported"],
                "hover": "<br>".join(hover),
            }
        )
    columns = [
        "comparison_id", "label", "group", "target", "design", "population", "value", "ci_lower",
        "ci_upper", "ci_lower_printed", "ci_upper_printed", "clipped", "p_value", "status", "source_id",
        "also_reported", "hover",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def hazard_ratio_table(hazard_ratios: pd.DataFrame) -> pd.DataFrame:
    """The hazard ratios as the forest plot shows them, with the CI as printed and other reports."""
    return pd.DataFrame(
        {
            "mechanism": hazard_ratios["group"],
            "comparison": hazard_ratios["label"],
            "HR (95% CI)": [
                format_estimate(r["value"], r["ci_lower_printed"], r["ci_upper_printed"])
                for _, r in hazard_ratios.iterrows()
            ],
            "p": [format_p(p) for p in hazard_ratios["p_value"]],
            "status": hazard_ratios["status"],
            "source": hazard_ratios["source_id"],
            "also reported": hazard_ratios["also_reported"],
        }
    ).set_index("comparison")


def hazard_ratio_forest(hazard_ratios: pd.DataFrame) -> go.Figure:
    """Forest plot: hazard ratios with 95% CIs on a log axis, a dotted line at 1, colour by mechanism."""
    title = "Relapse-prevention trials: hazard ratio for a first relapse, by mechanism"
    if hazard_ratios.empty:
        return empty_figure(title, "No hazard ratio in this selection.")
    extra = ["Log scale; HR below 1 favours the drug."]
    for _, r in hazard_ratios[hazard_ratios["clipped"]].iterrows():
        extra.append(
            f"{r['label']}: lower 95% limit printed as {r['ci_lower_printed']:.3f}, "
            f"drawn at {LOG_AXIS_FLOOR:g}."
        )
    footnote = source_footnote(list(hazard_ratios["source_id"]), " ".join(extra))
    return interval_chart(
        hazard_ratios,
        title=title,
        x_title="Hazard ratio, drug vs comparator (log scale)",
        footnote=footnote,
        log_x=True,
        reference_line=1,
    )


# ---------------------------------------------------------------------------------------------------
# Relapse-free proportions per arm


def relapse_free_rows(
    comparisons: pd.DataFrame, results: pd.DataFrame, sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Relapse-free proportion per arm and time point, in percent, one row per arm (``PICK_RULE``).

    Columns: ``label`` ('<comparison>, week 48'; '(treatment arm only)' when the other arm has no
    figure at that time), ``group`` ('drug arm' / 'comparator arm'), ``value``, ``ci_lower``,
    ``ci_upper`` (percent), ``weeks``, ``status``, ``source_id``, ``hover``, ``comparison_id``.
    """
    picked = picked_results(results_for(comparisons, results))
    picked = picked[picked["measure"].isin(["relapse_free_treatment", "relapse_free_comparator"])]
    years = _trial_years(comparisons, sources)
    rows = []
    for _, c in comparisons.iterrows():
        mine = picked[picked["comparison_id"] == c["comparison_id"]]
        if mine.empty:
            continue
        weeks = mine["timepoint_weeks"].astype("Float64")
        for week in sorted(weeks.dropna().unique()) + ([None] if weeks.isna().any() else []):
            at = mine[weeks.isna()] if week is None else mine[weeks == week]
            label = f"{c['label']}, {format_weeks(week)}{_design_mark(c['design'])}"
            if len(at) == 1:
                only = "treatment" if at.iloc[0]["measure"] == "relapse_free_treatment" else "comparator"
                label += f" ({only} arm only)"
            for measure, arm in (
                ("relapse_free_treatment", "drug arm"),
                ("relapse_free_comparator", "comparator arm"),
            ):
                hit = at[at["measure"] == measure]
                if hit.empty:
                    continue
                r = hit.iloc[0]
                low = None if pd.isna(r["ci_lower"]) else round(float(r["ci_lower"]) * 100, 2)
                high = None if pd.isna(r["ci_upper"]) else round(float(r["ci_upper"]) * 100, 2)
                value = round(float(r["value"]) * 100, 2)
                ci = f" (95% CI {low:g}–{high:g}%)" if low is not None and high is not None else ""
                hover = [
                    *_hover_head(c, years.get(c["comparison_id"], "")),
                    f"{arm} ({c['drug'] if arm == 'drug arm' else c['comparator']}), {format_weeks(week)}: "
                    f"{value:g}% relapse-free{ci}",
                    f"status: {r['status']}; source: {r['source_id']} ({r['locator']})",
                ]
                if r["also_reported"]:
                    hover.append(f"also reported: {r['also_reported']}")
                if not pd.isna(r["note"]):
                    hover.append(f"note: {r['note']}")
                rows.append(
                    {
                        "comparison_id": c["comparison_id"],
                        "label": label + (" (unverified)" if r["status"] == "unverified" else ""),
                        "group": arm,
                        "value": value,
                        "ci_lower": low,
                        "ci_upper": high,
                        "weeks": None if week is None else float(week),
                        "status": r["status"],
                        "source_id": r["source_id"],
                        "hover": "<br>".join(hover),
                    }
                )
    columns = [
        "comparison_id", "label", "group", "value", "ci_lower", "ci_upper", "weeks", "status", "source_id",
        "hover",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    # Both arms of a time point share one line: the label must be the same for both rows.
    if not frame.empty:
        frame["label"] = frame.groupby(["comparison_id", frame["weeks"].fillna(-1)])["label"].transform(
            lambda s: (
                s.iloc[0]
                if s.nunique() == 1
                else s.str.replace(" (unverified)", "").iloc[0] + " (partly unverified)"
            )
        )
    return frame


def relapse_free_chart(relapse_free: pd.DataFrame) -> go.Figure:
    """Dot chart: relapse-free percent per arm (drug vs comparator) at each reported week."""
    title = "Relapse-free patients per arm at the reported time point"
    if relapse_free.empty:
        return empty_figure(title, "No relapse-free proportion in this selection.")
    extra = (
        "Proportions as reported (Kaplan–Meier estimates or shares; a computed value is derived from "
        "relapse counts); whiskers only where a 95% CI was reported."
    )
    footnote = source_footnote(list(relapse_free["source_id"]), extra)
    fig = interval_chart(
        relapse_free, title=title, x_title="Relapse-free patients, % of the arm", footnote=footnote
    )
    return fig.update_xaxes(range=[0, 104])


# ---------------------------------------------------------------------------------------------------
# Mechanisms


def _base_drug(drug: str) -> str:
    return drug.split(" (")[0]


def mechanism_table(
    comparisons: pd.DataFrame, hazard_ratios: pd.DataFrame, trials: pd.DataFrame
) -> pd.DataFrame:
    """One row per mechanism in the selection: drugs, trials, hazard ratios shown, NMOSD approvals.

    Approvals (drug and year of first FDA or EC approval for NMOSD) come from the whole ``trials``
    table, so a drug keeps its approval when only its subgroup rows are selected.
    """
    rows = []
    approvals = trials.dropna(subset=["approval_year"])
    for target in TARGET_ORDER:
        part = comparisons[comparisons["target"] == target]
        if part.empty:
            continue
        drugs = list(dict.fromkeys(_base_drug(d) for d in part["drug"]))
        hr = hazard_ratios[hazard_ratios["target"] == target]
        approved = approvals[approvals["drug"].map(_base_drug).isin(drugs)]
        approved = approved[~approved["drug"].map(_base_drug).duplicated()]
        rows.append(
            {
                "mechanism": MECHANISMS[target],
                "target": target,
                "how it works": MECHANISM_DESCRIPTIONS[target],
                "drugs": ", ".join(drugs),
                "trials": ", ".join(dict.fromkeys(part["trial"])),
                "hazard ratios shown": "; ".join(
                    f"{r['label']}: {format_estimate(r['value'])}{_tag(r['status'])}"
                    for _, r in hr.iterrows()
                ),
                "approved for NMOSD (first approval)": ", ".join(
                    f"{_base_drug(r['drug'])} ({int(r['approval_year'])})" for _, r in approved.iterrows()
                )
                or "none in the data",
            }
        )
    columns = [
        "mechanism", "target", "how it works", "drugs", "trials", "hazard ratios shown",
        "approved for NMOSD (first approval)",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).set_index("mechanism")


# ---------------------------------------------------------------------------------------------------
# Other comparative evidence (observational, indirect)


def other_comparisons_table(other: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Observational and indirect comparisons: every result row, with status and caveats.

    Hazard ratios here compare two drugs (the first named vs the second): above 1 favours the second.
    """
    rows = []
    for _, c in other.iterrows():
        mine = results[results["comparison_id"] == c["comparison_id"]]
        for _, r in mine.iterrows():
            is_ratio = r["measure"] == "hazard_ratio"
            if is_ratio:
                value = format_estimate(r["value"], r["ci_lower"], r["ci_upper"])
            elif r["measure"].startswith("relapse_free"):
                value = percent(r["value"])
            else:
                value = format_estimate(r["value"])
            rows.append(
                {
                    "study": c["trial"],
                    "comparison": f"{_base_drug(c['drug'])} vs {c['comparator']}",
                    "design": c["design"],
                    "n": f"{_count(c['n_treatment']) or '?'} vs {_count(c['n_comparator']) or '?'}",
                    "measure": r["measure"].replace("_", " "),
                    "week": "" if pd.isna(r["timepoint_weeks"]) else f"{float(r['timepoint_weeks']):g}",
                    "value": value,
                    "p": format_p(r["p_value"]),
                    "status": r["status"],
                    "source": r["source_id"],
                    "note": "" if pd.isna(r["note"]) else r["note"],
                }
            )
    columns = [
        "study",
        "comparison",
        "design",
        "n",
        "measure",
        "week",
        "value",
        "p",
        "status",
        "source",
        "note",
    ]
    return pd.DataFrame(rows, columns=columns).set_index("study")


def other_comparisons_evidence(other: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """The ``trial_results`` rows behind ``other_comparisons_table`` (for the reference list)."""
    return results[results["comparison_id"].isin(other["comparison_id"])].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------
# Acute attack treatment (the treatment side of the shared ``acute`` table)


def is_predictor(acute: pd.DataFrame) -> pd.Series:
    """Rows that are predictors of remission, not effects of a treatment (any first-line course compared)."""
    return (acute["treatment"] == "any_first_line") & (acute["factor"] == "comparison")


def acute_treatment_rows(acute: pd.DataFrame) -> pd.DataFrame:
    """The ``acute`` rows about a treatment, its timing or its use, predictors left out, by modality."""
    rank = {t: i for i, t in enumerate(ACUTE_MODALITIES)}
    chosen = acute[~is_predictor(acute)].copy()
    chosen["_rank"] = chosen["treatment"].map(rank)
    chosen["_order"] = range(len(chosen))
    chosen = chosen.sort_values(["_rank", "_order"], kind="stable").drop(columns=["_rank", "_order"])
    return chosen.reset_index(drop=True)


def format_acute_result(row: pd.Series) -> str:
    """'19.1%', 'OR 4.38 (95% CI 1.04–144.91)', 'HR 5.1 (3.9–66.4)', 'Spearman rho 0.5'."""
    if row["measure"] == "proportion":
        return percent(row["value"])
    prefix = {"odds_ratio": "OR", "hazard_ratio": "HR", "correlation": "Spearman rho"}[row["measure"]]
    return f"{prefix} {format_estimate(row['value'], row['ci_lower'], row['ci_upper'])}"


def acute_treatment_table(acute_rows: pd.DataFrame) -> pd.DataFrame:
    """Acute treatment evidence as shown: modality, study, design, size, outcome, result, p, status."""
    return pd.DataFrame(
        {
            "treatment": acute_rows["treatment"].map(ACUTE_MODALITIES),
            "study": acute_rows["study"],
            "patients / attacks": [
                f"{_count(p) or '?'} / {_count(a) or '?'}"
                for p, a in zip(acute_rows["n_patients"], acute_rows["n_attacks"], strict=True)
            ],
            "outcome": acute_rows["outcome"],
            "compared with": acute_rows["comparator"].fillna(""),
            "result": [format_acute_result(r) for _, r in acute_rows.iterrows()],
            "p": [format_p(p) for p in acute_rows["p_value"]],
            "status": acute_rows["status"],
            "source": acute_rows["source_id"],
            "note": acute_rows["note"].fillna(""),
        }
    ).set_index("treatment")


def _acute_sentence(row: pd.Series) -> str:
    """'Study, <treatment> vs <comparator>: outcome, OR 4.38, p=0.006 [verified]'; a proportion with a
    comparator is the treatment arm's share, so it reads '<treatment> arm (compared with ...)'."""
    p = format_p(row["p_value"])
    label = ACUTE_MODALITIES[row["treatment"]]
    treatment = label[0].lower() + label[1:]
    if pd.isna(row["comparator"]):
        who = ""
    elif row["measure"] == "proportion":
        who = f", {treatment} arm (compared with {row['comparator']})"
    else:
        who = f", {treatment} vs {row['comparator']}"
    return (
        f"{row['study']}{who}: {row['outcome']}, {format_acute_result(row)}"
        f"{', ' + p if p else ''}{_tag(row['status'])}"
    )


def acute_evidence_markdown(acute: pd.DataFrame, sources: pd.DataFrame) -> str:
    """What the acute-treatment rows show per modality, with every figure and its status."""
    rows = acute_treatment_rows(acute)
    predictors = acute[is_predictor(acute)]
    types = sorted(set(sources.set_index("source_id").loc[rows["source_id"].unique(), "source_type"]))
    lines = [
        f"The data hold {len(rows)} figures on acute attack treatment from "
        f"{rows['study'].nunique()} studies. Their sources are of type {', '.join(types)}: "
        "no randomised trial of acute attack treatment is among them, so these are associations in "
        "treated patients, often with sicker patients in one group.",
        "",
    ]
    for treatment, label in ACUTE_MODALITIES.items():
        part = rows[rows["treatment"] == treatment]
        if part.empty:
            if treatment == "immunoadsorption":
                lines.append(
                    f"- **{label}**: no figure for immunoadsorption on its own; it appears only pooled "
                    "with plasma exchange as apheresis (see above)."
                )
            continue
        studies = part["study"].nunique()
        lines.append(f"- **{label}** ({studies} {'study' if studies == 1 else 'studies'}):")
        lines.extend(f"    - {_acute_sentence(r)}" for _, r in part.iterrows())
    if not predictors.empty:
        lines += [
            "",
            f"Left out here: {len(predictors)} rows that are predictors of remission rather than effects "
            f"of a treatment ({', '.join(predictors['outcome'])}).",
        ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# Narratives


def _hr_phrase(r: pd.Series) -> str:
    p = format_p(r["p_value"])
    return (
        f"HR {format_estimate(r['value'], r['ci_lower_printed'], r['ci_upper_printed'])}"
        f"{', ' + p if p else ''}{_tag(r['status'])}"
    )


def selection_markdown(
    comparisons: pd.DataFrame, population: str, include_external_control: bool, include_open_label: bool
) -> str:
    """What this run includes: population, designs and the comparisons selected."""
    scope = {
        "all": "all populations: whole trials and their AQP4+ and AQP4− subgroups",
        "AQP4+": "AQP4+ only: trials that enrolled only AQP4+ patients, and AQP4+ subgroups of the others",
    }[population]
    designs = ["randomised double-blind"]
    designs += ["open-label randomised"] if include_open_label else []
    designs += ["external control"] if include_external_control else []
    left_out = [
        w
        for w, on in (("open-label", include_open_label), ("external-control", include_external_control))
        if not on
    ]
    dropped = f" ({' and '.join(left_out)} comparisons left out by the parameters)" if left_out else ""
    return (
        f"**Population:** {scope}. **Designs:** {', '.join(designs)}{dropped}. "
        f"**{len(comparisons)} comparisons from {comparisons['trial'].nunique()} trials:** "
        + "; ".join(comparisons["label"])
        + "."
    )


def trial_findings_markdown(
    comparisons: pd.DataFrame, results: pd.DataFrame, hazard_ratios: pd.DataFrame
) -> str:
    """Per comparison: drug, comparator, design, hazard ratio and relapse counts, each with its status."""
    picked = picked_results(results_for(comparisons, results))
    hr = hazard_ratios.set_index("comparison_id")
    lines = []
    for _, c in comparisons.iterrows():
        cid = c["comparison_id"]
        parts = []
        if cid in hr.index:
            parts.append(_hr_phrase(hr.loc[cid]))
        t = _one(picked, cid, "relapses_treatment")
        k = _one(picked, cid, "relapses_comparator")
        if t is not None and k is not None:
            parts.append(
                f"patients with a relapse {_relapses_text(t, c['n_treatment'])} vs "
                f"{_relapses_text(k, c['n_comparator'])}"
            )
        rr = _one(picked, cid, "risk_reduction")
        if rr is not None and (cid not in hr.index or hr.loc[cid, "status"] == "unverified"):
            parts.append(f"relapse risk reduced by {percent(rr['value'])}{_tag(rr['status'])}")
        if not parts:
            parts.append("no effect estimate in the data")
        lines.append(
            f"- **{c['label']}**{_design_mark(c['design'])}: {_base_drug(c['drug'])} vs "
            f"{c['comparator'].split(' (')[0]}; " + "; ".join(parts) + "."
        )
    shown = hazard_ratios[hazard_ratios["status"] != "unverified"]
    below = shown[shown["ci_upper_printed"].notna() & (shown["ci_upper_printed"] < 1)]
    crossing = shown[shown["ci_upper_printed"].notna() & (shown["ci_upper_printed"] >= 1)]
    summary = (
        f"Of the {len(shown)} hazard ratios with a status other than unverified, {len(below)} have a 95% CI "
        "entirely below 1 (fewer relapses on the drug than on the comparator)"
    )
    if not crossing.empty:
        summary += "; the CI crosses 1 for " + ", ".join(crossing["label"])
    summary += "."
    unverified = hazard_ratios[hazard_ratios["status"] == "unverified"]
    if not unverified.empty:
        summary += (
            " Unverified hazard ratios (" + ", ".join(unverified["label"]) + ") are drawn as grey crosses "
            "and are leads for checking, not findings."
        )
    return summary + "\n\n" + "\n".join(lines)


def trial_limits_markdown(comparisons: pd.DataFrame, results: pd.DataFrame, trials: pd.DataFrame) -> str:
    """The limits of the trial evidence, with the numbers behind each from the data.

    Trial size and serostatus are described over every trial in ``trials`` (the evidence base, whatever
    the run selects); follow-up, designs and statuses over the selected ``comparisons``.
    """
    chosen = results_for(comparisons, results)
    every = _with_labels(trials)
    every = every[every["design"].isin(TRIAL_DESIGNS)]
    whole = every[~every["label"].str.contains("subgroup")]
    sized = whole.dropna(subset=["n_treatment", "n_comparator"])
    lines = []
    if not sized.empty:
        total = sized["n_treatment"] + sized["n_comparator"]
        small, large = sized.loc[total.idxmin()], sized.loc[total.idxmax()]
        unsized = whole[whole["n_treatment"].isna() | whole["n_comparator"].isna()]
        lines.append(
            f"- **Small trials.** The {len(whole)} trials in the data enrolled between {int(total.min())} "
            f"({small['trial']}) and {int(total.max())} patients ({large['trial']}); serostatus subgroups "
            "are smaller still, so their confidence intervals are wide."
            + (f" Arm sizes are not given for {', '.join(unsized['trial'])}." if not unsized.empty else "")
        )
    aqp4_only = whole[whole["population"] == "AQP4+"]
    mixed = whole[whole["population"] == "all"]
    text = (
        f"- **Mostly AQP4+.** {len(aqp4_only)} of {len(whole)} trials enrolled only AQP4+ patients "
        f"({', '.join(aqp4_only['trial']) or 'none'})"
    )
    shares = []
    for _, m in mixed.iterrows():
        sub = every[(every["trial"] == m["trial"]) & (every["population"] == "AQP4+")]
        sub = sub.dropna(subset=["n_treatment", "n_comparator"])
        if len(sub) == 1 and not pd.isna(m["n_treatment"]) and not pd.isna(m["n_comparator"]):
            positive = int(sub.iloc[0]["n_treatment"] + sub.iloc[0]["n_comparator"])
            shares.append(f"{m['trial']} {positive} of {int(m['n_treatment'] + m['n_comparator'])}")
    if not mixed.empty:
        text += f"; {len(mixed)} enrolled mixed serostatus ({', '.join(mixed['trial'])})"
    text += "."
    if shares:
        text += " AQP4+ patients in the mixed trials (from the arm sizes of the AQP4+ subgroup rows): "
        text += "; ".join(shares) + "."
    negative = every[every["population"] == "AQP4-"]
    neg_hr = picked_results(results[results["comparison_id"].isin(negative["comparison_id"])])
    neg_hr = neg_hr[neg_hr["measure"] == "hazard_ratio"]
    if not neg_hr.empty:
        labels = negative.set_index("comparison_id")["label"]
        text += (
            " The few AQP4− patients show no clear effect: "
            + "; ".join(
                f"{labels[r['comparison_id']]} HR {format_estimate(r['value'], r['ci_lower'], r['ci_upper'])}"
                f"{_tag(r['status'])}"
                for _, r in neg_hr.iterrows()
            )
            + "."
        )
    lines.append(text)
    rf = chosen[(chosen["measure"] == "relapse_free_comparator") & (chosen["status"] != "unverified")]
    rf = rf.dropna(subset=["timepoint_weeks"])
    if not rf.empty:
        trial_of = comparisons.set_index("comparison_id")["trial"]
        latest = (
            rf.assign(trial=rf["comparison_id"].map(trial_of))
            .groupby("trial", sort=False)["timepoint_weeks"]
            .max()
        )
        latest = latest.sort_values(kind="stable")
        text = (
            "- **Short controlled follow-up.** The last time point with a comparator-arm figure (status "
            "other than unverified): "
            + ", ".join(f"{trial} week {float(w):g}" for trial, w in latest.items())
            + "."
        )
        extension = chosen[
            (chosen["measure"] == "relapse_free_treatment")
            & chosen["note"].fillna("").str.contains("extension", case=False)
        ]
        if not extension.empty:
            text += (
                f" Later figures (up to week {float(extension['timepoint_weeks'].max()):g}) come from "
                "open-label extensions in which every patient took the drug, without a control arm."
            )
        lines.append(text)
    for _, c in comparisons[comparisons["design"] == "external-control"].iterrows():
        lines.append(
            f"- **External control in {c['trial']}.** {_count(c['n_treatment'])} patients on "
            f"{_base_drug(c['drug'])} were compared with an {c['comparator']} of {_count(c['n_comparator'])} "
            "patients, not with a concurrent randomised control group; the comparison is open to "
            "differences between the two cohorts in time, care and follow-up."
        )
    for _, c in comparisons[comparisons["design"] == "open-label"].iterrows():
        lines.append(
            f"- **Open-label design in {c['label']}.** The comparison of {_base_drug(c['drug'])} with "
            f"{c['comparator']} was not blinded: patients and investigators knew the treatment."
        )
    counts = chosen["status"].value_counts()
    lines.append(
        "- **Where the numbers were read.** Of the "
        f"{len(chosen)} result rows behind this report, "
        + ", ".join(f"{int(counts[s])} {s}" for s in STATUS_ORDER if s in counts)
        + ". Most trial figures were read in reviews, news items or sponsor releases rather than in "
        "the primary papers' own records."
    )
    lines.append(
        "- **Not a ranking.** The trials differ in population, background therapy (add-on or "
        "monotherapy), comparator, endpoint and follow-up; their hazard ratios cannot be compared with "
        "each other to rank drugs."
    )
    lines.append(
        "\nChoosing a treatment for a person with NMOSD is a decision for their clinicians, who weigh "
        "serostatus, disease activity, infection risk (CHAMPION-NMOSD, for example, reported "
        "meningococcal infections on ravulizumab), administration and access. This report does not "
        "recommend any treatment."
    )
    return "\n".join(lines)


def conventional_immunosuppressant_comparisons(trials: pd.DataFrame) -> pd.DataFrame:
    """Comparisons that involve azathioprine or mycophenolate as drug or active comparator."""
    involved = (trials["target"] == "other") | trials["comparator"].str.contains("azathioprine", case=False)
    return trials[involved].reset_index(drop=True)


def source_document_markdown(
    trials: pd.DataFrame, results: pd.DataFrame, acute: pd.DataFrame, sources: pd.DataFrame
) -> str:
    """What the source document (roche.ch patient page) says about treatment, next to the evidence.

    The document's statements are paraphrased (it gives no numbers on treatment); every figure on the
    evidence side comes from a data row and carries its status.
    """
    seed = sources.set_index("source_id").loc[SEED_SOURCE_ID]
    rows = acute.set_index("acute_id")

    def fig(acute_id: str) -> str:
        r = rows.loc[acute_id]
        p = format_p(r["p_value"])
        result = f"{format_acute_result(r)}{', ' + p if p else ''}"
        return f"{r['study']}: {r['outcome']}, {result}{_tag(r['status'])}"

    steroid_timing = f"{fig('stiebelkalish2019_ivmp_delay')}; {fig('akaishi2020_ivmp_timing')}"
    approved = trials.dropna(subset=["approval_year"]).sort_values("approval_year", kind="stable")
    approved = approved.assign(base=approved["drug"].map(_base_drug)).drop_duplicates("base")
    approved_text = ", ".join(
        f"{r['base']} ({MECHANISMS[r['target']]}, {int(r['approval_year'])}{_tag(r['status'])})"
        for _, r in approved.iterrows()
    )
    trial_rows = trials[trials["design"].isin(TRIAL_DESIGNS) & trials["approval_year"].isna()]
    trial_rows = trial_rows.dropna(subset=["approval"])
    not_approved = "; ".join(
        f"{_base_drug(r['drug'])}: {r['approval']}{_tag(r['status'])}" for _, r in trial_rows.iterrows()
    )
    conventional = conventional_immunosuppressant_comparisons(trials)
    statuses = results.loc[results["comparison_id"].isin(conventional["comparison_id"]), "status"]
    status_counts = statuses.value_counts()
    status_text = ", ".join(f"{int(status_counts[s])} {s}" for s in STATUS_ORDER if s in status_counts)
    lines = [
        f"The source document is {seed['authors']}'s page *{seed['title']}* ({seed['journal']}; type "
        f"{seed['source_type'].replace('_', ' ')}; undated). It distinguishes the treatment of acute "
        "relapses from relapse prevention and gives no numbers on either. Its statements "
        "(paraphrased), next to what the data in this report show:",
        "",
        "| The source document says | What the evidence here shows |",
        "|---|---|",
        "| Acute relapses are usually treated with high-dose cortisone into the vein for the first few "
        "days, then tablets with a tapering dose. | Steroids are the usual acute treatment; in one "
        "hospital cohort more patients received them than plasma exchange "
        f"({fig('bilodeau2024_steroid_use')}; {fig('bilodeau2024_plex_use')}). The evidence on them "
        f"is observational and about timing rather than dose: {steroid_timing}. "
        "No row in the data tests the oral taper. |",
        "| Plasmapheresis is described for patients who do not respond well to cortisone. | The data "
        "link earlier plasma exchange with better recovery, not only its use as rescue after steroid "
        f"failure: {fig('bonnan2018_plex_day0')} vs {fig('bonnan2018_plex_after_day20')}; "
        f"{fig('kleiter2016_pe_ia_vs_hds_cr')}. **The document's rescue-only framing is narrower than "
        "this evidence** (which is observational). |",
        "| Immunoadsorption removes harmful antibodies from the separated plasma. | No figure for "
        "immunoadsorption on its own; it is pooled with plasma exchange as apheresis: "
        f"{fig('kleiter2018_first_line_apheresis')}. |",
        "| Relapse prevention uses immunotherapeutics (immunosuppressants). | The placebo-controlled "
        "trials test monoclonal antibodies against C5, CD19, IL-6R and CD20. Conventional "
        "immunosuppressants (azathioprine, mycophenolate) appear only as background therapy, as an "
        f"active comparator or in observational comparisons ({len(conventional)} comparisons; result "
        f"rows: {status_text}). |",
        "| Several treatment options with different mechanisms are being investigated and could lead to "
        "tailor-made treatment in the future. | Already approved for NMOSD (first FDA or EC approval "
        f"in the data): {approved_text}. Not approved: {not_approved}. **The page, which is undated, "
        "describes as future research what the data show as approved treatments.** |",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# Evidence used (for the reference list)


def report_evidence(*frames: pd.DataFrame) -> pd.DataFrame:
    """``source_id`` and ``status`` of every evidence row the report showed (for the reference list)."""
    return evidence_rows(*frames)


def report_source_ids(evidence: pd.DataFrame) -> list[str]:
    """Every cited source of the report: the evidence rows' sources plus the source document."""
    return sorted({*evidence["source_id"].dropna(), SEED_SOURCE_ID})
