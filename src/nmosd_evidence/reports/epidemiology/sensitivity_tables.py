"""Tables of the robustness analyses: cumulative pooling by publication year, the specification curve
summarised by choice, and pooled incidence beside the published incidence figures.

Rates per 100,000 (prevalence: persons; incidence: person-years), three significant digits.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from ...core.meta import METHOD_NAMES, PooledRate
from ...present.format import p_value, percent, significant
from ...present.tables import styled_table
from .labels import estimate_label


def _interval(low: float, high: float) -> str:
    return f"{significant(low)}–{significant(high)}"


def _added(estimate_ids: str, source_ids: str) -> str:
    """'P11 (asgari2011) + P29 (cossburn2012)' from ids joined by ' + '."""
    pairs = zip(estimate_ids.split(" + "), source_ids.split(" + "), strict=True)
    return " + ".join(f"{study} ({source})" for study, source in pairs)


def cumulative_table(cumulative: pd.DataFrame) -> Styler:
    """One line per study added in publication order (``pooling.cumulative_prevalence``): year, study,
    k, pooled per 100,000 with its 95% CI and I²; one line saying why when there are too few studies."""
    lines = [
        {
            "published": str(int(row["year"])) if pd.notna(row["year"]) else "",
            "studies added": _added(row["estimate_id"], row["source_id"]),
            "k": int(row["k"]),
            "pooled per 100,000": significant(row["estimate"]),
            "95% CI": _interval(row["ci_lower"], row["ci_upper"]),
            "I²": percent(row["i2"] / 100),
        }
        for _, row in cumulative.iterrows()
    ]
    if not lines:
        lines = [{"published": "", "studies added": "too few studies to pool"}]
    return styled_table(pd.DataFrame(lines), "epi-cumulative")


def specification_table(curve: pd.DataFrame, limit: float) -> Styler:
    """The specification curve summarised per choice: how many specifications make it, the lowest,
    median and highest pooled prevalence per 100,000, and in how many the whole 95% CI lies below
    ``limit``."""
    lines = []
    for column, label in [
        ("method", "method"), ("transform", "scale"), ("inputs", "inputs"), ("statuses", "statuses"),
        ("icd_coded_data", "ICD-coded data"),
    ]:  # fmt: skip
        for value, part in curve.groupby(column, sort=False):
            lines.append(
                {
                    "choice": label,
                    "value": str(value),
                    "specifications": len(part),
                    "lowest": significant(part["estimate"].min()),
                    "median": significant(part["estimate"].median()),
                    "highest": significant(part["estimate"].max()),
                    f"CI below {limit:g}": f"{int((part['ci_upper'] < limit).sum())} of {len(part)}",
                }
            )
    if not lines:
        lines = [{"choice": "no specification pools at least 3 studies"}]
    return styled_table(pd.DataFrame(lines), "epi-specifications")


def incidence_table(
    rows: pd.DataFrame, fit: PooledRate | None, published: pd.DataFrame, method: str
) -> Styler:
    """Pooled incidence per 100,000 person-years (log scale; ``specification.pooled_incidence``), the
    rows pooled with how each entered, then the published incidence figures as printed."""
    lines = []
    if fit is not None:
        lines.append(
            {
                "figure": f"this report: random effects ({METHOD_NAMES[method]}), log rate, k = {fit.k}",
                "per 100,000 person-years": significant(fit.estimate),
                "95% CI": _interval(fit.ci_lower, fit.ci_upper),
                "95% prediction interval": _interval(fit.pi_lower, fit.pi_upper),
                "I²": percent(fit.i2 / 100),
                "Q (df, p)": f"{fit.q:.1f} ({fit.q_df}, {p_value(fit.q_pvalue)})",
                "source": "computed",
                "status": "computed",
            }
        )
    else:
        lines.append({"figure": f"this report: too few incidence rows to pool (k = {len(rows)}; at least 3)"})
    for _, row in rows.iterrows():
        entered = "cases" if pd.notna(row["cases"]) and row["cases"] > 0 else "printed CI"
        lines.append(
            {
                "figure": f"  {estimate_label(row)} (by {entered})",
                "per 100,000 person-years": significant(row["value"]),
                "95% CI": "" if pd.isna(row["ci_lower"]) else _interval(row["ci_lower"], row["ci_upper"]),
                "source": row["source_id"],
                "status": row["status"],
            }
        )
    for _, row in published.iterrows():
        lines.append(
            {
                "figure": f"published: {row['pooled_id']} {row['subgroup']} ({row['kind']})",
                "per 100,000 person-years": row["value_as_printed"],
                "source": row["source_id"],
                "status": row["status"],
            }
        )
    return styled_table(pd.DataFrame(lines).fillna(""), "epi-incidence-pooled")
