"""The HSCT report's display tables, as Stylers (``present.tables.styled_table``): the case table, the
values left unknown, follow-up to the chosen year, the outcome proportions and benefits next to risks.

Follow-up is in whole years, years are calendar years, proportions are shown in per cent (%). The
tables whose lines are evidence rows (the unknown values, the outcome proportions) carry those rows'
provenance in their download (``present.downloads.with_provenance``).
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from ...present.downloads import with_provenance
from ...present.format import count, first_sentence, missing, percent, percent_interval
from ...present.tables import styled_table
from .labels import (
    ATTRIBUTE_LABELS,
    COLUMN_LABELS,
    INTERVAL_WORDS,
    as_printed,
    conflict,
    measure_at,
    status_tag,
)
from .results import follow_up
from .select import PAIR, PATIENTS, unknown_rows


def case_cell(row: pd.Series) -> str:
    """A case-table cell: 'male [secondary: seed_hsct_news]', or 'unknown: <first sentence of the
    note> [unverified: konen2022]' when the value is empty."""
    if missing(row["value"]) or not str(row["value"]).strip():
        return f"unknown: {first_sentence(row['note'])} {status_tag(row)}"
    return f"{row['value']} {status_tag(row)}"


def case_frame(patients: pd.DataFrame) -> pd.DataFrame:
    """The patients table pivoted: one row per attribute (labelled), columns P1, P2 and the pair; each
    cell the value (or 'unknown: <reason>') with [status: source]; several rows joined by ' | '."""
    frame = patients.assign(cell=patients.apply(case_cell, axis=1))
    order = {attribute: i for i, attribute in enumerate(ATTRIBUTE_LABELS)}
    frame = frame.assign(order=frame["attribute"].map(order)).sort_values(["order", "attribute_id"])
    table = frame.pivot_table(
        index=["order", "attribute"], columns="patient", values="cell", aggfunc=" | ".join, sort=True
    )
    table = table.reindex(columns=[*PATIENTS, PAIR]).fillna("")
    table.index = pd.Index([ATTRIBUTE_LABELS.get(a, a) for _, a in table.index], name="attribute")
    table.columns = [COLUMN_LABELS[c] for c in table.columns]
    return table


def case_table(patients: pd.DataFrame) -> Styler:
    """``case_frame`` styled, attribute labels as the index."""
    return styled_table(case_frame(patients), "hsct-case-table", index=True)


def unknown_values(patients: pd.DataFrame) -> Styler:
    """The case-table values left empty, with the reason (the row's note) and where it was looked for."""
    empty = unknown_rows(patients)
    frame = pd.DataFrame(
        {
            "patient": empty["patient"].map(COLUMN_LABELS),
            "attribute": empty["attribute"].map(ATTRIBUTE_LABELS),
            "why unknown": empty["note"],
            "looked for in": empty["source_id"] + " (" + empty["locator"] + ")",
            "status": empty["status"],
        }
    )
    frame = frame.reset_index(drop=True)
    return styled_table(frame, "hsct-unknowns", data=with_provenance(frame, empty, "attribute_id"))


def follow_up_table(patients: pd.DataFrame, events: pd.DataFrame, as_of_year: int) -> Styler:
    """Per patient: transplant year, follow-up to ``as_of_year`` (years) with the range year-only dates
    allow, the follow-up the long-term report gives (with status and source) and the assessment year it
    implies (calendar years printed without thousands separators)."""
    numbers = follow_up(patients, events, as_of_year)
    frame = pd.DataFrame(
        {
            "patient": numbers["patient"],
            "transplant year": numbers["transplant_year"].map(count),
            "as of year": numbers["as_of_year"].map(count),
            "follow-up (years)": numbers["follow_up_years"],
            "possible range (years)": [
                f"{low}–{high}" for low, high in zip(numbers["low_years"], numbers["high_years"], strict=True)
            ],
            "reported follow-up (years)": numbers["reported_years"],
            "reported: status": numbers["reported_status"],
            "reported: source": numbers["reported_source"],
            "assessment year implied by the report": numbers["assessment_year"].map(count),
        }
    )
    return styled_table(frame, "hsct-follow-up")


def outcome_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the outcome chart: per cent with interval and how the interval was obtained."""
    return pd.DataFrame(
        {
            "series": rows["series"],
            "measure": rows.apply(measure_at, axis=1),
            "n": rows["n"].astype("Int64"),
            "as printed": rows.apply(as_printed, axis=1),
            "%": [round(v * 100, 1) for v in rows["value"]],
            "95% interval (%)": [
                percent_interval(low, high)[:-1]
                for low, high in zip(rows["ci_lower"], rows["ci_upper"], strict=True)
            ],
            "interval": rows["interval_method"].map(INTERVAL_WORDS),
            "status": rows["status"],
            "source": rows["source_id"],
            "conflict recorded": rows.apply(conflict, axis=1),
        }
    )


def _in_percent(values: pd.Series) -> pd.Series:
    """Proportions (0-1) as per cent, as floats (missing values as NaN)."""
    return pd.to_numeric(values, errors="coerce").astype(float) * 100


def outcome_table(rows: pd.DataFrame) -> Styler:
    """``outcome_frame`` styled; its download gives the per cent and interval unrounded, the count of
    patients with the outcome and each row's provenance (the pair's line: the rows it counts)."""
    frame = outcome_frame(rows)
    numbers = frame.drop(columns=["%", "95% interval (%)"]).assign(
        k=rows["k"].astype("Int64").array,
        percent=_in_percent(rows["value"]).to_numpy(),
        ci_lower=_in_percent(rows["ci_lower"]).to_numpy(),
        ci_upper=_in_percent(rows["ci_upper"]).to_numpy(),
        horizon_years=rows["horizon_years"].to_numpy(),
    )
    data = with_provenance(numbers, rows, "cohort_result_id")
    return styled_table(frame, "hsct-outcome-table", data=data, units="per cent of patients")


def _risk_cells(part: pd.DataFrame) -> str:
    """'relapse-free at 5 years: 80% (2 of 2) [verified: burt2019] | …' for one side of one series."""
    return " | ".join(
        f"{measure_at(r)}: {percent(r['value'])}"
        + (f" ({r['k']} of {r['n']})" if pd.notna(r["k"]) else "")
        + f" {status_tag(r)}"
        for _, r in part.iterrows()
    )


def risk_benefit_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the risk panel, benefit and risk side by side per series (text cells)."""
    out = []
    for series, part in rows.groupby("series", sort=False):
        out.append(
            {
                "series": series,
                "population": part["group"].iloc[0],
                "benefit": _risk_cells(part[part["side"] == "benefit"]),
                "risk": _risk_cells(part[part["side"] == "risk"]),
            }
        )
    return pd.DataFrame(out)


def risk_benefit_table(rows: pd.DataFrame) -> Styler:
    """``risk_benefit_frame`` styled."""
    return styled_table(risk_benefit_frame(rows), "hsct-risk-table")
