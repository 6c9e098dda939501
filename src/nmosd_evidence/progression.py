"""Disease course of NMOSD: disability within five years, time to milestones, relapses, NMOSD versus
MS, and the outcome of acute attack treatment.

Pure functions on the tables ``disability``, ``milestones``, ``course_facts`` (data/progression) and
``acute`` (data/treatment, read only). Proportions are 0-1 in the data and shown as percent (0-100) in
tables and charts; times are years. Intervals are 95%: Wilson score intervals where the count of
events is known (printed, or recovered uniquely from a printed percentage and n), the interval as
printed where a source reports one, and none otherwise. Nothing is drawn that the sources do not report:
no curves, no interpolation, no imputed horizons.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from .charts import (
    empty_figure,
    group_style,
    house_style,
    interval_chart,
    interval_traces,
    row_px,
    source_footnote,
    status_key,
    wrapped,
)
from .formatting import percent
from .intervals import wilson_interval
from .sources import evidence_rows

# The statement under review (seed document) and the page that carries its numbers: shown in every run.
SEED_SOURCE = "seed_roche_ch_nmosd"
CLAIM_SOURCES = (SEED_SOURCE, "roche_com_nmosd")
# Rows the narrative builders quote (keys into the data, not evidence values).
CLAIM_ROWS = {
    "seed_wheelchair": "roche_ch_wheelchair_5y",
    "seed_blind": "roche_ch_functionally_blind_5y",
    "wheelchair": "roche_com_wheelchair_5y",
    "blind": "roche_com_functionally_blind_5y",
}
MODERN_ROWS = {
    "mayo_blind_one_eye": "mayo140_km_blind_one_eye_5y",
    "mayo_blind_both_eyes": "mayo140_km_blind_both_eyes_5y",
    "mayo_walking_aid": "mayo140_km_walking_aid_5y",
    "mayo_wheelchair": "mayo140_km_wheelchair_5y",
    "kitley_wheelchair": "kitley2012_wheelchair",
    "untreated_edss6_10y": "uzawa2024_untreated_edss6_10y",
}
CLOSEST_VISUAL_ROW = "papaisalvarenga2008_blind_one_eye"
UNTREATED_EDSS6_MEDIAN_ROW = "uzawa2024_untreated_edss6_median"

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
SEROSTATUS_LABELS = {"all": "all patients", "AQP4+": "AQP4+", "AQP4-": "AQP4−", "not_stated": "not stated"}
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
COURSE_TOPICS = {
    "relapses": ["incomplete_recovery", "relapse_driven_disability"],
    "relapse_rates": ["relapse_rate"],
    "pseudorelapse": ["pseudorelapse"],
    "ms_drugs": ["ms_drug"],
    "misdiagnosis": ["misdiagnosis"],
    "recovery_vs_ms": ["recovery_vs_ms"],
    "mortality": ["mortality"],
    "other": ["other"],
}
INTERVAL_COLUMNS = [
    "shown_proportion",
    "events_used",
    "ci_lower_shown",
    "ci_upper_shown",
    "interval_basis",
    "shown_status",
]


# --------------------------------------------------------------------------------------------------
# Interval maths
# --------------------------------------------------------------------------------------------------


def printed_decimals(proportion: float) -> int:
    """Decimals of a proportion (0-1) as entered from print, at least 2 (a whole percent)."""
    text = f"{proportion:.10f}".rstrip("0")
    return max(2, len(text.split(".")[1]) if "." in text else 0)


def count_from_printed_percentage(proportion: float, n: int) -> int | None:
    """The one event count ``k`` (0..n) whose ``k/n`` rounds to the printed ``proportion``, else None.

    The printed precision is taken from the decimals of ``proportion`` (at least a whole percent):
    53.3% of 60 gives 32 (31/60 = 51.7%, 33/60 = 55.0%); 35% of 18 gives None (6/18 = 33%, 7/18 = 39%).
    """
    if n < 1 or pd.isna(proportion):
        return None
    tolerance = 0.5 * 10 ** -printed_decimals(proportion) + 1e-12
    matches = [k for k in range(n + 1) if abs(k / n - proportion) <= tolerance]
    return matches[0] if len(matches) == 1 else None


def _is_percentage(text: object) -> bool:
    return isinstance(text, str) and ("%" in text or "percent" in text.lower())


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def proportion_with_interval(
    proportion: float | None,
    events: int | None,
    n: int | None,
    ci: tuple[float | None, float | None],
    *,
    printed_as_percentage: bool,
    countable: bool,
    status: str,
) -> dict[str, object]:
    """The proportion (0-1) to show, its 95% interval and how both were obtained.

    Order of preference: a reported interval (``ci``, labelled as reported); a Wilson interval from a
    printed count; a Wilson interval from a count recovered uniquely from a printed percentage and n
    (``printed_as_percentage`` and ``countable``, never for unverified rows); otherwise no interval.
    ``shown_status`` is ``computed`` where the proportion itself is computed from a verified count.
    """
    low, high = ci
    out: dict[str, object] = {
        "shown_proportion": None if _missing(proportion) else float(proportion),
        "events_used": None,
        "ci_lower_shown": None,
        "ci_upper_shown": None,
        "interval_basis": "none",
        "shown_status": status,
    }
    if not _missing(low) and not _missing(high):
        out.update(ci_lower_shown=float(low), ci_upper_shown=float(high), interval_basis="reported 95% CI")
        return out
    if _missing(n) or not countable or status == "unverified":
        return out
    count = None
    basis = ""
    if not _missing(events):
        count, basis = int(events), "Wilson 95% CI, printed count"
    elif printed_as_percentage and not _missing(proportion):
        count = count_from_printed_percentage(float(proportion), int(n))
        basis = "Wilson 95% CI, count recovered from printed % and n"
    if count is None:
        if printed_as_percentage and not _missing(proportion):
            out["interval_basis"] = "none: no whole count of n gives the printed %"
        return out
    low_w, high_w = wilson_interval(count, int(n))
    out.update(events_used=count, ci_lower_shown=low_w, ci_upper_shown=high_w, interval_basis=basis)
    if out["shown_proportion"] is None:
        out["shown_proportion"] = count / int(n)
        if status == "verified":
            out["shown_status"] = "computed"
    return out


# --------------------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------------------


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
    for _, row in sources.iterrows():
        authors, year, journal = row["authors"], row["year"], row["journal"]
        year_text = "" if pd.isna(year) else str(int(year))
        if pd.notna(authors) and year_text and not str(authors).startswith("["):
            label = f"{_surname(str(authors))} {year_text}"
        elif pd.notna(journal) and not str(journal).startswith("["):
            label = re.sub(r"\s*\(.*?\)", "", str(journal).split(";")[0]).strip()
            label = label if not year_text or year_text in label else f"{label} {year_text}"
        else:
            label = re.sub(r"\s*\(.*?\)|\s*\(.*$", "", str(row["title"]).split(",")[0]).strip()
            label = label if not year_text else f"{label} {year_text}"
        labels[row["source_id"]] = label
    return labels


def cohort_short(cohort: str) -> str:
    """The cohort description up to its first bracket, keeping a trailing 'subgroup' clause."""
    parts = [p.strip() for p in cohort.split(";")]
    base = parts[0].split(" (")[0]
    if len(parts) > 1 and "subgroup" in parts[-1]:
        base = f"{base}, {parts[-1]}"
    return base


def _interval_text(low: object, high: object, digits: int = 1) -> str:
    if _missing(low) or _missing(high):
        return ""
    return f"{percent(low, digits)[:-1]}–{percent(high, digits)}"


def lane_label(main: str, detail: str, width: int = 46) -> str:
    """A y-axis label: ``main`` wrapped at ``width`` characters, then ``detail`` in italics (HTML)."""
    first = wrapped(main, width, escape=True)
    second = "<br>".join(
        f"<i>{line}</i>" for line in wrapped(detail, width, escape=True).split("<br>") if line
    )
    return f"{first}<br>{second}" if second else first


# --------------------------------------------------------------------------------------------------
# Disability outcomes
# --------------------------------------------------------------------------------------------------


def select_disability(
    disability: pd.DataFrame,
    serostatus: str = "all",
    outcome: str = "all",
    era: str = "all",
    keep_claim: bool = True,
) -> pd.DataFrame:
    """Disability rows matching the filters ('all' = no filter); the statement under review
    (``CLAIM_SOURCES``) is kept whatever the filters when ``keep_claim``."""
    keep = pd.Series(True, index=disability.index)
    if serostatus != "all":
        keep &= disability["serostatus"] == serostatus
    if outcome != "all":
        keep &= disability["outcome"] == outcome
    if era != "all":
        keep &= disability["era"] == era
    if keep_claim:
        keep |= disability["source_id"].isin(CLAIM_SOURCES)
    return disability[keep].copy()


def disability_with_intervals(disability: pd.DataFrame) -> pd.DataFrame:
    """``disability`` plus the columns of :func:`proportion_with_interval` (proportions 0-1).

    Counts are recovered from a printed percentage only for 'events / patients' rows whose quote prints
    the percentage (so 'one-third' is not turned into a count).
    """
    extra = []
    for _, row in disability.iterrows():
        extra.append(
            proportion_with_interval(
                row["proportion"],
                row["events"],
                row["n"],
                (row["ci_lower"], row["ci_upper"]) if row["interval_type"] == "reported" else (None, None),
                printed_as_percentage=_is_percentage(row["quote"]),
                countable=row["estimate_type"] == "crude",
                status=row["status"],
            )
        )
    return pd.concat(
        [disability.reset_index(drop=True), pd.DataFrame(extra, columns=INTERVAL_COLUMNS)], axis=1
    )


def _order(frame: pd.DataFrame, claim_first: bool = True, by_source: bool = False) -> pd.DataFrame:
    keys = pd.DataFrame(
        {
            "claim": ~frame["source_id"].isin(CLAIM_SOURCES) if claim_first else False,
            "era": frame["era"].map(ERA_ORDER.index),
            "estimate": frame["estimate_type"].map(list(ESTIMATE_LABELS).index),
            "source": frame["source_id"] if by_source else "",
            "outcome": frame["outcome"].map(OUTCOME_ORDER.index),
            "id": frame["outcome_id"],
        },
        index=frame.index,
    )
    return frame.loc[keys.sort_values(list(keys.columns)).index].reset_index(drop=True)


def fixed_horizon_outcomes(
    disability: pd.DataFrame,
    horizon_years: float = 5.0,
    serostatus: str = "all",
    outcome: str = "all",
    era: str = "all",
) -> pd.DataFrame:
    """Rows stating an outcome at ``horizon_years`` after onset (statements, Kaplan–Meier, counts),
    with intervals, the statement under review first, then by era, estimate type and outcome."""
    rows = select_disability(disability, serostatus, outcome, era)
    rows = rows[rows["horizon_years"] == horizon_years]
    return _order(disability_with_intervals(rows))


def follow_up_outcomes(
    disability: pd.DataFrame, serostatus: str = "all", outcome: str = "all", era: str = "all"
) -> pd.DataFrame:
    """Cohort rows without a fixed horizon (outcome by the end of follow-up, 'events / patients'),
    with Wilson intervals where the count is known; ordered by era, outcome and row id."""
    rows = select_disability(disability, serostatus, outcome, era, keep_claim=False)
    rows = rows[rows["horizon_years"].isna() & (rows["estimate_type"] == "crude")]
    return _order(disability_with_intervals(rows), claim_first=False, by_source=True)


def _study_label(row: pd.Series, labels: dict[str, str], source_types: dict[str, str]) -> str:
    site = labels[row["source_id"]]
    if row["estimate_type"] == "statement":
        return f"{site} (statement)"
    if source_types.get(row["source_id"]) in {"patient_information", "news"}:
        return f"{cohort_short(row['cohort'])} (via {site})"
    n = "" if _missing(row["n"]) else f", n={int(row['n'])}"
    horizon = f", {row['horizon_label']}" if _missing(row["horizon_years"]) else ""
    return f"{site}{n}{horizon}"


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


def _outcome_label(row: pd.Series) -> str:
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


def outcome_chart_rows(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Rows in the shape ``charts.interval_chart`` wants (percent 0-100), drawable rows only.

    A row is drawn when it has a proportion; unverified rows keep their status so that they are drawn
    as grey crosses. The group (colour) is the era and the kind of estimate.
    """
    labels = source_labels(sources)
    types = dict(zip(sources["source_id"], sources["source_type"], strict=True))
    drawable = rows[rows["shown_proportion"].notna()]
    out = []
    for _, row in drawable.iterrows():
        study = _study_label(row, labels, types)
        ci = _interval_text(row["ci_lower_shown"], row["ci_upper_shown"])
        value = percent(row["shown_proportion"])
        hover = "<br>".join(
            part
            for part in [
                f"<b>{html.escape(study)}</b>",
                f"Population: {wrapped(row['cohort'], escape=True)}",
                f"Serostatus: {row['serostatus']}; era: {ERA_LABELS[row['era']]}",
                f"Horizon: {html.escape(row['horizon_label'])}",
                f"Outcome: {html.escape(_outcome_label(row))}",
                f"Value: {value}" + (f" (95% CI {ci}; {row['interval_basis']})" if ci else ""),
                f"Estimate: {ESTIMATE_LABELS[row['estimate_type']]}",
                f"Status: {row['shown_status']}",
                f"Source: {row['source_id']}, {html.escape(row['locator'])}",
                f"Quote: {wrapped(row['quote'], escape=True)}" if isinstance(row["quote"], str) else "",
            ]
            if part
        )
        unverified = " [unverified]" if row["shown_status"] == "unverified" else ""
        bound = printed_bound(row["note"])
        unverified = f" (printed: {bound}){unverified}" if bound else unverified
        out.append(
            {
                "label": lane_label(f"{_outcome_label(row)}{unverified}", study),
                "value": 100 * row["shown_proportion"],
                "ci_lower": None if _missing(row["ci_lower_shown"]) else 100 * row["ci_lower_shown"],
                "ci_upper": None if _missing(row["ci_upper_shown"]) else 100 * row["ci_upper_shown"],
                "group": f"{ERA_LABELS[row['era']]} · {ESTIMATE_LABELS[row['estimate_type']]}",
                "status": row["shown_status"],
                "hover": hover,
                "source_id": row["source_id"],
            }
        )
    return pd.DataFrame(
        out, columns=["label", "value", "ci_lower", "ci_upper", "group", "status", "hover", "source_id"]
    )


