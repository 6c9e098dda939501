"""Rows in scope for the epidemiology report: region, criteria and serostatus filters, rows left out
(superseded), which prevalence rows can be pooled, and the ledger rows of the statements checked.

Every function takes the validated tables of the data package (``load("estimates")`` and so on) and
returns rows of them (a DataFrame) or values read from them; nothing here computes a statistic.
Units as in the data: prevalence per 100,000 persons, incidence per 100,000 person-years, ages in years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from ...datapackage import load
from .labels import ONSET_CLAIM_ID, PREVALENCE_CLAIM_ID

# Rows whose note says they must not be pooled or charted next to the row that replaced them.
DO_NOT_POOL = re.compile(r"superseded|do not pool", re.IGNORECASE)
# Populations that are a part of a population (sex, age group): not a whole-population estimate.
PART_OF_POPULATION = re.compile(r"\b(?:children|females|males|people aged)\b", re.IGNORECASE)
# Age rows that are not an age at onset (age at diagnosis or testing), by their note.
NOT_ONSET = re.compile(r"not (?:explicitly |necessarily )?(?:age at )?onset", re.IGNORECASE)
PAEDIATRIC = re.compile(r"paediatric|children", re.IGNORECASE)
# Rows of the notes' section 4 ("the often-quoted figures"): statements, not studies.
CLAIM_ROW_PREFIXES = ("S4a_", "S4b_")
# Published (review, regulatory, reference) prevalence figures that speak for a region; by pooled_id.
PUBLISHED_PREVALENCE_BY_REGION: dict[str, list[str]] = {
    "All": ["R2c", "R2a", "R2b", "R2f", "R4f", "S4a_mori", "S4a_orpha_prev", "S4a_amgen"],
    "Europe": ["S4a_ema_1185", "S4a_ema_1856", "S4a_nmouk", "S4a_nhs"],
    "East Asia": ["R3c"],
    "Caribbean": ["R1b"],
    "Oceania": ["R1d"],
    "Latin America": ["R9"],
}
# Number words a statement of the source document may use for its limit ("fewer than five in …").
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10,
}  # fmt: skip
LIMIT_WORDING = re.compile(r"fewer than (?P<limit>\w+) in (?P<per>[\d,]+)", re.IGNORECASE)
BAND_WORDING = re.compile(r"between the ages of (?P<low>\d+) and (?P<high>\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class EpidemiologyTables:
    """The tables the report reads: estimates, published pooled figures, sex ratios, ages at onset and
    the claims ledger (each as ``load`` returns it)."""

    estimates: pd.DataFrame
    pooled: pd.DataFrame
    sex_ratio: pd.DataFrame
    age_at_onset: pd.DataFrame
    claims: pd.DataFrame


def load_tables() -> EpidemiologyTables:
    """The validated tables of the report, loaded from the data package."""
    return EpidemiologyTables(
        estimates=load("estimates"),
        pooled=load("pooled"),
        sex_ratio=load("sex_ratio"),
        age_at_onset=load("age_at_onset"),
        claims=load("claims"),
    )


def superseded(frame: pd.DataFrame) -> pd.Series:
    """True for rows whose note says they are superseded or must not be pooled."""
    return frame["note"].fillna("").str.contains(DO_NOT_POOL)


def whole_population(estimates: pd.DataFrame) -> pd.Series:
    """True for estimates of a whole population (ethnicity 'all', not one sex or age group)."""
    return (estimates["ethnicity"] == "all") & ~estimates["population"].str.contains(PART_OF_POPULATION)


def has_counts(frame: pd.DataFrame) -> pd.Series:
    """True for estimate rows that report both ``cases`` and ``population_at_risk``."""
    return frame["cases"].notna() & frame["population_at_risk"].notna()


def estimates_in_scope(
    estimates: pd.DataFrame,
    measure: Literal["prevalence", "incidence"],
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
) -> pd.DataFrame:
    """Estimate rows of one ``measure`` for the region, criteria and serostatus chosen; superseded rows out.

    ``region`` "All" keeps every region; ``criteria`` "any" keeps every criteria value; ``serostatus``
    selects the serostatus scope of the estimate ("all" = estimates covering all patients).
    """
    keep = (estimates["measure"] == measure) & ~superseded(estimates)
    keep &= estimates["serostatus"] == serostatus
    if region != "All":
        keep &= estimates["region"] == region
    if criteria != "any":
        keep &= estimates["criteria"] == criteria
    return estimates[keep].reset_index(drop=True)


def left_out_incidence_ids(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> list[str]:
    """Ids of the superseded incidence rows that would be in scope without their note."""
    everything = estimates.assign(note="")
    in_scope = estimates_in_scope(everything, "incidence", region, criteria, serostatus)["estimate_id"]
    kept = estimates_in_scope(estimates, "incidence", region, criteria, serostatus)["estimate_id"]
    return list(in_scope[~in_scope.isin(kept)])


def superseded_rows(*frames: pd.DataFrame) -> pd.DataFrame:
    """The rows left out of every chart and pool because their note says superseded / do not pool:
    columns ``row`` (the row's key), ``source_id``, ``note``."""
    parts = []
    for frame in frames:
        key = frame.columns[0]
        rows = frame[superseded(frame)]
        parts.append(pd.DataFrame({"row": rows[key], "source_id": rows["source_id"], "note": rows["note"]}))
    return (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["row", "source_id", "note"])
    )


