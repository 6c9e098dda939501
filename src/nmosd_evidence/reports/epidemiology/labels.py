"""Labels of the epidemiology report: the claims-ledger ids of the statements it checks, subgroup and
row labels, hover text of the charts and the names of the kinds of age rows."""

from __future__ import annotations

import pandas as pd

from ...core.vocabulary import SEROSTATUS_LABELS
from ...present.charts import chart_text
from ...present.format import period, shortened, significant

# The statements of the source document this report checks, by their claims-ledger id
# (data/claims.csv): "most common in women", "most common in women between the ages of 30 and 40"
# and "affects fewer than five in 100,000 people worldwide".
WOMEN_CLAIM_ID = "R03"
ONSET_CLAIM_ID = "R04"
PREVALENCE_CLAIM_ID = "R05"

# Serostatus order of the sex-ratio chart (strongest female excess first).
TRANSFORM_LABELS = {"logit": "logit", "freeman-tukey": "Freeman–Tukey"}  # the scales, as a reader reads them
SEROSTATUS_ORDER = {"AQP4+": 0, "all": 1, "AQP4-": 2, "MOG+": 3}
# Age rows by kind (see ``select.onset_rows``): chart order and legend names.
KIND_ORDER = {"study": 0, "not onset": 1, "paediatric cohort": 2, "band or range": 3, "claim": 4}
# The statistic of an age row, in words (data/epidemiology/age_at_onset.csv ``statistic``).
STATISTIC_WORDS = {
    "mean": "mean", "median": "median", "peak_band": "peak age band", "range": "range of study means",
    "share_late_onset": "share with late onset", "share_paediatric": "share with paediatric onset",
}  # fmt: skip
KIND_NAMES = {
    "study": "mean or median age at onset",
    "not onset": "age at diagnosis or testing (not onset)",
    "paediatric cohort": "paediatric cohort",
    "band or range": "peak band or range of study means",
    "claim": "often-quoted statement (claim pages)",
}


def subgroup_label(region: str, criteria: str = "any", serostatus: str = "all") -> str:
    """'All regions', 'Europe, W2006 criteria, AQP4-IgG positive' and so on."""
    parts = ["all regions" if region == "All" else region]
    if criteria != "any":
        parts.append(f"{criteria} criteria")
    if serostatus != "all":
        parts.append(SEROSTATUS_LABELS[serostatus])
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def estimate_label(row: pd.Series) -> str:
    """'P01 Martinique (…), whole popul… [adj.]': id, shortened population, [adj.] for age-adjusted
    values and the ethnic group when it is not 'all'."""
    extra = [] if row["standardisation"] == "crude" else ["adj."]
    if row["ethnicity"] != "all":
        extra.append(row["ethnicity"])
    suffix = f" [{', '.join(extra)}]" if extra else ""
    return f"{row['estimate_id']} {shortened(row['population'], 52)}{suffix}"


def estimate_hover(row: pd.Series, value_text: str) -> str:
    """Hover text of an estimate row (chart markup, data text escaped): id and population, place and
    period, criteria and design, ``value_text``, the value as printed, status and source."""
    lines = [
        f"<b>{row['estimate_id']}</b> {chart_text(row['population'])}",
        f"{chart_text(row['country'])} · {row['region']} · "
        f"{period(row.get('period_start'), row.get('period_end'))}",
        f"criteria {row['criteria']} · serostatus {row['serostatus']} · {row['standardisation']} · "
        f"{row['design']}",
        value_text,
        f"printed: {chart_text(row['value_as_printed'])}",
        f"status: {row['status']} · source: {row['source_id']}",
    ]
    return "<br>".join(lines)


def reported_interval_hover(row: pd.Series, unit: str) -> str:
    """Hover text of an estimate with its reported CI: '2.1 per 100,000 (reported 95% CI 1–3)'."""
    ci = (
        f" (reported 95% CI {significant(row['ci_lower'])}–{significant(row['ci_upper'])})"
        if pd.notna(row["ci_lower"])
        else " (no CI reported)"
    )
    return estimate_hover(row, f"{significant(row['value'])} {unit}{ci}")


def sex_ratio_hover(row: pd.Series) -> str:
    """Hover text of a female-to-male ratio row (``results.sex_ratio_rows``; chart markup)."""
    ci = (
        f" (95% CI {significant(row['ci_lower'])}–{significant(row['ci_upper'])})"
        if pd.notna(row["ci_lower"])
        else ""
    )
    share = f"; {row['percent_female']}% women" if pd.notna(row["percent_female"]) else ""
    n = f"; n = {int(row['n']):,}" if pd.notna(row["n"]) else ""
    return "<br>".join(
        [
            f"<b>{row['sex_ratio_id']}</b> {chart_text(row['population'])}",
            f"{row['region']} · serostatus {row['serostatus']} · age group {row['age_group']}",
            f"{significant(row['ratio'])} women per man{ci} ({row['ratio_basis']}){share}{n}",
            f"printed: {chart_text(row['value_as_printed'])}",
            f"status: {row['ratio_status']} · source: {row['source_id']}",
        ]
    )


def onset_hover(row: pd.Series) -> str:
    """Hover text of an age row (chart markup): id and population, region, serostatus, statistic, SD,
    observed range, n, the value as printed, status and source."""
    spread = (
        f"; observed range {significant(row['value_low'])}–{significant(row['value_high'])}"
        if pd.notna(row["value"]) and pd.notna(row["value_low"])
        else ""
    )
    sd = f"; SD {significant(row['sd'])}" if pd.notna(row["sd"]) else ""
    n = f"; n = {int(row['n']):,}" if pd.notna(row["n"]) else ""
    return "<br>".join(
        [
            f"<b>{row['onset_id']}</b> {chart_text(row['population'])}",
            f"{row['region']} · serostatus {row['serostatus']} · "
            f"{STATISTIC_WORDS.get(row['statistic'], row['statistic'])}{sd}{spread}{n}",
            f"printed: {chart_text(row['value_as_printed'])}",
            f"status: {row['status']} · source: {row['source_id']}",
        ]
    )


def group_of(row: pd.Series) -> str:
    """The group a prevalence estimate at or above the statement's limit belongs to (for the listing)."""
    ethnicity, region = row["ethnicity"], row["region"]
    if ethnicity == "Black":
        return "Black populations"
    if ethnicity == "East Asian" or "asian" in row["population"].lower() or region == "East Asia":
        return "East Asian or Asian populations"
    if ethnicity == "all" and region == "Caribbean":
        return "Afro-Caribbean whole populations"
    if region == "North America":
        return "US health-system, EHR and claims estimates"
    if ethnicity != "all":
        return f"{ethnicity} populations"
    return f"whole populations in {region}"
