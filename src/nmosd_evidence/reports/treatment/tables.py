"""The treatment report's tables, as Stylers (``present.tables.styled_table``): cells are text written
here with ``present.format``; every result cell carries its status in brackets.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from ...core.memo import memoised
from ...present.downloads import with_provenance
from ...present.format import count, estimate_with_interval, missing, p_value, percent, weeks
from ...present.tables import styled_table
from .labels import (
    ACUTE_MODALITIES,
    MECHANISM_DESCRIPTIONS,
    MECHANISMS,
    POPULATION_WORDS,
    acute_result,
    also_reported,
    base_drug,
    hazard_ratio_label,
    measure_words,
    status_tag,
    week_text,
)
from .results import hazard_ratios
from .select import (
    RELAPSE_FREE,
    TARGET_ORDER,
    Scope,
    acute_treatment_rows,
    alternatives,
    approvals_of,
    conflicting,
    picked_results,
    results_for,
)

SUMMARY_DESIGN_COLUMNS = [
    "comparison", "trial", "drug", "target", "comparator", "design", "population",
    "n (treatment / comparator)", "primary endpoint", "approval (NMOSD)", "row status",
]  # fmt: skip
SUMMARY_RESULT_COLUMNS = [
    "comparison", "hazard ratio (95% CI); p", "relapses, treatment arm", "relapses, comparator arm",
    "relapse risk reduction", "relapse-free, treatment vs comparator", "other results", "sources",
]  # fmt: skip
# (measure stem, words, unit) of the results shown as treatment vs comparator in 'other results'.
ARM_PAIRS = (
    ("annualised_relapse_rate", "annualised relapse rate", ""),
    ("median_time_to_relapse", "median time to first relapse", " weeks"),
)


# Display column -> data column: the raw numbers a result table's download carries instead of the
# formatted cells (data columns the display has no cell for are added).
RESULT_NUMBERS = {"value": "value", "ci_lower": "ci_lower", "ci_upper": "ci_upper", "p": "p_value"}
WEEK = {"week": "timepoint_weeks"}
ARMS = {"n_treatment": "n_treatment", "n_comparator": "n_comparator"}


def _download(
    display: pd.DataFrame, rows: pd.DataFrame, id_column: str, numbers: dict[str, str], drop: tuple = ()
) -> pd.DataFrame:
    """The download of a table whose lines are ``rows`` (same order): ``display`` without the columns
    ``drop`` (text joining several numbers), the columns of ``numbers`` (display column -> data column)
    holding the rows' raw values (p as printed), and the rows' provenance."""
    raw = {shown: rows[column].to_numpy() for shown, column in numbers.items()}
    shown = display.drop(columns=list(drop)).reset_index(drop=True)
    return with_provenance(shown.assign(**raw), rows, id_column)


def _text(value: object) -> str:
    """A text cell: '' for a missing value."""
    return "" if missing(value) else str(value)


class _FirstRows:
    """The first row of a frame of results per (``comparison_id``, ``measure``), from one pass over its
    rows (``get`` gives None when there is none)."""

    def __init__(self, picked: pd.DataFrame) -> None:
        self.picked = picked
        self.positions: dict[tuple[object, object], int] = {}
        keys = zip(picked["comparison_id"].tolist(), picked["measure"].tolist(), strict=True)
        for position, key in enumerate(keys):
            self.positions.setdefault(key, position)

    def get(self, key: tuple[str, str]) -> pd.Series | None:
        position = self.positions.get(key)
        return None if position is None else self.picked.iloc[position]


def _estimate(row: pd.Series) -> str:
    return estimate_with_interval(row["value"], row["ci_lower"], row["ci_upper"])


def _hazard_ratio_cell(row: pd.Series | None) -> str:
    """'0.06 (0.02–0.20); p<0.001 [secondary]'."""
    if row is None:
        return ""
    p = p_value(row["p_value"])
    return f"{_estimate(row)}{'; ' + p if p else ''}{status_tag(row['status'])}"


def _relapses_cell(row: pd.Series | None, n: object) -> str:
    """'3 of 96 [secondary]': patients with a relapse of the arm size (without it when not given)."""
    if row is None:
        return ""
    of = "" if missing(n) else f" of {int(n)}"
    return f"{int(row['value'])}{of}{status_tag(row['status'])}"


def _proportion_cell(row: pd.Series | None) -> str:
    return "" if row is None else f"{percent(row['value'])}{status_tag(row['status'])}"


def _arm_pairs_cell(first: _FirstRows, comparison_id: str) -> str:
    """Annualised relapse rate and median time to first relapse, treatment vs comparator, with status."""
    parts = []
    for stem, words, unit in ARM_PAIRS:
        treated, control = (
            first.get((comparison_id, f"{stem}_treatment")),
            first.get((comparison_id, f"{stem}_comparator")),
        )
        if treated is None or control is None:
            continue
        p = p_value(treated["p_value"])
        tags = status_tag(treated["status"])
        if treated["status"] != control["status"]:
            tags += f"/{status_tag(control['status'])}"
        parts.append(
            f"{words} {_estimate(treated)} vs {_estimate(control)}{unit}{', ' + p if p else ''}{tags}"
        )
    return "; ".join(parts)


def _relapse_free_cell(picked: pd.DataFrame, comparison_id: str) -> str:
    """'week 48: 97.9% vs 63.2% [secondary]; week 192: 94.4% (treatment arm only) [verified]'."""
    rows = picked[(picked["comparison_id"] == comparison_id) & picked["measure"].isin(RELAPSE_FREE)]
    parts = []
    at_weeks = rows["timepoint_weeks"].astype("Float64")
    for week in sorted(at_weeks.dropna().unique()) + ([None] if at_weeks.isna().any() else []):
        at = rows[at_weeks.isna()] if week is None else rows[at_weeks == week]
        first = _FirstRows(at)
        treated, control = (
            first.get((comparison_id, RELAPSE_FREE[0])),
            first.get((comparison_id, RELAPSE_FREE[1])),
        )
        if treated is not None and control is not None:
            if treated["status"] == control["status"]:
                both = f"{percent(treated['value'])} vs {percent(control['value'])}"
                text = f"{both}{status_tag(treated['status'])}"
            else:
                text = f"{_proportion_cell(treated)} vs {_proportion_cell(control)}"
        else:
            one, arm = (treated, "treatment") if treated is not None else (control, "comparator")
            text = f"{percent(one['value'])} ({arm} arm only){status_tag(one['status'])}"
        parts.append(f"{weeks(week)}: {text}")
    return "; ".join(parts)


@memoised()
def trial_summary(scope: Scope) -> pd.DataFrame:
    """One row per selected comparison: design facts from ``trials`` and results pivoted from
    ``trial_results`` (the pick rule's rows) as text; ``row status`` is the status of the design row
    (arm sizes, endpoint, approval)."""
    picked = picked_results(results_for(scope.comparisons, scope.results))
    first = _FirstRows(picked)
    rows = []
    for _, c in scope.comparisons.iterrows():
        cid, n_t, n_c = c["comparison_id"], c["n_treatment"], c["n_comparator"]
        ids = [c["source_id"], *picked.loc[picked["comparison_id"] == cid, "source_id"]]
        rows.append(
            {
                "comparison": c["label"],
                "trial": c["trial"],
                "drug": c["drug"],
                "target": c["target"],
                "comparator": c["comparator"],
                "design": c["design"],
                "population": POPULATION_WORDS[c["population"]],
                "n (treatment / comparator)": "not given"
                if missing(n_t) or missing(n_c)
                else f"{n_t} / {n_c}",
                "primary endpoint": _text(c["primary_endpoint"]),
                "approval (NMOSD)": _text(c["approval"]),
                "row status": c["status"],
                "hazard ratio (95% CI); p": _hazard_ratio_cell(first.get((cid, "hazard_ratio"))),
                "relapses, treatment arm": _relapses_cell(first.get((cid, "relapses_treatment")), n_t),
                "relapses, comparator arm": _relapses_cell(first.get((cid, "relapses_comparator")), n_c),
                "relapse risk reduction": _proportion_cell(first.get((cid, "risk_reduction"))),
                "relapse-free, treatment vs comparator": _relapse_free_cell(picked, cid),
                "other results": _arm_pairs_cell(first, cid),
                "sources": ", ".join(dict.fromkeys(ids)),
            }
        )
    return pd.DataFrame(rows, columns=list(dict.fromkeys(SUMMARY_DESIGN_COLUMNS + SUMMARY_RESULT_COLUMNS)))


def summary_design_table(scope: Scope) -> Styler:
    """The design half of ``trial_summary``: one row per comparison (its ``trials`` row)."""
    table = trial_summary(scope)[SUMMARY_DESIGN_COLUMNS]
    arms = ARMS | {"approval_year": "approval_year"}
    numbers = _download(table, scope.comparisons, "comparison_id", arms, drop=("n (treatment / comparator)",))
    return styled_table(table, "treatment_summary_design", data=numbers)


def summary_results_table(scope: Scope) -> Styler:
    """The results half of ``trial_summary``: one row per comparison."""
    return styled_table(trial_summary(scope)[SUMMARY_RESULT_COLUMNS], "treatment_summary_results")


def hazard_ratio_table(scope: Scope) -> Styler:
    """The hazard ratios as the forest plot shows them, with the CI as printed and the other reports."""
    ratios = hazard_ratios(scope)
    others = alternatives(results_for(scope.comparisons, scope.results))
    table = pd.DataFrame(
        {
            "comparison": [hazard_ratio_label(r) for _, r in ratios.iterrows()],
            "mechanism": ratios["mechanism"],
            "HR (95% CI)": [_estimate(r) for _, r in ratios.iterrows()],
            "p": [p_value(p) for p in ratios["p_value"]],
            "status": ratios["status"],
            "source": ratios["source_id"],
            "also reported": [also_reported(others, f) for f in ratios["figure"]],
        }
    )
    numbers = _download(table, ratios, "result_id", RESULT_NUMBERS, drop=("HR (95% CI)",))
    return styled_table(table, "treatment_hazard_ratios", data=numbers)


def mechanism_table(scope: Scope) -> Styler:
    """One row per mechanism in the selection: drugs, trials, hazard ratios shown, NMOSD approvals.

    Approvals (drug and year of first FDA or EC approval for NMOSD) come from every ``trials`` row, so
    a drug keeps its approval when only its subgroup rows are selected.
    """
    ratios = hazard_ratios(scope)
    rows = []
    for target in TARGET_ORDER:
        part = scope.comparisons[scope.comparisons["target"] == target]
        if part.empty:
            continue
        drugs = list(dict.fromkeys(base_drug(d) for d in part["drug"]))
        approved = approvals_of(scope.trials, drugs)
        shown = ratios[ratios["target"] == target]
        rows.append(
            {
                "mechanism": MECHANISMS[target],
                "target": target,
                "how it works": MECHANISM_DESCRIPTIONS[target],
                "drugs": ", ".join(drugs),
                "trials": ", ".join(dict.fromkeys(part["trial"])),
                "hazard ratios shown": "; ".join(
                    f"{hazard_ratio_label(r)}: {estimate_with_interval(r['value'])}{status_tag(r['status'])}"
                    for _, r in shown.iterrows()
                ),
                "approved for NMOSD (first approval)": ", ".join(
                    f"{base_drug(r['drug'])} ({r['approval_year']})" for _, r in approved.iterrows()
                )
                or "none in the data",
            }
        )
    columns = [
        "mechanism", "target", "how it works", "drugs", "trials", "hazard ratios shown",
        "approved for NMOSD (first approval)",
    ]  # fmt: skip
    return styled_table(pd.DataFrame(rows, columns=columns), "treatment_mechanisms")


def conflicting_reports_table(scope: Scope) -> Styler:
    """Every figure reported by more than one row, all rows shown, the one the report uses marked
    (shown: yes/no)."""
    rows = conflicting(results_for(scope.comparisons, scope.results))
    labels = scope.comparisons.set_index("comparison_id")["label"]
    table = pd.DataFrame(
        {
            "comparison": [labels[c] for c in rows["comparison_id"]],
            "measure": [measure_words(m) for m in rows["measure"]],
            "week": [week_text(w) for w in rows["timepoint_weeks"]],
            "as printed": rows["value_as_printed"],
            "p": [_text(p) for p in rows["p_value"]],
            "source": rows["source_id"],
            "status": rows["status"],
            "shown": ["yes" if rank == 0 else "no" for rank in rows["rank"]],
            "note": [_text(n) for n in rows["note"]],
        }
    )
    return styled_table(
        table, "treatment_conflicts", data=_download(table, rows, "result_id", RESULT_NUMBERS | WEEK)
    )


def _unverified_display(measure: str) -> str:
    if measure == "hazard_ratio":
        return "cross in the forest plot; [unverified] in the tables"
    if measure.startswith("relapse_free"):
        return "cross in the relapse-free chart; [unverified] in the summary table"
    return "[unverified] in the summary table"


def unverified_results_table(scope: Scope) -> Styler:
    """Trial results marked unverified (leads for checking): where they appear and why."""
    chosen = results_for(scope.comparisons, scope.results)
    chosen = chosen[chosen["status"] == "unverified"]
    labels = scope.comparisons.set_index("comparison_id")["label"]
    table = pd.DataFrame(
        {
            "comparison": [labels[c] for c in chosen["comparison_id"]],
            "measure": [measure_words(m) for m in chosen["measure"]],
            "week": [week_text(w) for w in chosen["timepoint_weeks"]],
            "as printed": chosen["value_as_printed"],
            "shown as": [_unverified_display(m) for m in chosen["measure"]],
            "note": [_text(n) for n in chosen["note"]],
        }
    )
    numbers = _download(table, chosen, "result_id", RESULT_NUMBERS | WEEK)
    return styled_table(table, "treatment_unverified", data=numbers)


def _other_value(row: pd.Series) -> str:
    if row["measure"] == "hazard_ratio":
        return _estimate(row)
    if row["measure"].startswith("relapse_free"):
        return percent(row["value"])
    return estimate_with_interval(row["value"])


def _arm_sizes(n_treatment: object, n_comparator: object) -> str:
    """'33 vs 35', or 'not given' unless both arm sizes are known."""
    if missing(n_treatment) or missing(n_comparator):
        return "not given"
    return f"{count(n_treatment)} vs {count(n_comparator)}"


def _patients_and_attacks(patients: object, attacks: object) -> str:
    """'185 / 871', '18 attacks', '27 patients' or 'not given': the counts a study gives, in words when
    one is missing."""
    if not missing(patients) and not missing(attacks):
        return f"{count(patients)} / {count(attacks)}"
    if not missing(patients):
        return f"{count(patients)} patients"
    return "not given" if missing(attacks) else f"{count(attacks)} attacks"


def other_comparisons_table(scope: Scope) -> Styler:
    """Observational and indirect comparisons: every result row, with status and note. Hazard ratios
    here compare two drugs (the first named vs the second): above 1 favours the second."""
    results, comparisons = _other_results(scope), scope.other.set_index("comparison_id")
    rows = []
    for _, r in results.iterrows():
        c = comparisons.loc[r["comparison_id"]]
        rows.append(
            {
                "study": c["trial"],
                "comparison": f"{base_drug(c['drug'])} vs {c['comparator']}",
                "design": c["design"],
                "n": _arm_sizes(c["n_treatment"], c["n_comparator"]),
                "measure": measure_words(r["measure"]),
                "week": week_text(r["timepoint_weeks"]),
                "value": _other_value(r),
                "p": p_value(r["p_value"]),
                "status": r["status"],
                "source": r["source_id"],
                "note": _text(r["note"]),
            }
        )
    columns = [
        "study",
        "comparison",
        "design",
        "n",
        "measure",
        "week",
        "value",
        "p",
        "status",
        "source",
        "note",
    ]
    table = pd.DataFrame(rows, columns=columns)
    numbers = _download(table, results, "result_id", RESULT_NUMBERS | WEEK | ARMS, drop=("n",))
    return styled_table(table, "treatment_other_comparisons", data=numbers)


def _other_results(scope: Scope) -> pd.DataFrame:
    """The ``trial_results`` rows of the observational and indirect comparisons, comparison by
    comparison (``scope.other`` order), then data-file order; with the comparison's arm sizes."""
    order = {c: i for i, c in enumerate(scope.other["comparison_id"])}
    chosen = scope.results[scope.results["comparison_id"].isin(order)]
    chosen = chosen.sort_values("comparison_id", key=lambda ids: ids.map(order), kind="stable")
    sizes = scope.other.set_index("comparison_id")[["n_treatment", "n_comparator"]]
    return chosen.join(sizes, on="comparison_id").reset_index(drop=True)


def acute_treatment_table(scope: Scope) -> Styler:
    """Acute treatment evidence as shown: modality, study, size, outcome, result, p, status, source."""
    rows = acute_treatment_rows(scope.acute)
    table = pd.DataFrame(
        {
            "treatment": rows["treatment"].map(ACUTE_MODALITIES),
            "study": rows["study"],
            "patients / attacks": [
                _patients_and_attacks(p, a)
                for p, a in zip(rows["n_patients"], rows["n_attacks"], strict=True)
            ],
            "outcome": rows["outcome"],
            "compared with": rows["comparator"].fillna(""),
            "result": [acute_result(r) for _, r in rows.iterrows()],
            "p": [p_value(p) for p in rows["p_value"]],
            "status": rows["status"],
            "source": rows["source_id"],
            "note": rows["note"].fillna(""),
        }
    )
    counts = {"n_patients": "n_patients", "n_attacks": "n_attacks", "measure": "measure"}
    numbers = _download(
        table, rows, "acute_id", counts | RESULT_NUMBERS, drop=("patients / attacks", "result")
    )
    return styled_table(table, "treatment_acute", data=numbers)
