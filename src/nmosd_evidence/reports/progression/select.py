"""Rows the progression report shows: the tables it reads, the filters of its parameters, the rows its
prose quotes, the order rows are listed in, and the rows no chart draws.

Tables: ``disability``, ``milestones``, ``course_facts`` (data/progression), ``acute`` (data/treatment,
read only), ``sources`` and the claims ledger ``claims``. 'all' as a parameter value means no filter.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...core.vocabulary import ROCHE_PAGE
from ...datapackage import load
from ...present.format import missing
from ...present.references import study_names
from .labels import (
    ERA_ORDER,
    ESTIMATE_LABELS,
    MILESTONE_ORDER,
    OUTCOME_ORDER,
    cohort_short,
    milestone_label,
)

# The statement under review (the seed document) and the page that prints its numbers: in every run.
CLAIM_SOURCES = (ROCHE_PAGE, "roche_com_nmosd")
# Rows the prose quotes (keys into the data, not evidence values).
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
RELAPSE_FACTS = {
    "seed": "roche_ch_recovery_vs_ms",
    "chen": "chen2025_edss_per_relapse",
    "akaishi": "akaishi2020_stepwise_progression",
    "unify": "unifyrare_myelitis_first_attack_recovery",
    "jarius": "jarius2012_relapse_outcome_by_serostatus",
}
RELAPSE_ACUTE = {
    "complete": "kleiter2016_first_course_cr",
    "partial": "kleiter2016_first_course_pr",
    "second_course": "kleiter2016_second_course_needed",
}
MS_DRUG_FACTS = {
    "seed": "roche_ch_ms_drugs_worsen",
    "ifn": "kim2012_ifnb_ineffective",
    "ifn_arr": "kim2012_ifnb_arr_increase",
    "natalizumab": "kleiter2012_natalizumab_relapses",
    "natalizumab_disability": "kleiter2012_natalizumab_disability_death",
    "glatiramer": "ayzenberg2016_glatiramer",
}
# Pseudorelapse counts (kind, count row, the data's computed percentage row).
PSEUDORELAPSE_FACTS = [
    ("pseudorelapse", "kessler2016_pseudorelapses", "kessler2016_pseudorelapse_pct"),
    ("confirmed relapse", "kessler2016_confirmed_relapses", "kessler2016_true_relapse_pct"),
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
TABLES = ("disability", "milestones", "course_facts", "acute", "sources", "claims")


@dataclass(frozen=True)
class ReportTables:
    """The validated tables the report reads."""

    disability: pd.DataFrame
    milestones: pd.DataFrame
    course_facts: pd.DataFrame
    acute: pd.DataFrame
    sources: pd.DataFrame
    claims: pd.DataFrame


def load_tables() -> ReportTables:
    """The report's tables, each through ``load()``; an acute-treatment study named only by a record id
    takes its source's citation (``present.references.study_names``)."""
    tables = {name: load(name) for name in TABLES}
    tables["acute"] = tables["acute"].assign(study=study_names(tables["acute"], tables["sources"]))
    return ReportTables(**tables)


def row(frame: pd.DataFrame, key: str, row_id: str) -> pd.Series:
    """The one row of ``frame`` whose ``key`` column is ``row_id``; ``KeyError`` unless exactly one."""
    match = frame[frame[key] == row_id]
    if len(match) != 1:
        raise KeyError(f"{key} {row_id!r} not found exactly once")
    return match.iloc[0]


# --- disability -----------------------------------------------------------------------------------


def select_disability(
    disability: pd.DataFrame,
    serostatus: str = "all",
    outcome: str = "all",
    era: str = "all",
    keep_claim: bool = True,
) -> pd.DataFrame:
    """Disability rows matching the filters; the statement under review (``CLAIM_SOURCES``) is kept
    whatever the filters when ``keep_claim``."""
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


def fixed_horizon_rows(
    disability: pd.DataFrame,
    horizon_years: float = 5.0,
    serostatus: str = "all",
    outcome: str = "all",
    era: str = "all",
) -> pd.DataFrame:
    """Rows stating an outcome at ``horizon_years`` (years after onset) that pass the filters, the
    statement under review included."""
    rows = select_disability(disability, serostatus, outcome, era)
    return rows[rows["horizon_years"] == horizon_years]


def follow_up_rows(
    disability: pd.DataFrame, serostatus: str = "all", outcome: str = "all", era: str = "all"
) -> pd.DataFrame:
    """Cohort rows without a fixed horizon ('events / patients' by the end of follow-up)."""
    rows = select_disability(disability, serostatus, outcome, era, keep_claim=False)
    return rows[rows["horizon_years"].isna() & (rows["estimate_type"] == "crude")]


def claim_statement_rows(disability: pd.DataFrame) -> pd.DataFrame:
    """Every 'statement' row at a five-year horizon about wheelchair use or blindness (composites
    included): how the statement under review appears in the sources."""
    return disability[
        (disability["estimate_type"] == "statement")
        & (disability["horizon_years"] == 5)
        & (disability["outcome"] != "death")
    ]


def narrative_disability_rows(disability: pd.DataFrame) -> pd.DataFrame:
    """The disability rows the five-year prose quotes (shown whatever the parameters)."""
    ids = [*CLAIM_ROWS.values(), *MODERN_ROWS.values(), CLOSEST_VISUAL_ROW]
    return disability[disability["outcome_id"].isin(ids)]


