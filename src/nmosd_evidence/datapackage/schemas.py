"""Pandera schemas, one per table of the data package.

These schemas are the load-time description of the tables; ``data/datapackage.json`` is the published
one. ``tests/test_schemas.py`` fails when the two disagree on a field, type, enum, bound or key.
Rules that span columns, rows or tables (CI order, events <= n, source keys ...) live in ``rules.py``;
the enumerations in ``fields.py``, the column builders in ``columns.py``.
"""

from __future__ import annotations

import pandera.pandas as pa

from .columns import ci, enum, evidence_table, integer, key, number, text
from .fields import (
    CLAIM_TOPICS,
    CRITERIA,
    ERAS,
    ETHNICITIES,
    EVIDENCE_KEYS,
    HSCT_PATIENTS,
    MEASURES,
    REGIONS,
    SEED_DOCUMENTS,
    SEROSTATUS,
    SEROSTATUS_OR_MOG,
    SEROSTATUS_OR_NOT_STATED,
    SOURCE_TYPES,
    TRIAL_MEASURES,
    VERDICTS,
)
from .fields import SLUG as SLUG  # re-exported
from .fields import STATUSES as STATUSES  # re-exported

SOURCES = pa.DataFrameSchema(
    {
        "source_id": key(),
        "authors": text(),
        "year": integer(ge=1900, le=2026),
        "title": text(True),
        "journal": text(),
        "volume": text(),
        "issue": text(),
        "pages": text(),
        "doi": text(pattern=r"^10\.[0-9]{4,9}/\S+$"),
        "pmid": text(pattern=r"^[0-9]{1,9}$"),
        "url": text(pattern=r"^https?://\S+$"),
        "source_type": enum(SOURCE_TYPES),
        "notes": text(),
    },
    name="sources",
    strict=True,
    ordered=True,
)

