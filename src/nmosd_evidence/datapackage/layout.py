"""The tables of the data package without their checks: their names in package order, each table's key
column, and which tables carry a verification status (the evidence tables). Light to import, for the
reports and the curation code; pandera (``schemas``) is imported only where a table is checked.
tests/test_schemas.py checks that the schemas declare the same tables, keys and status columns."""

from __future__ import annotations

LEDGER = "claims"  # the claims ledger: every statement of the two source documents, with its verdict
KEYS: dict[str, str] = {  # table -> its key column, in package order
    "sources": "source_id",
    "estimates": "estimate_id",
    "pooled": "pooled_id",
    "sex_ratio": "sex_ratio_id",
    "age_at_onset": "onset_id",
    "disability": "outcome_id",
    "milestones": "milestone_id",
    "course_facts": "fact_id",
    "trials": "comparison_id",
    "trial_results": "result_id",
    "acute": "acute_id",
    "patients": "attribute_id",
    "events": "event_id",
    "cohorts": "cohort_result_id",
    LEDGER: "claim_id",
}
WITHOUT_STATUS = ("sources", LEDGER)  # every other table is an evidence table, with a status column


def key_column(table: str) -> str:
    """The key column of ``table`` (its unique column); ``KeyError`` for a table the package lacks."""
    return KEYS[table]


def status_tables() -> list[str]:
    """Tables whose rows carry a verification status, in package order."""
    return [name for name in KEYS if name not in WITHOUT_STATUS]
