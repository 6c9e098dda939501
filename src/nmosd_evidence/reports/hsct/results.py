"""The HSCT report's numbers: follow-up in whole calendar years, the swimmer plot's lanes, and
proportions of patients (0-1) with Wilson 95% intervals where counts are known.

Every row keeps the ``source_id`` and ``status`` of the data it comes from; a value derived from several
rows carries the weakest of their statuses (``core.vocabulary.weakest_status``). Nothing here is
formatted for reading: text columns hold data text or category labels, never printed numbers.
"""

from __future__ import annotations

import re

import pandas as pd

from ...core.intervals import wilson_interval
from ...core.vocabulary import STATUS_ORDER, weakest_status
from .labels import GROUP_LABELS, MEASURE_LABELS, OTHER_OUTCOMES, PAIR_SERIES, gvhd_measure
from .select import (
    PAIR_FOLLOW_UP,
    PATIENTS,
    RELAPSE_FREE,
    long_term_report_year,
    pair_value_rows,
    swimmer_events,
    transplant_years,
    with_hsct_type,
)

BENEFIT_MEASURES = ("relapse_free", "progression_free", "overall_survival")
RISK_MEASURES = ("non_relapse_mortality", "gvhd", "deaths")
TYPE_ORDER = {"allogeneic": 0, "autologous": 1, "mixed": 2}
# The pair's counts: (attribute counted, measure key, measure label, count the patients without it).
PAIR_MEASURES = [
    ("relapses_after", "relapse_free", "relapse-free", True),
    ("gvhd", "gvhd", "GvHD", False),
    ("infections", "infections", "severe opportunistic infections", False),
]

# --- follow-up ------------------------------------------------------------------------------------


def follow_up_years(transplant_year: int, as_of_year: int) -> int:
    """Follow-up in whole years from a transplant year to ``as_of_year`` (calendar-year difference).

    Only years are known, so the true time lies within one year either side of this number.
    ``ValueError`` when ``as_of_year`` is before the transplant year.
    """
    if as_of_year < transplant_year:
        raise ValueError(f"as_of_year {as_of_year} is before the transplant year {transplant_year}")
    return as_of_year - transplant_year


def follow_up(patients: pd.DataFrame, events: pd.DataFrame, as_of_year: int) -> pd.DataFrame:
    """Per patient (years): transplant year, follow-up to ``as_of_year`` with the range year-only dates
    allow (``low_years``–``high_years``), the follow-up the long-term report gives (``reported_years``,
    missing while ``as_of_year`` is before that report, with its status and source) and the assessment
    year it implies."""
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
                "transplant_year": year,
                "as_of_year": as_of_year,
                "follow_up_years": years,
                "low_years": max(years - 1, 0),
                "high_years": years + 1,
                "reported_years": value,
                "reported_status": None if row is None else row["status"],
                "reported_source": None if row is None else row["source_id"],
                "assessment_year": None if value is None else year + value,
            }
        )
    return pd.DataFrame(rows).astype({"reported_years": "Int64", "assessment_year": "Int64"})


def swimmer_lanes(events: pd.DataFrame, as_of_year: int) -> pd.DataFrame:
    """Lane segments per patient, in years after transplant: ``relapse_free`` as far as the latest
    report (up to ``as_of_year``) that states it, then ``not_covered``, the stretch no report covers."""
    marked = swimmer_events(events, as_of_year)
    rows = []
    for patient, year in transplant_years(events).items():
        reports = marked[(marked["patient"] == patient) & (marked["disease_status"] == RELAPSE_FREE)]
        end = follow_up_years(year, as_of_year)
        covered = 0
        if not reports.empty:
            last = reports.sort_values("years_after").iloc[-1]
            covered = int(last["years_after"])
            rows.append(
                {
                    "patient": patient,
                    "segment": "relapse_free",
                    "start": 0,
                    "end": covered,
                    "from_year": year,
                    "to_year": year + covered,
                    "status": last["status"],
                    "source_id": last["source_id"],
                }
            )
        if end > covered or reports.empty:
            rows.append(
                {
                    "patient": patient,
                    "segment": "not_covered",
                    "start": covered,
                    "end": end,
                    "from_year": year + covered,
                    "to_year": as_of_year,
                    "status": None,
                    "source_id": None,
                }
            )
    return pd.DataFrame(rows)


