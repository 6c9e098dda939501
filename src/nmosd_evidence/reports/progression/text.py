"""Data-driven prose of the progression report: Jinja2 Markdown templates in ``text/`` filled from the
rows they describe (numbers, cohorts, horizons and wording all come from the data) and, for each
statement of the Roche page they discuss, the claims ledger's verdict and explanation.

Shares are proportions (0-1) printed as percent by the templates' filters; times are as printed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ...core.vocabulary import ROCHE_PAGE
from ...datapackage.ledger import claims_quoted_in
from ...present.format import missing, percent_interval
from ...present.text import render_template
from .labels import ERA_LABELS, ESTIMATE_LABELS, OUTCOME_LABELS, cohort_short, source_labels
from .results import acute_remission, disability_with_intervals
from .select import (
    CLAIM_ROWS,
    CLOSEST_VISUAL_ROW,
    MODERN_ROWS,
    MS_DRUG_FACTS,
    RELAPSE_ACUTE,
    RELAPSE_FACTS,
    UNTREATED_EDSS6_MEDIAN_ROW,
    course_facts_of,
    row,
)

TEMPLATES = Path(__file__).parent / "text"


def _fields(entry: pd.Series) -> dict[str, object]:
    """A row for a template: missing values as None, numbers as Python numbers (the templates escape
    text and format numbers)."""
    return {
        str(name): None if missing(value) else value.item() if hasattr(value, "item") else value
        for name, value in entry.items()
    }


def _lower_first(text: str) -> str:
    """'Untreated patients …' -> 'untreated patients …' (an acronym such as 'ARR' is left alone)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _verdicts(claims: pd.DataFrame, quote: str) -> list[dict[str, object]]:
    """The ledger rows of the Roche page whose statement ``quote`` (a row's copy of the page) holds."""
    return claims_quoted_in(claims, ROCHE_PAGE, quote).to_dict("records")


def _render(name: str, **context: object) -> str:
    return render_template(TEMPLATES, name, **context).strip()


def checked_candidates(note: object) -> str:
    """The candidate sources a note says were checked for an untraced figure ('Original cohort NOT
    traced (A 2014, B 1999 and C 2012 checked; …)' -> 'A 2014, B 1999 and C 2012'), else ''."""
    match = re.search(r"NOT traced \(([^;)]*?) checked", str(note))
    return match.group(1) if match else ""


def edss_level(quote: object) -> str:
    """The EDSS step a quote puts in brackets ('… a wheelchair (EDSS 8).' -> 'EDSS 8'), else ''."""
    match = re.search(r"\((EDSS \d+(?:\.\d+)?)\)", str(quote))
    return match.group(1) if match else ""


def seed_sentence(wheelchair_quote: str, blind_quote: str) -> str:
    """The Roche page's five-year sentence from the two row quotes that split it ('/': a line break in
    the copy read; '…': the part the other quote holds)."""
    parts = [part.strip() for part in wheelchair_quote.split("/")]
    return " / ".join([*parts, blind_quote.split("/")[-1].strip(" …")])


