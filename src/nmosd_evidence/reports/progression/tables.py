"""Display tables of the progression report, as Stylers with fixed ids (``present.tables.styled_table``).

Shares arrive as proportions (0-1) and are shown in percent; times in years; counts as whole numbers.
Every ``*_table`` returns a Styler; its ``.data`` is the display DataFrame (text cells). A table
whose lines are evidence rows carries those rows as its download: the numbers as numbers (shares in
per cent) and each row's provenance (``present.downloads.with_provenance``).
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from ...present.downloads import with_provenance
from ...present.format import count, events_of, missing, p_value, percent, percent_interval
from ...present.tables import styled_table
from .labels import (
    ERA_LABELS,
    ERA_SHORT,
    ESTIMATE_LABELS,
    INTERVAL_SHORT,
    SEROSTATUS_LABELS,
    TREATMENT_LABELS,
    cohort_short,
    milestone_label,
    outcome_label,
    printed_bound,
    source_labels,
    source_types,
)
from .select import acute_outcome_kind, course_facts_of

PERCENT = "per cent (shares and their 95% intervals); counts and years as in the column headings"


def _counts(values: pd.Series) -> pd.api.extensions.ExtensionArray:
    """Counts as whole numbers (missing values as <NA>), in the order of ``values``."""
    return values.astype("Int64").array


def _in_percent(values: pd.Series) -> pd.Series:
    """Proportions (0-1) as per cent, as floats (missing values as NaN)."""
    return pd.to_numeric(values, errors="coerce").astype(float) * 100


def _value_with_interval(value: object, note: object, low: object, high: object) -> str:
    text = printed_bound(note) or (percent(value) if not missing(value) else "not given")
    interval = percent_interval(low, high)
    return f"{text} ({interval})" if interval else text


def outcome_table(rows: pd.DataFrame, uuid: str) -> Styler:
    """Disability rows with their shown values (``results.fixed_horizon_outcomes`` or
    ``follow_up_outcomes``): cohort, outcome, horizon, events / n, value with its 95% interval in
    percent (a bound as printed, e.g. 'over 50%'), how the interval was obtained, status, source."""
    columns = ["shown_proportion", "note", "ci_lower_shown", "ci_upper_shown"]
    values = [_value_with_interval(*cells) for cells in rows[columns].itertuples(index=False)]
    table = pd.DataFrame(
        {
            "cohort": rows["cohort"].map(cohort_short),
            "serostatus": rows["serostatus"].map(SEROSTATUS_LABELS),
            "era": rows["era"].map(ERA_SHORT),
            "outcome": [outcome_label(entry) for _, entry in rows.iterrows()],
            "horizon": rows["horizon_label"],
            "estimate": rows["estimate_type"].map(ESTIMATE_LABELS),
            "events / n": [events_of(k, n) for k, n in zip(rows["events_used"], rows["n"], strict=True)],
            "value (95% CI)": values,
            "interval": rows["interval_basis"].map(INTERVAL_SHORT),
            "status": rows["shown_status"],
            "reference": rows["source_id"],
        }
    )
    numbers = table.drop(columns=["events / n", "value (95% CI)"]).assign(
        horizon_years=rows["horizon_years"].to_numpy(),
        events=_counts(rows["events_used"]),
        n=_counts(rows["n"]),
        percent=_in_percent(rows["shown_proportion"]).to_numpy(),
        ci_lower=_in_percent(rows["ci_lower_shown"]).to_numpy(),
        ci_upper=_in_percent(rows["ci_upper_shown"]).to_numpy(),
        bound_as_printed=rows["note"].map(printed_bound).to_numpy(),
    )
    return styled_table(table, uuid, data=with_provenance(numbers, rows, "outcome_id"), units=PERCENT)


def claim_provenance_table(
    statements: pd.DataFrame, sources: pd.DataFrame, uuid: str = "provenance"
) -> Styler:
    """How the five-year statement appears in the sources (``results.claim_statements``): source, kind
    of source, outcome, value in percent, era framing, verbatim wording, status."""
    labels, types = source_labels(sources), source_types(sources)
    table = pd.DataFrame(
        {
            "source": [labels[s] for s in statements["source_id"]],
            "kind of source": statements["source_id"].map(types).str.replace("_", " "),
            "outcome": [outcome_label(entry) for _, entry in statements.iterrows()],
            "value": statements["shown_proportion"].map(lambda v: percent(v) or "missing"),
            "era framing": statements["era"].map(ERA_LABELS),
            "wording (verbatim)": statements["quote"].fillna(""),
            "status": statements["shown_status"],
            "reference": statements["source_id"],
        }
    )
    numbers = table.drop(columns=["value", "wording (verbatim)"]).assign(  # the quote comes last
        percent=_in_percent(statements["shown_proportion"]).to_numpy()
    )
    data = with_provenance(numbers, statements, "outcome_id")
    return styled_table(table, uuid, data=data, units=PERCENT)


def _milestone_value(value: float, horizon_years: object, share: bool) -> str:
    return f"{percent(value)} by {horizon_years:g} years" if share else f"median {value:.3g} years"


def milestone_table(rows: pd.DataFrame, sources: pd.DataFrame, uuid: str) -> Styler:
    """Milestone rows: cohort, milestone, value (median years, or percent by a horizon in years) as
    printed and as used, status, source."""
    labels = source_labels(sources)
    is_share = rows["statistic"] == "proportion_by_horizon"
    table = pd.DataFrame(
        {
            "source": [labels[s] for s in rows["source_id"]],
            "cohort": rows["cohort"].map(cohort_short),
            "n": rows["n"].map(count),
            "serostatus": rows["serostatus"].map(SEROSTATUS_LABELS),
            "era": rows["era"].map(ERA_SHORT),
            "milestone": [milestone_label(entry) for _, entry in rows.iterrows()],
            "value": [
                _milestone_value(*cells)
                for cells in zip(rows["value"], rows["horizon_years"], is_share, strict=True)
            ],
            "as printed": rows["value_as_printed"],
            "status": rows["status"],
            "reference": rows["source_id"],
        }
    )
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float).to_numpy()
    numbers = table.drop(columns=["value"]).assign(
        n=_counts(rows["n"]),
        median_years=[float("nan") if share else v for v, share in zip(value, is_share, strict=True)],
        percent=[v * 100 if share else float("nan") for v, share in zip(value, is_share, strict=True)],
        horizon_years=rows["horizon_years"].to_numpy(),
    )
    data = with_provenance(numbers, rows, "milestone_id")
    return styled_table(table, uuid, data=data, units="median years from onset, or per cent by a horizon")


def _fact_number(entry: pd.Series) -> str:
    if missing(entry["value"]):
        return ""
    unit = "" if missing(entry["unit"]) else str(entry["unit"])
    value = f"{entry['value']:g}"
    if unit.startswith("percent"):
        return f"{value}%{unit.removeprefix('percent')}"
    return f"{value} {unit}".strip()


def _fact_download(shown: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The download of a table of course facts: ``shown`` (the display, its counts as numbers) with the
    rows' ``value`` and ``unit`` and their provenance."""
    numbers = shown.assign(value=rows["value"].to_numpy(), unit=rows["unit"].to_numpy())
    return with_provenance(numbers, rows, "fact_id")


