"""Words the progression report shows for codes of the data: eras, outcomes, estimates, treatments,
milestones, short source and cohort labels, chart lane labels and hover text.

Nothing here computes a statistic; values arrive as proportions (0-1) and leave as text.
"""

from __future__ import annotations

import re

import pandas as pd

from ...core.vocabulary import SEROSTATUS_LABELS as SHARED_SEROSTATUS_LABELS
from ...present.charts import chart_text, wrapped
from ...present.colours import group_style
from ...present.format import missing, percent, percent_interval

ERA_LABELS = {
    "before_targeted": "Before targeted diagnosis and treatment",
    "after_targeted": "After AQP4-IgG testing and preventive treatment",
    "mixed": "Mixed (partly treated)",
    "not_stated": "Era not stated",
}
ERA_ORDER = list(ERA_LABELS)
ERA_SHORT = {
    "before_targeted": "before targeted treatment",
    "after_targeted": "after targeted treatment",
    "mixed": "mixed",
    "not_stated": "not stated",
}
# The shared serostatus words, plus the one code the progression tables have and the shared dict lacks.
SEROSTATUS_LABELS = {**SHARED_SEROSTATUS_LABELS, "not_stated": "not stated"}
OUTCOME_LABELS = {
    "wheelchair": "wheelchair",
    "walking_aid": "walking aid (EDSS 6)",
    "motor_disability": "motor disability",
    "blind_one_eye": "blind in at least one eye",
    "blind_both_eyes": "blind in both eyes",
    "functionally_blind": "functionally blind",
    "visual_disability": "bilateral visual disability",
    "death": "death",
}
OUTCOME_ORDER = list(OUTCOME_LABELS)
ESTIMATE_LABELS = {
    "statement": "statement, no traced cohort",
    "kaplan_meier": "Kaplan–Meier estimate",
    "crude": "events / patients",
}
# The outcome charts' groups (era · kind of estimate), each one colour in both charts of the report.
OUTCOME_GROUP_COLOURS = {
    f"{era} · {kind}": group_style(number)[0]
    for number, (era, kind) in enumerate(
        (era, kind) for era in ERA_LABELS.values() for kind in ESTIMATE_LABELS.values()
    )
}
TREATMENT_LABELS = {
    "any_first_line": "Any first-line treatment",
    "steroids": "IV steroids",
    "steroids_plus_plasma_exchange": "IV steroids + plasma exchange",
    "plasma_exchange": "Plasma exchange",
    "immunoadsorption": "Immunoadsorption",
    "apheresis": "Apheresis (PE or IA)",
    "other": "Other",
}
MILESTONE_ORDER = [
    "EDSS 3",
    "EDSS 4",
    "EDSS 6",
    "EDSS 7",
    "EDSS 8",
    "severe visual loss, one eye",
    "severe visual loss, both eyes",
    "severe visual deficit (OSIS VA 6)",
]
INTERVAL_SHORT = {
    "reported 95% CI": "reported",
    "Wilson 95% CI, printed count": "Wilson, printed count",
    "Wilson 95% CI, count recovered from printed % and n": "Wilson, count from printed % and n",
    "none: no whole count of n gives the printed %": "none: no whole count of n gives the %",
    "none": "none",
}


# --- sources and cohorts --------------------------------------------------------------------------


def _surname(authors: str) -> str:
    first = authors.split(",")[0]
    words = [w for w in re.sub(r"\(.*?\)", "", first).split() if w not in {"et", "al.", "al", "…"}]
    names = [w for w in words if not (w.isupper() and len(w) <= 3)]
    return names[-1] if names else first.strip()


