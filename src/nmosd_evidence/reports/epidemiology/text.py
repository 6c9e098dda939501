"""Data-driven prose of the epidemiology report: Markdown from the templates in ``text/``, filled from
numbers and row ids. Verdicts on the source document's statements are the claims ledger's rows
(``load("claims")``), rendered as they are; the report lists the evidence rows below them.

Units: prevalence per 100,000 persons, people, women per man, years, shares as proportions 0-1.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...core.meta import METHOD_NAMES, TEST_NAMES, TRANSFORM_NAMES
from ...core.vocabulary import SEROSTATUS_LABELS
from ...present.text import render_template
from .labels import ONSET_CLAIM_ID, PREVALENCE_CLAIM_ID, TRANSFORM_LABELS, WOMEN_CLAIM_ID, group_of
from .pooling import PooledPrevalence
from .results import expected_cases, sex_ratio_rows
from .select import COUNTS, DERIVED, FROM_CI, onset_rows, prevalence_check_rows
from .specification import limit_support
from .statements import claim_band, claim_limit, ledger_claim

TEMPLATES = Path(__file__).parent / "text"


def _markdown(name: str, **context: object) -> str:
    """Template ``name`` of ``text/`` filled from ``context``, without trailing blank lines."""
    return render_template(TEMPLATES, name, **context).rstrip("\n")


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of ``frame`` as dicts, for a template."""
    return frame.to_dict("records")


def entries_text(result: PooledPrevalence) -> str:
    """'12 by printed counts, 3 with a population derived from cases ÷ a rounded crude rate, 2 by a
    printed 95% CI': how the studies of ``result`` entered the pool (kinds with none left out)."""
    words = {
        COUNTS: "by printed cases and population",
        DERIVED: "with a population derived from cases ÷ a rounded crude rate",
        FROM_CI: "by a printed 95% CI (generic inverse variance)",
    }
    return ", ".join(f"{result.count(kind)} {text}" for kind, text in words.items() if result.count(kind))


def pooled_markdown(result: PooledPrevalence) -> str:
    """One paragraph stating the pooled result (or the refusal) with method, transform, how the studies
    entered and the confidence-interval method."""
    return _markdown(
        "pooled.md.j2",
        result=result,
        entries=entries_text(result),
        method_name=METHOD_NAMES[result.method],
        transform_name=TRANSFORM_NAMES[result.transform],
        test_name=TEST_NAMES[result.test],
    )


def expected_cases_markdown(population: int, result: PooledPrevalence) -> str:
    """One sentence: the expected number of people with NMOSD among ``population`` people, with the
    95% CI and prediction interval of the pooled prevalence (or why there is none)."""
    people = {}
    if result.pooled:
        people = {
            name: expected_cases(population, getattr(result, name))
            for name in ("estimate", "ci_lower", "ci_upper", "pi_lower", "pi_upper")
        }
    return _markdown("expected_cases.md.j2", population=population, result=result, people=people)


def fewer_than_five_markdown(
    estimates: pd.DataFrame,
    pooled: pd.DataFrame,
    overall: PooledPrevalence,
    claims: pd.DataFrame,
    methods: list[PooledPrevalence],
    curve: pd.DataFrame,
) -> str:
    """Markdown: the prevalence statement of the source document with the claims ledger's verdict,
    then the evidence rows: whole-population estimates below its limit, the pooled estimates (this
    report's and the published ones), which methods and scales (``methods``, all regions) and which
    specifications (``curve``, ``specification.specification_curve``) support the limit and which do
    not, the published upper bounds, and every prevalence estimate at or above the limit by group."""
    claim = ledger_claim(claims, PREVALENCE_CLAIM_ID).to_dict()
    limit = claim_limit(claim["quote"])
    rows = prevalence_check_rows(estimates)
    whole = rows[rows["whole"]]
    above = rows[rows["value"] >= limit].sort_values("value", ascending=False)
    published = pooled[(pooled["measure"] == "prevalence") & (pooled["kind"] == "pooled")]
    return _markdown(
        "fewer_than_five.md.j2",
        claim=claim,
        claims=[claim],
        limit=limit,
        whole=len(whole),
        below=int((whole["value"] < limit).sum()),
        lowest=whole.loc[whole["value"].idxmin()].to_dict(),
        overall=overall,
        methods=[
            {"name": f"{METHOD_NAMES[r.method]}, {TRANSFORM_LABELS[r.transform]}", "result": r}
            for r in methods
            if r.pooled
        ],
        support=limit_support(curve, limit),
        published=_records(published),
        bounds=_records(pooled[(pooled["measure"] == "prevalence") & (pooled["range_high"] == limit)]),
        above=_records(above.assign(group=[group_of(row) for _, row in above.iterrows()])),
    )


def _ratio_summary(rows: pd.DataFrame, serostatus: str) -> dict[str, object]:
    """Label, number of rows, rows above 1 and the lowest and highest ratio (women per man)."""
    return {
        "label": SEROSTATUS_LABELS[serostatus],
        "rows": len(rows),
        "above_one": int((rows["ratio"] > 1).sum()),
        "lowest": rows["ratio"].min(),
        "highest": rows["ratio"].max(),
    }


def women_30_40_markdown(sex_ratio: pd.DataFrame, age_at_onset: pd.DataFrame, claims: pd.DataFrame) -> str:
    """Markdown: the sex-and-age statement of the source document with the claims ledger's verdicts
    (the women part and the whole statement), then the evidence rows: female-to-male ratios by
    serostatus, study ages at onset inside and above the statement's band, peak bands, shares of late
    and paediatric onset and the rows of the often-quoted statements."""
    onset_claim = ledger_claim(claims, ONSET_CLAIM_ID).to_dict()
    band = claim_band(onset_claim["quote"])
    ratios = sex_ratio_rows(sex_ratio)
    positive = ratios[ratios["serostatus"] == "AQP4+"]
    onset = onset_rows(age_at_onset)
    studies = onset[onset["kind"] == "study"].sort_values("value")
    shares = onset[onset["kind"] == "share"]
    return _markdown(
        "women_30_40.md.j2",
        onset_claim=onset_claim,
        claims=[ledger_claim(claims, WOMEN_CLAIM_ID).to_dict(), onset_claim],
        band=band,
        positive=_ratio_summary(positive, "AQP4+"),
        with_ci=_records(positive[positive["ci_lower"].notna() & (positive["age_group"] == "all")].head(1)),
        everyone=_ratio_summary(ratios[ratios["serostatus"] == "all"], "all"),
        negative_label=SEROSTATUS_LABELS["AQP4-"],
        negative=_records(ratios[ratios["serostatus"] == "AQP4-"]),
        studies={
            "rows": len(studies),
            "lowest": studies["value"].min(),
            "highest": studies["value"].max(),
            "median": studies["value"].median(),
        },
        inside=_records(studies[(studies["value"] >= band[0]) & (studies["value"] <= band[1])]),
        outside=_records(studies[studies["value"] > band[1]]),
        bands=_records(onset[(onset["kind"] == "band or range") & (onset["statistic"] == "peak_band")]),
        late=_records(shares[shares["statistic"] == "share_late_onset"]),
        young=_records(shares[shares["statistic"] == "share_paediatric"]),
        stated=_records(onset[onset["kind"] == "claim"]),
    )
