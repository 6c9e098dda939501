"""Rows in scope for the epidemiology report: region, criteria and serostatus filters, rows left out
(superseded) and which prevalence rows can be pooled. The ledger rows of the statements checked are read
in ``statements`` (its functions can be imported from here too).

Every function takes the validated tables of the data package (``load("estimates")`` and so on) and
returns rows of them (a DataFrame) or values read from them; nothing here computes a statistic.
Units as in the data: prevalence per 100,000 persons, incidence per 100,000 person-years, ages in years.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import pandas as pd

from ...core.memo import memoised
from ...core.meta import Method, Test, Transform
from ...datapackage import load
from .statements import claim_band as claim_band  # importable from here, as before
from .statements import claim_limit as claim_limit
from .statements import ledger_claim as ledger_claim
from .statements import onset_band as onset_band
from .statements import prevalence_limit as prevalence_limit

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


@lru_cache(maxsize=4096)
def _says_do_not_pool(note: str) -> bool:
    return DO_NOT_POOL.search(note) is not None


def superseded(frame: pd.DataFrame) -> pd.Series:
    """True for rows whose note says they are superseded or must not be pooled."""
    notes = frame["note"]
    flags = [isinstance(note, str) and _says_do_not_pool(note) for note in notes.tolist()]
    return pd.Series(flags, index=frame.index, name=notes.name, dtype=bool)


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


Inputs = Literal["counts", "derived", "all"]
INPUT_NAMES = {
    "counts": "printed counts only",
    "derived": "printed counts, and populations derived from cases ÷ crude rate",
    "all": "printed counts, derived populations, and printed 95% CIs (generic inverse variance, logit scale)",
}
# How a row enters a pool, best first: printed counts, a population derived from cases ÷ rate, a printed CI.
COUNTS, DERIVED, FROM_CI = "counts", "derived population", "printed CI"
INPUT_ORDER = {COUNTS: 0, DERIVED: 1, FROM_CI: 2}
CRITERIA_ORDER = {"IPND2015": 0, "W2006": 1, "W1999": 2, "ICD": 3, "other": 4}
SAME_POPULATION_RULE = (
    "one row per population (population_key): the latest survey (period end); then the newest criteria "
    "(IPND 2015, Wingerchuk 2006, 1999, ICD, other); then a crude over an age-adjusted rate; then "
    "counts over a derived population over a printed CI"
)
ELIGIBILITY_COLUMNS = [
    "estimate_id", "population", "population_key", "region", "ethnicity", "criteria", "design",
    "standardisation", "period_end", "value", "ci_lower", "ci_upper", "cases", "population_at_risk",
    "status", "source_id",
]  # fmt: skip


def derived_population(rows: pd.DataFrame) -> pd.Series:
    """Population at risk (people) derived as cases ÷ (crude rate per 100,000) × 100,000, rounded to a
    whole person, for rows with cases and a crude rate but no printed population; NaN otherwise. The
    rate is printed rounded, so the derived population carries that rounding (the report flags it)."""
    cases = rows["cases"].to_numpy(dtype=float, na_value=np.nan)
    value = rows["value"].to_numpy(dtype=float, na_value=np.nan)
    usable = (
        ~np.isnan(cases)
        & rows["population_at_risk"].isna().to_numpy()
        & (rows["standardisation"] == "crude").to_numpy(dtype=bool, na_value=False)
        & (value > 0)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = np.round(cases / value * 100_000)
    return pd.Series(np.where(usable, derived, np.nan), index=rows.index)


def population_used(rows: pd.DataFrame) -> pd.Series:
    """The population at risk (people) a row is pooled with: as printed, else as derived (float, NaN
    for neither); ``rows`` from ``pooling_eligibility`` or ``pooled_rows``."""
    return rows["population_at_risk"].astype(float).fillna(rows["derived_population"].astype(float))


def _entry(row: Mapping[str, Any], derived: float, inputs: Inputs, transform: str) -> tuple[str | None, str]:
    """How ``row`` can enter a pool (``COUNTS``, ``DERIVED``, ``FROM_CI`` or None) and the reason said."""
    if row["status"] == "unverified":
        return None, "unverified value"
    if pd.notna(row["cases"]) and pd.notna(row["population_at_risk"]):
        adjusted = row["standardisation"] != "crude"
        return COUNTS, "crude cases / population" + (
            " (the printed value is age-adjusted)" if adjusted else ""
        )
    if inputs != "counts" and pd.notna(derived):
        return DERIVED, "cases / population derived from cases ÷ rounded crude rate"
    has_ci = pd.notna(row["ci_lower"]) and pd.notna(row["ci_upper"]) and row["ci_lower"] > 0
    if has_ci and inputs == "all" and transform == "logit":
        adjusted = " (age-adjusted rate)" if row["standardisation"] != "crude" else ""
        return FROM_CI, f"printed rate and 95% CI{adjusted}, generic inverse variance"
    if has_ci and inputs == "all":
        return None, "printed CI only: pooled on the logit scale only (Freeman–Tukey needs counts)"
    possible = [
        *(["a derived population"] if pd.notna(derived) else []),
        *(["a printed CI"] if has_ci else []),
    ]
    if possible:
        return None, f"{' or '.join(possible)} not pooled with these inputs"
    if pd.notna(row["cases"]):
        return None, "cases with an age-adjusted rate only: the population cannot be derived"
    return None, "no cases, population or 95% CI printed"


@dataclass(frozen=True)
class Analysis:
    """The choices of a pooled analysis: which rows (``region`` or "All", ``criteria`` or "any",
    ``serostatus`` scope, ``inputs`` allowed) and how they are pooled (tau² ``method``, ``transform``,
    ``test`` of the pooled mean: "z" Wald or "knha" Knapp–Hartung). The notebook's parameters of the
    same names; ``with_(...)`` gives a copy with some changed."""

    region: str = "All"
    criteria: str = "any"
    serostatus: str = "all"
    inputs: Inputs = "all"
    method: Method = "DL"
    transform: Transform = "logit"
    test: Test = "z"

    @property
    def scope(self) -> tuple[str, str, str]:
        """(region, criteria, serostatus): the arguments of ``estimates_in_scope`` after the measure."""
        return self.region, self.criteria, self.serostatus

    def with_(self, **changes: object) -> Analysis:
        """A copy with ``changes`` (``Analysis().with_(region="Europe")``)."""
        return replace(self, **changes)  # type: ignore[arg-type]


ALL = Analysis()


def pooling_eligibility(estimates: pd.DataFrame, analysis: Analysis = ALL) -> pd.DataFrame:
    """Every prevalence row in scope with whether it enters the pooled estimate, how, and why not.

    A row enters when it is not unverified, is a whole-population estimate (not an ethnic, sex or age
    group) and gives its cases and population (``input`` "counts"), or, as ``inputs`` allows, its cases
    and a crude rate (population derived, "derived population", see ``derived_population``) or a printed
    rate with its 95% CI ("printed CI", logit scale only). Of rows with one ``population_key`` one enters
    (``SAME_POPULATION_RULE``). Columns: ``ELIGIBILITY_COLUMNS``, ``derived_population`` (people),
    ``input``, ``pooled`` (bool), ``reason``; pooled rows first, then by region and id.
    """
    rows, found = _eligibility(estimates, analysis)
    out = rows[ELIGIBILITY_COLUMNS].copy()
    out["derived_population"] = found.derived_population
    out["input"] = found.input
    out["reason"] = found.reason
    out["pooled"] = found.pooled
    return out.sort_values(["pooled", "region", "estimate_id"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def _eligibility(estimates: pd.DataFrame, analysis: Analysis) -> tuple[pd.DataFrame, Eligibility]:
    """The prevalence rows in scope and, row for row, how each enters (None: it does not), why, and
    whether it is pooled."""
    inputs, transform = analysis.inputs, analysis.transform
    rows = estimates_in_scope(
        estimates, "prevalence", analysis.region, analysis.criteria, analysis.serostatus
    )
    derived = derived_population(rows)
    fields = [rows[column].tolist() for column in ENTRY_FIELDS]
    entries = [
        _entry(dict(zip(ENTRY_FIELDS, values, strict=True)), size, inputs, transform)
        if is_whole
        else (None, PART_REASON)
        for *values, size, is_whole in zip(*fields, derived, whole_population(rows), strict=True)
    ]
    ways, reasons = [way for way, _ in entries], [reason for _, reason in entries]
    candidates = [position for position, way in enumerate(ways) if way is not None]
    columns = [rows[column].tolist() for column in RANK_FIELDS]
    kept = [
        candidates[i]
        for i in _kept_per_population(
            [[column[c] for c in candidates] for column in columns], [ways[c] for c in candidates]
        )
    ]
    keys, ids = columns[0], columns[-1]
    first = {keys[position]: ids[position] for position in kept}
    for position in sorted(set(candidates) - set(kept)):
        reasons[position] = f"same population as {first[keys[position]]} ({SAME_RULE_SHORT})"
        ways[position] = None
    pooled = np.zeros(len(rows), dtype=bool)
    pooled[kept] = True
    return rows, Eligibility(derived, ways, reasons, pooled)


@dataclass(frozen=True)
class Eligibility:
    """Row for row of the prevalence rows in scope: ``derived_population``, how each enters a pool
    (``input``, None when it does not), why (``reason``) and whether it is pooled."""

    derived_population: pd.Series
    input: list[str | None]
    reason: list[str]
    pooled: np.ndarray


# The fields of a row that decide how it can enter a pool (``_entry``), and which of a population's
# rows is kept (``_kept_per_population``: the key first, the estimate id last).
ENTRY_FIELDS = ["status", "cases", "population_at_risk", "standardisation", "ci_lower", "ci_upper"]
RANK_FIELDS = ["population_key", "period_end", "criteria", "standardisation", "estimate_id"]


def _rank(value: object, order: Mapping[str, int]) -> tuple[int, float]:
    """A sort key for ``order[value]`` that puts values ``order`` lacks (and NA) last."""
    position = order.get(value) if isinstance(value, str) else None
    return (0, float(position)) if position is not None else (1, 0.0)


def _kept_per_population(columns: list[list[Any]], ways: list[Any] | None) -> list[int]:
    """The positions of the row kept per population key (``SAME_POPULATION_RULE``), in key order;
    ``columns`` the values of ``RANK_FIELDS``, ``ways`` how each row can enter (ranked, when given).
    Rows without a key are never kept."""
    ranked = []
    for position, (key, end, criteria, standardisation, estimate_id) in enumerate(zip(*columns, strict=True)):
        if not isinstance(key, str):
            continue
        ranked.append(
            (
                key,
                -float(end) if pd.notna(end) else 9999.0,  # the latest survey first, undated last
                _rank(criteria, CRITERIA_ORDER),
                int(standardisation != "crude"),
                _rank(ways[position], INPUT_ORDER) if ways is not None else (0, 0.0),
                _text_key(estimate_id),
                position,
            )
        )
    kept: dict[str, int] = {}
    for key, *_, position in sorted(ranked):
        kept.setdefault(key, position)
    return list(kept.values())


def one_per_population(candidates: pd.DataFrame) -> pd.DataFrame:
    """The row kept per ``population_key`` of ``candidates`` (``SAME_POPULATION_RULE``; an ``input``
    column ranks how a row can enter, when present), in key order."""
    ways = candidates["input"].tolist() if "input" in candidates else None
    columns = [candidates[column].tolist() for column in RANK_FIELDS]
    return candidates.iloc[_kept_per_population(columns, ways)]


def incidence_rows(estimates: pd.DataFrame, analysis: Analysis = ALL) -> pd.DataFrame:
    """Incidence rows in the scope of ``analysis`` that can be pooled on the log scale: whole population,
    not unverified, a rate > 0 with cases > 0 or a 95% CI around it; one per population
    (``SAME_POPULATION_RULE``)."""
    rows = estimates_in_scope(estimates, "incidence", *analysis.scope)
    has_ci = rows["ci_lower"].notna() & (rows["ci_lower"] > 0) & rows["ci_upper"].notna()
    usable = (
        whole_population(rows)
        & (rows["status"] != "unverified")
        & (rows["value"] > 0)
        & ((rows["cases"].fillna(0) > 0) | has_ci)
    )
    return one_per_population(rows[usable]).sort_values(["region", "estimate_id"]).reset_index(drop=True)


PART_REASON = "part of a population (ethnic, sex or age group); pooled only by ethnicity"
SAME_RULE_SHORT = "one row per population: later survey, newer criteria, crude, counts first"


@memoised(maxsize=64)
def pooled_rows(estimates: pd.DataFrame, analysis: Analysis = ALL) -> pd.DataFrame:
    """The prevalence rows that enter the pooled estimate (``pooling_eligibility``), every column of
    the estimates table plus ``input`` and ``derived_population``; ``population_at_risk`` keeps what the
    source printed."""
    rows, found = _eligibility(estimates, analysis)
    pooled = np.flatnonzero(found.pooled)
    regions, ids = rows["region"].tolist(), rows["estimate_id"].tolist()
    order = sorted(pooled, key=lambda i: (_text_key(regions[i]), _text_key(ids[i]), i))  # region, then id
    chosen = rows.iloc[order].reset_index(drop=True)
    ways = pd.DataFrame(index=rows.index)
    ways["input"] = found.input  # typed as pooling_eligibility's column
    chosen["input"] = ways["input"].iloc[order].array
    chosen["derived_population"] = found.derived_population.to_numpy()[order]
    return chosen


def _text_key(value: object) -> tuple[int, str]:
    """A sort key for a text cell: text in order, NA last (as ``sort_values``)."""
    return (0, value) if isinstance(value, str) else (1, "")


def ethnicity_candidates(in_scope: pd.DataFrame) -> pd.DataFrame:
    """Prevalence rows in scope that may be pooled by ethnicity: with counts, not a sex or age group,
    not unverified (ethnic groups of a population included), with ``input`` "counts"."""
    rows = in_scope[
        has_counts(in_scope)
        & ~in_scope["population"].str.contains(PART_OF_POPULATION)
        & (in_scope["status"] != "unverified")
    ]
    return rows.assign(input=COUNTS, derived_population=float("nan"))


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


def prevalence_check_rows(estimates: pd.DataFrame) -> pd.DataFrame:
    """Every prevalence row that is neither superseded nor unverified (all regions and serostatuses):
    the rows a statement on worldwide prevalence is checked against. ``whole`` marks whole-population
    estimates of all NMOSD."""
    rows = estimates[(estimates["measure"] == "prevalence") & ~superseded(estimates)]
    rows = rows[rows["status"] != "unverified"]
    return rows.assign(whole=whole_population(rows) & (rows["serostatus"] == "all"))
