"""The words the schemas are built from: the enumerations of allowed values and the patterns of keys.

Plain lists and strings, importable without pandera (``core.vocabulary`` and the command line read them);
the pandera column builders that use them are in ``columns``."""

from __future__ import annotations

from collections.abc import Iterable

STATUSES = ["verified", "abstract", "secondary", "computed", "inferred", "unverified"]


def weakest_status(statuses: Iterable[str]) -> str:
    """The weakest of ``statuses`` in the schema's order (``STATUSES``, strongest first): a value derived
    from several rows never gains status. Unknown values are ignored; ``ValueError`` when none is known."""
    present = [status for status in set(statuses) if status in STATUSES]
    if not present:
        raise ValueError("no known status to rank")
    return max(present, key=STATUSES.index)


SEROSTATUS = ["all", "AQP4+", "AQP4-"]
SEROSTATUS_OR_NOT_STATED = [*SEROSTATUS, "not_stated"]
# Rows on MOG-antibody disease (MOGAD), a distinct disease some NMOSD sources tabulate beside it.
SEROSTATUS_OR_MOG = [*SEROSTATUS, "MOG+"]
REGIONS = [
    "Europe",
    "North America",
    "Latin America",
    "Caribbean",
    "East Asia",
    "South Asia",
    "Southeast Asia",
    "Middle East",
    "Africa",
    "Oceania",
    "Worldwide",
]
ETHNICITIES = [
    "all",
    "White",
    "Black",
    "East Asian",
    "South Asian",
    "Southeast Asian",
    "Hispanic",
    "Indigenous",
    "Arab",
    "Other",
]
CRITERIA = ["W1999", "W2006", "IPND2015", "ICD", "other"]
MEASURES = ["prevalence", "incidence"]
ERAS = ["before_targeted", "after_targeted", "mixed", "not_stated"]
SOURCE_TYPES = [
    "systematic_review",
    "cohort",
    "registry",
    "rct",
    "case_report",
    "conference_abstract",
    "news",
    "patient_information",
    "regulatory",
    "review",
]
TRIAL_MEASURES = [
    "hazard_ratio",
    "relapses_treatment",
    "relapses_comparator",
    "relapse_free_treatment",
    "relapse_free_comparator",
    "risk_reduction",
    "median_time_to_relapse_treatment",
    "median_time_to_relapse_comparator",
    "annualised_relapse_rate_treatment",
    "annualised_relapse_rate_comparator",
]
HSCT_PATIENTS = ["P1", "P2", "both"]
# Why a row read in a source prints a value its quote does not state (``quotes.py``): arithmetic on
# numbers the quote holds, a unit or wording turned into the table's unit (no ``value_conversion`` column:
# 42 months as 3.5 years, "free of relapses" as 0), a rounding of the printed figure, or a table cell (row
# and column named in ``locator``) that no sentence states.
VALUE_CHECKS = ["computed-from-quote", "converted", "rounded", "table-cell"]
SLUG = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


# The claims ledger (data/claims.csv): every factual statement of the two source documents, its verdict
# and the evidence rows that decide it. Cross-table rules (keys resolve, evidence required) live in
# ``ledger.ledger_problems``.
SEED_DOCUMENTS = ["seed_roche_ch_nmosd", "seed_hsct_news"]
VERDICTS = ["supported", "supported with nuance", "contradicted", "not traceable", "general statement"]
CLAIM_TOPICS = [
    "definition",
    "epidemiology",
    "sex_and_age",
    "disease_course",
    "disability",
    "nmosd_vs_ms",
    "misdiagnosis",
    "ms_drugs",
    "acute_treatment",
    "apheresis",
    "relapse_prevention",
    "research",
    "exercise",
    "references",
    "hsct_patients",
    "hsct_conditioning",
    "hsct_follow_up",
    "hsct_outcomes",
    "hsct_risks",
    "hsct_context",
]
EVIDENCE_KEY = r"[a-z_]+:[A-Za-z0-9][A-Za-z0-9_.-]*"
EVIDENCE_KEYS = rf"^{EVIDENCE_KEY}(;{EVIDENCE_KEY})*$"