def _outcome_figure(chart_rows: pd.DataFrame, title: str, extra: str) -> go.Figure:
    if chart_rows.empty:
        return empty_figure(title, "No row with a value matches the chosen parameters.")
    footnote = source_footnote(chart_rows["source_id"], extra)
    fig = interval_chart(chart_rows, title, "Patients with the outcome (%)", footnote)
    return fig.update_xaxes(range=[0, 100], dtick=10)


def fixed_horizon_figure(rows: pd.DataFrame, sources: pd.DataFrame, horizon_years: float) -> go.Figure:
    """Forest-style chart of the outcomes stated at ``horizon_years``: one line per source and outcome,
    coloured by era and kind of estimate, marker by status, whiskers only where an interval exists."""
    chart_rows = outcome_chart_rows(rows, sources)
    extra = (
        "Points without whiskers: no interval and no count reported. 'Composite': the source combines "
        "outcomes (e.g. blind or needing a walking aid); hover for its wording."
    )
    return _outcome_figure(chart_rows, f"Outcomes stated at {horizon_years:g} years after onset", extra)


def follow_up_figure(rows: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Forest-style chart of outcomes by the end of follow-up (cohorts with counts): Wilson 95% CI."""
    chart_rows = outcome_chart_rows(rows, sources)
    extra = (
        "Whiskers: Wilson 95% CI from the printed count, or from the one count that reproduces the printed "
        "% with the cohort's n. Follow-up differs by cohort (hover)."
    )
    return _outcome_figure(chart_rows, "Outcomes by the end of follow-up (cohorts with counts)", extra)


INTERVAL_SHORT = {
    "reported 95% CI": "reported",
    "Wilson 95% CI, printed count": "Wilson, printed count",
    "Wilson 95% CI, count recovered from printed % and n": "Wilson, count from printed % and n",
    "none: no whole count of n gives the printed %": "none: no whole count of n gives the %",
    "none": "none",
}


def _events_text(events: object, n: object) -> str:
    if _missing(n):
        return ""
    return f"n = {int(n)}" if _missing(events) else f"{int(events)} / {int(n)}"


def outcome_table(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The rows as a display table: cohort, outcome, horizon, events / n, value with its 95% interval
    in percent (a bound as printed, e.g. 'over 50%'), how the interval was obtained, status, source."""
    values = []
    for value, note, low, high in zip(
        rows["shown_proportion"], rows["note"], rows["ci_lower_shown"], rows["ci_upper_shown"], strict=True
    ):
        text = printed_bound(note) or (percent(value) if not _missing(value) else "not given")
        interval = _interval_text(low, high)
        values.append(f"{text} ({interval})" if interval else text)
    return pd.DataFrame(
        {
            "cohort": rows["cohort"].map(cohort_short),
            "serostatus": rows["serostatus"].map(SEROSTATUS_LABELS),
            "era": rows["era"].map(ERA_SHORT),
            "outcome": [_outcome_label(r) for _, r in rows.iterrows()],
            "horizon": rows["horizon_label"],
            "estimate": rows["estimate_type"].map(ESTIMATE_LABELS),
            "events / n": [_events_text(k, n) for k, n in zip(rows["events_used"], rows["n"], strict=True)],
            "value (95% CI)": values,
            "interval": rows["interval_basis"].map(INTERVAL_SHORT),
            "status": rows["shown_status"],
            "source_id": rows["source_id"],
        }
    )


def styled(table: pd.DataFrame, uuid: str) -> Styler:
    """A display table as a Styler: fixed id ``uuid`` (deterministic HTML), no index, text left- and
    top-aligned, nothing cut off."""
    cells = {"selector": "td, th", "props": "text-align: left; vertical-align: top; padding: 2px 8px;"}
    return table.style.set_uuid(uuid).hide(axis="index").set_table_styles([cells])


def claim_provenance_table(disability: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """How the five-year statement appears in the sources: every 'statement' row at a five-year horizon
    about wheelchair use or blindness (composites included), with its wording and status."""
    rows = disability[
        (disability["estimate_type"] == "statement")
        & (disability["horizon_years"] == 5)
        & (disability["outcome"] != "death")
    ]
    rows = _order(disability_with_intervals(rows))
    labels = source_labels(sources)
    types = dict(zip(sources["source_id"], sources["source_type"], strict=True))
    return pd.DataFrame(
        {
            "source": [labels[s] for s in rows["source_id"]],
            "kind of source": rows["source_id"].map(types).str.replace("_", " "),
            "outcome": [_outcome_label(r) for _, r in rows.iterrows()],
            "value": rows["shown_proportion"].map(lambda v: percent(v) if not _missing(v) else "missing"),
            "era framing": rows["era"].map(ERA_LABELS),
            "wording (verbatim)": rows["quote"].fillna(""),
            "status": rows["shown_status"],
            "source_id": rows["source_id"],
        }
    )


def _row(frame: pd.DataFrame, key: str, row_id: str) -> pd.Series:
    match = frame[frame[key] == row_id]
    if len(match) != 1:
        raise KeyError(f"{key} {row_id!r} not found exactly once")
    return match.iloc[0]


def five_year_claim_markdown(
    disability: pd.DataFrame, milestones: pd.DataFrame, sources: pd.DataFrame
) -> str:
    """Markdown: the seed's five-year sentence reconstructed, where its numbers come from, and what
    cohorts with AQP4-IgG testing report (all numbers read from the rows named in ``CLAIM_ROWS``,
    ``MODERN_ROWS``, ``CLOSEST_VISUAL_ROW`` and ``UNTREATED_EDSS6_MEDIAN_ROW``)."""
    rows = disability_with_intervals(disability)
    get = {name: _row(rows, "outcome_id", row_id) for name, row_id in {**CLAIM_ROWS, **MODERN_ROWS}.items()}
    closest = _row(rows, "outcome_id", CLOSEST_VISUAL_ROW)
    median_edss6 = _row(milestones, "milestone_id", UNTREATED_EDSS6_MEDIAN_ROW)
    labels = source_labels(sources)
    seed_w, seed_b = get["seed_wheelchair"], get["seed_blind"]
    w, b = get["wheelchair"], get["blind"]
    seed_filled = [percent(r["proportion"]) or "[number missing]" for r in (seed_w, seed_b)]
    roche_quote = w["quote"]
    era_phrase = roche_quote.split(",")[0]
    kit = get["kitley_wheelchair"]
    kit_ci = _interval_text(kit["ci_lower_shown"], kit["ci_upper_shown"])
    seed_text = " / ".join(
        [*(p.strip() for p in seed_w["quote"].split("/")), seed_b["quote"].split("/")[-1].strip(" …")]
    )
    lines = [
        "**The sentence in the source document** (roche.ch patient page, "
        f"`{SEED_SOURCE}`, status of its numbers: *{seed_w['status']}*; '/' marks a line break in the "
        "copy read):",
        "",
        f"> {seed_text}",
        "",
        f"In the copy read, the two percentages are blank: read literally it says *within five years "
        f"{seed_filled[0]} of the people affected need a wheelchair, {seed_filled[1]} are practically "
        "blind*. No citation is attached to it on the page (its footnote belongs to the prevalence "
        "sentence).",
        "",
        f"**Where the numbers are printed.** Roche's global page (`{w['source_id']}`, status "
        f"*{w['status']}*) gives them, with a qualifier the Swiss page drops:",
        "",
        f"> {roche_quote}",
        "",
        f"Filled in from that page, the sentence reads: within five years **{percent(w['proportion'])}** "
        f"need a wheelchair and **{percent(b['proportion'])}** are functionally blind. The numbers are "
        f"framed as '{era_phrase}', that is before AQP4-IgG testing and preventive "
        "immunotherapy, while the Swiss page states them in the present tense. No cohort behind them was "
        "traced: the candidate sources checked (Papadopoulos 2014, Wingerchuk 1999, Kitley 2012) do not "
        f"give this pair of numbers. The nearest cohort figure for vision, {percent(closest['proportion'])} "
        f"blind in at least one eye ({labels[closest['source_id']]}; {closest['horizon_label']}), is not "
        "a five-year figure.",
        "",
        "**What cohorts with AQP4-IgG testing report.** In the 140 AQP4-IgG-positive patients from Mayo "
        "Clinic records 2005–2011 (Kaplan–Meier, mostly treated; read on industry pages that cite the "
        f"cohort, status *{get['mayo_wheelchair']['status']}*; probably the cohort of `jiao2013`, a link "
        "inferred, not read in the paper), five years after onset "
        f"**{percent(get['mayo_wheelchair']['proportion'])}** needed a wheelchair (EDSS 8), "
        f"**{percent(get['mayo_walking_aid']['proportion'])}** a walker (EDSS 6), "
        f"**{percent(get['mayo_blind_one_eye']['proportion'])}** were legally blind in at least one eye "
        f"and **{percent(get['mayo_blind_both_eyes']['proportion'])}** in both eyes. In the UK and Japan "
        f"cohort of {int(kit['n'])} AQP4-positive patients ({labels[kit['source_id']]}), "
        f"{int(kit['events'])} ({percent(kit['shown_proportion'])}, 95% CI {kit_ci}) were wheelchair "
        f"dependent after {kit['horizon_label']}.",
        "",
        f"**Untreated disease is still severe.** In untreated AQP4-positive patients "
        f"({labels[median_edss6['source_id']]}), half reached EDSS 6 (walking aid) after "
        f"{median_edss6['value_as_printed']}, and "
        f"{percent(get['untreated_edss6_10y']['proportion'])} within ten years.",
        "",
        "**Verdict.** The source document's sentence is a historical, untraced figure presented as current. "
        f"Its wheelchair share ({percent(w['proportion'])}) compares with "
        f"{percent(get['mayo_wheelchair']['proportion'])} at five years in a treated AQP4-positive cohort; "
        "'functionally blind' and 'legally blind in one eye' are different measures and cannot be "
        "compared one to one.",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Milestones
# --------------------------------------------------------------------------------------------------


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


def _select_milestones(milestones: pd.DataFrame, serostatus: str, era: str) -> pd.DataFrame:
    keep = pd.Series(True, index=milestones.index)
    if serostatus != "all":
        keep &= milestones["serostatus"] == serostatus
    if era != "all":
        keep &= milestones["era"] == era
    return milestones[keep].copy()


def milestone_times(milestones: pd.DataFrame, serostatus: str = "all", era: str = "all") -> pd.DataFrame:
    """Median time (years from onset) to each milestone per cohort, with the milestone label and lane;
    ordered by cohort (first appearance) and milestone."""
    rows = _select_milestones(milestones, serostatus, era)
    rows = rows[rows["statistic"] == "median_time"].copy()
    rows["milestone_label"] = [milestone_label(r) for _, r in rows.iterrows()]
    rows["lane"] = rows["cohort"].map(cohort_short)
    lane_order = {lane: i for i, lane in enumerate(dict.fromkeys(rows["lane"]))}
    rows["_lane"] = rows["lane"].map(lane_order)
    rows["_milestone"] = rows["milestone_label"].map(MILESTONE_ORDER.index)
    return (
        rows.sort_values(["_lane", "_milestone"]).drop(columns=["_lane", "_milestone"]).reset_index(drop=True)
    )


def milestone_proportions(
    milestones: pd.DataFrame, serostatus: str = "all", era: str = "all"
) -> pd.DataFrame:
    """Share of patients reaching a milestone by a horizon (0-1), per cohort."""
    rows = _select_milestones(milestones, serostatus, era)
    return rows[rows["statistic"] == "proportion_by_horizon"].reset_index(drop=True)


def milestone_figure(rows: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Dot timeline: one lane per cohort, one dot per milestone at its median time (years from onset),
    coloured by milestone, marker by status. Only printed medians are drawn; nothing is joined by lines."""
    title = "Median time from onset to disability milestones, by cohort"
    if rows.empty:
        return empty_figure(title, "No median time to a milestone matches the chosen parameters.")
    labels = source_labels(sources)
    lanes = list(dict.fromkeys(rows["lane"]))
    lane_text = {
        lane: lane_label(lane, f"{labels[src]} · {SEROSTATUS_LABELS[sero]}")
        for lane, src, sero in zip(rows["lane"], rows["source_id"], rows["serostatus"], strict=True)
    }
    position = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}
    fig = go.Figure()
    for number, milestone in enumerate(MILESTONE_ORDER):
        part = rows[rows["milestone_label"] == milestone]
        if part.empty:
            continue
        hover = [
            "<br>".join(
                [
                    f"<b>{html.escape(labels[r['source_id']])}</b>: {html.escape(milestone)}",
                    f"Population: {wrapped(r['cohort'], escape=True)}",
                    f"Serostatus: {r['serostatus']}; era: {ERA_LABELS[r['era']]}",
                    f"Median time: {r['value']:.3g} years (printed: {html.escape(r['value_as_printed'])})",
                    f"Status: {r['status']}",
                    f"Source: {r['source_id']}, {html.escape(r['locator'])}",
                    f"Quote: {wrapped(r['quote'], escape=True)}",
                    f"Note: {wrapped(r['note'], escape=True)}" if isinstance(r["note"], str) else "",
                ]
            )
            for _, r in part.iterrows()
        ]
        points = part.assign(ci_lower=None, ci_upper=None, hover=hover)
        y = [position[lane] for lane in part["lane"]]
        colour, dash = group_style(number)
        fig.add_traces(interval_traces(points, y, milestone, colour, dash, size=11, outline="#333333"))
    fig.update_yaxes(
        tickvals=list(position.values()),
        ticktext=[lane_text[lane] for lane in position],
        range=[-0.7, len(lanes) - 0.3],
        showgrid=True,
    )
    footnote = source_footnote(
        rows["source_id"],
        milestone_caveats(rows, labels)
        + "No curve is drawn between milestones. "
        + status_key(rows["status"]),
    )
    height = 40 + (row_px(lane_text.values()) + 20) * len(lanes)
    fig = house_style(fig, title, "Years from disease onset", "", footnote, height=height)
    return fig.update_xaxes(rangemode="tozero", showgrid=True)


def milestone_caveats(rows: pd.DataFrame, labels: dict[str, str]) -> str:
    """Footnote caveats for the milestone rows shown: Kurtzke DSS read as EDSS, '±' values not drawn."""
    dss = sorted(
        {labels[s] for s, note in zip(rows["source_id"], rows["note"], strict=True) if "(DSS)" in str(note)}
    )
    spread = sorted(
        {labels[s] for s, v in zip(rows["source_id"], rows["value_as_printed"], strict=True) if "±" in v}
    )
    parts = ["Median years from onset as printed."]
    if dss:
        parts.append(f"Kurtzke DSS read as EDSS for {', '.join(dss)}.")
    if spread:
        parts.append(f"'±' printed by {', '.join(spread)} is not a CI and is not drawn.")
    return " ".join(parts) + " "


def milestone_table(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Display table of milestone rows: cohort, milestone, value (years or percent) as printed and used."""
    labels = source_labels(sources)
    is_share = rows["statistic"] == "proportion_by_horizon"
    return pd.DataFrame(
        {
            "source": [labels[s] for s in rows["source_id"]],
            "cohort": rows["cohort"].map(cohort_short),
            "n": rows["n"].map(lambda v: "" if _missing(v) else str(int(v))),
            "serostatus": rows["serostatus"].map(SEROSTATUS_LABELS),
            "era": rows["era"].map(ERA_SHORT),
            "milestone": [milestone_label(r) for _, r in rows.iterrows()],
            "value": [
                f"{percent(v)} by {h:g} years" if share else f"median {v:.3g} years"
                for v, h, share in zip(rows["value"], rows["horizon_years"], is_share, strict=True)
            ],
            "as printed": rows["value_as_printed"],
            "status": rows["status"],
            "source_id": rows["source_id"],
        }
    )


# --------------------------------------------------------------------------------------------------
# Relapses, NMOSD versus MS
# --------------------------------------------------------------------------------------------------


def course_facts_table(course_facts: pd.DataFrame, section: str) -> pd.DataFrame:
    """Display table of the course facts of one ``section`` of ``COURSE_TOPICS`` (subject, finding,
    number with its unit, sample size, status, source)."""
    rows = course_facts[course_facts["topic"].isin(COURSE_TOPICS[section])]

    def number(row: pd.Series) -> str:
        if _missing(row["value"]):
            return ""
        unit = "" if _missing(row["unit"]) else str(row["unit"])
        value = f"{row['value']:g}"
        if unit.startswith("percent"):
            return f"{value}%{unit.removeprefix('percent')}"
        return f"{value} {unit}".strip()

    return pd.DataFrame(
        {
            "subject": rows["subject"],
            "finding": rows["finding"],
            "number": [number(r) for _, r in rows.iterrows()],
            "n": rows["n"].map(lambda v: "" if _missing(v) else str(int(v))),
            "status": rows["status"],
            "source_id": rows["source_id"],
        }
    ).reset_index(drop=True)


def pseudorelapse_share(course_facts: pd.DataFrame) -> pd.DataFrame:
    """Share of hospitalisations for presumed relapse that were pseudorelapses or confirmed relapses
    (Kessler 2016 counts), percent with Wilson 95% CI, next to the percentages the data computed."""
    facts = course_facts.set_index("fact_id")
    out = []
    for kind, count_id, pct_id in [
        ("pseudorelapse", "kessler2016_pseudorelapses", "kessler2016_pseudorelapse_pct"),
        ("confirmed relapse", "kessler2016_confirmed_relapses", "kessler2016_true_relapse_pct"),
    ]:
        events, n = int(facts.loc[count_id, "value"]), int(facts.loc[count_id, "n"])
        low, high = wilson_interval(events, n)
        out.append(
            {
                "kind": kind,
                "hospitalisations": f"{events} of {n}",
                "share": percent(events / n),
                "95% CI (Wilson)": _interval_text(low, high),
                "share in the data (computed)": f"{facts.loc[pct_id, 'value']:g}%",
                "status": "computed",
                "source_id": facts.loc[count_id, "source_id"],
            }
        )
    return pd.DataFrame(out)


def relapse_recovery_markdown(course_facts: pd.DataFrame, acute: pd.DataFrame) -> str:
    """Markdown: the seed's statements on relapses (recovery worse than in MS, worsening with each
    relapse) against the evidence rows; numbers read from ``course_facts`` and ``acute``."""
    facts = course_facts.set_index("fact_id")
    seed = facts.loc["roche_ch_recovery_vs_ms"]
    remission = acute_remission(acute).set_index("acute_id")
    cr = remission.loc["kleiter2016_first_course_cr"]
    pr = remission.loc["kleiter2016_first_course_pr"]
    cr_ci = _interval_text(cr["ci_lower_shown"], cr["ci_upper_shown"])
    second = _row(acute, "acute_id", "kleiter2016_second_course_needed")
    chen = facts.loc["chen2025_edss_per_relapse"]
    chen_ci = re.search(r"95% CI ([0-9.]+-[0-9.]+)", str(chen["quote"]))
    akaishi = facts.loc["akaishi2020_stepwise_progression"]
    unify = facts.loc["unifyrare_myelitis_first_attack_recovery"]
    jarius = facts.loc["jarius2012_relapse_outcome_by_serostatus"]
    lines = [
        f"**The source document says** (`{SEED_SOURCE}`, status *{seed['status']}*):",
        "",
        f"> {seed['quote']}",
        "",
        f"**Complete recovery after a first treatment course is uncommon.** In {int(cr['n_attacks'])} "
        f"attacks treated in the German NEMOS cohort (`{cr['source_id']}`), the first treatment course gave "
        f"complete remission in {percent(cr['value'])} (95% CI {cr_ci}, Wilson on attacks) and partial "
        f"remission in {percent(pr['value'])}; a second course was needed in "
        f"{percent(second['value'])} of attacks, and escalating treatment improved the outcome. An "
        "industry page reports "
        f"partial or no recovery after a first myelitis in {unify['value']:g}% of {int(unify['n'])} patients "
        f"(`{unify['source_id']}`, *{unify['status']}*; original study not identified).",
        "",
        f"**Disability accrues at attacks.** {akaishi['finding'].rstrip('.')} "
        f"(`{akaishi['source_id']}`, {int(akaishi['n'])} NMOSD patients). In {int(chen['n'])} "
        f"AQP4-positive patients (`{chen['source_id']}`) each relapse added on average "
        f"{chen['value']:g} EDSS points"
        + (f" (95% CI {chen_ci.group(1).replace('-', '–')})" if chen_ci else "")
        + ": an average, so not every relapse leaves a lasting deficit. Recovery from relapse did not "
        f"differ by serostatus in `{jarius['source_id']}`.",
        "",
        "**Verdict.** Supported with nuance: recovery after an attack is usually incomplete and the "
        "evidence ties lasting disability to attacks rather than to a progressive phase, as in the "
        "statement; 'worsens with each relapse' describes the average, not every relapse.",
    ]
    return "\n".join(lines)


def ms_drug_table(course_facts: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """MS drugs in NMOSD: drug, what happened, how many patients, study, design and status."""
    rows = course_facts[course_facts["topic"] == "ms_drug"]
    labels = source_labels(sources)
    types = dict(zip(sources["source_id"], sources["source_type"], strict=True))
    return pd.DataFrame(
        {
            "drug": rows["subject"],
            "finding": rows["finding"],
            "patients": rows["n"].map(lambda v: "" if _missing(v) else str(int(v))),
            "study": [labels[s] for s in rows["source_id"]],
            "kind of source": rows["source_id"].map(types).str.replace("_", " "),
            "status": rows["status"],
            "source_id": rows["source_id"],
        }
    ).reset_index(drop=True)


def ms_drugs_markdown(course_facts: pd.DataFrame) -> str:
    """Markdown: the seed's statement that MS drugs often worsen NMOSD, against the series and case
    reports in ``course_facts`` (numbers read from the rows)."""
    facts = course_facts.set_index("fact_id")
    seed = facts.loc["roche_ch_ms_drugs_worsen"]
    ifn = facts.loc["kim2012_ifnb_ineffective"]
    ifn_arr = facts.loc["kim2012_ifnb_arr_increase"]
    nat = facts.loc["kleiter2012_natalizumab_relapses"]
    nat_dis = facts.loc["kleiter2012_natalizumab_disability_death"]
    ga = facts.loc["ayzenberg2016_glatiramer"]
    ms = course_facts[course_facts["topic"] == "ms_drug"]
    singles = ms[ms["n"] == 1]
    drugs = sorted(set(ms["subject"]) - {seed["subject"]} - {s for s in ms["subject"] if "class" in s})
    lines = [
        f"**The source document says** (`{SEED_SOURCE}`, status *{seed['status']}*):",
        "",
        f"> {seed['quote']}",
        "",
        f"**Evidence by drug** ({', '.join(drugs)}). The largest series is {int(ifn['n'])} patients on "
        f"interferon beta (`{ifn['source_id']}`): {ifn['value']:g}% had an ineffective or exacerbated "
        f"response and the relapse rate rose by more than half in {ifn_arr['value']:g}%. On natalizumab, "
        f"all {int(nat['n'])} AQP4-positive patients of `{nat['source_id']}` kept relapsing "
        f"({int(nat['value'])} relapses); {int(nat_dis['value'])} accumulated disability. On glatiramer "
        f"acetate (`{ga['source_id']}`, {int(ga['n'])} patients) the relapse rate did not fall "
        f"({ga['value']:g} per year during treatment): ineffective rather than harmful. Fingolimod, "
        f"alemtuzumab and further interferon or natalizumab reports are single cases or very small "
        f"series ({len(singles)} single-patient reports in the table).",
        "",
        "**Verdict.** Supported: interferon beta and natalizumab are followed by more or continued "
        "attacks in series, other MS drugs fail in case reports, and no MS drug is shown to help. The "
        "evidence is observational (small series, case reports), so 'often' is not a measured frequency.",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Acute attack treatment (reads data/treatment/acute.csv)
# --------------------------------------------------------------------------------------------------


def acute_outcome_kind(outcome: str) -> str:
    """'use' (share that received a treatment), 'escalation' (a further course needed) or 'outcome'."""
    if "treatment use" in outcome:
        return "use"
    if "course needed" in outcome:
        return "escalation"
    return "outcome"


def acute_remission(acute: pd.DataFrame) -> pd.DataFrame:
    """Proportions (0-1) of attacks or patients reaching remission or improvement after acute treatment,
    by treatment and timing, with Wilson 95% CIs where a count is printed or uniquely recoverable
    (response rows only; timing rows are model probabilities and get none). Denominator: attacks where
    given, else patients."""
    rows = acute[(acute["measure"] == "proportion")].copy()
    rows = rows[rows["outcome"].map(acute_outcome_kind) == "outcome"]
    extra = []
    for _, row in rows.iterrows():
        n = row["n_attacks"] if not _missing(row["n_attacks"]) else row["n_patients"]
        extra.append(
            proportion_with_interval(
                row["value"],
                None,
                n,
                (row["ci_lower"], row["ci_upper"]),
                printed_as_percentage=_is_percentage(row["value_as_printed"]),
                countable=row["factor"] == "response",
                status=row["status"],
            )
            | {"denominator": "attacks" if not _missing(row["n_attacks"]) else "patients", "n_used": n}
        )
    return pd.concat([rows.reset_index(drop=True), pd.DataFrame(extra)], axis=1)


def _acute_label(row: pd.Series) -> str:
    outcome = re.sub(r"\s*\(predictor:[^)]*\)", "", row["outcome"])
    printed = str(row["value_as_printed"])
    if re.search(r"\d\s*%?\s*[-–]\s*\d", printed):
        outcome = f"{outcome} (printed: {printed})"
    return lane_label(outcome, row["study"])


def _acute_hover(row: pd.Series, value_text: str) -> str:
    parts = [
        f"<b>{html.escape(row['study'])}</b>",
        f"Design: {wrapped(row['design'], escape=True)}",
        f"Treatment: {TREATMENT_LABELS[row['treatment']]}"
        + (f" vs {html.escape(row['comparator'])}" if isinstance(row["comparator"], str) else ""),
        f"Outcome: {wrapped(row['outcome'], escape=True)}",
        f"Value: {value_text} (printed: {html.escape(row['value_as_printed'])})",
        f"Status: {row.get('shown_status', row['status'])}",
        f"Source: {row['source_id']}, {html.escape(row['locator'])}",
        f"Quote: {wrapped(row['quote'], escape=True)}" if isinstance(row["quote"], str) else "",
        f"Note: {wrapped(row['note'], escape=True)}" if isinstance(row["note"], str) else "",
    ]
    return "<br>".join(p for p in parts if p)


def acute_remission_figure(rows: pd.DataFrame) -> go.Figure:
    """Forest-style chart of remission / improvement after acute treatment (percent), coloured by
    treatment, timing rows labelled; whiskers only where a count gives a Wilson CI."""
    order = rows.assign(
        _factor=rows["factor"].map({"response": 0, "timing": 1}),
        _treatment=rows["treatment"].map(list(TREATMENT_LABELS).index),
    ).sort_values(["_factor", "_treatment"], kind="stable")
    chart = []
    for _, row in order.iterrows():
        ci = _interval_text(row["ci_lower_shown"], row["ci_upper_shown"])
        value = percent(row["shown_proportion"])
        chart.append(
            {
                "label": _acute_label(row),
                "value": 100 * row["shown_proportion"],
                "ci_lower": None if _missing(row["ci_lower_shown"]) else 100 * row["ci_lower_shown"],
                "ci_upper": None if _missing(row["ci_upper_shown"]) else 100 * row["ci_upper_shown"],
                "group": TREATMENT_LABELS[row["treatment"]]
                + (" · timing (model probability)" if row["factor"] == "timing" else ""),
                "status": row["shown_status"],
                "hover": _acute_hover(
                    row,
                    value
                    + (
                        f" (95% CI {ci}; {row['interval_basis']}; "
                        f"n={int(row['n_used'])} {row['denominator']})"
                        if ci
                        else ""
                    ),
                ),
                "source_id": row["source_id"],
            }
        )
    frame = pd.DataFrame(chart)
    footnote = source_footnote(
        frame["source_id"],
        "Outcomes differ by study (complete remission, return to baseline EDSS, 'significant improvement'). "
        "Wilson CIs on attacks ignore clustering of attacks within patients.",
    )
    fig = interval_chart(
        frame, "Remission or improvement after acute attack treatment", "Attacks or patients (%)", footnote
    )
    return fig.update_xaxes(range=[0, 100], dtick=10)


def acute_effects(acute: pd.DataFrame) -> pd.DataFrame:
    """Odds and hazard ratios for treatment type and timing (not patient predictors such as age or a
    previous remission), with the interval as printed."""
    rows = acute[
        acute["measure"].isin(["odds_ratio", "hazard_ratio"]) & (acute["treatment"] != "any_first_line")
    ]
    return rows.reset_index(drop=True)


def acute_effects_figure(rows: pd.DataFrame) -> go.Figure:
    """Log-scale forest chart of the ratios in :func:`acute_effects`, reference line at 1."""
    chart = []
    for _, row in rows.iterrows():
        measure = "OR" if row["measure"] == "odds_ratio" else "HR"
        ci = (
            f" (95% CI {row['ci_lower']:g}–{row['ci_upper']:g}, as printed)"
            if not _missing(row["ci_lower"])
            else " (no CI reported)"
        )
        comparison = f" vs {row['comparator']}" if isinstance(row["comparator"], str) else ""
        outcome = re.sub(r"\s*\(predictor:[^)]*\)", "", row["outcome"])
        treatment = f"{TREATMENT_LABELS[row['treatment']]}{comparison}"
        chart.append(
            {
                "label": lane_label(f"{measure}: {outcome}", f"{row['study']}: {treatment}"),
                "value": row["value"],
                "ci_lower": row["ci_lower"],
                "ci_upper": row["ci_upper"],
                "group": {"comparison": "Treatment type", "timing": "Timing"}[row["factor"]],
                "status": row["status"],
                "hover": _acute_hover(row, f"{measure} {row['value']:g}{ci}"),
                "source_id": row["source_id"],
            }
        )
    frame = pd.DataFrame(chart)
    footnote = source_footnote(
        frame["source_id"],
        "Ratios as printed; read each label for its direction (odds of remission, or of failure). "
        "No whisker: no CI reported. Unverified rows have no verbatim quote.",
    )
    return interval_chart(
        frame,
        "Treatment type and timing: reported odds and hazard ratios",
        "Ratio (log scale)",
        footnote,
        log_x=True,
        reference_line=1,
    )


def acute_table(acute: pd.DataFrame) -> pd.DataFrame:
    """Every acute-treatment row: study, treatment, outcome, figure as printed, interval, status."""
    return pd.DataFrame(
        {
            "study": acute["study"],
            "patients": acute["n_patients"].map(lambda v: "" if _missing(v) else str(int(v))),
            "attacks": acute["n_attacks"].map(lambda v: "" if _missing(v) else str(int(v))),
            "treatment": acute["treatment"].map(TREATMENT_LABELS),
            "comparator": acute["comparator"].fillna(""),
            "kind": acute["outcome"].map(acute_outcome_kind),
            "outcome": acute["outcome"],
            "as printed": acute["value_as_printed"],
            "p": acute["p_value"].fillna(""),
            "status": acute["status"],
            "source_id": acute["source_id"],
        }
    )


def acute_remission_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The remission rows as drawn: value, count used, Wilson CI and how it was obtained."""
    return pd.DataFrame(
        {
            "study": rows["study"],
            "treatment": rows["treatment"].map(TREATMENT_LABELS),
            "outcome": rows["outcome"],
            "n": [f"{int(n)} {d}" for n, d in zip(rows["n_used"], rows["denominator"], strict=True)],
            "count": rows["events_used"].map(lambda v: "" if _missing(v) else str(int(v))),
            "value": rows["shown_proportion"].map(percent),
            "95% CI": [
                _interval_text(lo, hi)
                for lo, hi in zip(rows["ci_lower_shown"], rows["ci_upper_shown"], strict=True)
            ],
            "interval": rows["interval_basis"],
            "status": rows["shown_status"],
            "source_id": rows["source_id"],
        }
    )


# --------------------------------------------------------------------------------------------------
# What is left out, and the rows a report used
# --------------------------------------------------------------------------------------------------


def not_drawn(disability: pd.DataFrame, milestones: pd.DataFrame, acute: pd.DataFrame) -> pd.DataFrame:
    """Rows of the tables this report charts that no chart draws, with the reason (all rows, whatever
    the parameters): no value, no fixed horizon and no count, or not a measure the charts show."""
    out = []
    for _, row in disability.iterrows():
        if _missing(row["proportion"]) and _missing(row["events"]):
            reason = (
                "no value given ("
                + (
                    "number missing in the copy read"
                    if row["status"] == "unverified"
                    else "only counts of another denominator"
                )
                + ")"
            )
        elif _missing(row["horizon_years"]) and row["estimate_type"] != "crude":
            reason = "statement without a horizon or a cohort"
        else:
            continue
        out.append(
            {
                "table": "disability",
                "row": row["outcome_id"],
                "reason": reason,
                "status": row["status"],
                "source_id": row["source_id"],
            }
        )
    for _, row in milestones[milestones["statistic"] == "proportion_by_horizon"].iterrows():
        out.append(
            {
                "table": "milestones",
                "row": row["milestone_id"],
                "reason": "share by a horizon: in the milestone table, not the median chart",
                "status": row["status"],
                "source_id": row["source_id"],
            }
        )
    for _, row in acute.iterrows():
        kind = acute_outcome_kind(row["outcome"])
        if row["measure"] == "correlation":
            reason = "correlation, not a ratio or a share: table only"
        elif kind != "outcome":
            reason = f"{'treatment use' if kind == 'use' else 'escalation share'}: table only"
        elif row["measure"] != "proportion" and row["treatment"] == "any_first_line":
            reason = "patient predictor, not a treatment effect: table only"
        else:
            continue
        out.append(
            {
                "table": "acute",
                "row": row["acute_id"],
                "reason": reason,
                "status": row["status"],
                "source_id": row["source_id"],
            }
        )
    return pd.DataFrame(out, columns=["table", "row", "reason", "status", "source_id"])


def claim_narrative_rows(disability: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """``source_id`` and ``status`` of the rows :func:`five_year_claim_markdown` quotes (for the
    reference list: the narrative is shown whatever the filters)."""
    ids = [*CLAIM_ROWS.values(), *MODERN_ROWS.values(), CLOSEST_VISUAL_ROW]
    used = disability_with_intervals(disability[disability["outcome_id"].isin(ids)])
    median = milestones[milestones["milestone_id"] == UNTREATED_EDSS6_MEDIAN_ROW]
    return pd.concat(
        [
            used[["source_id", "shown_status"]].rename(columns={"shown_status": "status"}),
            median[["source_id", "status"]],
        ],
        ignore_index=True,
    )


def evidence_used(*frames: pd.DataFrame) -> pd.DataFrame:
    """``source_id`` and ``status`` of every row shown (for ``sources.reference_list``); frames with a
    ``shown_status`` column contribute that status."""
    return evidence_rows(*frames)