def swimmer_end_points(patients: pd.DataFrame, events: pd.DataFrame, as_of_year: int) -> pd.DataFrame:
    """Lane end points, in years after transplant: ``as_of`` (the end at ``as_of_year``, computed) and,
    once the long-term report is out by ``as_of_year``, ``reported`` (the follow-up it gives)."""
    follow = follow_up(patients, events, as_of_year)
    rows = []
    for row in follow.itertuples():
        rows.append(
            {
                "patient": row.patient,
                "end_point": "as_of",
                "years_after": row.follow_up_years,
                "year": as_of_year,
                "status": "computed",
                "source_id": None,
            }
        )
        if pd.notna(row.reported_years):
            rows.append(
                {
                    "patient": row.patient,
                    "end_point": "reported",
                    "years_after": int(row.reported_years),
                    "year": int(row.assessment_year),
                    "status": row.reported_status,
                    "source_id": row.reported_source,
                }
            )
    return pd.DataFrame(rows)


def status_counts(patients: pd.DataFrame) -> pd.Series:
    """Number of patients-table rows per evidence status, weakest status first."""
    counts = patients["status"].value_counts()
    return counts.reindex([s for s in reversed(STATUS_ORDER) if s in counts.index])


# --- proportions and intervals --------------------------------------------------------------------


def without_event(values: pd.Series) -> pd.Series:
    """True where a value says the event did not happen: '0', or text starting 'none' or 'no '."""
    text = values.astype(str).str.strip().str.lower()
    return (text == "0") | text.str.startswith("none") | text.str.startswith("no ")


def _proportion(
    series: str,
    group: str,
    measure: str,
    status: str,
    source_id: str,
    k: int | None,
    n: int | None,
    value: float,
    low: float | None,
    high: float | None,
    method: str,
    **more: object,
) -> dict[str, object]:
    """One row of the proportions frame (0-1); ``method``: 'wilson', 'reported' or 'none'."""
    return {
        "series": series,
        "group": group,
        "measure": measure,
        "status": status,
        "source_id": source_id,
        "k": k,
        "n": n,
        "value": value,
        "ci_lower": low,
        "ci_upper": high,
        "interval_method": method,
        **more,
    }


def pair_outcome_rows(patients: pd.DataFrame) -> pd.DataFrame:
    """The pair as proportions (0-1) with counts: relapse-free (benefit), GvHD and severe infections
    (risks, at the early report); Wilson 95% intervals; status = weakest of the rows counted.

    ``time_point`` is the time as the data state it: in the value ('none at about 2 years' -> 'about
    2 years'), else the long-term report's follow-up ('15 and 16 years').
    """
    reported = patients[patients["attribute_id"] == PAIR_FOLLOW_UP]
    follow = reported["value"].iloc[0] if not reported.empty else None
    out = []
    for attribute, measure, label, count_free in PAIR_MEASURES:
        rows = pair_value_rows(patients, attribute)
        n = len(rows)
        if n == 0:
            continue
        with_event = int((~without_event(rows["value"])).sum())
        k = n - with_event if count_free else with_event
        low, high = wilson_interval(k, n)
        when = re.search(r"\bat (.*)$", str(rows["value"].iloc[0]))
        out.append(
            _proportion(
                PAIR_SERIES,
                GROUP_LABELS[("allogeneic", "nmosd")],
                label,
                weakest_status(rows["status"]),
                rows["source_id"].iloc[0],
                k,
                n,
                k / n,
                low,
                high,
                "wilson",
                measure_key=measure,
                time_point=when.group(1) if when else follow,
                horizon_years=None,
                value_as_printed=None,
                cohort_result_id=None,
                computed_from=", ".join(rows["attribute_id"]),
            )
        )
    return pd.DataFrame(out)


def _cohort_count(row: pd.Series) -> int | None:
    """Patients with the outcome when the row gives a count (unit 'patients', or a proportion of a
    single patient); ``None`` for a reported percentage."""
    if pd.isna(row["n"]) or not int(row["n"]):
        return None
    if row["unit"] == "patients":
        return int(row["value"])
    if row["unit"] == "proportion" and int(row["n"]) == 1:
        return round(float(row["value"]))
    return None


