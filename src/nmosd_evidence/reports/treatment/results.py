"""The numbers of the treatment report, as numeric frames and dataclasses (no formatted text).

Units: hazard ratios are treatment vs comparator (below 1 favours the treatment) with 95% CIs as
printed; relapse-free proportions are percent of the arm (0-100) here, 0-1 in the data; time points are
weeks; counts are patients (trials) or rows (evidence).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ...core.vocabulary import in_status_order
from .labels import ARMS, hazard_ratio_label
from .select import (
    RELAPSE_FREE,
    TRIAL_DESIGNS,
    Scope,
    acute_treatment_rows,
    is_predictor,
    picked_results,
    results_for,
)

# Columns of a comparison that describe a result row (its label, drugs, population, arm sizes).
COMPARISON_COLUMNS = [
    "comparison_id", "label", "mechanism", "target", "design", "population", "drug", "comparator",
    "n_treatment", "n_comparator", "year",
]  # fmt: skip
RESULT_COLUMNS = [
    "comparison_id", "measure", "value", "ci_lower", "ci_upper", "p_value", "timepoint_weeks", "status",
    "source_id", "locator", "note", "figure", "result_id", "quote", "computed_from",
]  # fmt: skip


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """How many of ``statuses`` are of each status, strongest first (statuses with none left out)."""
    counted = pd.Series(list(statuses), dtype="object").value_counts()
    return {status: int(counted[status]) for status in in_status_order(counted.index)}


def _picked_with_comparisons(scope: Scope, measures: Iterable[str]) -> pd.DataFrame:
    """The picked result rows of ``measures`` for the selected comparisons, each joined to its
    comparison's columns, in comparison order then data-file order."""
    picked = picked_results(results_for(scope.comparisons, scope.results))
    picked = picked.loc[picked["measure"].isin(list(measures)), RESULT_COLUMNS]
    return scope.comparisons[COMPARISON_COLUMNS].merge(picked, on="comparison_id", how="inner")


def hazard_ratios(scope: Scope) -> pd.DataFrame:
    """One hazard ratio per selected comparison that has one (the row the pick rule shows), in
    mechanism order then data-file order.

    Columns: the comparison's (``label``, ``mechanism``, ``target``, ``design``, ``population``,
    ``drug``, ``comparator``, ``n_treatment``, ``n_comparator``, ``year``) and the result row's
    (``value``, ``ci_lower`` and ``ci_upper`` as printed, ``p_value`` as printed, ``status``,
    ``source_id``, ``locator``, ``note``, ``figure``, ``result_id``, ``quote``, ``computed_from``).
    """
    return _picked_with_comparisons(scope, ["hazard_ratio"]).drop(columns=["measure", "timepoint_weeks"])


@dataclass(frozen=True)
class HazardRatioCounts:
    """How the hazard ratios shown fall: ``shown`` with a status other than unverified, of which
    ``below_one`` have a 95% CI entirely below 1; ``crossing`` (CI reaching 1) and ``unverified`` name
    the comparisons by their chart label."""

    shown: int
    below_one: int
    crossing: list[str]
    unverified: list[str]


def hazard_ratio_counts(ratios: pd.DataFrame) -> HazardRatioCounts:
    """``HazardRatioCounts`` of the ``hazard_ratios`` frame ``ratios``."""
    shown = ratios[ratios["status"] != "unverified"]
    with_ci = shown[shown["ci_upper"].notna()]
    return HazardRatioCounts(
        shown=len(shown),
        below_one=int((with_ci["ci_upper"] < 1).sum()),
        crossing=[hazard_ratio_label(r) for _, r in with_ci[with_ci["ci_upper"] >= 1].iterrows()],
        unverified=[hazard_ratio_label(r) for _, r in ratios[ratios["status"] == "unverified"].iterrows()],
    )


