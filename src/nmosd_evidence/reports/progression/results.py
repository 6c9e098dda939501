"""The progression report's numbers: proportions (0-1) with their 95% intervals and how each interval
was obtained, the remission shares of acute treatment, the pseudorelapse shares, and the evidence rows
of everything the report shows.

Intervals are 95%: the interval as printed where a source reports one; a Wilson score interval where the
count of events is known (printed, or recovered uniquely from a printed percentage and n); none
otherwise. Nothing is interpolated or imputed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import pandas as pd

from ...core.evidence import evidence_rows
from ...core.intervals import wilson_interval
from ...present.format import missing
from .select import (
    PSEUDORELAPSE_FACTS,
    UNTREATED_EDSS6_MEDIAN_ROW,
    ReportTables,
    acute_remission_rows,
    claim_statement_rows,
    fixed_horizon_rows,
    follow_up_rows,
    milestone_proportions,
    milestone_times,
    narrative_disability_rows,
    not_drawn,
    ordered,
)

REPORTED = "reported 95% CI"
WILSON_PRINTED = "Wilson 95% CI, printed count"
WILSON_RECOVERED = "Wilson 95% CI, count recovered from printed % and n"
NO_COUNT = "none: no whole count of n gives the printed %"
NO_INTERVAL = "none"


@dataclass(frozen=True)
class ShownProportion:
    """A proportion (0-1) as the report shows it, its 95% interval (0-1) and how both were obtained.

    ``events_used`` is the count behind a Wilson interval; ``shown_status`` is ``computed`` where the
    proportion itself is computed from a verified count.
    """

    shown_proportion: float | None
    events_used: int | None
    ci_lower_shown: float | None
    ci_upper_shown: float | None
    interval_basis: str
    shown_status: str


INTERVAL_COLUMNS = [field.name for field in fields(ShownProportion)]


def printed_decimals(proportion: float) -> int:
    """Decimals of a proportion (0-1) as entered from print, at least 2 (a whole percent)."""
    text = f"{proportion:.10f}".rstrip("0")
    return max(2, len(text.split(".")[1]) if "." in text else 0)


def count_from_printed_percentage(proportion: float, n: int) -> int | None:
    """The one event count ``k`` (0..n) whose ``k/n`` rounds to the printed ``proportion`` (0-1), else
    None.

    The printed precision is taken from the decimals of ``proportion`` (at least a whole percent):
    53.3% of 60 gives 32 (31/60 = 51.7%, 33/60 = 55.0%); 35% of 18 gives None (6/18 = 33%, 7/18 = 39%).
    """
    if n < 1 or missing(proportion):
        return None
    tolerance = 0.5 * 10 ** -printed_decimals(proportion) + 1e-12
    matches = [k for k in range(n + 1) if abs(k / n - proportion) <= tolerance]
    return matches[0] if len(matches) == 1 else None


def is_percentage(text: object) -> bool:
    """True when a quote or printed value states a percentage ('53.3%', '… percent')."""
    return isinstance(text, str) and ("%" in text or "percent" in text.lower())


def proportion_with_interval(
    proportion: float | None,
    events: int | None,
    n: int | None,
    ci: tuple[float | None, float | None],
    *,
    printed_as_percentage: bool,
    countable: bool,
    status: str,
) -> ShownProportion:
    """The proportion (0-1) to show, its 95% interval and how both were obtained.

    Order of preference: a reported interval (``ci``); a Wilson interval from a printed count; a Wilson
    interval from a count recovered uniquely from a printed percentage and n (``printed_as_percentage``
    and ``countable``, never for unverified rows); otherwise no interval.
    """
    low, high = ci
    shown = None if missing(proportion) else float(proportion)
    if not missing(low) and not missing(high):
        return ShownProportion(shown, None, float(low), float(high), REPORTED, status)
    if missing(n) or not countable or status == "unverified":
        return ShownProportion(shown, None, None, None, NO_INTERVAL, status)
    count, basis = None, NO_INTERVAL
    if not missing(events):
        count, basis = int(events), WILSON_PRINTED
    elif printed_as_percentage and shown is not None:
        count = count_from_printed_percentage(shown, int(n))
        basis = WILSON_RECOVERED if count is not None else NO_COUNT
    if count is None:
        return ShownProportion(shown, None, None, None, basis, status)
    low_w, high_w = wilson_interval(count, int(n))
    if shown is None:
        shown = count / int(n)
        status = "computed" if status == "verified" else status
    return ShownProportion(shown, count, low_w, high_w, basis, status)


def _with(frame: pd.DataFrame, shown: list[ShownProportion], extra: list[dict] | None = None) -> pd.DataFrame:
    columns = pd.DataFrame([asdict(s) for s in shown], columns=INTERVAL_COLUMNS)
    parts = [frame.reset_index(drop=True), columns]
    if extra is not None:
        parts.append(pd.DataFrame(extra, index=columns.index))
    return pd.concat(parts, axis=1)


def disability_with_intervals(disability: pd.DataFrame) -> pd.DataFrame:
    """``disability`` plus the columns of :class:`ShownProportion` (proportions 0-1).

    Counts are recovered from a printed percentage only for 'events / patients' rows whose quote prints
    the percentage (so 'one-third' is not turned into a count).
    """
    shown = [
        proportion_with_interval(
            entry["proportion"],
            entry["events"],
            entry["n"],
            (entry["ci_lower"], entry["ci_upper"]) if entry["interval_type"] == "reported" else (None, None),
            printed_as_percentage=is_percentage(entry["quote"]),
            countable=entry["estimate_type"] == "crude",
            status=entry["status"],
        )
        for _, entry in disability.iterrows()
    ]
    return _with(disability, shown)


def fixed_horizon_outcomes(
    disability: pd.DataFrame,
    horizon_years: float = 5.0,
    serostatus: str = "all",
    outcome: str = "all",
    era: str = "all",
) -> pd.DataFrame:
    """Rows stating an outcome at ``horizon_years`` (years after onset) with their intervals; the
    statement under review first, then by era, estimate type and outcome."""
    rows = fixed_horizon_rows(disability, horizon_years, serostatus, outcome, era)
    return ordered(disability_with_intervals(rows))


def follow_up_outcomes(
    disability: pd.DataFrame, serostatus: str = "all", outcome: str = "all", era: str = "all"
) -> pd.DataFrame:
    """Cohort rows by the end of follow-up with Wilson intervals where the count is known; ordered by
    era, source, outcome and row id."""
    rows = follow_up_rows(disability, serostatus, outcome, era)
    return ordered(disability_with_intervals(rows), claim_first=False, by_source=True)


def claim_statements(disability: pd.DataFrame) -> pd.DataFrame:
    """The five-year statement rows (:func:`select.claim_statement_rows`) with their shown values."""
    return ordered(disability_with_intervals(claim_statement_rows(disability)))


def acute_remission(acute: pd.DataFrame) -> pd.DataFrame:
    """Shares (0-1) of attacks or patients reaching remission or improvement after acute treatment, by
    treatment and timing, with Wilson 95% CIs where a count is printed or uniquely recoverable (response
    rows only; timing rows are model probabilities and get none). Denominator (``n_used``): attacks
    where given, else patients (``denominator``)."""
    rows = acute_remission_rows(acute)
    shown, extra = [], []
    for _, entry in rows.iterrows():
        by_attack = not missing(entry["n_attacks"])
        n = entry["n_attacks"] if by_attack else entry["n_patients"]
        shown.append(
            proportion_with_interval(
                entry["value"],
                None,
                n,
                (entry["ci_lower"], entry["ci_upper"]),
                printed_as_percentage=is_percentage(entry["value_as_printed"]),
                countable=entry["factor"] == "response",
                status=entry["status"],
            )
        )
        extra.append({"denominator": "attacks" if by_attack else "patients", "n_used": n})
    return _with(rows, shown, extra)


def pseudorelapse_shares(course_facts: pd.DataFrame) -> pd.DataFrame:
    """Share (0-1) of hospitalisations for presumed relapse that were pseudorelapses or confirmed
    relapses, from the printed counts, with the Wilson 95% CI and the percentage (0-100) the data
    computed. Columns: kind, events, n, share, ci_lower, ci_upper, data_percent, status, source_id."""
    facts = course_facts.set_index("fact_id")
    out = []
    for kind, count_id, percent_id in PSEUDORELAPSE_FACTS:
        events, n = int(facts.loc[count_id, "value"]), int(facts.loc[count_id, "n"])
        low, high = wilson_interval(events, n)
        out.append(
            {
                "kind": kind,
                "events": events,
                "n": n,
                "share": events / n,
                "ci_lower": low,
                "ci_upper": high,
                "data_percent": float(facts.loc[percent_id, "value"]),
                "status": "computed",
                "source_id": facts.loc[count_id, "source_id"],
            }
        )
    return pd.DataFrame(out)


def narrative_evidence(disability: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """``source_id`` and ``status`` of the rows the five-year prose quotes (shown whatever the filters;
    a computed share carries its shown status)."""
    used = disability_with_intervals(narrative_disability_rows(disability))
    median = milestones[milestones["milestone_id"] == UNTREATED_EDSS6_MEDIAN_ROW]
    return evidence_rows(used, median)


def report_evidence(
    tables: ReportTables,
    serostatus: str = "all",
    outcome: str = "all",
    horizon_years: float = 5.0,
    era: str = "all",
) -> pd.DataFrame:
    """``source_id`` and ``status`` of every row the report shows for these parameters: the five-year
    prose and statement table, the fixed-horizon and follow-up outcomes, the milestones, the rows no
    chart draws, and every course fact and acute-treatment row."""
    disability, milestones = tables.disability, tables.milestones
    return evidence_rows(
        fixed_horizon_outcomes(disability, horizon_years, serostatus, outcome, era),
        follow_up_outcomes(disability, serostatus, outcome, era),
        milestone_times(milestones, serostatus, era),
        milestone_proportions(milestones, serostatus, era),
        claim_statements(disability),
        not_drawn(disability, milestones, tables.acute),
        narrative_evidence(disability, milestones),
        tables.course_facts,
        pseudorelapse_shares(tables.course_facts),
        tables.acute,
        acute_remission(tables.acute),
    )
