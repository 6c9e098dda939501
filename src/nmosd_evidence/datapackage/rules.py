"""Rules beyond single fields: across columns of a row, and across tables.

Each rule returns ``Problem`` objects naming file, row and field. The schemas (``schemas.py``) already
cover types, enums, bounds, required values and duplicate keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pandas as pd

from .ledger import ledger_problems
from .problems import Problem, shown

QUOTE_WORD_LIMIT = 50  # quotes hold at most 50 words
# Text that a browser would read as markup (a tag, a comment, a processing instruction) or as a script
# link; "p<0.001" and "<5 per 100,000" stay plain text.
MARKUP = re.compile(r"<\s*[A-Za-z/!?]")
SCRIPT_LINK = re.compile(r"\b(?:javascript|vbscript)\s*:|\bdata\s*:\s*[\w.+-]+/[\w.+-]+", re.IGNORECASE)

# The column each table's 95% interval belongs to.
CI_VALUE_COLUMN = {
    "estimates": "value",
    "pooled": "value",
    "sex_ratio": "female_to_male",
    "disability": "proportion",
    "milestones": "value",
    "trial_results": "value",
    "acute": "value",
    "cohorts": "value",
}

# Rows whose ``value`` is a proportion (0-1), by table.
PROPORTION_ROWS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "age_at_onset": lambda t: t["statistic"].str.startswith("share_"),
    "milestones": lambda t: t["statistic"] == "proportion_by_horizon",
    "trial_results": lambda t: (
        t["measure"].str.startswith("relapse_free_") | (t["measure"] == "risk_reduction")
    ),
    "acute": lambda t: t["measure"] == "proportion",
    "cohorts": lambda t: t["unit"] == "proportion",
    "course_facts": lambda t: t["unit"] == "proportion",
}

# (smaller, larger) column pairs that must be ordered within a row.
ORDERED_PAIRS = {
    "estimates": [("period_start", "period_end"), ("cases", "population_at_risk")],
    "pooled": [("range_low", "range_high")],
    "age_at_onset": [("value_low", "value_high")],
    "disability": [("events", "n")],
}

# Relapse counts per arm and the arm size they cannot exceed.
ARM_SIZES = {"relapses_treatment": "n_treatment", "relapses_comparator": "n_comparator"}


def _present(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.dropna(subset=list(columns))


def _interval_problems(file: str, frame: pd.DataFrame, value: str) -> Iterator[Problem]:
    """Reversed intervals first; the value is compared only with an interval in the right order."""
    for row, r in frame.iterrows():
        low, high, point = r["ci_lower"], r["ci_upper"], r[value]
        if pd.notna(low) and pd.notna(high) and low > high:
            yield Problem(file, row, "ci_lower", f"ci_lower {shown(low)} is above ci_upper {shown(high)}")
        elif pd.notna(point) and pd.notna(low) and low > point:
            yield Problem(file, row, "ci_lower", f"ci_lower {shown(low)} is above the {value} {shown(point)}")
        elif pd.notna(point) and pd.notna(high) and high < point:
            yield Problem(
                file, row, "ci_upper", f"ci_upper {shown(high)} is below the {value} {shown(point)}"
            )


def _proportion_problems(file: str, frame: pd.DataFrame, rows: pd.Series) -> Iterator[Problem]:
    selected = frame[rows.fillna(False).astype(bool)]
    for column in ("value", "ci_lower", "ci_upper"):
        if column not in selected:
            continue
        for row, number in selected[column].dropna().items():
            if not 0 <= number <= 1:
                yield Problem(file, row, column, f"proportion {shown(number)} is outside [0, 1]")


def _ordered_problems(file: str, frame: pd.DataFrame, low: str, high: str) -> Iterator[Problem]:
    for row, r in _present(frame, low, high).iterrows():
        if r[low] > r[high]:
            yield Problem(file, row, low, f"{low} {shown(r[low])} exceeds {high} {shown(r[high])}")


def _evidence_problems(file: str, frame: pd.DataFrame) -> Iterator[Problem]:
    for row, r in frame.iterrows():
        status, quote = r["status"], r["quote"]
        if status == "computed" and pd.isna(r["computed_from"]):
            yield Problem(
                file, row, "computed_from", "status is 'computed' but computed_from does not say from what"
            )
        if pd.isna(quote):
            if status != "unverified":
                yield Problem(
                    file, row, "quote", f"quote is empty; a verbatim quote is required for status {status!r}"
                )
            elif pd.isna(r["note"]):
                yield Problem(file, row, "note", "unverified row without a quote must say why in note")
        elif len(str(quote).split()) > QUOTE_WORD_LIMIT:
            words = len(str(quote).split())
            yield Problem(file, row, "quote", f"quote has {words} words; keep it to {QUOTE_WORD_LIMIT}")


def _source_link_problems(file: str, frame: pd.DataFrame) -> Iterator[Problem]:
    """A source is findable: a doi, pmid or url, or (the only copy read being a mirror or staging copy
    that ``url`` must not link) notes giving the address of the copy read."""
    for row, r in frame.iterrows():
        noted = isinstance(r["notes"], str) and "http" in r["notes"]
        if pd.isna(r["doi"]) and pd.isna(r["pmid"]) and pd.isna(r["url"]) and not noted:
            yield Problem(
                file, row, "doi", "a source needs a doi, pmid or url (or notes with the address read)"
            )


def _markup_problems(file: str, frame: pd.DataFrame) -> Iterator[Problem]:
    """Text cells are plain text: no HTML markup and no script links (the schema keeps ``url`` to
    http(s) addresses)."""
    for column in frame.columns:
        if not pd.api.types.is_string_dtype(frame[column]):
            continue
        for row, text in frame[column].dropna().items():
            if found := MARKUP.search(text) or SCRIPT_LINK.search(text):
                yield Problem(
                    file,
                    row,
                    column,
                    f"text holds markup or a script link ({shown(found.group(0))}); data text is plain text",
                )


def markup_problems(file: str, frame: pd.DataFrame) -> list[Problem]:
    """Text cells holding markup or a script link. Checked by ``validate`` (the gate for data entering
    the package), not by ``load()``: the reports escape every data string anyway, and a test renders
    hostile text through them to prove it."""
    return list(_markup_problems(file, frame))


def row_problems(name: str, file: str, frame: pd.DataFrame) -> list[Problem]:
    """Problems within the rows of one typed table."""
    if name == "sources":
        return list(_source_link_problems(file, frame))
    if "status" not in frame:  # the claims ledger: its rules span tables (see table_problems)
        return []
    problems = list(_evidence_problems(file, frame))
    if name in CI_VALUE_COLUMN:
        problems += _interval_problems(file, frame, CI_VALUE_COLUMN[name])
    if name in PROPORTION_ROWS:
        problems += _proportion_problems(file, frame, PROPORTION_ROWS[name](frame))
    for low, high in ORDERED_PAIRS.get(name, []):
        problems += _ordered_problems(file, frame, low, high)
    return problems


def _unknown_keys(
    file: str, frame: pd.DataFrame, column: str, known: set[str], target: str
) -> Iterator[Problem]:
    for row, key in frame[column].dropna().items():
        if key not in known:
            yield Problem(file, row, column, f"unknown {column} {key!r} (not in {target})")


def _arm_size_problems(file: str, results: pd.DataFrame, trials: pd.DataFrame) -> Iterator[Problem]:
    arms = trials.set_index("comparison_id")
    for row, r in results[results["measure"].isin(list(ARM_SIZES))].iterrows():
        if r["comparison_id"] not in arms.index:
            continue
        size = arms.loc[r["comparison_id"], ARM_SIZES[r["measure"]]]
        if pd.notna(size) and pd.notna(r["value"]) and r["value"] > size:
            yield Problem(
                file, row, "value", f"{r['measure']} {shown(r['value'])} exceeds the arm size {shown(size)}"
            )


def table_problems(tables: dict[str, pd.DataFrame], files: dict[str, str]) -> list[Problem]:
    """Problems across tables: source keys, trial keys, relapse counts against arm sizes."""
    problems: list[Problem] = []
    if "sources" in tables:
        known = set(tables["sources"]["source_id"].dropna())
        for name, frame in tables.items():
            if name != "sources" and "source_id" in frame:
                problems += _unknown_keys(files[name], frame, "source_id", known, "sources.csv")
    if "trials" in tables and "trial_results" in tables:
        trials, results = tables["trials"], tables["trial_results"]
        file = files["trial_results"]
        problems += _unknown_keys(
            file, results, "comparison_id", set(trials["comparison_id"].dropna()), "trials.csv"
        )
        problems += _arm_size_problems(file, results, trials)
    if "claims" in tables:
        problems += ledger_problems(tables, files)
    return problems
