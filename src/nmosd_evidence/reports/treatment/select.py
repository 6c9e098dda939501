"""The rows the treatment report shows: trial comparisons by parameters, the one row shown per reported
figure (the pick rule), acute-treatment rows, and the source document's treatment claims with the
rows the ledger cites for them.

Tables in: ``trials`` (one row per trial comparison; AQP4+ and AQP4- subgroups own rows),
``trial_results`` (long: one row per result, each with its own source and status; conflicting figures
from two sources are separate rows), ``acute`` (shared with the progression report), ``sources`` and
the claims ledger ``claims``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ...core.vocabulary import ROCHE_PAGE, status_rank
from ...datapackage import ledger, load
from ...present.references import study_names
from .labels import ACUTE_MODALITIES, MECHANISMS, base_drug, comparison_labels

# Designs that are trials (shown in the trial views); observational and indirect comparisons are shown
# separately because they compare drugs with each other in non-randomised data.
TRIAL_DESIGNS = ("randomised", "open-label", "external-control")
OTHER_DESIGNS = ("observational", "indirect")
TARGET_ORDER = ("C5", "CD19", "IL-6R", "CD20", "other")
# The ledger topics of the source document that are about treatment.
TREATMENT_TOPICS = ("relapse_prevention", "acute_treatment", "apheresis", "research")
RELAPSE_FREE = ("relapse_free_treatment", "relapse_free_comparator")


@dataclass(frozen=True)
class Scope:
    """Everything one run of the report reads: its parameters, the tables and the rows in scope.

    ``trials`` is every comparison (labelled, see ``labelled``); ``comparisons`` the trial comparisons
    the parameters select and ``other`` the observational and indirect ones for the population;
    ``claims`` the source document's treatment claims and ``cited`` the rows their evidence keys name.
    """

    population: str
    include_external_control: bool
    include_open_label: bool
    trials: pd.DataFrame
    results: pd.DataFrame
    acute: pd.DataFrame
    sources: pd.DataFrame
    comparisons: pd.DataFrame
    other: pd.DataFrame
    claims: pd.DataFrame
    cited: pd.DataFrame


def labelled(trials: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """``trials`` with ``label`` (unique, readable), ``mechanism`` (from the target) and ``year`` (the
    publication year of the trial row's source, missing when the source has none); a trial named only by
    a record id takes its source's name (``present.references.study_names``)."""
    years = sources.set_index("source_id")["year"]
    trials = trials.assign(trial=study_names(trials, sources, "trial"))
    return trials.assign(
        label=comparison_labels(trials),
        mechanism=trials["target"].map(MECHANISMS),
        year=trials["source_id"].map(years).astype("Int64"),
    )


def _in_mechanism_order(frame: pd.DataFrame) -> pd.DataFrame:
    rank = frame["target"].map({t: i for i, t in enumerate(TARGET_ORDER)})
    order = rank.sort_values(kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def selected_comparisons(
    trials: pd.DataFrame,
    population: str = "all",
    include_external_control: bool = True,
    include_open_label: bool = True,
) -> pd.DataFrame:
    """Trial comparisons in the report (randomised, open-label, external control), by mechanism and
    then data-file order.

    ``population`` 'all' keeps every population row (whole trials and their AQP4+ / AQP4- subgroups);
    'AQP4+' keeps only comparisons whose population is AQP4+ (AQP4+-only trials and AQP4+ subgroups).
    """
    keep = trials["design"].isin(TRIAL_DESIGNS)
    if population != "all":
        keep &= trials["population"] == population
    if not include_external_control:
        keep &= trials["design"] != "external-control"
    if not include_open_label:
        keep &= trials["design"] != "open-label"
    return _in_mechanism_order(trials[keep])


def other_comparisons(trials: pd.DataFrame, population: str = "all") -> pd.DataFrame:
    """Observational and indirect drug comparisons (not trials) for the same population, in file order."""
    keep = trials["design"].isin(OTHER_DESIGNS)
    if population != "all":
        keep &= trials["population"] == population
    return trials[keep].reset_index(drop=True)


def results_for(comparisons: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """The ``trial_results`` rows of ``comparisons``, in data-file order."""
    return results[results["comparison_id"].isin(comparisons["comparison_id"])].reset_index(drop=True)


# --- the pick rule: one row per reported figure -------------------------------------------------


def printed_precision(value_as_printed: str) -> int:
    """Decimal places of the first number in a figure as printed ('66.0%' -> 1, '89%' -> 0)."""
    match = re.search(r"\d+(?:\.(\d+))?", str(value_as_printed))
    return len(match.group(1) or "") if match else 0


RANK_KEY = ["status_rank", "without_ci", "imprecision", "file_order"]


def _rank_key(rows: pd.DataFrame) -> pd.DataFrame:
    """The pick rule's sort key of ``rows`` (smaller first), one column per criterion of ``ranked``."""
    has_ci = rows["ci_lower"].notna() & rows["ci_upper"].notna()
    return pd.DataFrame(
        {
            "status_rank": rows["status"].map(status_rank),
            "without_ci": ~has_ci,
            "imprecision": -rows["value_as_printed"].map(printed_precision),
            "file_order": range(len(rows)),
        },
        index=rows.index,
    )


def ranked(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` reporting one figure, best first: the strongest status, then a row with a 95% CI, then
    the more precise figure as printed ('66.0%' before '66%'), then data-file order."""
    return rows.loc[_rank_key(rows).sort_values(RANK_KEY, kind="stable").index]


def figure_key(rows: pd.DataFrame) -> pd.Series:
    """'comparison|measure|weeks': rows with the same key report the same figure (-1: no time point)."""
    weeks = rows["timepoint_weeks"].astype("Float64").fillna(-1.0)
    return rows["comparison_id"] + "|" + rows["measure"] + "|" + weeks.astype(str)


def with_rank(results: pd.DataFrame) -> pd.DataFrame:
    """``results`` with ``figure`` (``figure_key``) and ``rank`` (0: the row shown for its figure)."""
    frame = results.assign(figure=figure_key(results))
    key = _rank_key(frame).assign(figure=frame["figure"]).sort_values(RANK_KEY, kind="stable")
    return frame.assign(rank=key.groupby("figure", sort=False).cumcount())


def picked_results(results: pd.DataFrame) -> pd.DataFrame:
    """One row per reported figure (comparison, measure, time point): the first by ``ranked``, in the
    order the figures first appear in the data; with ``figure``."""
    frame = with_rank(results)
    return _by_first_appearance(frame[frame["rank"] == 0], frame["figure"]).reset_index(drop=True)


def _by_first_appearance(rows: pd.DataFrame, figures: pd.Series) -> pd.DataFrame:
    """``rows`` ordered by where their ``figure`` first appears in ``figures`` (stable within one)."""
    order = {figure: i for i, figure in enumerate(dict.fromkeys(figures))}
    return rows.sort_values("figure", key=lambda column: column.map(order), kind="stable")


def alternatives(results: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``results`` not shown for their figure (another row reports it better), by figure
    and then best first; with ``figure`` and ``rank``."""
    frame = with_rank(results)
    return frame[frame["rank"] > 0].sort_values(["figure", "rank"], kind="stable")


def conflicting(results: pd.DataFrame) -> pd.DataFrame:
    """Rows of figures reported by more than one row, grouped by figure (first appearance), file
    order within a figure; with ``figure`` and ``rank`` (0: the row the report shows)."""
    frame = with_rank(results)
    sizes = frame.groupby("figure", sort=False)["figure"].transform("size")
    return _by_first_appearance(frame[sizes > 1], frame["figure"])


# --- acute attack treatment (the treatment side of the shared ``acute`` table) --------------------


def is_predictor(acute: pd.DataFrame) -> pd.Series:
    """Rows that are predictors of remission, not effects of a treatment (any first-line course compared)."""
    return (acute["treatment"] == "any_first_line") & (acute["factor"] == "comparison")


def acute_treatment_rows(acute: pd.DataFrame) -> pd.DataFrame:
    """The ``acute`` rows about a treatment, its timing or its use, predictors left out, by modality
    (``ACUTE_MODALITIES`` order), then data-file order."""
    chosen = acute[~is_predictor(acute)]
    rank = chosen["treatment"].map({t: i for i, t in enumerate(ACUTE_MODALITIES)})
    return chosen.loc[rank.sort_values(kind="stable").index].reset_index(drop=True)


def approvals_of(trials: pd.DataFrame, drugs: list[str]) -> pd.DataFrame:
    """The first row in data-file order with an NMOSD approval year of each of ``drugs`` (drug names
    without qualifier), from every row of ``trials``."""
    approved = trials.dropna(subset=["approval_year"])
    approved = approved[approved["drug"].map(base_drug).isin(drugs)]
    return approved[~approved["drug"].map(base_drug).duplicated()]


def first_approvals(trials: pd.DataFrame) -> pd.DataFrame:
    """One row per drug (``base``: the drug without qualifier) with an NMOSD approval year, the first
    row of its earliest approval, by year."""
    approved = trials.dropna(subset=["approval_year"]).sort_values("approval_year", kind="stable")
    approved = approved.assign(base=approved["drug"].map(base_drug))
    return approved.drop_duplicates("base").reset_index(drop=True)


# --- the source document's treatment claims ---------------------------------------------------------


def treatment_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The ledger rows of the Roche page (``ROCHE_PAGE``) whose topic is treatment, in ledger order."""
    keep = (claims["document"] == ROCHE_PAGE) & claims["topic"].isin(TREATMENT_TOPICS)
    return claims[keep].reset_index(drop=True)


def scope(
    population: str = "all", include_external_control: bool = True, include_open_label: bool = True
) -> Scope:
    """The tables (validated, ``load``) and the rows in scope for one run of the report; an acute-treatment
    study named only by a record id takes its source's citation (``present.references.study_names``)."""
    sources = load("sources")
    trials = labelled(load("trials"), sources)
    claims = treatment_claims(load("claims"))
    tables = {name: load(name) for name in ledger.cited_tables(claims)}
    return Scope(
        population=population,
        include_external_control=include_external_control,
        include_open_label=include_open_label,
        trials=trials,
        results=load("trial_results"),
        acute=(acute := load("acute")).assign(study=study_names(acute, sources)),
        sources=sources,
        comparisons=selected_comparisons(trials, population, include_external_control, include_open_label),
        other=other_comparisons(trials, population),
        claims=claims,
        cited=ledger.resolved_evidence(claims, tables),
    )


def unapproved_trial_drugs(trials: pd.DataFrame) -> pd.DataFrame:
    """Trial comparisons whose drug has no NMOSD approval year but an approval note ('off-label …')."""
    keep = trials["design"].isin(TRIAL_DESIGNS) & trials["approval_year"].isna() & trials["approval"].notna()
    return trials[keep].reset_index(drop=True)