def pooling_eligibility(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> pd.DataFrame:
    """Every prevalence row in scope with whether it enters the pooled estimate, and why not.

    A row is pooled when it reports both ``cases`` and ``population_at_risk`` and is a whole-population
    estimate; the proportion pooled is the crude ``cases / population_at_risk`` whatever the printed
    value's standardisation (the column ``pooled as`` says so). Columns: estimate_id, population,
    region, ethnicity, criteria, standardisation, value (per 100,000, as in the data), cases,
    population_at_risk, status, source_id, pooled (bool), reason.
    """
    rows = estimates_in_scope(estimates, "prevalence", region, criteria, serostatus)
    counted = has_counts(rows)
    whole = whole_population(rows)
    reasons = []
    for has_both, is_whole, (_, row) in zip(counted, whole, rows.iterrows(), strict=True):
        if row["status"] == "unverified":
            reasons.append("unverified value")
        elif not has_both:
            missing = [name for name in ("cases", "population_at_risk") if pd.isna(row[name])]
            reasons.append("no " + " and no ".join(m.replace("_", " ") for m in missing))
        elif not is_whole:
            reasons.append("part of a population (ethnic, sex or age group); pooled only by ethnicity")
        elif row["standardisation"] != "crude":
            reasons.append("pooled as crude cases / population (the printed value is age-adjusted)")
        else:
            reasons.append("pooled: crude cases / population")
    pooled = counted & whole & (rows["status"] != "unverified")
    out = rows[
        [
            "estimate_id", "population", "region", "ethnicity", "criteria", "standardisation", "value",
            "cases", "population_at_risk", "status", "source_id",
        ]
    ].copy()  # fmt: skip
    out["pooled"] = pooled.to_numpy()
    out["reason"] = reasons
    return out.sort_values(["pooled", "region", "estimate_id"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def pooled_rows(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> pd.DataFrame:
    """The prevalence rows that enter the pooled estimate (see ``pooling_eligibility``), full columns."""
    table = pooling_eligibility(estimates, region, criteria, serostatus)
    ids = table.loc[table["pooled"], "estimate_id"]
    return estimates.set_index("estimate_id").loc[list(ids)].reset_index()


def ethnicity_candidates(in_scope: pd.DataFrame) -> pd.DataFrame:
    """Prevalence rows in scope that may be pooled by ethnicity: with counts, not a sex or age group,
    not unverified (ethnic groups of a population included)."""
    return in_scope[
        has_counts(in_scope)
        & ~in_scope["population"].str.contains(PART_OF_POPULATION)
        & (in_scope["status"] != "unverified")
    ]


def published_prevalence(pooled: pd.DataFrame, region: str) -> pd.DataFrame:
    """The published prevalence figures that speak for ``region`` (``PUBLISHED_PREVALENCE_BY_REGION``)."""
    ids = PUBLISHED_PREVALENCE_BY_REGION.get(region, [])
    rows = pooled.set_index("pooled_id")
    return rows.loc[[i for i in ids if i in rows.index]].reset_index()


def study_range(estimates: pd.DataFrame, region: str, criteria: str, serostatus: str) -> pd.DataFrame:
    """Whole-population prevalence rows in scope that are not unverified (for the range of studies)."""
    rows = estimates_in_scope(estimates, "prevalence", region, criteria, serostatus)
    return rows[whole_population(rows) & (rows["status"] != "unverified")].reset_index(drop=True)


def onset_rows(age_at_onset: pd.DataFrame) -> pd.DataFrame:
    """Age rows (superseded out) with a ``kind``: 'study' (mean or median age at onset), 'not onset'
    (age at diagnosis or testing, by the note), 'paediatric cohort', 'band or range' (peak band, range
    of study means), 'claim' (the notes' often-quoted statements) and 'share'."""
    rows = age_at_onset[~superseded(age_at_onset)].copy()
    kinds = []
    for _, row in rows.iterrows():
        if str(row["onset_id"]).startswith(CLAIM_ROW_PREFIXES):
            kinds.append("claim")
        elif row["statistic"].startswith("share"):
            kinds.append("share")
        elif row["statistic"] in ("range", "peak_band"):
            kinds.append("band or range")
        elif PAEDIATRIC.search(row["population"]):
            kinds.append("paediatric cohort")
        elif NOT_ONSET.search(str(row["note"]) if pd.notna(row["note"]) else ""):
            kinds.append("not onset")
        else:
            kinds.append("study")
    rows["kind"] = kinds
    return rows.reset_index(drop=True)


# --- the statements of the source document (claims ledger) ------------------------------------------


def ledger_claim(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    """The claims-ledger row ``claim_id`` (document, quote, verdict, evidence, explanation).

    ``KeyError`` naming the id when the ledger lacks it.
    """
    rows = claims[claims["claim_id"] == claim_id]
    if rows.empty:
        raise KeyError(f"claim {claim_id!r} is not a row of the claims ledger")
    return rows.iloc[0]


def claim_limit(quote: str) -> float:
    """The limit per 100,000 of a statement worded 'fewer than <number> in 100,000' (e.g. 5.0).

    ``ValueError`` when the wording is not of that form or counts per another denominator.
    """
    found = LIMIT_WORDING.search(quote)
    if not found or found["per"].replace(",", "") != "100000":
        raise ValueError(f"no 'fewer than N in 100,000' in the statement {quote!r}")
    word = found["limit"].lower()
    return float(NUMBER_WORDS.get(word, word))


def claim_band(quote: str) -> tuple[float, float]:
    """The age band in years of a statement worded 'between the ages of <low> and <high>'.

    ``ValueError`` when the wording is not of that form.
    """
    found = BAND_WORDING.search(quote)
    if not found:
        raise ValueError(f"no 'between the ages of A and B' in the statement {quote!r}")
    return float(found["low"]), float(found["high"])


def prevalence_limit(claims: pd.DataFrame) -> float:
    """The limit per 100,000 of the prevalence statement checked (ledger ``PREVALENCE_CLAIM_ID``)."""
    return claim_limit(ledger_claim(claims, PREVALENCE_CLAIM_ID)["quote"])


def onset_band(claims: pd.DataFrame) -> tuple[float, float]:
    """The age band in years of the age-at-onset statement checked (ledger ``ONSET_CLAIM_ID``)."""
    return claim_band(ledger_claim(claims, ONSET_CLAIM_ID)["quote"])


def prevalence_check_rows(estimates: pd.DataFrame) -> pd.DataFrame:
    """Every prevalence row that is neither superseded nor unverified (all regions and serostatuses):
    the rows a statement on worldwide prevalence is checked against. ``whole`` marks whole-population
    estimates of all NMOSD."""
    rows = estimates[(estimates["measure"] == "prevalence") & ~superseded(estimates)]
    rows = rows[rows["status"] != "unverified"]
    return rows.assign(whole=whole_population(rows) & (rows["serostatus"] == "all"))