def course_facts_table(course_facts: pd.DataFrame, section: str, uuid: str) -> Styler:
    """Course facts of one section of ``select.COURSE_TOPICS``: subject, finding, number with its unit,
    sample size, status, source."""
    rows = course_facts_of(course_facts, section)
    table = pd.DataFrame(
        {
            "subject": rows["subject"],
            "finding": rows["finding"],
            "number": [_fact_number(entry) for _, entry in rows.iterrows()],
            "n": rows["n"].map(count),
            "status": rows["status"],
            "reference": rows["source_id"],
        }
    )
    shown = table.drop(columns=["number"]).assign(n=_counts(rows["n"]))
    return styled_table(table, uuid, data=_fact_download(shown, rows))


def pseudorelapse_table(shares: pd.DataFrame, uuid: str = "pseudorelapse-share") -> Styler:
    """``results.pseudorelapse_shares`` in percent with the Wilson 95% CI, next to the percentage the
    data computed."""
    table = pd.DataFrame(
        {
            "kind": shares["kind"],
            "hospitalisations": [f"{k} of {n}" for k, n in zip(shares["events"], shares["n"], strict=True)],
            "share": shares["share"].map(percent),
            "95% CI (Wilson)": [
                percent_interval(low, high)
                for low, high in zip(shares["ci_lower"], shares["ci_upper"], strict=True)
            ],
            "share in the data (computed)": shares["data_percent"].map(lambda v: f"{v:g}%"),
            "status": shares["status"],
            "reference": shares["source_id"],
        }
    )
    return styled_table(table, uuid)