def source_labels(sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> short label for charts: 'Kitley 2012', 'roche.com', 'Curr Treat Options Neurol 2015'.

    Authors' first surname and year where both are known; else the journal or web site (with the year);
    else the title up to its first comma.
    """
    labels = {}
    columns = (sources[column].tolist() for column in ("source_id", "authors", "year", "journal", "title"))
    for source_id, authors, year, journal, title in zip(*columns, strict=True):
        year_text = "" if missing(year) else str(int(year))
        if not missing(authors) and year_text and not str(authors).startswith("["):
            label = f"{_surname(str(authors))} {year_text}"
        elif not missing(journal) and not str(journal).startswith("["):
            label = re.sub(r"\s*\(.*?\)", "", str(journal).split(";")[0]).strip()
            label = label if not year_text or year_text in label else f"{label} {year_text}"
        else:
            label = re.sub(r"\s*\(.*?\)|\s*\(.*$", "", str(title).split(",")[0]).strip()
            label = label if not year_text else f"{label} {year_text}"
        labels[source_id] = label
    return labels


def source_types(sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> its source_type code ('cohort', 'patient_information', …)."""
    return dict(zip(sources["source_id"], sources["source_type"], strict=True))


def cohort_short(cohort: str) -> str:
    """The cohort description up to its first bracket, keeping a trailing 'subgroup' clause."""
    parts = [p.strip() for p in cohort.split(";")]
    base = parts[0].split(" (")[0]
    if len(parts) > 1 and "subgroup" in parts[-1]:
        base = f"{base}, {parts[-1]}"
    return base


def lane_label(main: str, detail: str, width: int = 46) -> str:
    """A y-axis label: ``main`` wrapped at ``width`` characters, then ``detail`` in italics (HTML)."""
    first = wrapped(main, width, escape=True)
    second = "<br>".join(
        f"<i>{line}</i>" for line in wrapped(detail, width, escape=True).split("<br>") if line
    )
    return f"{first}<br>{second}" if second else first


# --- disability outcomes --------------------------------------------------------------------------


def _printed_phrases(note: object) -> list[str]:
    """Single-quoted phrases after 'Printed' in a row's note (the source's own wording)."""
    if not isinstance(note, str) or "Printed" not in note:
        return []
    sentence = re.match(r"Printed ((?:[^.']|'[^']*')*)", note[note.index("Printed") :])
    return re.findall(r"'([^']+)'", sentence.group(1)) if sentence else []


def printed_bound(note: object) -> str:
    """A bound the source printed instead of a plain value ('over 50%', 'As high as 30%'), else ''."""
    if not isinstance(note, str):
        return ""
    match = re.search(r"'((?:over|more than|as high as|up to)\s[^']*%)'", note, flags=re.IGNORECASE)
    return match.group(1) if match else ""


def outcome_label(row: pd.Series) -> str:
    """Outcome in words; for a composite outcome the source's own wording ('composite: blind or ...')."""
    note = row["note"] if isinstance(row["note"], str) else ""
    if "COMPOSITE" in note:
        wording = [p for p in _printed_phrases(note) if "%" not in p]
        if wording:
            return "composite: " + wording[-1].replace(" OR ", " or ")
        return f"{OUTCOME_LABELS[row['outcome']]} (composite outcome)"
    if "ONE eye only" in note:
        return "blind in one eye only"
    return OUTCOME_LABELS[row["outcome"]]


def study_label(row: pd.Series, labels: dict[str, str], types: dict[str, str]) -> str:
    """'Kitley 2012, n=106, median disease duration 75 months', 'roche.com (statement)' or, for a cohort
    read on a web page, 'the cohort (via the page)'."""
    site = labels[row["source_id"]]
    if row["estimate_type"] == "statement":
        return f"{site} (statement)"
    if types.get(row["source_id"]) in {"patient_information", "news"}:
        return f"{cohort_short(row['cohort'])} (via {site})"
    n = "" if missing(row["n"]) else f", n={int(row['n'])}"
    horizon = f", {row['horizon_label']}" if missing(row["horizon_years"]) else ""
    return f"{site}{n}{horizon}"


def serostatus_words(serostatus: str) -> str:
    """A serostatus code in words ('not_stated' -> 'not stated'); an unknown code as it is."""
    return SEROSTATUS_LABELS.get(serostatus, serostatus)


def outcome_hover(row: pd.Series, study: str) -> str:
    """Hover text of a disability row with its shown proportion (0-1) and 95% interval."""
    interval = percent_interval(row["ci_lower_shown"], row["ci_upper_shown"])
    value = percent(row["shown_proportion"]) + (
        f" (95% CI {interval}; {row['interval_basis']})" if interval else ""
    )
    parts = [
        f"<b>{chart_text(study)}</b>",
        f"Population: {wrapped(row['cohort'], escape=True)}",
        f"Serostatus: {serostatus_words(row['serostatus'])}; era: {ERA_LABELS[row['era']]}",
        f"Horizon: {chart_text(row['horizon_label'])}",
        f"Outcome: {chart_text(outcome_label(row))}",
        f"Value: {value}",
        f"Estimate: {ESTIMATE_LABELS[row['estimate_type']]}",
        f"Status: {row['shown_status']}",
        f"Source: {row['source_id']}, {chart_text(row['locator'])}",
        f"Quote: {wrapped(row['quote'], escape=True)}" if isinstance(row["quote"], str) else "",
    ]
    return "<br>".join(part for part in parts if part)


# --- milestones -----------------------------------------------------------------------------------


def milestone_label(row: pd.Series) -> str:
    """The milestone with its eye qualifier for severe visual loss ('severe visual loss, both eyes')."""
    if row["milestone"] != "severe visual loss":
        return str(row["milestone"])
    note = str(row["note"]) if isinstance(row["note"], str) else ""
    if note.startswith(("UNILATERAL", "MONO-OCULAR")):
        return "severe visual loss, one eye"
    if note.startswith(("BILATERAL", "BINOCULAR")):
        return "severe visual loss, both eyes"
    return "severe visual deficit (OSIS VA 6)"


def milestone_hover(row: pd.Series, milestone: str, labels: dict[str, str]) -> str:
    """Hover text of a median time to a milestone (years from onset)."""
    parts = [
        f"<b>{chart_text(labels[row['source_id']])}</b>: {chart_text(milestone)}",
        f"Population: {wrapped(row['cohort'], escape=True)}",
        f"Serostatus: {serostatus_words(row['serostatus'])}; era: {ERA_LABELS[row['era']]}",
        f"Median time: {row['value']:.3g} years (printed: {chart_text(row['value_as_printed'])})",
        f"Status: {row['status']}",
        f"Source: {row['source_id']}, {chart_text(row['locator'])}",
        f"Quote: {wrapped(row['quote'], escape=True)}",
        f"Note: {wrapped(row['note'], escape=True)}" if isinstance(row["note"], str) else "",
    ]
    return "<br>".join(parts)


# --- acute treatment ------------------------------------------------------------------------------


def acute_outcome(outcome: str) -> str:
    """The outcome without its '(predictor: …)' clause."""
    return re.sub(r"\s*\(predictor:[^)]*\)", "", outcome)


def acute_label(row: pd.Series) -> str:
    """Lane label of an acute-treatment row: outcome (with a printed range where there is one), study."""
    outcome = acute_outcome(row["outcome"])
    printed = str(row["value_as_printed"])
    if re.search(r"\d\s*%?\s*[-–]\s*\d", printed):
        outcome = f"{outcome} (printed: {printed})"
    return lane_label(outcome, row["study"])


def acute_hover(row: pd.Series, value_text: str) -> str:
    """Hover text of an acute-treatment row; ``value_text`` is the value as shown."""
    parts = [
        f"<b>{chart_text(row['study'])}</b>",
        f"Design: {wrapped(row['design'], escape=True)}",
        f"Treatment: {TREATMENT_LABELS[row['treatment']]}"
        + (f" vs {chart_text(row['comparator'])}" if isinstance(row["comparator"], str) else ""),
        f"Outcome: {wrapped(row['outcome'], escape=True)}",
        f"Value: {value_text} (printed: {chart_text(row['value_as_printed'])})",
        f"Status: {row.get('shown_status', row['status'])}",
        f"Source: {row['source_id']}, {chart_text(row['locator'])}",
        f"Quote: {wrapped(row['quote'], escape=True)}" if isinstance(row["quote"], str) else "",
        f"Note: {wrapped(row['note'], escape=True)}" if isinstance(row["note"], str) else "",
    ]
    return "<br>".join(p for p in parts if p)
