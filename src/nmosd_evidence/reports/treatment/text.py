"""The treatment report's data-driven prose: Jinja2 Markdown templates (``text/*.md.j2``) filled from
rows and numbers of ``select`` and ``results``; every printed string is escaped for Markdown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...core.vocabulary import ROCHE_PAGE
from ...datapackage.layout import key_column
from ...datapackage.package import resource
from ...present.format import missing
from ...present.text import render_template
from .labels import ACUTE_MEASURES, ACUTE_MODALITIES, MECHANISMS, PROPORTION_MEASURES, base_drug, design_mark
from .results import acute_overview, hazard_ratio_counts, hazard_ratios, trial_limits
from .select import (
    Scope,
    acute_treatment_rows,
    first_approvals,
    is_predictor,
    picked_results,
    results_for,
    unapproved_trial_drugs,
)

TEMPLATES = Path(__file__).parent / "text"


def _cells(row: pd.Series) -> dict[str, object]:
    """A data row as a dict for a template: missing cells ``None``, numpy scalars as Python values."""
    return {
        str(name): None if missing(value) else (value.item() if hasattr(value, "item") else value)
        for name, value in row.items()
    }


def _markdown(name: str, **context: object) -> str:
    """Template ``name`` of ``text/`` rendered as Markdown, without surrounding blank lines."""
    return render_template(TEMPLATES, name, **context).strip()


def selection_markdown(scope: Scope) -> str:
    """What this run includes: population, designs and the comparisons selected."""
    return _markdown(
        "selection.md.j2",
        population=scope.population,
        include_external_control=scope.include_external_control,
        include_open_label=scope.include_open_label,
        labels=list(scope.comparisons["label"]),
        trials=scope.comparisons["trial"].nunique(),
    )


def _finding_parts(
    comparison: pd.Series, picked: pd.DataFrame, ratios: pd.DataFrame
) -> list[tuple[str, object]]:
    """What the findings say of one comparison: its hazard ratio, relapse counts per arm and, where the
    hazard ratio is missing or unverified, the relapse risk reduction."""
    mine = picked[picked["comparison_id"] == comparison["comparison_id"]].set_index("measure")
    ratio = ratios[ratios["comparison_id"] == comparison["comparison_id"]]
    parts: list[tuple[str, object]] = []
    if not ratio.empty:
        parts.append(("hazard_ratio", _cells(ratio.iloc[0])))
    if {"relapses_treatment", "relapses_comparator"} <= set(mine.index):
        relapses = {
            "treated": _cells(mine.loc["relapses_treatment"]),
            "control": _cells(mine.loc["relapses_comparator"]),
            "n_treatment": _cells(comparison)["n_treatment"],
            "n_comparator": _cells(comparison)["n_comparator"],
        }
        parts.append(("relapses", relapses))
    if "risk_reduction" in mine.index and (ratio.empty or ratio.iloc[0]["status"] == "unverified"):
        parts.append(("risk_reduction", _cells(mine.loc["risk_reduction"])))
    return parts


def trial_findings_markdown(scope: Scope) -> str:
    """Per selected comparison: drugs, design, hazard ratio and relapse counts, each with its status,
    after a count of the hazard ratios whose CI lies below 1."""
    ratios = hazard_ratios(scope)
    picked = picked_results(results_for(scope.comparisons, scope.results))
    comparisons = [
        {
            "label": c["label"],
            "mark": design_mark(c["design"]),
            "drug": base_drug(c["drug"]),
            "comparator": base_drug(c["comparator"]),
            "parts": _finding_parts(c, picked, ratios),
        }
        for _, c in scope.comparisons.iterrows()
    ]
    return _markdown("findings.md.j2", counts=hazard_ratio_counts(ratios), comparisons=comparisons)


def _crosses_one(row: pd.Series) -> bool:
    return (
        not missing(row["ci_lower"])
        and not missing(row["ci_upper"])
        and row["ci_lower"] <= 1 <= row["ci_upper"]
    )


def trial_limits_markdown(scope: Scope) -> str:
    """The limits of the trial evidence, with the numbers behind each point (see ``results.TrialLimits``):
    trial sizes and serostatus over every trial in the data; follow-up, designs and statuses over the
    selected comparisons."""
    limits = trial_limits(scope)
    chosen = scope.comparisons
    external = [
        {**_cells(c), "drug": base_drug(c["drug"])}
        for _, c in chosen[chosen["design"] == "external-control"].iterrows()
    ]
    open_label = [
        {**_cells(c), "drug": base_drug(c["drug"])}
        for _, c in chosen[chosen["design"] == "open-label"].iterrows()
    ]
    return _markdown(
        "limits.md.j2",
        limits=limits,
        negative=[_cells(r) for _, r in limits.negative.iterrows()],
        negative_crosses_one=all(_crosses_one(r) for _, r in limits.negative.iterrows()),
        external=external,
        open_label=open_label,
    )


def acute_evidence_markdown(scope: Scope) -> str:
    """What the acute-treatment rows show per modality (``labels.ACUTE_MODALITIES`` order), every figure
    with its status; the predictors of remission left out are named."""
    rows = acute_treatment_rows(scope.acute)
    by_modality: dict[str, list[dict[str, object]]] = {}
    for _, row in rows.iterrows():
        by_modality.setdefault(row["treatment"], []).append(_cells(row))
    return _markdown(
        "acute.md.j2",
        overview=acute_overview(scope),
        modalities=ACUTE_MODALITIES,
        measures=ACUTE_MEASURES,
        by_modality=by_modality,
        predictors=list(scope.acute.loc[is_predictor(scope.acute), "outcome"]),
    )


def _cited_row(cited: pd.Series, scope: Scope) -> dict[str, object]:
    """A row the ledger cites, as a dict for ``source_document.md.j2``: the cited row's cells (a trial
    result with its comparison's label) for this report's own tables, else table, key and status."""
    own = {"acute": scope.acute, "trial_results": scope.results, "trials": scope.trials}
    found = {}
    if cited["table"] in own:
        frame = own[cited["table"]]
        found = _cells(frame[frame[key_column(cited["table"])] == cited["row_key"]].iloc[0])
    if cited["table"] == "trial_results":
        found["label"] = scope.trials.set_index("comparison_id").loc[found["comparison_id"], "label"]
    if cited["table"] == "trials":
        found["drug"] = base_drug(str(found["drug"]))
    return {**found, **_cells(cited)}


def source_document_markdown(scope: Scope) -> str:
    """What the source document (the Roche page) says about treatment: each statement verbatim with the
    ledger's verdict and explanation (``data/claims.csv``) and the rows the ledger cites; then the
    NMOSD approvals in the data."""
    seed = _cells(scope.sources.set_index("source_id").loc[ROCHE_PAGE])
    claims = [
        {
            **_cells(claim),
            "rows": [
                _cited_row(r, scope)
                for _, r in scope.cited[scope.cited["claim_id"] == claim["claim_id"]].iterrows()
            ],
        }
        for _, claim in scope.claims.iterrows()
    ]
    return _markdown(
        "source_document.md.j2",
        seed=seed,
        claims=claims,
        measures=ACUTE_MEASURES,
        modalities=ACUTE_MODALITIES,
        proportions=PROPORTION_MEASURES,
        titles={table: resource(table).get("title", table) for table in set(scope.cited["table"])},
        mechanisms=MECHANISMS,
        approved=[_cells(r) for _, r in first_approvals(scope.trials).iterrows()],
        unapproved=[
            {**_cells(r), "drug": base_drug(r["drug"])}
            for _, r in unapproved_trial_drugs(scope.trials).iterrows()
        ],
    )
