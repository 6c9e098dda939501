"""Display constants of the overview: document names, verdict colours and meanings, and the words that
turn a key-figure row into its label (the label's facts all come from the row)."""

from __future__ import annotations

import re

import pandas as pd

from ...core.vocabulary import HSCT_NEWS, ROCHE_PAGE
from ...present.format import horizon, missing

# How the report names the two source documents (ids: ``core.vocabulary``).
DOCUMENT_LABELS = {ROCHE_PAGE: "roche.ch patient page", HSCT_NEWS: "HSCT news report"}
# Okabe & Ito colours (as charts.PALETTE) per verdict, with a text colour readable on each.
VERDICT_COLOURS = {
    "supported": ("#009E73", "#ffffff"),
    "supported with nuance": ("#56B4E9", "#000000"),
    "contradicted": ("#D55E00", "#ffffff"),
    "not traceable": ("#E69F00", "#000000"),
    "general statement": ("#DDDDDD", "#000000"),
}
NO_VERDICT_COLOURS = ("#ffffff", "#000000")
# What each verdict category means (the ledger's rows carry each claim's own verdict and explanation).
VERDICT_MEANINGS = {
    "supported": "the evidence rows back the statement as written",
    "supported with nuance": "the core holds, but the evidence adds a qualification the statement leaves out",
    "contradicted": "the evidence rows say otherwise",
    "not traceable": "no evidence row can confirm or refute it (a missing number, an untraceable source)",
    "general statement": "a description, opinion or general advice that the evidence tables do not test",
}
# Column headings of the ledger table and their widths (CSS).
LEDGER_COLUMNS = [
    ("Claim", "7%"),
    ("Statement (verbatim)", "24%"),
    ("Topic", "8%"),
    ("Verdict", "10%"),
    ("Evidence rows (status)", "21%"),
    ("Explanation", "30%"),
]
KEY_FIGURE_COLUMNS = ["Area", "Figure", "Value", "Status", "Source", "Detailed report"]
NOT_REPORTED = "not reported"

# Words for the coded values of the key-figure rows (schema vocabulary, no evidence in them).
OUTCOME_WORDS = {
    "wheelchair": "Needing a wheelchair",
    "walking_aid": "Needing a walking aid",
    "blind_one_eye": "Legally blind in at least one eye",
    "blind_both_eyes": "Legally blind in both eyes",
}
MEASURE_WORDS = {
    "female_to_male": "Women per man",
    "hazard_ratio": "Hazard ratio",
    "relapse_free": "Relapse-free",
}
SOURCE_TYPE_WORDS = {"rct": "randomised trial"}
PATIENT_WORDS = {"both": "both patients", "P1": "patient 1", "P2": "patient 2"}
ATTRIBUTE_WORDS = {"follow_up_years": "Follow-up"}
_REMARK = re.compile(r"\s*\([^()]*\)$")


def document_label(document: str) -> str:
    """The report's name of a source document ('roche.ch patient page'); the id for any other."""
    return DOCUMENT_LABELS.get(document, document)


def source_type_words(source_type: str) -> str:
    """A source type code in words ('patient_information' -> 'patient information'); totals unchanged."""
    return SOURCE_TYPE_WORDS.get(source_type, str(source_type).replace("_", " "))


def verdict_colours(verdict: str) -> tuple[str, str]:
    """(background, text) colours of a verdict badge (CSS hex); white and black for an unknown verdict."""
    return VERDICT_COLOURS.get(verdict, NO_VERDICT_COLOURS)


def words(code: str, vocabulary: dict[str, str] | None = None) -> str:
    """A coded value in words: from ``vocabulary``, else underscores as spaces, first letter capital."""
    if vocabulary and code in vocabulary:
        return vocabulary[code]
    text = str(code).replace("_", " ")
    return text[:1].upper() + text[1:]


def without_remark(text: str) -> str:
    """``text`` without a closing parenthetical remark: 'cohort X (probably Y)' -> 'cohort X'."""
    return _REMARK.sub("", str(text))


def _horizon_words(row: pd.Series) -> str:
    return "" if missing(row.get("horizon_years")) else f" {horizon(row['horizon_years'])}"


def key_figure_label(table: str, row: pd.Series, context: pd.Series | None = None, title: str = "") -> str:
    """The label of a key figure, 'what — in whom', built from its row of ``table``.

    ``context`` is the row that describes a trial result (its ``trials`` row); ``title`` is the title of
    ``table`` in the data package (the patients table names whom its rows describe).
    """
    if table == "pooled":
        what, who = words(row["measure"]), row["subgroup"]
    elif table == "sex_ratio":
        what, who = MEASURE_WORDS["female_to_male"], row["population"]
    elif table == "disability":
        what, who = (
            f"{words(row['outcome'], OUTCOME_WORDS)} {row['horizon_label']}",
            without_remark(row["cohort"]),
        )
    elif table == "trial_results" and context is not None:
        endpoint = "" if missing(context["primary_endpoint"]) else f" for {context['primary_endpoint']}"
        what = (
            f"{words(row['measure'], MEASURE_WORDS)}{endpoint}, {context['drug']} vs {context['comparator']}"
        )
        who = context["trial"]
    elif table == "acute":
        what, who = words(row["outcome"]), row["study"]
    elif table == "patients":
        what = f"{words(row['attribute'], ATTRIBUTE_WORDS)}, {words(row['patient'], PATIENT_WORDS)}"
        who = title
    elif table == "cohorts":
        what = f"{words(row['measure'], MEASURE_WORDS)}{_horizon_words(row)} after {row['hsct_type']} HSCT"
        who = row["series"]
    else:
        raise KeyError(f"no key-figure label for table {table!r}")
    return f"{what} — {who}" if who else what
