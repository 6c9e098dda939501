"""Display tables of the epidemiology report, each a Styler with a fixed id (``present.tables``).

Numbers are formatted here (``present.format``): rates per 100,000 with three significant digits,
expected people as whole numbers, ratios to two decimals and ages to one.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from ...core.meta import METHOD_NAMES
from ...core.vocabulary import SEROSTATUS_LABELS
from ...present.downloads import with_provenance
from ...present.format import p_value, percent, percent_interval, significant, whole
from ...present.tables import styled_table
from .labels import TRANSFORM_LABELS, estimate_label
from .pooling import (
    MIN_STUDIES,
    PooledPrevalence,
    Subgroup,
    leave_one_out_prevalence,
    method_comparison,
    pooled_prevalence_by,
    subgroup_difference_test,
)
from .results import age_at_onset_summary, expected_cases_bases, sex_ratio_summary
from .select import ALL, Analysis, pooling_eligibility, population_used, superseded, superseded_rows

SUMMARY_COLUMNS = ["pooled per 100,000", "95% CI", "95% prediction interval", "tau²", "I²", "Q (df, p)"]
HETEROGENEITY_COLUMNS = ["tau² 95% CI", "tau", "I² 95% CI", "H²"]  # method table only


def pooled_summary(results: list[PooledPrevalence]) -> pd.DataFrame:
    """One line per pooled result: subgroup, k, pooled per 100,000, 95% CI, 95% PI, tau², I² (tau²-based,
    as metafor), Q (df, p), the studies, and in ``note`` the refusal or a fit that did not converge
    (three significant digits)."""
    lines = []
    for r in results:
        numbers = dict.fromkeys(SUMMARY_COLUMNS, "")
        if r.pooled:
            numbers = {
                "pooled per 100,000": significant(r.estimate),
                "95% CI": f"{significant(r.ci_lower)}–{significant(r.ci_upper)}",
                "95% prediction interval": f"{significant(r.pi_lower)}–{significant(r.pi_upper)}",
                "tau²": significant(r.tau2),
                "I²": percent(r.i2 / 100),
                "Q (df, p)": f"{r.q:.1f} ({r.k - 1}, {p_value(r.q_pvalue)})",
            }
        note = _fit_note(r) if r.pooled else f"too few studies to pool (at least {MIN_STUDIES} needed)"
        lines.append(
            {"subgroup": r.subgroup, "k": r.k, **numbers, "studies": ", ".join(r.estimate_ids), "note": note}
        )
    return pd.DataFrame(lines)


def subgroup_table(estimates: pd.DataFrame, by: Subgroup, analysis: Analysis = ALL) -> Styler:
    """Pooled prevalence per subgroup of ``by`` (``pooling.pooled_prevalence_by``), and a last line with
    the test for subgroup differences (Q between, over the subgroups with 2 studies or more)."""
    table = pooled_summary(pooled_prevalence_by(estimates, by, analysis))
    difference, groups = subgroup_difference_test(estimates, by, analysis)
    if difference is None:
        line = {
            "subgroup": "test for subgroup differences",
            "note": "fewer than 2 subgroups with 2 studies or more",
        }
    else:
        line = {
            "subgroup": "test for subgroup differences",
            "Q (df, p)": f"{difference.q:.1f} ({difference.df}, {p_value(difference.p_value)})",
            "note": f"Q between {len(groups)} subgroups with 2 studies or more ({', '.join(groups)}), "
            "each with its own tau²",
        }
    table = pd.concat([table.astype({"k": object}), pd.DataFrame([{"k": "", **line}])], ignore_index=True)
    table = table.fillna("")
    return styled_table(table, f"epi-by-{by}")


def _fit_note(result: PooledPrevalence) -> str:
    """'did not converge: …' for a fit whose solver did not converge, else ''."""
    return "" if result.converged else f"did not converge: {result.note}"


def _heterogeneity(result: PooledPrevalence) -> dict[str, str]:
    """tau² with its Q-profile 95% CI, tau, I² with its 95% CI and H², formatted (empty when refused)."""
    if not result.pooled:
        return dict.fromkeys(HETEROGENEITY_COLUMNS, "")
    return {
        "tau² 95% CI": f"{significant(result.tau2_ci_lower)}–{significant(result.tau2_ci_upper)}",
        "tau": significant(result.tau),
        "I² 95% CI": percent_interval(result.i2_ci_lower / 100, result.i2_ci_upper / 100),
        "H²": significant(result.h2),
    }


def method_table(estimates: pd.DataFrame, analysis: Analysis = ALL) -> Styler:
    """The selected subgroup pooled by every method and transform (sensitivity of the estimate), with
    tau² and its Q-profile 95% CI, tau, I² (tau²-based, as metafor) with its 95% CI, H² and Q (df, p);
    a fit that did not converge says so in ``note``."""
    results = method_comparison(estimates, analysis)
    table = pooled_summary(results)
    table.insert(1, "method", [METHOD_NAMES[r.method] for r in results])
    table.insert(2, "transform", [TRANSFORM_LABELS[r.transform] for r in results])
    extra = pd.DataFrame([_heterogeneity(r) for r in results], columns=HETEROGENEITY_COLUMNS)
    at = list(table.columns).index("tau²") + 1
    for offset, column in enumerate(["tau² 95% CI", "tau"]):
        table.insert(at + offset, column, extra[column])
    at = list(table.columns).index("I²") + 1
    for offset, column in enumerate(["I² 95% CI", "H²"]):
        table.insert(at + offset, column, extra[column])
    return styled_table(table.drop(columns=["subgroup"]), "epi-methods")


def leave_one_out_table(estimates: pd.DataFrame, analysis: Analysis = ALL) -> Styler:
    """The selected subgroup pooled without each study in turn (``results.leave_one_out_prevalence``):
    the study left out, k, pooled per 100,000 with its 95% CI, tau² and I² (tau²-based); one line
    saying why when the subgroup has too few studies to pool."""
    rows = leave_one_out_prevalence(estimates, analysis)
    lines = [
        {
            "left out": f"{row['estimate_id']} ({row['source_id']})",
            "k": int(row["k"]),
            "pooled per 100,000": significant(row["estimate"]),
            "95% CI": f"{significant(row['ci_lower'])}–{significant(row['ci_upper'])}",
            "tau²": significant(row["tau2"]),
            "I²": percent(row["i2"] / 100),
            "note": "; ".join(
                text
                for text in (
                    "" if row["converged"] else f"did not converge: {row['note']}",
                    "influential: without it the estimate leaves the pooled 95% CI"
                    if row["influential"]
                    else "",
                )
                if text
            ),
        }
        for _, row in rows.iterrows()
    ]
    if not lines:
        lines = [{"left out": "", "note": f"too few studies to pool (at least {MIN_STUDIES} needed)"}]
    return styled_table(pd.DataFrame(lines), "epi-leave-one-out")


def eligibility_table(estimates: pd.DataFrame, analysis: Analysis = ALL) -> Styler:
    """Every prevalence row in scope (``select.pooling_eligibility``): the population (with [adj.] and
    the ethnic group), region, criteria, value per 100,000 as in the data, its 95% CI, cases, the
    population at risk as printed or derived (marked "derived": cases ÷ the rounded crude rate), the
    proportion per 100,000 from the counts, how the row enters the pool, status, source and whether it
    is pooled (with the reason when not)."""
    table = pooling_eligibility(estimates, analysis)
    rows = estimates.set_index("estimate_id").loc[list(table["estimate_id"])].reset_index()
    size = population_used(table).astype("Float64")
    display = pd.DataFrame(
        {
            "row": [estimate_label(row) for _, row in rows.iterrows()],
            "region": table["region"],
            "criteria": table["criteria"],
            "value per 100,000": table["value"],
            "95% CI": [
                "" if pd.isna(low) else f"{significant(low)}–{significant(high)}"
                for low, high in zip(table["ci_lower"], table["ci_upper"], strict=True)
            ],
            "cases": table["cases"],
            "population at risk": [
                "" if pd.isna(n) else whole(n) + (" (derived)" if pd.isna(printed) else "")
                for n, printed in zip(size, table["population_at_risk"], strict=True)
            ],
            "cases / population per 100,000": (table["cases"].astype("Float64") / size * 100_000).round(3),
            "status": table["status"],
            "source": table["source_id"],
            "pooled": [
                f"yes: {reason}" if pooled else f"no: {reason}"
                for pooled, reason in zip(table["pooled"], table["reason"], strict=True)
            ],
        }
    )
    numbers = display.assign(
        **{"value per 100,000": table["value"].to_numpy(), "ci_lower": table["ci_lower"].to_numpy(),
           "ci_upper": table["ci_upper"].to_numpy(), "population at risk": size.to_numpy(),
           "population derived": table["population_at_risk"].isna().to_numpy() & size.notna().to_numpy()}
    ).drop(columns=["95% CI"])  # fmt: skip
    return styled_table(display, "epi-eligibility", data=with_provenance(numbers, rows, "estimate_id"))


def published_table(pooled: pd.DataFrame) -> Styler:
    """Published pooled, summary and range prevalence figures (reviews, regulators, reference pages),
    as printed."""
    rows = pooled[pooled["measure"] == "prevalence"]
    headings = {
        "pooled_id": "row", "subgroup": "subgroup", "kind": "kind", "criteria": "criteria",
        "value_as_printed": "as printed", "i2_percent": "I² (%)", "source_id": "source", "status": "status",
    }  # fmt: skip
    shown = rows[list(headings)].rename(columns=headings).reset_index(drop=True)
    numbers = shown.assign(value=rows["value"].to_numpy(), ci_lower=rows["ci_lower"].to_numpy(),
                           ci_upper=rows["ci_upper"].to_numpy())  # fmt: skip
    return styled_table(shown, "epi-published", data=with_provenance(numbers, rows, "pooled_id"))


def _rate_and_people(row: pd.Series, low: str, high: str) -> tuple[str, str]:
    """'a–b' per 100,000 and the expected people 'c–d' for the rate columns ``low`` and ``high``."""
    return (
        f"{significant(row[low])}–{significant(row[high])}",
        f"{whole(row[f'people_{low}'])}–{whole(row[f'people_{high}'])}",
    )


def _expected_line(row: pd.Series, result: PooledPrevalence) -> dict[str, str]:
    """One line of the expected-cases table from a row of ``results.expected_cases_bases``."""
    if row["basis"] == "refused":
        return {
            "basis": f"pooled estimate of this report ({result.subgroup})",
            "per 100,000": "",
            "expected people": f"not computed: k = {result.k}, too few studies to pool",
        }
    if row["basis"] == "study range":
        figure, people = _rate_and_people(row, "range_low", "range_high")
        return {
            "basis": "lowest to highest whole-population study estimate in scope "
            f"({row['low_id']} to {row['high_id']}, {int(row['studies'])} estimates)",
            "per 100,000": f"{figure} (range)",
            "expected people": people,
        }
    figure, people = significant(row["value"]), whole(row["people_value"]) if pd.notna(row["value"]) else ""
    if pd.notna(row["value"]) and pd.notna(row["ci_lower"]):
        ci, ci_people = _rate_and_people(row, "ci_lower", "ci_upper")
        figure, people = f"{figure} (95% CI {ci}", f"{people} (95% CI {ci_people}"
        if row["basis"] == "pooled":
            pi, pi_people = _rate_and_people(row, "pi_lower", "pi_upper")
            figure, people = f"{figure}; PI {pi}", f"{people}; PI {pi_people}"
        figure, people = f"{figure})", f"{people})"
    elif pd.isna(row["value"]) and pd.notna(row["range_low"]):
        figure, people = _rate_and_people(row, "range_low", "range_high")
        figure = f"{figure} (range)"
    elif pd.isna(row["value"]):
        figure = f"below {significant(row['range_high'])} (upper bound)"
        people = f"fewer than {whole(row['people_range_high'])}"
    if row["basis"] == "pooled":
        basis = f"pooled estimate of this report ({result.subgroup}, k = {result.k})"
    else:
        basis = f"{row['kind']}: {row['subgroup']} ({row['pooled_id']})"
    return {"basis": basis, "per 100,000": figure, "expected people": people}


def expected_cases_table(
    population: int,
    result: PooledPrevalence,
    pooled: pd.DataFrame,
    estimates: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
) -> Styler:
    """Expected number of people with NMOSD in ``population`` people, one line per basis (see
    ``results.expected_cases_bases``): rate per 100,000 and people, rounded to whole people."""
    bases = expected_cases_bases(population, result, pooled, estimates, region, criteria, serostatus)
    lines = [
        {**_expected_line(row, result), "source": row["source_id"], "status": row["status"]}
        for _, row in bases.iterrows()
    ]
    return styled_table(pd.DataFrame(lines), "epi-expected")


def sex_ratio_table(sex_ratio: pd.DataFrame) -> Styler:
    """Female-to-male ratios by serostatus and region: rows, median, lowest and highest (women per
    man, two decimals) and the row ids."""
    table = sex_ratio_summary(sex_ratio)
    for column in ("median", "lowest", "highest"):
        table[column] = table[column].astype(float).round(2)
    table["serostatus"] = table["serostatus"].map(SEROSTATUS_LABELS)
    return styled_table(table, "epi-sex-ratio")


def onset_table(age_at_onset: pd.DataFrame) -> Styler:
    """Mean or median ages at onset by region and serostatus: rows, median, lowest and highest of the
    study values (years, one decimal) and the row ids."""
    table = age_at_onset_summary(age_at_onset)
    for column in ("median", "lowest", "highest"):
        table[column] = table[column].astype(float).round(1)
    return styled_table(table, "epi-onset")


def onset_shares_table(age_at_onset: pd.DataFrame) -> Styler:
    """Shares of paediatric and late onset (percent of patients, one decimal) with their populations,
    the value as printed, source and status."""
    rows = age_at_onset[age_at_onset["statistic"].str.startswith("share")]
    table = pd.DataFrame(
        {
            "row": rows["onset_id"],
            "population": rows["population"],
            "share": rows["statistic"].str.replace("share_", "", regex=False).str.replace("_", " "),
            "percent": (rows["value"].astype(float) * 100).round(1),
            "n": rows["n"],
            "printed": rows["value_as_printed"],
            "source": rows["source_id"],
            "status": rows["status"],
        }
    ).reset_index(drop=True)
    numbers = table.assign(value=rows["value"].to_numpy())  # the share as in the data (a fraction)
    return styled_table(table, "epi-onset-shares", data=with_provenance(numbers, rows, "onset_id"))


LEFT_OUT_COLUMNS = [
    "row", "value", "value_as_printed", "source_id", "locator", "quote", "status", "computed_from",
]  # fmt: skip


def _left_out_rows(frames: tuple[pd.DataFrame, ...]) -> pd.DataFrame:
    """The rows of ``left_out_table`` in its order (as ``select.superseded_rows``): the key as ``row``,
    the value (a ``sex_ratio`` row's female-to-male ratio) as a number and as printed, and the
    provenance."""
    names = {"female_to_male": "value"}  # sex_ratio has no ``value`` column
    parts = [
        frame[superseded(frame)]
        .rename(columns={**names, frame.columns[0]: "row"})
        .reindex(columns=LEFT_OUT_COLUMNS)
        for frame in frames
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=LEFT_OUT_COLUMNS)


def left_out_table(*frames: pd.DataFrame) -> Styler:
    """The rows of ``frames`` whose note says superseded or do not pool: row, source and note."""
    table = superseded_rows(*frames).rename(columns={"source_id": "source"})
    rows = _left_out_rows(frames)
    numbers = table.assign(
        value=rows["value"].to_numpy(), value_as_printed=rows["value_as_printed"].to_numpy()
    )
    return styled_table(table, "epi-left-out", data=with_provenance(numbers, rows, "row"))