ESTIMATES = evidence_table(
    "estimates",
    {
        "estimate_id": key(),
        "population": text(True),
        "population_key": text(True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        "country": text(True),
        "region": enum(REGIONS),
        "ethnicity": enum(ETHNICITIES),
        "design": enum(["population-based", "registry", "claims", "hospital-based", "survey", "other"]),
        "period_start": integer(ge=1950, le=2026),
        "period_end": integer(ge=1950, le=2026),
        "criteria": enum(CRITERIA),
        "serostatus": enum(SEROSTATUS),
        "measure": enum(MEASURES),
        "standardisation": enum(["crude", "age-adjusted"]),
        "value": number(True, ge=0, le=1000),
        "value_as_printed": text(True),
        "value_conversion": text(),
        **ci(),
        "cases": integer(ge=0),
        "population_at_risk": integer(ge=1),
    },
)

POOLED = evidence_table(
    "pooled",
    {
        "pooled_id": key(),
        "subgroup": text(True),
        "measure": enum(MEASURES),
        "criteria": enum([*CRITERIA, "mixed"]),
        "kind": enum(["pooled", "range", "summary"]),
        "value": number(ge=0, le=1000),
        **ci(),
        "range_low": number(ge=0, le=1000),
        "range_high": number(ge=0, le=1000),
        "i2_percent": number(ge=0, le=100),
        "k_studies": integer(ge=1),
        "value_as_printed": text(True),
        "value_conversion": text(),
    },
)

SEX_RATIO = evidence_table(
    "sex_ratio",
    {
        "sex_ratio_id": key(),
        "population": text(True),
        "region": enum(REGIONS),
        "serostatus": enum(SEROSTATUS_OR_MOG),
        "age_group": enum(["all", "paediatric", "adult", "late-onset"]),
        "female_to_male": number(ge=0, le=100),
        **ci(),
        "percent_female": number(ge=0, le=100),
        "n": integer(ge=1),
        "value_as_printed": text(True),
    },
)

AGE_AT_ONSET = evidence_table(
    "age_at_onset",
    {
        "onset_id": key(),
        "population": text(True),
        "region": enum(REGIONS),
        "serostatus": enum(SEROSTATUS),
        "statistic": enum(["mean", "median", "range", "peak_band", "share_paediatric", "share_late_onset"]),
        "value": number(ge=0, le=100),
        "value_low": number(ge=0, le=100),
        "value_high": number(ge=0, le=100),
        "sd": number(ge=0),
        "n": integer(ge=1),
        "value_as_printed": text(True),
    },
)

DISABILITY = evidence_table(
    "disability",
    {
        "outcome_id": key(),
        "cohort": text(True),
        "n": integer(ge=1),
        "serostatus": enum(SEROSTATUS_OR_NOT_STATED),
        "era": enum(ERAS),
        "outcome": enum(
            [
                "wheelchair",
                "walking_aid",
                "blind_one_eye",
                "blind_both_eyes",
                "functionally_blind",
                "visual_disability",
                "motor_disability",
                "death",
            ]
        ),
        "horizon_years": number(ge=0, le=50),
        "horizon_label": text(True),
        "estimate_type": enum(["kaplan_meier", "crude", "statement"]),
        "events": integer(ge=0),
        "proportion": number(ge=0, le=1),
        **ci(),
        "interval_type": enum(["reported", "none"]),
    },
)

MILESTONES = evidence_table(
    "milestones",
    {
        "milestone_id": key(),
        "cohort": text(True),
        "n": integer(ge=1),
        "serostatus": enum(SEROSTATUS_OR_NOT_STATED),
        "era": enum(ERAS),
        "milestone": enum(["EDSS 3", "EDSS 4", "EDSS 6", "EDSS 7", "EDSS 8", "severe visual loss"]),
        "statistic": enum(["median_time", "proportion_by_horizon"]),
        "value": number(True, ge=0, le=100),
        **ci(),
        "horizon_years": number(ge=0, le=50),
        "value_as_printed": text(True),
        "value_conversion": text(),
    },
)

COURSE_FACTS = evidence_table(
    "course_facts",
    {
        "fact_id": key(),
        "topic": enum(
            [
                "relapse_rate",
                "pseudorelapse",
                "relapse_driven_disability",
                "incomplete_recovery",
                "ms_drug",
                "misdiagnosis",
                "recovery_vs_ms",
                "mortality",
                "other",
            ]
        ),
        "subject": text(True),
        "finding": text(True),
        "value": number(),
        "unit": text(),
        "n": integer(ge=0),
    },
)

TRIALS = evidence_table(
    "trials",
    {
        "comparison_id": key(),
        "trial": text(True),
        "drug": text(True),
        "target": enum(["C5", "CD19", "IL-6R", "CD20", "other"]),
        "comparator": text(True),
        "design": enum(["randomised", "open-label", "external-control", "observational", "indirect"]),
        "population": enum(SEROSTATUS),
        "n_treatment": integer(ge=1),
        "n_comparator": integer(ge=1),
        "primary_endpoint": text(),
        "approval": text(),
        "approval_year": integer(ge=1990, le=2026),
    },
)

TRIAL_RESULTS = evidence_table(
    "trial_results",
    {
        "result_id": key(),
        "comparison_id": text(True),
        "measure": enum(TRIAL_MEASURES),
        "value": number(True, ge=0),
        **ci(),
        "p_value": text(),
        "timepoint_weeks": number(ge=0, le=520),
        "value_as_printed": text(True),
    },
)

ACUTE = evidence_table(
    "acute",
    {
        "acute_id": key(),
        "study": text(True),
        "design": text(True),
        "n_patients": integer(ge=1),
        "n_attacks": integer(ge=1),
        "treatment": enum(
            [
                "steroids",
                "plasma_exchange",
                "immunoadsorption",
                "apheresis",
                "steroids_plus_plasma_exchange",
                "any_first_line",
                "other",
            ]
        ),
        "comparator": text(),
        "factor": enum(["response", "comparison", "timing"]),
        "outcome": text(True),
        "measure": enum(["proportion", "odds_ratio", "hazard_ratio", "correlation"]),
        "value": number(True),
        **ci(),
        "p_value": text(),
        "value_as_printed": text(True),
    },
)

PATIENTS = evidence_table(
    "patients",
    {
        "attribute_id": key(),
        "patient": enum(HSCT_PATIENTS),
        "attribute": enum(
            [
                "sex",
                "age",
                "donor",
                "transplant_year",
                "prior_autologous_hsct",
                "function_before",
                "edss_before",
                "aqp4_before",
                "relapses_before",
                "conditioning",
                "gvhd",
                "infections",
                "aqp4_after",
                "chimerism",
                "relapses_after",
                "immunosuppression_now",
                "functional_outcome",
                "edss_after",
                "follow_up_years",
            ]
        ),
        "value": text(),
        "value_number": number(),
    },
)

EVENTS = evidence_table(
    "events",
    {
        "event_id": key(),
        "patient": enum(HSCT_PATIENTS),
        "year": integer(True, ge=1990, le=2026),
        "event": enum(["autologous_hsct", "allogeneic_hsct", "early_report", "long_term_report", "other"]),
        "description": text(True),
        "disease_status": enum(["active", "relapse_free", "unknown"]),
    },
)

COHORTS = evidence_table(
    "cohorts",
    {
        "cohort_result_id": key(),
        "series": text(True),
        "hsct_type": enum(["autologous", "allogeneic", "mixed"]),
        "setting": enum(["nmosd", "autoimmune"]),
        "n": integer(ge=1),
        "measure": enum(
            [
                "relapse_free",
                "progression_free",
                "overall_survival",
                "non_relapse_mortality",
                "gvhd",
                "deaths",
                "edss_change",
                "median_follow_up_months",
                "aqp4_persistence",
                "other",
            ]
        ),
        "value": number(),
        "unit": text(True),
        **ci(),
        "horizon_years": number(ge=0, le=30),
        "value_as_printed": text(True),
    },
)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    schema.name: schema
    for schema in [
        SOURCES,
        ESTIMATES,
        POOLED,
        SEX_RATIO,
        AGE_AT_ONSET,
        DISABILITY,
        MILESTONES,
        COURSE_FACTS,
        TRIALS,
        TRIAL_RESULTS,
        ACUTE,
        PATIENTS,
        EVENTS,
        COHORTS,
    ]
}


CLAIMS = pa.DataFrameSchema(
    {
        "claim_id": key(),
        "document": enum(SEED_DOCUMENTS),
        "quote": text(True),
        "topic": enum(CLAIM_TOPICS),
        "verdict": enum(VERDICTS),
        "evidence": text(pattern=EVIDENCE_KEYS),
        "explanation": text(True),
    },
    name="claims",
    strict=True,
    ordered=True,
)
SCHEMAS[CLAIMS.name] = CLAIMS