def cohort_proportion_rows(cohorts: pd.DataFrame, measures: tuple[str, ...]) -> pd.DataFrame:
    """Cohort results of ``measures`` (plus the named 'other' outcomes when 'relapse_free' is asked for)
    as proportions (0-1): counts get a Wilson 95% interval; reported percentages keep their reported
    interval, or none."""
    wanted = cohorts["measure"].isin(measures)
    if "relapse_free" in measures:
        wanted |= cohorts["cohort_result_id"].isin(OTHER_OUTCOMES)
    out = []
    for _, row in cohorts[wanted & cohorts["value"].notna()].iterrows():
        n = None if pd.isna(row["n"]) else int(row["n"])
        measure = OTHER_OUTCOMES.get(
            row["cohort_result_id"], MEASURE_LABELS.get(row["measure"], row["measure"])
        )
        if row["measure"] == "gvhd":
            measure = gvhd_measure(row["quote"])
        k = _cohort_count(row)
        if k is not None:
            value, (low, high), method = k / n, wilson_interval(k, n), "wilson"
        else:
            value, low, high = float(row["value"]), row["ci_lower"], row["ci_upper"]
            method = "reported" if pd.notna(low) else "none"
        out.append(
            _proportion(
                row["series"],
                GROUP_LABELS.get((row["hsct_type"], row["setting"]), row["hsct_type"]),
                measure,
                row["status"],
                row["source_id"],
                k,
                n,
                value,
                None if pd.isna(low) else float(low),
                None if pd.isna(high) else float(high),
                method,
                measure_key=row["measure"],
                time_point=None,
                horizon_years=row["horizon_years"],
                value_as_printed=row["value_as_printed"],
                cohort_result_id=row["cohort_result_id"],
                hsct_type=row["hsct_type"],
                setting=row["setting"],
                locator=row["locator"],
                quote=row["quote"],
                computed_from=row["computed_from"],
                note=row["note"],
            )
        )
    return pd.DataFrame(out)


def outcome_rows(patients: pd.DataFrame, cohorts: pd.DataFrame, include_autologous: bool) -> pd.DataFrame:
    """Relapse-free (and progression-free, stable) proportions (0-1) after HSCT in NMOSD: the pair first,
    then the cohorts by transplant type; autologous and pooled series only when ``include_autologous``."""
    pair = pair_outcome_rows(patients)
    pair = pair[pair["measure_key"] == "relapse_free"].assign(hsct_type="allogeneic", setting="nmosd")
    cohort = cohort_proportion_rows(
        cohorts[cohorts["setting"] == "nmosd"], ("relapse_free", "progression_free")
    )
    rows = with_hsct_type(pd.concat([pair, cohort], ignore_index=True), include_autologous)
    rows = rows.assign(order=rows["hsct_type"].map(TYPE_ORDER), first=rows["series"] != PAIR_SERIES)
    return (
        rows.sort_values(["first", "order"], kind="stable")
        .drop(columns=["order", "first"])
        .reset_index(drop=True)
    )


def risk_benefit_rows(
    patients: pd.DataFrame, cohorts: pd.DataFrame, include_autologous: bool
) -> pd.DataFrame:
    """Benefits (relapse-free, progression-free, overall survival) and risks (non-relapse mortality,
    GvHD, deaths, infections) per series as proportions (0-1), the longest horizon per measure;
    ``side`` is 'benefit' or 'risk'. The pair first, then by transplant type, NMOSD first."""
    pair = pair_outcome_rows(patients).assign(hsct_type="allogeneic", setting="pair")
    pair = pair.assign(side=["benefit" if m == "relapse_free" else "risk" for m in pair["measure_key"]])
    benefit = cohort_proportion_rows(cohorts, BENEFIT_MEASURES)
    benefit = benefit[benefit["measure_key"].isin(BENEFIT_MEASURES)].assign(side="benefit")
    risk = cohort_proportion_rows(cohorts, RISK_MEASURES).assign(side="risk")
    cohort = pd.concat([benefit, risk], ignore_index=True)
    cohort = cohort.sort_values("horizon_years", na_position="first", kind="stable")
    cohort = cohort.drop_duplicates(["series", "measure"], keep="last")
    rows = with_hsct_type(pd.concat([pair, cohort], ignore_index=True), include_autologous)
    series_order = {s: i for i, s in enumerate(dict.fromkeys(cohorts["series"]))}
    rows = rows.assign(
        o1=rows["series"] != PAIR_SERIES,
        o2=rows["hsct_type"].map(TYPE_ORDER),
        o3=rows["setting"] != "nmosd",
        o4=rows["series"].map(series_order),
    )
    return rows.sort_values(["o1", "o2", "o3", "o4"], kind="stable").drop(columns=["o1", "o2", "o3", "o4"])
