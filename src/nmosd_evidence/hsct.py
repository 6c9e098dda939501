"""HSCT outcomes: the two San Raffaele allogeneic cases, their follow-up, and the cohorts around them.

Pure functions: the ``patients``, ``events`` and ``cohorts`` tables in (``load(...)``), DataFrames,
figures and Markdown out. Years are calendar years; follow-up is in whole years; proportions are 0-1 in
tables and per cent (%) in figures and text. Every number shown comes from a data row and keeps its
``source_id`` and ``status``; where a value is derived (a count, a Wilson interval, a year difference)
the row says how.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler
from plotly.subplots import make_subplots

from .charts import (
    PALETTE,
    STATUS_MARKERS,
    house_style,
    interval_chart,
    interval_traces,
    rounded,
    row_px,
    source_footnote,
    status_key,
    wrapped,
)
from .formatting import percent
from .intervals import wilson_interval
from .sources import evidence_rows

PATIENTS = ("P1", "P2")
PAIR = "both"
TRANSPLANT_EVENT = "allogeneic_hsct"
LONG_TERM_EVENT = "long_term_report"
REPORT_EVENTS = ("early_report", LONG_TERM_EVENT)

# Weakest first: a value derived from several rows carries the weakest of their statuses.
STATUS_ORDER = ("unverified", "inferred", "secondary", "abstract", "computed", "verified")
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
BENEFIT_MEASURES = ("relapse_free", "progression_free", "overall_survival")
RISK_MEASURES = ("non_relapse_mortality", "gvhd", "deaths")
GROUP_LABELS = {
    ("allogeneic", "nmosd"): "allogeneic HSCT, NMOSD",
    ("autologous", "nmosd"): "autologous HSCT, NMOSD",
    ("mixed", "nmosd"): "pooled review, autologous and allogeneic, NMOSD",
    ("allogeneic", "autoimmune"): "allogeneic HSCT, autoimmune diseases (not NMOSD-specific)",
    ("mixed", "autoimmune"): "stem-cell transplantation in general (not NMOSD-specific)",
    ("autologous", "autoimmune"): "autologous HSCT, autoimmune diseases (not NMOSD-specific)",
}
PAIR_SERIES = "San Raffaele allogeneic pair"
PAIR_FOLLOW_UP = "both_follow_up_years"  # the long-term report's follow-up, stated for the pair
SEGMENT_COLOURS = {"relapse-free, reported": "#009E73", "after the last report in the data": "#D9D9D9"}
EVENT_COLOURS = {
    "autologous_hsct": PALETTE[4],
    "allogeneic_hsct": PALETTE[0],
    "early_report": PALETTE[1],
    "long_term_report": PALETTE[3],
    "other": PALETTE[7],
}
MEASURE_COLOURS = {
    "relapse-free": "#009E73",
    "progression-free": "#0072B2",
    "overall survival": "#56B4E9",
    "non-relapse mortality": "#D55E00",
    "deaths": "#000000",
    "acute GvHD": "#E69F00",
    "chronic GvHD": "#CC79A7",
    "GvHD": "#E69F00",
    "severe opportunistic infections": "#882255",
}
EVENT_LABELS = {
    "autologous_hsct": "autologous HSCT",
    "allogeneic_hsct": "allogeneic HSCT",
    "early_report": "early report",
    "long_term_report": "long-term report",
    "other": "other event",
}


# --- small helpers -----------------------------------------------------------------------------


def weakest_status(statuses: list[str] | pd.Series) -> str:
    """The weakest of ``statuses`` in the evidence vocabulary (a derived value never gains status)."""
    present = set(statuses)
    return next(status for status in STATUS_ORDER if status in present)


def first_sentence(text: str | None) -> str:
    """The first sentence of ``text`` ('' when missing): used for the reason an unknown stays empty."""
    if text is None or pd.isna(text):
        return ""
    return re.split(r"(?<=[.;])\s+(?=[A-Z'])", str(text).strip(), maxsplit=1)[0].rstrip(";")


def years_text(years: int) -> str:
    """'1 year', '17 years'."""
    return f"{years} year" if years == 1 else f"{years} years"


def horizon_text(horizon_years: float | None) -> str:
    """A time horizon in words: 0.274 -> 'at 100 days', 5 -> 'at 5 years', missing -> ''."""
    if horizon_years is None or pd.isna(horizon_years):
        return ""
    if horizon_years < 1:
        return f"at {round(horizon_years * 365.25)} days"
    return f"at {horizon_years:g} years"


def cite(*source_ids: str) -> str:
    """An inline citation for Markdown: '[a; b]' (ids resolve in the report's reference list)."""
    return "[" + "; ".join(f"`{s}`" for s in dict.fromkeys(source_ids)) + "]"


def styled(table: pd.DataFrame, uuid: str, hide_index: bool = False) -> Styler:
    """``table`` as a Styler with a fixed id (deterministic HTML), text left-aligned and top-aligned."""
    styler = table.style.set_uuid(uuid).set_table_styles(
        [
            {"selector": "td, th", "props": "text-align: left; vertical-align: top; padding: 4px 8px;"},
            {"selector": "td", "props": "max-width: 28em;"},
        ]
    )
    styler = styler.format(na_rep="", precision=1)
    return styler.hide(axis="index") if hide_index else styler


# --- years and follow-up -----------------------------------------------------------------------


def transplant_years(events: pd.DataFrame) -> dict[str, int]:
    """Patient -> calendar year of the allogeneic HSCT (from the timeline's transplant events)."""
    rows = events[events["event"] == TRANSPLANT_EVENT]
    return {str(row.patient): int(row.year) for row in rows.itertuples()}


def long_term_report_year(events: pd.DataFrame) -> int:
    """Calendar year of the (latest) long-term report in the timeline: the default ``as_of_year``."""
    return int(events.loc[events["event"] == LONG_TERM_EVENT, "year"].max())


def as_of_year_bounds(events: pd.DataFrame) -> tuple[int, int]:
    """(first, last) allowed ``as_of_year``: the last transplant year (both lanes exist) and the last
    year the timeline has data for (no follow-up into years beyond the data)."""
    return max(transplant_years(events).values()), int(events["year"].max())


def follow_up_years(transplant_year: int, as_of_year: int) -> int:
    """Follow-up in whole years from a transplant year to ``as_of_year`` (calendar-year difference).

    Only years are known, so the true time lies within one year either side of this number.
    """
    if as_of_year < transplant_year:
        raise ValueError(f"as_of_year {as_of_year} is before the transplant year {transplant_year}")
    return as_of_year - transplant_year


def follow_up_table(patients: pd.DataFrame, events: pd.DataFrame, as_of_year: int) -> pd.DataFrame:
    """Per patient: transplant year, follow-up to ``as_of_year`` (years, with the range that year-only
    dates allow), the follow-up the long-term report gives (years; empty while ``as_of_year`` is before
    that report) and the assessment year it implies."""
    reported = patients[(patients["attribute"] == "follow_up_years") & patients["patient"].isin(PATIENTS)]
    if long_term_report_year(events) > as_of_year:  # the report giving these figures is not out yet
        reported = reported.iloc[0:0]
    reported = reported.set_index("patient")
    rows = []
    for patient, year in transplant_years(events).items():
        years = follow_up_years(year, as_of_year)
        row = reported.loc[patient] if patient in reported.index else None
        value = None if row is None or pd.isna(row["value_number"]) else int(row["value_number"])
        rows.append(
            {
                "patient": patient,
                "transplant year": year,
                "as of year": as_of_year,
                "follow-up (years)": years,
                "possible range (years)": f"{max(years - 1, 0)}–{years + 1}",
                "reported follow-up (years)": value,
                "reported: status": None if row is None else row["status"],
                "reported: source": None if row is None else row["source_id"],
                "assessment year implied by the report": None if value is None else year + value,
            }
        )
    return pd.DataFrame(rows).astype({"reported follow-up (years)": "Int64"})


# --- swimmer plot data -------------------------------------------------------------------------


def lane_labels(patients: pd.DataFrame, events: pd.DataFrame) -> dict[str, str]:
    """Patient -> lane label from the data: 'P1 · male · sister · 2009'."""
    values = patients[patients["patient"].isin(PATIENTS)].drop_duplicates(["patient", "attribute"])
    values = values.set_index(["patient", "attribute"])["value"]
    labels = {}
    for patient, year in transplant_years(events).items():
        parts = [patient]
        parts += [str(values[(patient, a)]) for a in ("sex", "donor") if pd.notna(values.get((patient, a)))]
        labels[patient] = " · ".join([*parts, str(year)])
    return labels


def swimmer_events(events: pd.DataFrame, as_of_year: int) -> pd.DataFrame:
    """One row per lane and timeline event up to ``as_of_year`` ('both' events on each lane), with
    ``years_after`` = event year minus that patient's transplant year."""
    start = transplant_years(events)
    rows = []
    for row in events.sort_values(["year", "event_id"]).itertuples():
        for patient in PATIENTS if row.patient == PAIR else (row.patient,):
            if patient in start and start[patient] <= row.year <= as_of_year:
                rows.append(
                    {
                        "patient": patient,
                        "event_id": row.event_id,
                        "event": row.event,
                        "year": int(row.year),
                        "years_after": int(row.year) - start[patient],
                        "disease_status": row.disease_status,
                        "description": row.description,
                        "status": row.status,
                        "source_id": row.source_id,
                    }
                )
    return pd.DataFrame(rows).sort_values(["patient", "year", "event_id"], ignore_index=True)


def swimmer_lanes(events: pd.DataFrame, as_of_year: int) -> pd.DataFrame:
    """Lane segments per patient, in years after transplant: relapse-free as far as the latest report
    (up to ``as_of_year``) that states it, then the stretch no report in the data covers."""
    marked = swimmer_events(events, as_of_year)
    rows = []
    for patient, year in transplant_years(events).items():
        reports = marked[(marked["patient"] == patient) & (marked["disease_status"] == "relapse_free")]
        end = follow_up_years(year, as_of_year)
        covered = 0
        if not reports.empty:
            last = reports.sort_values("years_after").iloc[-1]
            covered = int(last["years_after"])
            rows.append(
                {
                    "patient": patient,
                    "segment": "relapse-free, reported",
                    "start": 0,
                    "end": covered,
                    "from_year": year,
                    "to_year": year + covered,
                    "status": last["status"],
                    "source_id": last["source_id"],
                    "basis": f"relapse-free as stated in the report of {year + covered}",
                }
            )
        if end > covered or reports.empty:
            rows.append(
                {
                    "patient": patient,
                    "segment": "after the last report in the data",
                    "start": covered,
                    "end": end,
                    "from_year": year + covered,
                    "to_year": as_of_year,
                    "status": None,
                    "source_id": None,
                    "basis": f"no report in the data covers {year + covered}–{as_of_year}",
                }
            )
    return pd.DataFrame(rows)


def swimmer_end_points(patients: pd.DataFrame, events: pd.DataFrame, as_of_year: int) -> pd.DataFrame:
    """Lane end points, in years after transplant: the end at ``as_of_year``, and (once the long-term
    report is out by ``as_of_year``) the follow-up that report gives, with its status."""
    follow = follow_up_table(patients, events, as_of_year).set_index("patient")
    report_out = long_term_report_year(events) <= as_of_year
    rows = []
    for patient in follow.index:
        rows.append(
            {
                "patient": patient,
                "end_point": f"as of {as_of_year}",
                "years_after": int(follow.loc[patient, "follow-up (years)"]),
                "year": as_of_year,
                "status": "computed",
                "source_id": None,
            }
        )
        reported = follow.loc[patient, "reported follow-up (years)"]
        if report_out and pd.notna(reported):
            rows.append(
                {
                    "patient": patient,
                    "end_point": "follow-up as reported",
                    "years_after": int(reported),
                    "year": int(follow.loc[patient, "assessment year implied by the report"]),
                    "status": follow.loc[patient, "reported: status"],
                    "source_id": follow.loc[patient, "reported: source"],
                }
            )
    return pd.DataFrame(rows)


def swimmer_plot(patients: pd.DataFrame, events: pd.DataFrame, as_of_year: int) -> go.Figure:
    """Swimmer plot: one lane per patient from the transplant (0) to ``as_of_year`` (years after HSCT),
    lane colour = what the reports say, markers = timeline events (shape = evidence status)."""
    labels = lane_labels(patients, events)
    lanes = swimmer_lanes(events, as_of_year)
    marks = swimmer_events(events, as_of_year)
    ends = swimmer_end_points(patients, events, as_of_year)
    start = events[events["event"] == TRANSPLANT_EVENT].set_index("patient")["source_id"]
    lane_sources = start.to_dict()
    fig = go.Figure()
    for segment, part in lanes.groupby("segment", sort=False):
        fig.add_trace(
            go.Bar(
                y=[labels[p] for p in part["patient"]],
                x=rounded(part["end"] - part["start"]),
                base=rounded(part["start"]),
                orientation="h",
                width=0.35,
                name=f"lane: {segment}",
                marker={"color": SEGMENT_COLOURS[segment]},
                hovertext=[
                    f"{labels[r.patient]} (San Raffaele, allogeneic HSCT for NMOSD)<br>{r.from_year}–"
                    f"{r.to_year}: {r.basis}"
                    + (f"<br>status: {r.status} · {r.source_id}" if r.status else "")
                    for r in part.itertuples()
                ],
                hoverinfo="text",
            )
        )
    for (event, status), part in marks.groupby(["event", "status"], sort=False):
        style = STATUS_MARKERS.get(status, {})
        fig.add_trace(
            go.Scatter(
                x=rounded(part["years_after"]),
                y=[labels[p] for p in part["patient"]],
                mode="markers",
                name=f"{EVENT_LABELS[event]} ({status})",
                marker={
                    "symbol": style.get("symbol", "circle"),
                    "color": style.get("color", EVENT_COLOURS[event]),
                    "size": 13,
                    "line": {"width": 2, "color": style.get("color", EVENT_COLOURS[event])},
                },
                hovertext=[
                    f"{labels[r.patient]} (San Raffaele, allogeneic HSCT for NMOSD)<br>{r.year} "
                    f"({r.years_after} years after HSCT): {r.description}<br>status: {r.status} · "
                    f"{r.source_id}"
                    for r in part.itertuples()
                ],
                hoverinfo="text",
            )
        )
    reported = ends[ends["end_point"] == "follow-up as reported"]
    if not reported.empty:
        status = weakest_status(reported["status"])
        fig.add_trace(
            go.Scatter(
                x=rounded(reported["years_after"]),
                y=[labels[p] for p in reported["patient"]],
                mode="markers",
                name=f"follow-up as reported ({status})",
                marker={"symbol": "line-ns-open", "size": 22, "color": "#000000", "line": {"width": 3}},
                hovertext=[
                    f"{labels[r.patient]}: follow-up {r.years_after} years as reported (implies assessment "
                    f"in {r.year})<br>status: {r.status} (which patient had which follow-up is not stated)"
                    f" · {r.source_id}"
                    for r in reported.itertuples()
                ],
                hoverinfo="text",
            )
        )
    as_of = ends[ends["end_point"] != "follow-up as reported"]
    fig.add_trace(
        go.Scatter(
            x=rounded(as_of["years_after"]),
            y=[labels[p] for p in as_of["patient"]],
            mode="text",
            text=[f"  {years_text(y)} to {as_of_year}" for y in as_of["years_after"]],
            textposition="middle right",
            textfont={"color": "#333333"},
            name=f"lane end: {as_of_year} (computed)",
            showlegend=False,
            hovertext=[
                f"{labels[r.patient]}: {r.years_after} years from transplant to {as_of_year} (calendar "
                f"years)<br>status: computed from the transplant year ({lane_sources[r.patient]})"
                for r in as_of.itertuples()
            ],
            hoverinfo="text",
        )
    )
    order = list(labels.values())
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    longest = int(as_of["years_after"].max())
    fig.update_xaxes(range=[-0.8, longest + 4.5], dtick=1 if longest <= 10 else 2)
    fig.update_layout(barmode="overlay")
    footnote = source_footnote(
        [s for s in [*marks["source_id"], *reported["source_id"]] if isinstance(s, str)],
        extra="Years are calendar years (dates are known only to the year). Marker shape: evidence status "
        "(grey x = unverified; the long-term report's year comes from its news coverage).",
    )
    return house_style(
        fig,
        f"Follow-up after allogeneic HSCT, to {as_of_year}",
        "Years after allogeneic HSCT",
        "",
        footnote,
        260,
    )


# --- case table ---------------------------------------------------------------------------------


def _cell(row: pd.Series) -> str:
    tag = f"[{row['status']}: {row['source_id']}]"
    if pd.isna(row["value"]) or str(row["value"]).strip() == "":
        return f"unknown: {first_sentence(row['note'])} {tag}"
    return f"{row['value']} {tag}"


def case_table(patients: pd.DataFrame) -> pd.DataFrame:
    """The patients table pivoted: one row per attribute, columns P1, P2 and the pair; each cell the
    value (or 'unknown: <reason>') with [status: source]; several rows in a cell are joined by ' | '."""
    frame = patients.assign(cell=patients.apply(_cell, axis=1))
    order = {attribute: i for i, attribute in enumerate(ATTRIBUTE_LABELS)}
    frame = frame.assign(order=frame["attribute"].map(order)).sort_values(["order", "attribute_id"])
    table = frame.pivot_table(
        index=["order", "attribute"], columns="patient", values="cell", aggfunc=" | ".join, sort=True
    )
    table = table.reindex(columns=[*PATIENTS, PAIR]).fillna("")
    table.index = [ATTRIBUTE_LABELS.get(attribute, attribute) for _, attribute in table.index]
    table.index.name = "attribute"
    table.columns = [COLUMN_LABELS[c] for c in table.columns]
    return table


def unknown_values(patients: pd.DataFrame) -> pd.DataFrame:
    """The case-table values left empty, with the reason (the row's note) and where it was looked for."""
    empty = patients[patients["value"].isna() | (patients["value"].fillna("").str.strip() == "")]
    return pd.DataFrame(
        {
            "patient": empty["patient"].map(COLUMN_LABELS),
            "attribute": empty["attribute"].map(ATTRIBUTE_LABELS),
            "why unknown": empty["note"],
            "looked for in": empty["source_id"] + " (" + empty["locator"] + ")",
            "status": empty["status"],
        }
    ).reset_index(drop=True)


def status_counts(patients: pd.DataFrame) -> pd.Series:
    """Number of patient rows per evidence status, weakest status first."""
    counts = patients["status"].value_counts()
    return counts.reindex([s for s in STATUS_ORDER if s in counts.index])


# --- proportions and intervals ------------------------------------------------------------------


def pair_count(patients: pd.DataFrame, attribute: str) -> tuple[int, int, pd.DataFrame]:
    """(patients with the event, patients with a value, the rows) for one attribute of P1 and P2.

    A row counts as 'no event' when its value is 0 or starts with 'none' / 'no '.
    """
    rows = patients[
        (patients["attribute"] == attribute)
        & patients["patient"].isin(PATIENTS)
        & patients["value"].notna()
        & (patients["value"].fillna("").str.strip() != "")
    ].drop_duplicates("patient")
    text = rows["value"].str.strip().str.lower()
    no_event = (text == "0") | text.str.startswith("none") | text.str.startswith("no ")
    return int((~no_event).sum()), len(rows), rows


def _value_row(
    series: str, group: str, measure: str, horizon: str, status: str, source_id: str, **values: object
) -> dict[str, object]:
    return {"series": series, "group": group, "measure": measure, "horizon": horizon, "status": status,
            "source_id": source_id, **values}  # fmt: skip


def pair_outcome_rows(patients: pd.DataFrame) -> pd.DataFrame:
    """The pair as proportions with counts: relapse-free (benefit) and GvHD and severe infections
    (risks, at the early report). Wilson 95% intervals; status = weakest of the rows counted."""
    reported = patients[patients["attribute_id"] == PAIR_FOLLOW_UP]
    follow = f"at {reported['value'].iloc[0]}" if not reported.empty else ""
    specs = [
        ("relapses_after", "relapse_free", "relapse-free", True),
        ("gvhd", "gvhd", "GvHD", False),
        ("infections", "infections", "severe opportunistic infections", False),
    ]
    out = []
    for attribute, measure, label, count_free in specs:
        events_, n, rows = pair_count(patients, attribute)
        if n == 0:
            continue
        # the time point is part of the value text ('none at about 2 years'), else the reported follow-up
        when = re.search(r"\bat .*$", str(rows["value"].iloc[0]))
        horizon = when.group(0) if when else follow
        k = n - events_ if count_free else events_
        low, high = wilson_interval(k, n)
        out.append(
            _value_row(
                PAIR_SERIES,
                GROUP_LABELS[("allogeneic", "nmosd")],
                label,
                horizon,
                weakest_status(rows["status"]),
                rows["source_id"].iloc[0],
                measure_key=measure,
                n=n,
                k=k,
                value=k / n,
                ci_lower=low,
                ci_upper=high,
                interval="Wilson 95% CI from counts",
                as_printed=f"{k} of {n}",
                detail=" / ".join(rows["value"]),
                cohort_result_id=None,
            )
        )
    return pd.DataFrame(out)


def cohort_proportion_rows(cohorts: pd.DataFrame, measures: tuple[str, ...]) -> pd.DataFrame:
    """Cohort results of ``measures`` (plus the named 'other' outcomes when 'relapse_free' is asked for)
    as proportions: counts (unit 'patients', or a single patient) get a Wilson 95% interval; reported
    percentages keep their reported interval, or none."""
    wanted = cohorts["measure"].isin(measures)
    if "relapse_free" in measures:
        wanted |= cohorts["cohort_result_id"].isin(OTHER_OUTCOMES)
    out = []
    for row in cohorts[wanted & cohorts["value"].notna()].itertuples():
        n = None if pd.isna(row.n) else int(row.n)
        measure = OTHER_OUTCOMES.get(row.cohort_result_id, MEASURE_LABELS.get(row.measure, row.measure))
        if row.measure == "gvhd":
            quote = str(row.quote).lower()
            measure = "chronic GvHD" if "chronic" in quote else "acute GvHD" if "acute" in quote else "GvHD"
        if row.unit == "patients" and n:
            k = int(row.value)
        elif row.unit == "proportion" and n == 1:
            k = round(float(row.value))
        else:
            k = None
        if k is not None and n:
            low, high = wilson_interval(k, n)
            value, interval, printed = k / n, "Wilson 95% CI from counts", f"{k} of {n}"
        else:
            value, low, high = float(row.value), row.ci_lower, row.ci_upper
            interval = "reported 95% CI" if pd.notna(low) else "reported, no interval given"
            printed = row.value_as_printed
        out.append(
            _value_row(
                row.series,
                GROUP_LABELS.get((row.hsct_type, row.setting), row.hsct_type),
                measure,
                horizon_text(row.horizon_years),
                row.status,
                row.source_id,
                measure_key=row.measure,
                n=n,
                k=k,
                value=value,
                ci_lower=None if pd.isna(low) else float(low),
                ci_upper=None if pd.isna(high) else float(high),
                interval=interval,
                as_printed=printed,
                detail=row.value_as_printed,
                cohort_result_id=row.cohort_result_id,
                hsct_type=row.hsct_type,
                setting=row.setting,
                quote=row.quote,
                note=row.note,
            )
        )
    return pd.DataFrame(out)


def _keep_type(rows: pd.DataFrame, include_autologous: bool) -> pd.DataFrame:
    rows = rows.astype({"n": "Int64", "k": "Int64"})
    if include_autologous or rows.empty:
        return rows.reset_index(drop=True)
    return rows[rows["hsct_type"].fillna("allogeneic") == "allogeneic"].reset_index(drop=True)


def _conflict(row: pd.Series) -> str:
    """The sentence of a row's note that records a conflict ('' when none)."""
    note = row.get("note")
    if note is None or pd.isna(note):
        return ""
    found = re.search(r"Conflict:[^.]*(?:\.[^.]*?)?(?=\.\s|$)", str(note))
    return found.group(0) if found else ""


def outcome_rows(patients: pd.DataFrame, cohorts: pd.DataFrame, include_autologous: bool) -> pd.DataFrame:
    """Relapse-free (and progression-free, stable) proportions after HSCT in NMOSD: the pair first,
    then the cohorts; autologous and pooled series only when ``include_autologous``."""
    pair = pair_outcome_rows(patients)
    pair = pair[pair["measure_key"] == "relapse_free"].assign(hsct_type="allogeneic", setting="nmosd")
    cohort = cohort_proportion_rows(
        cohorts[cohorts["setting"] == "nmosd"], ("relapse_free", "progression_free")
    )
    rows = pd.concat([pair, cohort], ignore_index=True)
    rows = _keep_type(rows, include_autologous)
    type_order = {"allogeneic": 0, "autologous": 1, "mixed": 2}
    rows = rows.assign(order=rows["hsct_type"].map(type_order), first=rows["series"] != PAIR_SERIES)
    return (
        rows.sort_values(["first", "order"], kind="stable")
        .drop(columns=["order", "first"])
        .reset_index(drop=True)
    )


def _hover(row: pd.Series) -> str:
    lines = [
        f"<b>{row['series']}</b> ({row['group']}, n = {row['n'] if pd.notna(row['n']) else 'not stated'})",
        f"{_measure(row)}: {row['as_printed']}",
        f"interval: {row['interval']}",
        f"status: {row['status']} · source: {row['source_id']}",
    ]
    if _conflict(row):
        lines.append(_conflict(row))
    return "<br>".join(lines)


def _measure(row: pd.Series) -> str:
    return f"{row['measure']} {row['horizon']}".strip()


def _label(row: pd.Series) -> str:
    count = f" · {row['k']}/{row['n']}" if pd.notna(row["k"]) else " · reported"
    unverified = " (unverified)" if row["status"] == "unverified" else ""
    conflict = " (conflict in source)" if _conflict(row) else ""
    return f"{row['series']} · {_measure(row)}{count}{unverified}{conflict}"


def outcome_chart_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """``outcome_rows`` in the shape ``charts.interval_chart`` takes, in per cent (%)."""
    return pd.DataFrame(
        {
            "label": rows.apply(_label, axis=1),
            "value": rows["value"] * 100,
            "ci_lower": pd.to_numeric(rows["ci_lower"], errors="coerce") * 100,
            "ci_upper": pd.to_numeric(rows["ci_upper"], errors="coerce") * 100,
            "group": rows["group"],
            "status": rows["status"],
            "hover": rows.apply(_hover, axis=1),
        }
    )


def outcome_chart(rows: pd.DataFrame) -> go.Figure:
    """Forest-style chart of ``outcome_rows``: per cent free of relapse (or progression) with intervals."""
    chart_rows = outcome_chart_rows(rows)
    footnote = source_footnote(
        rows["source_id"].tolist(),
        extra="Whiskers: Wilson 95% interval where counts are known; 'reported': a percentage printed "
        "without an interval.",
    )
    fig = interval_chart(
        chart_rows,
        "Free of relapse or progression after HSCT in NMOSD",
        "Patients (%)",
        footnote,
        show_legend=True,  # the group says which kind of HSCT, even when there is only one
    )
    return fig.update_xaxes(range=[-2, 102])


def outcome_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the outcome chart: per cent with interval, how the interval was obtained."""
    return pd.DataFrame(
        {
            "series": rows["series"],
            "measure": rows.apply(_measure, axis=1),
            "n": rows["n"].astype("Int64"),
            "as printed": rows["as_printed"],
            "%": [round(v * 100, 1) for v in rows["value"]],
            "95% interval (%)": [
                "" if pd.isna(lo) else f"{round(lo * 100, 1):g}–{round(hi * 100, 1):g}"
                for lo, hi in zip(rows["ci_lower"], rows["ci_upper"], strict=True)
            ],
            "interval": rows["interval"],
            "status": rows["status"],
            "source": rows["source_id"],
            "conflict recorded": rows.apply(_conflict, axis=1),
        }
    )


# --- risks next to benefits ---------------------------------------------------------------------


def risk_benefit_rows(
    patients: pd.DataFrame, cohorts: pd.DataFrame, include_autologous: bool
) -> pd.DataFrame:
    """Benefits (relapse-free, progression-free, overall survival) and risks (non-relapse mortality,
    GvHD, deaths, infections) per series, longest horizon per measure; ``side`` is benefit or risk."""
    pair = pair_outcome_rows(patients).assign(hsct_type="allogeneic", setting="pair")
    pair = pair.assign(side=["benefit" if m == "relapse_free" else "risk" for m in pair["measure_key"]])
    benefit = cohort_proportion_rows(cohorts, BENEFIT_MEASURES)
    benefit = benefit[benefit["measure_key"].isin(BENEFIT_MEASURES)].assign(side="benefit")
    risk = cohort_proportion_rows(cohorts, RISK_MEASURES).assign(side="risk")
    cohort = pd.concat([benefit, risk], ignore_index=True)
    cohort = cohort.assign(
        h=cohort["cohort_result_id"].map(cohorts.set_index("cohort_result_id")["horizon_years"])
    )
    cohort = cohort.sort_values("h", na_position="first", kind="stable")
    cohort = cohort.drop_duplicates(["series", "measure"], keep="last").drop(columns="h")
    rows = _keep_type(pd.concat([pair, cohort], ignore_index=True), include_autologous)
    series_order = {s: i for i, s in enumerate(dict.fromkeys(cohorts["series"]))}
    type_order = {"allogeneic": 0, "autologous": 1, "mixed": 2}
    rows = rows.assign(
        o1=rows["series"] != PAIR_SERIES,
        o2=rows["hsct_type"].map(type_order),
        o3=rows["setting"] != "nmosd",
        o4=rows["series"].map(series_order),
    )
    return rows.sort_values(["o1", "o2", "o3", "o4"], kind="stable").drop(columns=["o1", "o2", "o3", "o4"])


def risk_panel(rows: pd.DataFrame) -> go.Figure:
    """Two panels with shared rows: benefits (left) and risks (right), per cent of patients; one row per
    series, one colour per measure, marker shape per status, Wilson whiskers where counts are known."""
    series = list(dict.fromkeys(rows["series"]))
    group = rows.drop_duplicates("series").set_index("series")["group"]
    labels = {
        s: f"{wrapped(s, 40)}<br><span style='font-size:10px'>{wrapped(group[s], 48)}</span>" for s in series
    }
    position = {s: len(series) - 1 - i for i, s in enumerate(series)}
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.03,
        subplot_titles=["Benefit", "Risk"],
    )
    rank = rows.groupby(["series", "side"]).cumcount()
    size = rows.groupby(["series", "side"])["measure"].transform("count")
    rows = rows.assign(y=[position[s] for s in rows["series"]] + (rank - (size - 1) / 2) * 0.22)
    measures = list(dict.fromkeys(rows.sort_values("side", kind="stable")["measure"]))
    for number, measure in enumerate(measures):
        part = rows[rows["measure"] == measure]
        side = part["side"].iloc[0]
        colour = MEASURE_COLOURS.get(measure, PALETTE[number % len(PALETTE)])
        points = pd.DataFrame(
            {
                "value": part["value"] * 100,
                "ci_lower": pd.to_numeric(part["ci_lower"], errors="coerce") * 100,
                "ci_upper": pd.to_numeric(part["ci_upper"], errors="coerce") * 100,
                "status": part["status"],
                "hover": [_hover(r) for _, r in part.iterrows()],
            }
        )
        traces = interval_traces(
            points,
            part["y"],
            measure,
            colour,
            size=10,
            legendgroup=side,
            legendgrouptitle={"text": "Benefit" if side == "benefit" else "Risk"},
        )
        fig.add_traces(traces, rows=1, cols=1 if side == "benefit" else 2)
    fig.update_yaxes(
        tickvals=[position[s] for s in series],
        ticktext=[labels[s] for s in series],
        range=[-0.7, len(series) - 0.3],
    )
    fig.update_xaxes(range=[-2, 102])
    footnote = source_footnote(
        rows["source_id"].tolist(),
        extra="Whiskers: Wilson 95% interval where counts are known."
        + (
            " Deaths in the autologous NMOSD series were not attributed to transplant toxicity in the text "
            "read."
            if ((rows["measure"] == "deaths") & (rows["hsct_type"] == "autologous")).any()
            else ""
        )
        + "<br>"
        + status_key(rows["status"]),
    )
    height = 40 + max(60, row_px(labels.values())) * len(series)
    return house_style(
        fig, "Benefits and risks after HSCT (% of patients)", "Patients (%)", "", footnote, height
    )


def risk_benefit_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the risk panel, benefit and risk side by side per series (text cells)."""

    def cells(part: pd.DataFrame) -> str:
        return " | ".join(
            f"{_measure(pd.Series(r._asdict()))}: {percent(r.value)}"
            + (f" ({r.k} of {r.n})" if pd.notna(r.k) else "")
            + f" [{r.status}: {r.source_id}]"
            for r in part.itertuples()
        )

    out = []
    for series, part in rows.groupby("series", sort=False):
        out.append(
            {
                "series": series,
                "population": part["group"].iloc[0],
                "benefit": cells(part[part["side"] == "benefit"]),
                "risk": cells(part[part["side"] == "risk"]),
            }
        )
    return pd.DataFrame(out)


# --- narrative ----------------------------------------------------------------------------------


def _row(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    return frame.loc[frame[key] == value].iloc[0]


def _attr(patients: pd.DataFrame, patient: str, attribute: str) -> pd.Series:
    rows = patients[(patients["patient"] == patient) & (patients["attribute"] == attribute)]
    return rows.sort_values("attribute_id").iloc[0]


def case_summary_markdown(patients: pd.DataFrame, events: pd.DataFrame) -> str:
    """Who the two patients are and what the reports say about them, each statement with its source."""
    lines = []
    for patient in PATIENTS:
        sex, donor = _attr(patients, patient, "sex"), _attr(patients, patient, "donor")
        year, before = (
            _attr(patients, patient, "transplant_year"),
            _attr(patients, patient, "function_before"),
        )
        age = _attr(patients, patient, "age")
        lines.append(
            f"- **{patient}**: {sex['value']}, donor: {donor['value']}, allogeneic HSCT in {year['value']} "
            f"{cite(donor['source_id'])}; age {age['value']} as reported in the press, unclear whether at "
            f"transplant or at the interview {cite(age['source_id'])}; before transplant: "
            f"{before['value']} {cite(before['source_id'])}."
        )
    prior = _attr(patients, "P1", "prior_autologous_hsct")
    relapse = _attr(patients, "P1", "relapses_after")
    immuno = _attr(patients, "P1", "immunosuppression_now")
    aqp4 = _attr(patients, "P1", "aqp4_after")
    follow = _row(patients, "attribute_id", PAIR_FOLLOW_UP)
    early = _row(events, "event_id", "both_early_report_annneurol_2014")
    long_term = events[events["event"] == LONG_TERM_EVENT].iloc[0]
    lines += [
        f"- In both, an autologous HSCT had been attempted before; its year and result are not in the data "
        f"{cite(prior['source_id'])}.",
        f"- Early report ({early['year']}): {early['description'].split(': ', 1)[-1]} "
        f"{cite(early['source_id'])}.",
        f"- Long-term report (dated {long_term['year']} by its news coverage; the paper's own date, DOI and "
        f"PMID are unverified): follow-up {follow['value']}, relapses after transplant: {relapse['value']}, "
        f"immunosuppression now: {immuno['value']}, AQP4-IgG: {aqp4['value']} "
        f"{cite(relapse['source_id'], follow['source_id'], aqp4['source_id'], long_term['source_id'])}.",
    ]
    counts = status_counts(patients)
    tally = ", ".join(f"{n} {s}" for s, n in counts.items())
    lines.append(
        f"\nNo value in the case table comes from the primary papers: of its {len(patients)} entries, "
        f"{tally}. The long-term report's own text was not available; its findings are known from news "
        f"coverage {cite(long_term['source_id'])}."
        if "verified" not in counts.index
        else f"\nStatuses of the {len(patients)} case-table entries: {tally}."
    )
    return "\n".join(lines)


def follow_up_markdown(patients: pd.DataFrame, events: pd.DataFrame, as_of_year: int) -> str:
    """What the follow-up arithmetic gives for ``as_of_year`` and how it compares with the report."""
    table = follow_up_table(patients, events, as_of_year)
    report_year = long_term_report_year(events)
    parts = [
        f"{r['patient']} (transplanted {r['transplant year']}): {years_text(r['follow-up (years)'])}"
        for _, r in table.iterrows()
    ]
    text = [f"As of {as_of_year}, follow-up by calendar years is " + "; ".join(parts) + "."]
    text.append(
        "Only years are known, so each figure may be off by up to one year either way. The lanes are "
        "green as far as the latest report up to that year states the patients relapse-free."
    )
    reported = table.dropna(subset=["reported follow-up (years)"])
    if report_year > as_of_year:
        reports = events[events["event"].isin(REPORT_EVENTS) & (events["year"] <= as_of_year)]
        text.append(
            f"The long-term report ({report_year}) lies after {as_of_year}; the latest report in the data "
            f"by then is from {reports['year'].max()}."
            if not reports.empty
            else f"The long-term report ({report_year}) lies after {as_of_year}, and no report in the data "
            f"is from {as_of_year} or earlier."
        )
    elif not reported.empty:
        row = _row(patients, "attribute_id", PAIR_FOLLOW_UP)
        implied = sorted(set(reported["assessment year implied by the report"]))
        mapping = ", ".join(
            f"{r['patient']} {r['reported follow-up (years)']} years" for _, r in reported.iterrows()
        )
        text.append(
            f"The long-term report gives {row['value']} of follow-up {cite(row['source_id'])}; which patient "
            f"had which is not stated, and the data's mapping ({mapping}) is "
            f"{reported['reported: status'].iloc[0]}. With that mapping both were assessed in "
            f"{' and '.join(str(y) for y in implied)}, earlier than the report's year, {report_year}, which "
            f"comes from the date of its news coverage (status of that year: "
            f"{events.loc[events['event'] == LONG_TERM_EVENT, 'status'].iloc[0]})."
        )
        if as_of_year != max(implied):
            text.append(
                f"Counted to {as_of_year} the follow-up figures therefore differ from the reported ones; "
                "the report, not the arithmetic, is the evidence of relapse-free follow-up."
            )
    return " ".join(text)


def risk_markdown(patients: pd.DataFrame, cohorts: pd.DataFrame, include_autologous: bool) -> str:
    """The transplant risks in words, next to the pair's benefit; numbers and statuses from the data."""
    pair = pair_outcome_rows(patients).set_index("measure_key")
    rf, gvhd = pair.loc["relapse_free"], pair.loc["gvhd"]
    g = cohorts.set_index("cohort_result_id")
    nrm, agvhd, cgvhd, os_ = (g.loc[k] for k in ("greco2019_nrm_100d", "greco2019_agvhd_100d",
                                                 "greco2019_cgvhd_5y", "greco2019_os_5y"))  # fmt: skip
    late = patients[
        (patients["patient"] == PAIR)
        & patients["attribute"].isin(["gvhd", "infections"])
        & patients["value"].isna()
    ]
    lines = [
        f"- **Benefit in the pair:** {rf['k']} of {rf['n']} relapse-free {rf['horizon']} (Wilson 95% "
        f"interval {percent(rf['ci_lower'], 0)}–{percent(rf['ci_upper'], 0)}) {cite(rf['source_id'])}.",
        f"- **Risk in the pair:** GvHD in {gvhd['k']} of {gvhd['n']} {gvhd['horizon']} "
        f"{cite(gvhd['source_id'])}; an interval of {percent(gvhd['ci_lower'], 0)}–"
        f"{percent(gvhd['ci_upper'], 0)} for that risk shows that two patients cannot measure it. GvHD, "
        "infections, late effects and secondary cancers over the long term are not reported in any page "
        f"read ({weakest_status(late['status'])}) {cite(*late['source_id'])}.",
        "- **Risk of allogeneic HSCT in autoimmune diseases, not specific to NMOSD** "
        f"({nrm['series']}; n = {nrm['n']}): non-relapse mortality {percent(nrm['value'])} "
        f"{horizon_text(nrm['horizon_years'])}, acute GvHD (grades II–IV) {percent(agvhd['value'])} "
        f"{horizon_text(agvhd['horizon_years'])}, chronic GvHD {percent(cgvhd['value'])} "
        f"{horizon_text(cgvhd['horizon_years'])}; overall survival {percent(os_['value'])} "
        f"{horizon_text(os_['horizon_years'])} {cite(nrm['source_id'])} ({nrm['status']}).",
    ]
    if include_autologous:
        deaths = cohorts[(cohorts["measure"] == "deaths") & (cohorts["setting"] == "nmosd")]
        listed = "; ".join(
            f"{r.series}: {int(r.value)} of {r.n}, “{r.quote}” {cite(r.source_id)}"
            for r in deaths.itertuples()
        )
        lines.append(
            f"- **Deaths in autologous NMOSD series** (any cause; none attributed to transplant toxicity in "
            f"the text read): {listed}."
        )
    lines.append(
        "- The news report names secondary cancers and life-threatening infections as risks of the "
        f"procedure {cite('seed_hsct_news')}; the data hold no figure for either in NMOSD."
    )
    return "\n".join(lines)


def limits_markdown(
    patients: pd.DataFrame, events: pd.DataFrame, cohorts: pd.DataFrame, include_autologous: bool
) -> str:
    """What two cases can and cannot show, each statement tied to the data or its source."""
    pair = pair_outcome_rows(patients).set_index("measure_key")
    rf = pair.loc["relapse_free"]
    before = [_attr(patients, p, "function_before") for p in PATIENTS]
    prior = _attr(patients, "P1", "prior_autologous_hsct")
    aqp4 = _attr(patients, PAIR, "aqp4_before")
    can = [
        "- That lasting relapse-free remission without ongoing immunosuppression after allogeneic HSCT is "
        f"possible: it was reported in {rf['k']} of {rf['n']} patients over "
        f"{rf['horizon'].removeprefix('at ')} {cite(rf['source_id'])}.",
        f"- That AQP4-IgG can stay undetectable for years after the transplant "
        f"{cite(_attr(patients, 'P1', 'aqp4_after')['source_id'])}; but the data say only "
        f"{aqp4['value']} before transplant ({aqp4['status']}) {cite(aqp4['source_id'])}, so for one "
        "patient this may not be a change.",
    ]
    cannot = [
        "- **No control group.** Nothing shows how these two patients would have fared without the "
        "transplant; the cohorts in this report differ in transplant type, regimen, era and patients, so "
        "they are context, not a comparison.",
        f"- **Selection.** Both were severely affected ({before[0]['value']}; {before[1]['value']}) "
        f"{cite(before[0]['source_id'])}, and in both an autologous HSCT had been attempted before "
        f"{cite(prior['source_id'])}. They were chosen for an experimental treatment at one centre, and case "
        "reports tend to appear when the outcome is notable. Results need not carry over to other patients.",
        f"- **n = {rf['n']}.** The Wilson 95% interval for the relapse-free proportion runs from "
        f"{percent(rf['ci_lower'], 0)} to {percent(rf['ci_upper'], 0)}; two patients cannot estimate how "
        "often the treatment works, nor how often it harms (see the risk panel).",
    ]
    if include_autologous:
        late = _row(cohorts, "cohort_result_id", "vorasoot2024_relapse_free_years")
        cannot.append(
            "- **Durability.** After autologous HSCT one patient was relapse-free for "
            f"{late['value']:g} years and then relapsed {cite(late['source_id'])} ({late['status']}): long "
            "remissions can end."
        )
    caution = (
        "The news report is equally cautious: it notes that the study is limited to two individuals, "
        "that the procedure is not yet a standard of care and carries serious risks, and that success "
        f"must be replicated in larger cohorts {cite('seed_hsct_news')}."
    )
    return (
        "**What the two cases can show**\n\n"
        + "\n".join(can)
        + "\n\n**What they cannot show**\n\n"
        + ("\n".join(cannot) + "\n\n" + caution)
    )


NEWS_REPORT_STATEMENTS = {
    "symptoms": "both patients remain entirely free of disease symptoms",
    "fifteen": "Fifteen years after receiving an allogeneic hematopoietic stem-cell transplant",
    "antibodies": "alongside monoclonal antibodies",
    "eliminating": "eliminating the production of the harmful antibodies",
}


def news_report_differences_markdown(patients: pd.DataFrame, events: pd.DataFrame) -> str:
    """Where the evidence in the data differs from the news report (source ``seed_hsct_news``)."""
    relapse = _attr(patients, "P1", "relapses_after")
    f1 = _attr(patients, "P1", "functional_outcome")
    f2 = _attr(patients, "P2", "functional_outcome")
    early = _row(patients, "attribute_id", "both_functional_outcome_2014")
    follow = _row(patients, "attribute_id", PAIR_FOLLOW_UP)
    cond = _attr(patients, "P1", "conditioning")
    extra = _row(patients, "attribute_id", "both_conditioning_atg_alemtuzumab")
    aqp4 = _attr(patients, PAIR, "aqp4_before")
    long_term = events[events["event"] == LONG_TERM_EVENT].iloc[0]
    s = NEWS_REPORT_STATEMENTS
    items = [
        f'- The news report says "{s["symptoms"]}". The evidence supports *relapse-free* '
        f"(relapses after transplant: {relapse['value']}) {cite(relapse['source_id'])}, not symptom-free: "
        f"P1 “{f1['value']}”, P2 “{f2['value']}” {cite(f1['source_id'])}; at the early report deficits had "
        f"{early['value'].split('; ')[1].replace('neurological deficits ', '')} {cite(early['source_id'])}.",
        f'- It opens with "{s["fifteen"]}" for both; the follow-up reported elsewhere is {follow["value"]} '
        f"{cite(follow['source_id'])}.",
        f'- It names the conditioning as chemotherapy "{s["antibodies"]}" (plural); the only antibody named '
        f"in the coverage is rituximab ({cond['value']}) {cite(cond['source_id'])}, and ATG or alemtuzumab "
        f"is {extra['status']} {cite(extra['source_id'])}.",
        f'- It speaks of "{s["eliminating"]}" in both; a review table gives {aqp4["value"]} before '
        f"transplant ({aqp4['status']}) {cite(aqp4['source_id'])}.",
        f"- It carries no date; the long-term report is dated {long_term['year']} here from its news "
        f"coverage, and the paper's title, date, DOI and PMID are unverified {cite(long_term['source_id'])}.",
    ]
    return "\n".join(items)


def evidence_shown(
    patients: pd.DataFrame, events: pd.DataFrame, cohorts: pd.DataFrame, include_autologous: bool
) -> pd.DataFrame:
    """``source_id`` and ``status`` of every data row the report shows (for the reference list)."""
    rows = [
        patients,
        events,
        outcome_rows(patients, cohorts, include_autologous),
        risk_benefit_rows(patients, cohorts, include_autologous),
    ]
    if include_autologous:
        rows.append(cohorts[cohorts["cohort_result_id"] == "vorasoot2024_relapse_free_years"])
    return evidence_rows(*rows)