def relapse_free(scope: Scope) -> pd.DataFrame:
    """Relapse-free proportion per arm and time point (the rows the pick rule shows), in percent.

    One row per comparison, week (ascending; no time point last) and arm (drug arm first). Columns: the
    comparison's (see ``hazard_ratios``), ``arm`` ('drug arm' / 'comparator arm'), ``weeks``,
    ``value``, ``ci_lower``, ``ci_upper`` (percent, rounded to 2 decimals), ``status``, ``source_id``,
    ``locator``, ``note``, ``figure`` and ``arms_at_week`` (1 when the other arm has no figure then).
    """
    rows = _picked_with_comparisons(scope, RELAPSE_FREE)
    rows = rows.assign(
        arm=rows["measure"].map(ARMS),
        arm_order=rows["measure"].map({m: i for i, m in enumerate(RELAPSE_FREE)}),
        weeks=rows["timepoint_weeks"].astype("Float64"),
        comparison_order=rows["comparison_id"].map(
            {c: i for i, c in enumerate(scope.comparisons["comparison_id"])}
        ),
    )
    rows = rows.sort_values(["comparison_order", "weeks", "arm_order"], kind="stable", na_position="last")
    for column in ("value", "ci_lower", "ci_upper"):
        rows[column] = (rows[column].astype("Float64") * 100).round(2)
    at_week = rows.groupby(["comparison_id", rows["weeks"].fillna(-1.0)])["arm"].transform("size")
    rows = rows.assign(arms_at_week=at_week.astype(int))
    return rows.drop(columns=["measure", "timepoint_weeks", "arm_order", "comparison_order"]).reset_index(
        drop=True
    )


@dataclass(frozen=True)
class TrialLimits:
    """The numbers behind the limits of the trial evidence.

    Over every trial in the data (whole trials, not subgroups): ``trials`` (how many), ``smallest`` and
    ``largest`` (trial, patients), ``unsized`` (trials without arm sizes), ``aqp4_only`` and ``mixed``
    (trials by the population they enrolled), ``aqp4_shares`` (trial, AQP4+ patients, patients) and
    ``negative`` (the AQP4- subgroups' hazard ratios, a ``hazard_ratios``-like frame). Over the
    selected comparisons: ``latest_controlled`` (trial, last week with a comparator-arm figure other
    than unverified), ``extension_weeks`` (last week of an open-label extension figure, or ``None``)
    and ``statuses`` (result rows per status).
    """

    trials: int
    smallest: tuple[str, int] | None
    largest: tuple[str, int] | None
    unsized: list[str]
    aqp4_only: list[str]
    mixed: list[str]
    aqp4_shares: list[tuple[str, int, int]]
    negative: pd.DataFrame
    latest_controlled: list[tuple[str, float]]
    extension_weeks: float | None
    statuses: dict[str, int]


def trial_rows(scope: Scope) -> pd.DataFrame:
    """Every comparison of a trial design in the data (whatever the run selects)."""
    return scope.trials[scope.trials["design"].isin(TRIAL_DESIGNS)]


def whole_trials(scope: Scope) -> pd.DataFrame:
    """One row per trial: the trial-design comparisons that are not subgroups."""
    every = trial_rows(scope)
    return every[~every["label"].str.contains("subgroup")]


def negative_subgroup_ratios(scope: Scope) -> pd.DataFrame:
    """The hazard ratios of every AQP4- subgroup in the data (the pick rule's rows), with labels."""
    negative = trial_rows(scope)
    negative = negative[negative["population"] == "AQP4-"]
    picked = picked_results(results_for(negative, scope.results))
    picked = picked.loc[picked["measure"] == "hazard_ratio", RESULT_COLUMNS]
    return negative[COMPARISON_COLUMNS].merge(picked, on="comparison_id", how="inner")


def _sizes(trials: pd.DataFrame) -> pd.Series:
    return (trials["n_treatment"] + trials["n_comparator"]).astype("Int64")


