"""Display words of the treatment report: population, design, mechanism and modality names, the unique
comparison labels, status tags and the hover text of the two charts.

Nothing here is evidence: the words name categories of the data (a ``target`` code, a ``design``, a
``treatment`` code); every number in a label or hover text comes from the row it describes.
"""

from __future__ import annotations

import pandas as pd

from ...present.charts import chart_text
from ...present.format import count, estimate_with_interval, missing, p_value, percent, weeks

POPULATION_WORDS = {"all": "all participants", "AQP4+": "AQP4+", "AQP4-": "AQP4−"}
# Designs other than double-blind randomised are marked wherever a comparison is named on a chart.
DESIGN_MARKS = {"open-label": " [open-label]", "external-control": " [external control]"}
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
# The acute-treatment modalities (``acute.treatment`` codes) in the order the report shows them.
ACUTE_MODALITIES = {
    "steroids": "High-dose IV steroids",
    "plasma_exchange": "Plasma exchange",
    "steroids_plus_plasma_exchange": "Steroids plus plasma exchange",
    "apheresis": "Apheresis (plasma exchange or immunoadsorption)",
    "immunoadsorption": "Immunoadsorption",
    "any_first_line": "Any first-line course",
    "other": "Escalation (further courses)",
}
ACUTE_MEASURES = {"odds_ratio": "OR", "hazard_ratio": "HR", "correlation": "Spearman rho"}
PROPORTION_MEASURES = ("relapse_free_treatment", "relapse_free_comparator", "risk_reduction")
ARMS = {"relapse_free_treatment": "drug arm", "relapse_free_comparator": "comparator arm"}


def base_drug(drug: str) -> str:
    """The drug without its qualifier: 'eculizumab (monotherapy subgroup)' -> 'eculizumab'."""
    return str(drug).split(" (")[0]


def design_mark(design: str) -> str:
    """' [open-label]', ' [external control]', or '' for a double-blind randomised comparison."""
    return DESIGN_MARKS.get(design, "")


def status_tag(status: str) -> str:
    """' [secondary]': the status of a figure, as every table cell and chart label shows it."""
    return f" [{status}]"


def week_text(week: object) -> str:
    """A time point in weeks as a table cell: '48', or '' when the source gives none."""
    return "" if missing(week) else f"{float(week):g}"


def measure_words(measure: str) -> str:
    """A ``measure`` code in words: 'relapse_free_treatment' -> 'relapse free treatment'."""
    return str(measure).replace("_", " ")


def hazard_ratio_label(row: pd.Series) -> str:
    """A hazard ratio's line on the forest plot: the comparison label, its design mark and
    '(HR unverified)' for an unverified hazard ratio."""
    label = f"{row['label']}{design_mark(row['design'])}"
    return label + (" (HR unverified)" if row["status"] == "unverified" else "")


def comparison_labels(trials: pd.DataFrame) -> pd.Series:
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
            labels[i] += f": {base_drug(row['drug'])} vs {base_drug(row['comparator'])}"
    return pd.Series(labels, index=trials.index, dtype="str")


def acute_result(row: pd.Series) -> str:
    """An ``acute`` row's figure: '19.1%', 'OR 12.27 (1.04–144.91)', 'HR 5.1', 'Spearman rho 0.5'."""
    if row["measure"] == "proportion":
        return percent(row["value"])
    estimate = estimate_with_interval(row["value"], row["ci_lower"], row["ci_upper"])
    return f"{ACUTE_MEASURES[row['measure']]} {estimate}"


def also_reported(alternatives: pd.DataFrame, figure: str) -> str:
    """The rows of ``alternatives`` (``select.alternatives``) that report ``figure``:
    'P<0.0001 (aao_prevent_summary, secondary); …' ('' when none)."""
    rows = alternatives[alternatives["figure"] == figure]
    return "; ".join(f"{r['value_as_printed']} ({r['source_id']}, {r['status']})" for _, r in rows.iterrows())