def ms_drug_table(course_facts: pd.DataFrame, sources: pd.DataFrame, uuid: str = "ms-drugs") -> Styler:
    """MS drugs in NMOSD: drug, what happened, how many patients, study, kind of source, status."""
    rows = course_facts_of(course_facts, "ms_drugs")
    labels, types = source_labels(sources), source_types(sources)
    table = pd.DataFrame(
        {
            "drug": rows["subject"],
            "finding": rows["finding"],
            "patients": rows["n"].map(count),
            "study": [labels[s] for s in rows["source_id"]],
            "kind of source": rows["source_id"].map(types).str.replace("_", " "),
            "status": rows["status"],
            "reference": rows["source_id"],
        }
    )
    shown = table.assign(patients=_counts(rows["n"]))
    return styled_table(table, uuid, data=_fact_download(shown, rows))


def acute_table(acute: pd.DataFrame, uuid: str = "acute") -> Styler:
    """Every acute-treatment row: study, treatment, outcome, figure as printed, p value, status."""
    table = pd.DataFrame(
        {
            "study": acute["study"],
            "patients": acute["n_patients"].map(count),
            "attacks": acute["n_attacks"].map(count),
            "treatment": acute["treatment"].map(TREATMENT_LABELS),
            "comparator": acute["comparator"].fillna(""),
            "kind": acute["outcome"].map(acute_outcome_kind),
            "outcome": acute["outcome"],
            "as printed": acute["value_as_printed"],
            "p": acute["p_value"].map(p_value),
            "status": acute["status"],
            "reference": acute["source_id"],
        }
    )
    numbers = table.assign(
        patients=_counts(acute["n_patients"]),
        attacks=_counts(acute["n_attacks"]),
        p=acute["p_value"].to_numpy(),  # as in the data ('<0.001')
        **{column: acute[column].to_numpy() for column in ("measure", "value", "ci_lower", "ci_upper")},
    )
    return styled_table(table, uuid, data=with_provenance(numbers, acute, "acute_id"))


def acute_remission_table(rows: pd.DataFrame, uuid: str = "acute-remission") -> Styler:
    """The remission rows as drawn (``results.acute_remission``): value in percent, count used, Wilson
    95% CI and how it was obtained."""
    table = pd.DataFrame(
        {
            "study": rows["study"],
            "treatment": rows["treatment"].map(TREATMENT_LABELS),
            "outcome": rows["outcome"],
            "n": [f"{int(n)} {d}" for n, d in zip(rows["n_used"], rows["denominator"], strict=True)],
            "count": rows["events_used"].map(count),
            "value": rows["shown_proportion"].map(percent),
            "95% CI": [
                percent_interval(lo, hi)
                for lo, hi in zip(rows["ci_lower_shown"], rows["ci_upper_shown"], strict=True)
            ],
            "interval": rows["interval_basis"],
            "status": rows["shown_status"],
            "reference": rows["source_id"],
        }
    )
    numbers = table.drop(columns=["95% CI"]).assign(
        n=_counts(rows["n_used"]),
        denominator=rows["denominator"].to_numpy(),
        count=_counts(rows["events_used"]),
        value=_in_percent(rows["shown_proportion"]).to_numpy(),
        ci_lower=_in_percent(rows["ci_lower_shown"]).to_numpy(),
        ci_upper=_in_percent(rows["ci_upper_shown"]).to_numpy(),
    )
    return styled_table(table, uuid, data=with_provenance(numbers, rows, "acute_id"), units=PERCENT)


def not_drawn_table(left_out: pd.DataFrame, uuid: str = "not-drawn") -> Styler:
    """``select.not_drawn``: table, row id, reason, status and the source's key in the reference list."""
    data = with_provenance(left_out.drop(columns=["row"]), left_out, "row")  # the row's id as row_id
    return styled_table(left_out.rename(columns={"source_id": "reference"}), uuid, data=data)