def aqp4_positive_shares(scope: Scope) -> pd.DataFrame:
    """For each mixed-serostatus trial with arm sizes and exactly one AQP4+ subgroup row with arm sizes:
    ``trial``, ``positive`` (patients in that subgroup), ``total`` (patients in the trial) and the two
    rows' ``source_id`` / ``status`` (``subgroup_source_id``, ``subgroup_status``)."""
    every, whole = trial_rows(scope), whole_trials(scope)
    mixed = whole[whole["population"] == "all"].dropna(subset=["n_treatment", "n_comparator"])
    subgroups = every[every["population"] == "AQP4+"].dropna(subset=["n_treatment", "n_comparator"])
    subgroups = subgroups[~subgroups["trial"].duplicated(keep=False)]
    shares = mixed.merge(subgroups, on="trial", suffixes=("", "_subgroup"))
    return pd.DataFrame(
        {
            "trial": shares["trial"],
            "positive": _sizes(
                shares[["n_treatment_subgroup", "n_comparator_subgroup"]].set_axis(
                    ["n_treatment", "n_comparator"], axis=1
                )
            ),
            "total": _sizes(shares),
            "source_id": shares["source_id"],
            "status": shares["status"],
            "subgroup_source_id": shares["source_id_subgroup"],
            "subgroup_status": shares["status_subgroup"],
        }
    )


def trial_limits(scope: Scope) -> TrialLimits:
    """``TrialLimits`` of the trials in the data and the comparisons ``scope`` selects."""
    whole = whole_trials(scope)
    sized = whole.dropna(subset=["n_treatment", "n_comparator"])
    total = _sizes(sized)
    shares = aqp4_positive_shares(scope)
    chosen = results_for(scope.comparisons, scope.results)
    controlled = chosen[(chosen["measure"] == "relapse_free_comparator") & (chosen["status"] != "unverified")]
    controlled = controlled.dropna(subset=["timepoint_weeks"])
    trial_of = scope.comparisons.set_index("comparison_id")["trial"]
    latest = (
        controlled.assign(trial=controlled["comparison_id"].map(trial_of))
        .groupby("trial", sort=False)["timepoint_weeks"]
        .max()
        .sort_values(kind="stable")
    )
    extension = chosen[
        (chosen["measure"] == "relapse_free_treatment")
        & chosen["note"].fillna("").str.contains("extension", case=False)
    ]
    return TrialLimits(
        trials=len(whole),
        smallest=None if sized.empty else (sized.loc[total.idxmin(), "trial"], int(total.min())),
        largest=None if sized.empty else (sized.loc[total.idxmax(), "trial"], int(total.max())),
        unsized=list(whole.loc[whole["n_treatment"].isna() | whole["n_comparator"].isna(), "trial"]),
        aqp4_only=list(whole.loc[whole["population"] == "AQP4+", "trial"]),
        mixed=list(whole.loc[whole["population"] == "all", "trial"]),
        aqp4_shares=[
            (t, int(p), int(n))
            for t, p, n in zip(shares["trial"], shares["positive"], shares["total"], strict=True)
        ],
        negative=negative_subgroup_ratios(scope),
        latest_controlled=[(trial, float(week)) for trial, week in latest.items()],
        extension_weeks=None if extension.empty else float(extension["timepoint_weeks"].max()),
        statuses=status_counts(chosen["status"]),
    )


@dataclass(frozen=True)
class AcuteOverview:
    """The acute-treatment rows shown: ``rows`` (figures) from ``studies`` studies whose sources are of
    ``source_types``; ``studies_per_modality`` (treatment code -> studies) and ``predictors`` (rows
    left out as predictors of remission)."""

    rows: int
    studies: int
    source_types: list[str]
    studies_per_modality: dict[str, int]
    predictors: int


def acute_overview(scope: Scope) -> AcuteOverview:
    """``AcuteOverview`` of the ``acute`` table."""
    rows = acute_treatment_rows(scope.acute)
    types = scope.sources.set_index("source_id").loc[rows["source_id"].unique(), "source_type"]
    return AcuteOverview(
        rows=len(rows),
        studies=rows["study"].nunique(),
        source_types=sorted(set(types)),
        studies_per_modality={
            str(k): int(v) for k, v in rows.groupby("treatment", sort=False)["study"].nunique().items()
        },
        predictors=int(is_predictor(scope.acute).sum()),
    )
