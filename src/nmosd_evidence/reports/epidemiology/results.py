"""The epidemiology report's other numbers: expected cases, female-to-male ratios and age-at-onset
summaries (pooled prevalence: ``pooling``; the specification curve and incidence: ``specification``).

Units: prevalence per 100,000 persons; expected cases in people; ratios in women per man; ages in
years. Results are numbers (dataclasses or numeric DataFrames); the report's tables and text format them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .pooling import PER, PooledPrevalence
from .select import onset_rows, published_prevalence, study_range, superseded

RATE_COLUMNS = ["value", "ci_lower", "ci_upper", "pi_lower", "pi_upper", "range_low", "range_high"]


# --- expected cases ----------------------------------------------------------------------------------


def expected_cases(population: int, per_100k: float) -> float:
    """Expected number of people with NMOSD: ``population * per_100k / 100,000``."""
    return population * per_100k / PER


def expected_cases_bases(
    population: int,
    result: PooledPrevalence,
    pooled: pd.DataFrame,
    estimates: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
) -> pd.DataFrame:
    """The bases of an expected number of people with NMOSD among ``population`` people, one row each.

    Rows: this report's pooled estimate (``basis`` "pooled", or "refused" when it could not be pooled),
    the published figures for the region (``basis`` "published", with their pooled_id, kind, subgroup,
    source and status) and the lowest-to-highest whole-population study estimate in scope (``basis``
    "study range"). Rates per 100,000 in ``value``, ``ci_lower``, ``ci_upper``, ``pi_lower``,
    ``pi_upper``, ``range_low``, ``range_high``; the expected people for each in ``people_<rate>``.
    """
    lines: list[dict[str, object]] = [
        {
            "basis": "pooled" if result.pooled else "refused",
            "value": result.estimate,
            "ci_lower": result.ci_lower,
            "ci_upper": result.ci_upper,
            "pi_lower": result.pi_lower,
            "pi_upper": result.pi_upper,
            "source_id": ", ".join(result.source_ids),
            "status": "computed" if result.pooled else "",
        }
    ]
    for _, row in published_prevalence(pooled, region).iterrows():
        lines.append(
            {"basis": "published", **{c: row[c] for c in RATE_COLUMNS if c in row}}
            | {c: row[c] for c in ("pooled_id", "kind", "subgroup", "source_id", "status")}
        )
    studies = study_range(estimates, region, criteria, serostatus)
    if len(studies):
        low, high = studies.loc[studies["value"].idxmin()], studies.loc[studies["value"].idxmax()]
        lines.append(
            {
                "basis": "study range",
                "range_low": low["value"],
                "range_high": high["value"],
                "low_id": low["estimate_id"],
                "high_id": high["estimate_id"],
                "studies": len(studies),
                "source_id": ", ".join(sorted({low["source_id"], high["source_id"]})),
                "status": "computed",
            }
        )
    table = pd.DataFrame(lines)
    for column in RATE_COLUMNS:
        rates = pd.to_numeric(table[column], errors="coerce") if column in table else np.nan
        table[column] = rates
        table[f"people_{column}"] = expected_cases(population, table[column])
    return table


# --- women and men, age at onset ---------------------------------------------------------------------


def sex_ratio_rows(sex_ratio: pd.DataFrame) -> pd.DataFrame:
    """Female-to-male ratio per row (women per man): as printed, or computed from the share of women
    (p / (100 - p)).

    Rows with neither (a lower bound only, a garbled print) and superseded rows are left out. Columns
    add ``ratio``, ``ratio_status`` (the row's status, or 'computed' for a ratio from a share) and
    ``ratio_basis``.
    """
    rows = sex_ratio[~superseded(sex_ratio)].copy()
    from_share = rows["female_to_male"].isna() & rows["percent_female"].notna()
    rows["ratio"] = rows["female_to_male"].astype("Float64")
    share = rows.loc[from_share, "percent_female"].astype(float)
    rows.loc[from_share, "ratio"] = share / (100 - share)
    rows["ratio_status"] = rows["status"].where(~from_share, "computed")
    rows["ratio_basis"] = np.where(from_share, "computed from the share of women", "as printed")
    return rows[rows["ratio"].notna()].reset_index(drop=True)


def sex_ratio_summary(sex_ratio: pd.DataFrame) -> pd.DataFrame:
    """Female-to-male ratios by serostatus and region: rows, median, lowest and highest (women per
    man) and the row ids."""
    rows = sex_ratio_rows(sex_ratio)
    grouped = rows.groupby(["serostatus", "region"])
    table = grouped["ratio"].agg(rows="count", median="median", lowest="min", highest="max").reset_index()
    table["row ids"] = grouped["sex_ratio_id"].agg(", ".join).to_numpy()
    return table


def age_at_onset_summary(age_at_onset: pd.DataFrame) -> pd.DataFrame:
    """Mean or median ages at onset (the 'study' rows of ``select.onset_rows``) by region and
    serostatus: rows, median of the study values, lowest and highest (years) and the row ids."""
    rows = onset_rows(age_at_onset)
    rows = rows[rows["kind"] == "study"]
    grouped = rows.groupby(["region", "serostatus"])
    table = grouped["value"].agg(rows="count", median="median", lowest="min", highest="max").reset_index()
    table["row ids"] = grouped["onset_id"].agg(", ".join).to_numpy()
    return table