def ordered(frame: pd.DataFrame, claim_first: bool = True, by_source: bool = False) -> pd.DataFrame:
    """Disability rows in reading order: the statement under review first (``claim_first``), then by
    era, kind of estimate, source (``by_source``), outcome and row id."""
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


# --- milestones and course facts ------------------------------------------------------------------


def select_milestones(milestones: pd.DataFrame, serostatus: str = "all", era: str = "all") -> pd.DataFrame:
    """Milestone rows matching the serostatus and era filters."""
    keep = pd.Series(True, index=milestones.index)
    if serostatus != "all":
        keep &= milestones["serostatus"] == serostatus
    if era != "all":
        keep &= milestones["era"] == era
    return milestones[keep].copy()


def milestone_times(milestones: pd.DataFrame, serostatus: str = "all", era: str = "all") -> pd.DataFrame:
    """Median time (years from onset) to each milestone per cohort, with ``milestone_label`` and
    ``lane`` (the short cohort); ordered by cohort (first appearance) and milestone."""
    rows = select_milestones(milestones, serostatus, era)
    rows = rows[rows["statistic"] == "median_time"].copy()
    rows["milestone_label"] = [milestone_label(entry) for _, entry in rows.iterrows()]
    rows["lane"] = rows["cohort"].map(cohort_short)
    lane_order = {lane: i for i, lane in enumerate(dict.fromkeys(rows["lane"]))}
    keys = pd.DataFrame(
        {
            "lane": rows["lane"].map(lane_order),
            "milestone": rows["milestone_label"].map(MILESTONE_ORDER.index),
        },
        index=rows.index,
    )
    return rows.loc[keys.sort_values(["lane", "milestone"]).index].reset_index(drop=True)


def milestone_proportions(
    milestones: pd.DataFrame, serostatus: str = "all", era: str = "all"
) -> pd.DataFrame:
    """Share of patients (0-1) reaching a milestone by a horizon (years), per cohort."""
    rows = select_milestones(milestones, serostatus, era)
    return rows[rows["statistic"] == "proportion_by_horizon"].reset_index(drop=True)


def course_facts_of(course_facts: pd.DataFrame, section: str) -> pd.DataFrame:
    """The course facts of one ``section`` of ``COURSE_TOPICS``."""
    return course_facts[course_facts["topic"].isin(COURSE_TOPICS[section])].reset_index(drop=True)


# --- acute treatment ------------------------------------------------------------------------------


def acute_outcome_kind(outcome: str) -> str:
    """'use' (share that received a treatment), 'escalation' (a further course needed) or 'outcome'."""
    if "treatment use" in outcome:
        return "use"
    if "course needed" in outcome:
        return "escalation"
    return "outcome"


def acute_remission_rows(acute: pd.DataFrame) -> pd.DataFrame:
    """Acute rows giving the share of attacks or patients reaching remission or improvement."""
    rows = acute[acute["measure"] == "proportion"]
    return rows[rows["outcome"].map(acute_outcome_kind) == "outcome"].reset_index(drop=True)


def acute_effects(acute: pd.DataFrame) -> pd.DataFrame:
    """Odds and hazard ratios for treatment type and timing (not patient predictors such as age or a
    previous remission), with the interval as printed."""
    rows = acute[
        acute["measure"].isin(["odds_ratio", "hazard_ratio"]) & (acute["treatment"] != "any_first_line")
    ]
    return rows.reset_index(drop=True)


# --- rows no chart draws --------------------------------------------------------------------------


def _disability_reason(entry: pd.Series) -> str:
    if missing(entry["proportion"]) and missing(entry["events"]):
        if entry["status"] == "unverified":
            return "no value given (number missing in the copy read)"
        return "no value given (only counts of another denominator)"
    if missing(entry["horizon_years"]) and entry["estimate_type"] != "crude":
        return "statement without a horizon or a cohort"
    return ""


def _acute_reason(entry: pd.Series) -> str:
    kind = acute_outcome_kind(entry["outcome"])
    if entry["measure"] == "correlation":
        return "correlation, not a ratio or a share: table only"
    if kind != "outcome":
        return f"{'treatment use' if kind == 'use' else 'escalation share'}: table only"
    if entry["measure"] != "proportion" and entry["treatment"] == "any_first_line":
        return "patient predictor, not a treatment effect: table only"
    return ""


def not_drawn(disability: pd.DataFrame, milestones: pd.DataFrame, acute: pd.DataFrame) -> pd.DataFrame:
    """Rows of the tables this report charts that no chart draws, with the reason (all rows, whatever
    the parameters): no value, no fixed horizon and no count, or not a measure the charts show."""
    columns = ["table", "row", "reason", "status", "source_id"]
    out = []
    for _, entry in disability.iterrows():
        if reason := _disability_reason(entry):
            out.append(["disability", entry["outcome_id"], reason, entry["status"], entry["source_id"]])
    shares = milestones[milestones["statistic"] == "proportion_by_horizon"]
    for _, entry in shares.iterrows():
        reason = "share by a horizon: in the milestone table, not the median chart"
        out.append(["milestones", entry["milestone_id"], reason, entry["status"], entry["source_id"]])
    for _, entry in acute.iterrows():
        if reason := _acute_reason(entry):
            out.append(["acute", entry["acute_id"], reason, entry["status"], entry["source_id"]])
    return pd.DataFrame(out, columns=columns)