def _hover_head(comparison: pd.Series) -> list[str]:
    """The lines every hover text starts with (chart markup, data text escaped): comparison, drugs,
    population and arm sizes, design."""
    n_t, n_c = count(comparison["n_treatment"]), count(comparison["n_comparator"])
    sizes = f"; n {n_t} vs {n_c}" if n_t and n_c else "; arm sizes not given"
    year = comparison.get("year")
    published = "" if missing(year) else f"; trial published {int(year)}"
    return [
        f"<b>{chart_text(comparison['label'])}</b>",
        f"{chart_text(comparison['drug'])} vs {chart_text(comparison['comparator'])}",
        f"population: {POPULATION_WORDS[comparison['population']]}{sizes}",
        f"design: {comparison['design']}{published}",
    ]


def _source_line(row: pd.Series) -> str:
    return f"status: {row['status']}; source: {row['source_id']} ({chart_text(row['locator'])})"


def hazard_ratio_hover(row: pd.Series, floor: float, others: str) -> str:
    """Hover text of one forest-plot point (chart markup): the comparison, the HR as printed with its p
    value, status and source, where a printed lower bound <= 0 is drawn (``floor``) and the other
    reports (``others``: plain text, see ``also_reported``)."""
    p = chart_text(p_value(row["p_value"]))
    lines = [
        *_hover_head(row),
        f"HR {estimate_with_interval(row['value'], row['ci_lower'], row['ci_upper'])}{', ' + p if p else ''}",
        _source_line(row),
    ]
    if not missing(row["ci_lower"]) and float(row["ci_lower"]) <= 0:
        lines.append(f"lower 95% limit printed as {float(row['ci_lower']):.3f}; drawn at {floor:g}")
    if others:
        lines.append(f"also reported: {chart_text(others)}")
    return "<br>".join(lines)


def relapse_free_hover(row: pd.Series, others: str) -> str:
    """Hover text of one relapse-free point (chart markup): comparison, arm and drug, week, percent (and
    CI), status, source, the other reports (plain text) and the row's note."""
    drug = chart_text(row["drug"] if row["arm"] == "drug arm" else row["comparator"])
    low, high = row["ci_lower"], row["ci_upper"]
    ci = "" if missing(low) or missing(high) else f" (95% CI {low:g}–{high:g}%)"
    lines = [
        *_hover_head(row),
        f"{row['arm']} ({drug}), {weeks(row['weeks'])}: {row['value']:g}% relapse-free{ci}",
        _source_line(row),
    ]
    if others:
        lines.append(f"also reported: {chart_text(others)}")
    if not missing(row["note"]):
        lines.append(f"note: {chart_text(row['note'])}")
    return "<br>".join(lines)


def relapse_free_line(row: pd.Series, arms_at_week: int) -> str:
    """The chart line of one relapse-free row: '<comparison>, week 48 [open-label]', with
    '(treatment arm only)' when ``arms_at_week`` is 1 and '(unverified)' for an unverified figure."""
    label = f"{row['label']}, {weeks(row['weeks'])}{design_mark(row['design'])}"
    if arms_at_week == 1:
        label += f" ({'treatment' if row['arm'] == 'drug arm' else 'comparator'} arm only)"
    return label + (" (unverified)" if row["status"] == "unverified" else "")


def relapse_free_lines(rows: pd.DataFrame) -> pd.Series:
    """The chart line of each row of a ``results.relapse_free`` frame (see ``relapse_free_line``); both
    arms of one time point share one line, '(partly unverified)' when only one of them is unverified."""
    lines = pd.Series(
        [relapse_free_line(row, row["arms_at_week"]) for _, row in rows.iterrows()],
        index=rows.index,
        dtype="str",
    )
    if rows.empty:
        return lines
    return lines.groupby([rows["comparison_id"], rows["weeks"].fillna(-1.0)]).transform(
        lambda s: (
            s.iloc[0]
            if s.nunique() == 1
            else s.str.replace(" (unverified)", "").iloc[0] + " (partly unverified)"
        )
    )