def five_year_claim_markdown(
    disability: pd.DataFrame, milestones: pd.DataFrame, sources: pd.DataFrame, claims: pd.DataFrame
) -> str:
    """Markdown: the Roche page's five-year sentence, where its numbers are printed, what cohorts with
    AQP4-IgG testing report, and the ledger's verdicts on the sentence (rows of ``select.CLAIM_ROWS``,
    ``MODERN_ROWS``, ``CLOSEST_VISUAL_ROW`` and ``UNTREATED_EDSS6_MEDIAN_ROW``)."""
    rows = disability_with_intervals(disability)
    get = {name: row(rows, "outcome_id", key) for name, key in {**CLAIM_ROWS, **MODERN_ROWS}.items()}
    closest = row(rows, "outcome_id", CLOSEST_VISUAL_ROW)
    median = row(milestones, "milestone_id", UNTREATED_EDSS6_MEDIAN_ROW)
    labels = source_labels(sources)
    mayo, kitley, untreated = get["mayo_wheelchair"], get["kitley_wheelchair"], get["untreated_edss6_10y"]
    seed_quote = seed_sentence(get["seed_wheelchair"]["quote"], get["seed_blind"]["quote"])
    context = {
        **{name: _fields(entry) for name, entry in get.items()},
        "seed_label": labels[get["seed_wheelchair"]["source_id"]],
        "seed_text": seed_quote,
        "era_phrase": get["wheelchair"]["quote"].split(",")[0],
        "candidates": checked_candidates(get["wheelchair"]["note"]),
        "closest": _fields(closest),
        "closest_outcome": OUTCOME_LABELS[closest["outcome"]],
        "closest_label": labels[closest["source_id"]],
        "mayo_cohort": cohort_short(mayo["cohort"]),
        "mayo_detail": mayo["cohort"].removeprefix(cohort_short(mayo["cohort"])).strip(" ()"),
        "mayo_estimate": ESTIMATE_LABELS[mayo["estimate_type"]],
        "mayo_era": _lower_first(ERA_LABELS[mayo["era"]]),
        "wheelchair_edss": edss_level(mayo["quote"]),
        "walker_edss": edss_level(get["mayo_walking_aid"]["quote"]),
        "kitley_cohort": cohort_short(kitley["cohort"]),
        "kitley_label": labels[kitley["source_id"]],
        "kitley_interval": percent_interval(kitley["ci_lower_shown"], kitley["ci_upper_shown"]),
        "untreated_cohort": _lower_first(untreated["cohort"]),
        "untreated_label": labels[untreated["source_id"]],
        "median": _fields(median),
        "verdicts": _verdicts(claims, seed_quote),
    }
    return _render("five_year_claim.md.j2", **context)


def relapse_recovery_markdown(course_facts: pd.DataFrame, acute: pd.DataFrame, claims: pd.DataFrame) -> str:
    """Markdown: the Roche page's statement on recovery between relapses (NMOSD vs MS) against the
    evidence rows (``select.RELAPSE_FACTS``, ``RELAPSE_ACUTE``), then the ledger's verdicts on it."""
    facts = {name: row(course_facts, "fact_id", key) for name, key in RELAPSE_FACTS.items()}
    remission = acute_remission(acute)
    complete = row(remission, "acute_id", RELAPSE_ACUTE["complete"])
    partial = row(remission, "acute_id", RELAPSE_ACUTE["partial"])
    second = row(acute, "acute_id", RELAPSE_ACUTE["second_course"])
    chen_interval = re.search(r"95% CI ([0-9.]+)-([0-9.]+)", str(facts["chen"]["quote"]))
    context = {
        **{name: _fields(entry) for name, entry in facts.items()},
        "complete": _fields(complete),
        "partial": _fields(partial),
        "second_course": _fields(second),
        "complete_interval": percent_interval(complete["ci_lower_shown"], complete["ci_upper_shown"]),
        "design": _lower_first(complete["design"]),
        "chen_interval": "–".join(chen_interval.groups()) if chen_interval else "",
        "akaishi_finding": facts["akaishi"]["finding"].rstrip("."),
        "verdicts": _verdicts(claims, facts["seed"]["quote"]),
    }
    return _render("relapse_recovery.md.j2", **context)


def ms_drugs_markdown(course_facts: pd.DataFrame, claims: pd.DataFrame) -> str:
    """Markdown: the Roche page's statement that MS drugs often worsen NMOSD, against the series and
    case reports of ``course_facts`` (``select.MS_DRUG_FACTS``), then the ledger's verdicts on it."""
    facts = {name: row(course_facts, "fact_id", key) for name, key in MS_DRUG_FACTS.items()}
    reports = course_facts_of(course_facts, "ms_drugs")
    named = {s for s in reports["subject"] if s != facts["seed"]["subject"] and "class" not in s}
    singles = reports[reports["n"] == 1]
    single_drugs = sorted({drug.lower() for drug in singles["subject"]})
    context = {
        **{name: _fields(entry) for name, entry in facts.items()},
        "drugs": ", ".join(sorted(named)),
        "ifn_largest": bool(facts["ifn"]["n"] == reports["n"].max()),
        "ifn_arr_finding": _lower_first(facts["ifn_arr"]["finding"]),
        "single_reports": len(singles),
        "single_drugs": ", ".join(single_drugs),
        "verdicts": _verdicts(claims, facts["seed"]["quote"]),
    }
    return _render("ms_drugs.md.j2", **context)
