"""Display words of the HSCT report: labels of the data's codes, colours, and the text of chart labels
and hover boxes built from a row (numbers formatted by ``present.format``)."""

from __future__ import annotations

import re

import pandas as pd

from ...present.charts import chart_text
from ...present.colours import PALETTE
from ...present.format import horizon, missing, years
from .select import PAIR, PATIENTS, transplant_years

# Case-table row labels, in the order of the schema's attribute enum.
ATTRIBUTE_LABELS = {
    "sex": "Sex",
    "age": "Age (years, as reported)",
    "donor": "Donor",
    "transplant_year": "Year of allogeneic HSCT",
    "prior_autologous_hsct": "Prior autologous HSCT",
    "function_before": "Function before transplant",
    "edss_before": "EDSS before",
    "aqp4_before": "AQP4-IgG before",
    "relapses_before": "Relapses before",
    "conditioning": "Conditioning",
    "gvhd": "Graft-versus-host disease",
    "infections": "Infections",
    "aqp4_after": "AQP4-IgG after",
    "chimerism": "Donor chimerism",
    "relapses_after": "Relapses after transplant",
    "immunosuppression_now": "Immunosuppression now",
    "functional_outcome": "Functional outcome",
    "edss_after": "EDSS after",
    "follow_up_years": "Follow-up (years, as reported)",
}
COLUMN_LABELS = {"P1": "P1", "P2": "P2", PAIR: "Pair (stated for both)"}
MEASURE_LABELS = {
    "relapse_free": "relapse-free",
    "progression_free": "progression-free",
    "overall_survival": "overall survival",
    "non_relapse_mortality": "non-relapse mortality",
    "deaths": "deaths",
}
# Results whose measure is 'other' in the data but belong with the outcome proportions; the data's
# measure column cannot say what they measure, so the label is given here (see each row's note).
OTHER_OUTCOMES = {
    "greco2015_progression_treatment_free": "progression- and treatment-free",
    "hau_allo_beneficial": "EDSS improved or stable",
    "ceglie_allo_beneficial": "EDSS improved or stable",
}
GROUP_LABELS = {
    ("allogeneic", "nmosd"): "allogeneic HSCT, NMOSD",
    ("autologous", "nmosd"): "autologous HSCT, NMOSD",
    ("mixed", "nmosd"): "pooled review, autologous and allogeneic, NMOSD",
    ("allogeneic", "autoimmune"): "allogeneic HSCT, autoimmune diseases (not NMOSD-specific)",
    ("mixed", "autoimmune"): "stem-cell transplantation in general (not NMOSD-specific)",
    ("autologous", "autoimmune"): "autologous HSCT, autoimmune diseases (not NMOSD-specific)",
}
PAIR_SERIES = f"Allogeneic pair ({', '.join(PATIENTS)})"  # the series name of the two cases
PAIR_GROUP = GROUP_LABELS[("allogeneic", "nmosd")]
INTERVAL_WORDS = {
    "wilson": "Wilson 95% CI from counts",
    "reported": "reported 95% CI",
    "none": "reported, no interval given",
}
SEGMENT_LABELS = {
    "relapse_free": "relapse-free, reported",
    "not_covered": "after the last report in the data",
}
SEGMENT_COLOURS = {"relapse_free": "#009E73", "not_covered": "#D9D9D9"}
EVENT_LABELS = {
    "autologous_hsct": "autologous HSCT",
    "allogeneic_hsct": "allogeneic HSCT",
    "early_report": "early report",
    "long_term_report": "long-term report",
    "other": "other event",
}
EVENT_COLOURS = {
    "autologous_hsct": PALETTE[4],
    "allogeneic_hsct": PALETTE[0],
    "early_report": PALETTE[1],
    "long_term_report": PALETTE[3],
    "other": PALETTE[7],
}
# One colour per kind of HSCT in every chart of the report: the swimmer plot's transplant colours.
GROUP_COLOURS = {
    label: {
        "allogeneic": EVENT_COLOURS["allogeneic_hsct"],
        "autologous": EVENT_COLOURS["autologous_hsct"],
    }.get(kind, PALETTE[2] if setting == "nmosd" else PALETTE[9])
    for (kind, setting), label in GROUP_LABELS.items()
}
MEASURE_COLOURS = {
    "relapse-free": "#009E73",
    "progression-free": "#0072B2",
    "overall survival": "#56B4E9",
    "non-relapse mortality": "#D55E00",
    "deaths": "#000000",
    "acute GvHD": "#E69F00",
    "chronic GvHD": "#CC79A7",
    "GvHD": "#44AA99",  # grade not stated: not the colour of acute GvHD
    "severe opportunistic infections": "#882255",
}
GRADES = re.compile(r"\bgrades? ([IV]+)\s*[-–]\s*([IV]+)\b", re.IGNORECASE)
CONFLICT = re.compile(r"Conflict:[^.]*(?:\.[^.]*?)?(?=\.\s|$)")


