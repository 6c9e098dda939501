"""The HSCT report's data-driven prose: Jinja2 Markdown templates (``text/*.md.j2``) filled from the
rows they speak about. Years are calendar years, follow-up whole years, proportions 0-1 (printed as
per cent by the templates' filters). The news report's statements, and the verdict on each, are the
claims ledger's rows (``select.NEWS_REPORT_CLAIMS``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...core.vocabulary import HSCT_NEWS, weakest_status
from ...present.text import render_template
from .labels import gvhd_grades
from .results import follow_up, pair_outcome_rows, status_counts
from .select import (
    ALLOGENEIC_RISKS,
    EARLY_OUTCOME,
    EARLY_REPORT,
    EXTRA_CONDITIONING,
    LATE_RELAPSE,
    LONG_TERM_EVENT,
    NEWS_REPORT_CAUTION,
    NEWS_REPORT_CLAIMS,
    PAIR,
    PAIR_FOLLOW_UP,
    PATIENTS,
    attribute_row,
    autologous_deaths,
    late_unknowns,
    long_term_report,
    long_term_report_year,
    news_report_claims,
    reports_by,
    row_with,
)

TEMPLATES = Path(__file__).parent / "text"


def _render(name: str, **context: object) -> str:
    """Template ``name`` of ``text/`` filled from ``context``, without surrounding blank lines."""
    return render_template(TEMPLATES, name, **context).strip()


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of ``frame`` as dicts (column -> value) for a template."""
    return frame.to_dict("records")


def _pair_rows(patients: pd.DataFrame) -> dict[str, dict[str, object]]:
    """The pair's proportions (0-1) by measure key: relapse_free, gvhd, infections."""
    return {row["measure_key"]: row for row in _records(pair_outcome_rows(patients))}


def _claims(claims: pd.DataFrame, claim_ids: tuple[str, ...] | list[str]) -> list[dict[str, object]]:
    """The ledger rows of ``claim_ids`` (news report) as dicts, in that order."""
    return _records(news_report_claims(claims, claim_ids))


def case_summary_markdown(patients: pd.DataFrame, events: pd.DataFrame) -> str:
    """Who the two patients are and what the reports say about them, each statement with its source."""
    cases = [
        {
            attribute: attribute_row(patients, patient, attribute).to_dict()
            for attribute in ("sex", "donor", "transplant_year", "function_before", "age")
        }
        | {"patient": patient}
        for patient in PATIENTS
    ]
    early = row_with(events, "event_id", EARLY_REPORT).to_dict()
    counts = status_counts(patients)
    return _render(
        "case_summary.md.j2",
        cases=cases,
        prior=attribute_row(patients, PATIENTS[0], "prior_autologous_hsct").to_dict(),
        relapse=attribute_row(patients, PATIENTS[0], "relapses_after").to_dict(),
        immunosuppression=attribute_row(patients, PATIENTS[0], "immunosuppression_now").to_dict(),
        aqp4=attribute_row(patients, PATIENTS[0], "aqp4_after").to_dict(),
        follow=row_with(patients, "attribute_id", PAIR_FOLLOW_UP).to_dict(),
        early=early,
        early_finding=str(early["description"]).split(": ", 1)[-1],
        long_term=long_term_report(events).to_dict(),
        entries=len(patients),
        counts=list(counts.items()),
        any_verified="verified" in counts.index,
    )


def follow_up_markdown(patients: pd.DataFrame, events: pd.DataFrame, as_of_year: int) -> str:
    """What the follow-up arithmetic gives for ``as_of_year`` and how it compares with the report."""
    table = follow_up(patients, events, as_of_year)
    reported = table.dropna(subset=["reported_years"])
    report_year = long_term_report_year(events)
    earlier_reports = reports_by(events, as_of_year)
    implied = sorted({int(year) for year in reported["assessment_year"]})
    return _render(
        "follow_up.md.j2",
        as_of_year=as_of_year,
        patients=_records(table),
        report_year=report_year,
        report_out=report_year <= as_of_year,
        latest_report_year=None if earlier_reports.empty else int(earlier_reports["year"].max()),
        reported=_records(reported),
        mapping_status=reported["reported_status"].iloc[0] if not reported.empty else None,
        follow=row_with(patients, "attribute_id", PAIR_FOLLOW_UP).to_dict(),
        implied_years=implied,
        report_year_status=events.loc[events["event"] == LONG_TERM_EVENT, "status"].iloc[0],
        differs=bool(implied) and as_of_year != max(implied),
    )


def risk_markdown(
    patients: pd.DataFrame, cohorts: pd.DataFrame, claims: pd.DataFrame, include_autologous: bool
) -> str:
    """The transplant risks in words, next to the pair's benefit; numbers and statuses from the data,
    the news report's statement on the risks with the ledger's verdict."""
    pair = _pair_rows(patients)
    late = late_unknowns(patients)
    figures = {
        key: row_with(cohorts, "cohort_result_id", row_id).to_dict()
        for key, row_id in ALLOGENEIC_RISKS.items()
    }
    return _render(
        "risks.md.j2",
        benefit=pair["relapse_free"],
        gvhd=pair["gvhd"],
        late_status=weakest_status(late["status"]),
        late_sources=list(late["source_id"]),
        risk=figures,
        acute_grades=gvhd_grades(figures["acute_gvhd"]["quote"]),
        include_autologous=include_autologous,
        deaths=_records(autologous_deaths(cohorts)),
        claims=_claims(claims, [NEWS_REPORT_CLAIMS["risks"]]),
        document=HSCT_NEWS,
    )


def limits_markdown(
    patients: pd.DataFrame, cohorts: pd.DataFrame, claims: pd.DataFrame, include_autologous: bool
) -> str:
    """What two cases can and cannot show, each statement tied to the data or its source; the news
    report's own cautions with the ledger's verdicts."""
    benefit = _pair_rows(patients)["relapse_free"]
    aqp4 = attribute_row(patients, PAIR, "aqp4_before").to_dict()
    return _render(
        "limits.md.j2",
        benefit=benefit,
        aqp4_after=attribute_row(patients, PATIENTS[0], "aqp4_after").to_dict(),
        aqp4_before=aqp4,
        aqp4_unclear=int(benefit["n"]) - int(aqp4["value_number"]),
        before=[attribute_row(patients, patient, "function_before").to_dict() for patient in PATIENTS],
        prior=attribute_row(patients, PATIENTS[0], "prior_autologous_hsct").to_dict(),
        include_autologous=include_autologous,
        late=row_with(cohorts, "cohort_result_id", LATE_RELAPSE).to_dict(),
        claims=_claims(claims, NEWS_REPORT_CAUTION),
        document=HSCT_NEWS,
    )


def news_report_differences_markdown(
    patients: pd.DataFrame, events: pd.DataFrame, claims: pd.DataFrame
) -> str:
    """Where the evidence in the data differs from the news report: each statement of the report (a
    claims-ledger row) with the ledger's verdict and explanation, then the data rows on it."""
    ids = NEWS_REPORT_CLAIMS
    statements = {row["claim_id"]: row for row in _claims(claims, list(ids.values()))}
    return _render(
        "news_report.md.j2",
        claims={role: statements[claim_id] for role, claim_id in ids.items()},
        document=HSCT_NEWS,
        relapse=attribute_row(patients, PATIENTS[0], "relapses_after").to_dict(),
        outcomes=[attribute_row(patients, patient, "functional_outcome").to_dict() for patient in PATIENTS],
        early=row_with(patients, "attribute_id", EARLY_OUTCOME).to_dict(),
        follow=row_with(patients, "attribute_id", PAIR_FOLLOW_UP).to_dict(),
        conditioning=attribute_row(patients, PATIENTS[0], "conditioning").to_dict(),
        extra=row_with(patients, "attribute_id", EXTRA_CONDITIONING).to_dict(),
        aqp4=attribute_row(patients, PAIR, "aqp4_before").to_dict(),
        long_term=long_term_report(events).to_dict(),
    )