def gvhd_measure(quote: object) -> str:
    """'acute GvHD', 'chronic GvHD' or 'GvHD', as the row's quote names it."""
    text = "" if missing(quote) else str(quote).lower()
    return "chronic GvHD" if "chronic" in text else "acute GvHD" if "acute" in text else "GvHD"


def gvhd_grades(quote: object) -> str:
    """The GvHD grades the quote names ('grades II–IV'); '' when it names none."""
    found = None if missing(quote) else GRADES.search(str(quote))
    return f"grades {found.group(1)}–{found.group(2)}" if found else ""


def conflict(row: pd.Series) -> str:
    """The sentence of a row's note that records a conflict ('' when none)."""
    note = row.get("note")
    found = None if missing(note) else CONFLICT.search(str(note))
    return found.group(0) if found else ""


def time_words(row: pd.Series) -> str:
    """When a proportion applies: 'at 15 and 16 years' (the data's words) or 'at 5 years'; ''."""
    if not missing(row.get("time_point")):
        return f"at {row['time_point']}"
    return horizon(row.get("horizon_years"))


def measure_at(row: pd.Series) -> str:
    """The measure with its time point: 'relapse-free at 5 years'."""
    return f"{row['measure']} {time_words(row)}".strip()


def as_printed(row: pd.Series) -> str:
    """'2 of 2' when the count is known, else the value as the source prints it ('80%')."""
    return f"{row['k']} of {row['n']}" if not missing(row["k"]) else str(row["value_as_printed"])


def status_tag(row: pd.Series) -> str:
    """'[secondary: konen2022]': a value's status and source."""
    return f"[{row['status']}: {row['source_id']}]"


def outcome_hover(row: pd.Series) -> str:
    """Hover text of a proportion (chart markup, data text escaped): series, group and n, the value as
    printed, interval, status, source and any conflict the row's note records."""
    n = row["n"] if not missing(row["n"]) else "not stated"
    lines = [
        f"<b>{chart_text(row['series'])}</b> ({chart_text(row['group'])}, n = {n})",
        f"{chart_text(measure_at(row))}: {chart_text(as_printed(row))}",
        f"interval: {INTERVAL_WORDS[row['interval_method']]}",
        f"status: {row['status']} · source: {row['source_id']}",
    ]
    if conflict(row):
        lines.append(chart_text(conflict(row)))
    return "<br>".join(lines)


def outcome_label(row: pd.Series) -> str:
    """Row label of the outcome chart (chart markup): 'Burt 2019 · relapse-free at 5 years · reported',
    with '(unverified)' and '(conflict in source)' where they apply."""
    count = f" · {row['k']}/{row['n']}" if not missing(row["k"]) else " · reported"
    unverified = " (unverified)" if row["status"] == "unverified" else ""
    conflicted = " (conflict in source)" if conflict(row) else ""
    return f"{chart_text(row['series'])} · {chart_text(measure_at(row))}{count}{unverified}{conflicted}"


def lane_labels(patients: pd.DataFrame, events: pd.DataFrame) -> dict[str, str]:
    """Patient -> swimmer lane label from the data (chart markup): 'P1 · male · sister · 2009'."""
    values = patients[patients["patient"].isin(PATIENTS)].drop_duplicates(["patient", "attribute"])
    values = values.set_index(["patient", "attribute"])["value"]
    labels = {}
    for patient, year in transplant_years(events).items():
        parts = [patient]
        parts += [
            chart_text(values[(patient, a)]) for a in ("sex", "donor") if pd.notna(values.get((patient, a)))
        ]
        labels[patient] = " · ".join([*parts, str(year)])
    return labels


def lane_basis(segment: pd.Series) -> str:
    """What a lane segment rests on: the report stating relapse-free, or the years no report covers."""
    if segment["segment"] == "relapse_free":
        return f"relapse-free as stated in the report of {segment['to_year']}"
    return f"no report in the data covers {segment['from_year']}–{segment['to_year']}"


def lane_hover(lane: str, segment: pd.Series) -> str:
    """Hover text of a lane segment: the lane (a ``lane_labels`` label), its years and what they rest
    on, with status and source."""
    text = f"{lane} ({PAIR_GROUP})<br>{segment['from_year']}–{segment['to_year']}: {lane_basis(segment)}"
    return text + (f"<br>status: {segment['status']} · {segment['source_id']}" if segment["status"] else "")


def event_hover(lane: str, event: pd.Series) -> str:
    """Hover text of a timeline event on a lane (a ``lane_labels`` label): year, years after HSCT,
    description, status, source."""
    return (
        f"{lane} ({PAIR_GROUP})<br>{event['year']} ({event['years_after']} years after HSCT): "
        f"{chart_text(event['description'])}<br>status: {event['status']} · {event['source_id']}"
    )


def lane_end_text(years_after: int, as_of_year: int) -> str:
    """Text at a lane's end: '  17 years to 2026'."""
    return f"  {years(years_after)} to {as_of_year}"
