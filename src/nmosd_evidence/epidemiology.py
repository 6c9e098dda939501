"""Epidemiology of NMOSD: study rows in scope, random-effects pooling of prevalence, expected cases,
sex ratio and age at onset, and the checks of two often-quoted statements.

Units: prevalence per 100,000 persons; incidence per 100,000 person-years; ages in years; female-to-male
ratios as women per man. Every function takes the validated tables of the data package
(``load("estimates")`` and so on) and returns a DataFrame, a figure or Markdown; no function reads a
number from anywhere else.

Meta-analysis (prevalence only, studies that report both ``cases`` and ``population_at_risk``):
proportions are transformed (logit, or Freeman–Tukey double arcsine), pooled with a random-effects model
(DerSimonian–Laird and Paule–Mandel through ``statsmodels.stats.meta_analysis.combine_effects``; REML
by Fisher scoring here, because statsmodels 0.15 does not offer it) and transformed back. The 95%
prediction interval uses a t distribution with k - 2 degrees of freedom (Higgins, Thompson &
Spiegelhalter 2009); I² is the Q-based statistic of Higgins & Thompson (2002). Fewer than
``MIN_STUDIES`` studies give a message, never a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler
from scipy import stats
from statsmodels.stats.meta_analysis import CombineResults, combine_effects
from statsmodels.stats.proportion import proportion_confint

from .charts import (
    PALETTE,
    house_style,
    interval_chart,
    interval_traces,
    rounded,
    source_footnote,
    status_key,
)
from .sources import evidence_rows

PER = 100_000
MIN_STUDIES = 3
Method = Literal["DL", "REML", "PM"]
Transform = Literal["logit", "freeman-tukey"]
METHOD_NAMES = {
    "DL": "DerSimonian–Laird",
    "REML": "restricted maximum likelihood (Fisher scoring)",
    "PM": "Paule–Mandel",
}
TRANSFORM_NAMES = {
    "logit": "logit",
    "freeman-tukey": "Freeman–Tukey double arcsine (back-transformed with the harmonic-mean n, Miller 1978)",
}
# Rows whose note says they must not be pooled or charted next to the row that replaced them.
DO_NOT_POOL = re.compile(r"superseded|do not pool", re.IGNORECASE)
# Populations that are a part of a population (sex, age group): not a whole-population estimate.
PART_OF_POPULATION = re.compile(r"\b(?:children|females|males|people aged)\b", re.IGNORECASE)
# Age rows that are not an age at onset (age at diagnosis or testing), by their note.
NOT_ONSET = re.compile(r"not (?:explicitly |necessarily )?(?:age at )?onset", re.IGNORECASE)
PAEDIATRIC = re.compile(r"paediatric|children", re.IGNORECASE)
# The seed document and the two statements this report checks (the claim, not evidence).
SEED = "seed_roche_ch_nmosd"
PREVALENCE_CLAIM = "affects fewer than five in 100,000 people worldwide"
PREVALENCE_CLAIM_LIMIT = 5.0  # per 100,000, the number in the claim
ONSET_CLAIM = "most common in women between the ages of 30 and 40"
ONSET_CLAIM_BAND = (30.0, 40.0)  # years, the band in the claim
# Rows of the notes' section 4 ("the often-quoted figures"): statements, not studies.
CLAIM_ROW_PREFIXES = ("S4a_", "S4b_")
# Published (review, regulatory, reference) prevalence figures that speak for a region; by pooled_id.
PUBLISHED_PREVALENCE_BY_REGION: dict[str, list[str]] = {
    "All": ["R2c", "R2a", "R2b", "R2f", "R4f", "S4a_mori", "S4a_orpha_prev", "S4a_amgen"],
    "Europe": ["S4a_ema_1185", "S4a_ema_1856", "S4a_nmouk", "S4a_nhs"],
    "East Asia": ["R3c"],
    "Caribbean": ["R1b"],
    "Oceania": ["R1d"],
    "Latin America": ["R9"],
}
SEROSTATUS_LABELS = {"all": "all NMOSD", "AQP4+": "AQP4-IgG positive", "AQP4-": "AQP4-IgG negative"}


# ----------------------------------------------------------------------------------------------------
# Rows in scope
# ----------------------------------------------------------------------------------------------------


def superseded(frame: pd.DataFrame) -> pd.Series:
    """True for rows whose note says they are superseded or must not be pooled."""
    return frame["note"].fillna("").str.contains(DO_NOT_POOL)


def whole_population(estimates: pd.DataFrame) -> pd.Series:
    """True for estimates of a whole population (ethnicity 'all', not one sex or age group)."""
    return (estimates["ethnicity"] == "all") & ~estimates["population"].str.contains(PART_OF_POPULATION)


def estimates_in_scope(
    estimates: pd.DataFrame,
    measure: Literal["prevalence", "incidence"],
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
) -> pd.DataFrame:
    """Estimate rows of one ``measure`` for the region, criteria and serostatus chosen; superseded rows out.

    ``region`` "All" keeps every region; ``criteria`` "any" keeps every criteria value; ``serostatus``
    selects the serostatus scope of the estimate ("all" = estimates covering all patients).
    """
    keep = (estimates["measure"] == measure) & ~superseded(estimates)
    keep &= estimates["serostatus"] == serostatus
    if region != "All":
        keep &= estimates["region"] == region
    if criteria != "any":
        keep &= estimates["criteria"] == criteria
    return estimates[keep].reset_index(drop=True)


def superseded_rows(*frames: pd.DataFrame) -> pd.DataFrame:
    """The rows left out of every chart and pool because their note says superseded / do not pool."""
    parts = []
    for frame in frames:
        key = frame.columns[0]
        rows = frame[superseded(frame)]
        parts.append(pd.DataFrame({"row": rows[key], "source_id": rows["source_id"], "note": rows["note"]}))
    return (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["row", "source_id", "note"])
    )


def _has_counts(frame: pd.DataFrame) -> pd.Series:
    return frame["cases"].notna() & frame["population_at_risk"].notna()


def pooling_eligibility(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> pd.DataFrame:
    """Every prevalence row in scope with whether it enters the pooled estimate, and why not.

    A row is pooled when it reports both ``cases`` and ``population_at_risk`` and is a whole-population
    estimate; the proportion pooled is the crude ``cases / population_at_risk`` whatever the printed
    value's standardisation (the column ``pooled as`` says so). Columns: estimate_id, population,
    region, ethnicity, criteria, standardisation, value (per 100,000, as in the data), cases,
    population_at_risk, status, source_id, pooled (bool), reason.
    """
    rows = estimates_in_scope(estimates, "prevalence", region, criteria, serostatus)
    has_counts = _has_counts(rows)
    whole = whole_population(rows)
    reasons = []
    for counted, is_whole, (_, row) in zip(has_counts, whole, rows.iterrows(), strict=True):
        if row["status"] == "unverified":
            reasons.append("unverified value")
        elif not counted:
            missing = [name for name in ("cases", "population_at_risk") if pd.isna(row[name])]
            reasons.append("no " + " and no ".join(m.replace("_", " ") for m in missing))
        elif not is_whole:
            reasons.append("part of a population (ethnic, sex or age group); pooled only by ethnicity")
        elif row["standardisation"] != "crude":
            reasons.append("pooled as crude cases / population (the printed value is age-adjusted)")
        else:
            reasons.append("pooled: crude cases / population")
    pooled = has_counts & whole & (rows["status"] != "unverified")
    out = rows[
        [
            "estimate_id", "population", "region", "ethnicity", "criteria", "standardisation", "value",
            "cases", "population_at_risk", "status", "source_id",
        ]
    ].copy()  # fmt: skip
    out["pooled"] = pooled.to_numpy()
    out["reason"] = reasons
    return out.sort_values(["pooled", "region", "estimate_id"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def pooled_rows(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> pd.DataFrame:
    """The prevalence rows that enter the pooled estimate (see ``pooling_eligibility``), full columns."""
    table = pooling_eligibility(estimates, region, criteria, serostatus)
    ids = table.loc[table["pooled"], "estimate_id"]
    return estimates.set_index("estimate_id").loc[list(ids)].reset_index()


# ----------------------------------------------------------------------------------------------------
# Transforms and the random-effects model
# ----------------------------------------------------------------------------------------------------


def logit_proportions(cases: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Logit of ``cases / n`` and its variance ``1/cases + 1/(n - cases)``.

    Studies with 0 or n cases get 0.5 added to cases and to non-cases (stated, not silent: the
    returned values are what was pooled).
    """
    x = np.asarray(cases, dtype=float)
    n = np.asarray(n, dtype=float)
    edge = (x == 0) | (x == n)
    x = np.where(edge, x + 0.5, x)
    n = np.where(edge, n + 1.0, n)
    return np.log(x / (n - x)), 1.0 / x + 1.0 / (n - x)


def freeman_tukey_proportions(cases: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Freeman–Tukey double arcsine of ``cases / n`` (half-sum scale, as metafor's "PFT") and variance.

    t = (asin(sqrt(x/(n+1))) + asin(sqrt((x+1)/(n+1)))) / 2, var = 1 / (4n + 2).
    """
    x = np.asarray(cases, dtype=float)
    n = np.asarray(n, dtype=float)
    t = 0.5 * (np.arcsin(np.sqrt(x / (n + 1))) + np.arcsin(np.sqrt((x + 1) / (n + 1))))
    return t, 1.0 / (4 * n + 2)


def inverse_freeman_tukey(t: float, n: float) -> float:
    """Proportion from a Freeman–Tukey value ``t`` (half-sum scale) for sample size ``n`` (Miller 1978).

    p = (1 - sign(cos 2t) sqrt(1 - (sin 2t + (sin 2t - 1/sin 2t)/n)^2)) / 2, clipped to [0, 1] at the
    transform of 0 and of n cases; written as a / (2 (1 + sqrt(1 - a))) when cos 2t > 0 to keep its
    digits for prevalences near zero.
    """
    low = freeman_tukey_proportions(np.array([0.0]), np.array([n]))[0][0]
    high = freeman_tukey_proportions(np.array([n]), np.array([n]))[0][0]
    if t <= low:
        return 0.0
    if t >= high:
        return 1.0
    s = np.sin(2 * t)
    a = (s + (s - 1 / s) / n) ** 2
    a = min(a, 1.0)
    if np.cos(2 * t) > 0:
        return float(a / (2 * (1 + np.sqrt(1 - a))))
    return float(0.5 * (1 + np.sqrt(1 - a)))


def _combined(y: np.ndarray, v: np.ndarray, method_re: str) -> CombineResults:
    """statsmodels' ``combine_effects`` without its division warning when Q = 0 (I² is then 0 here)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return combine_effects(y, v, method_re=method_re)


def reml_tau2(effects: np.ndarray, variances: np.ndarray, tol: float = 1e-12, max_iter: int = 200) -> float:
    """Between-study variance tau² by restricted maximum likelihood, Fisher scoring (Viechtbauer 2005).

    Update: tau² += (y'PPy - tr P) / tr(PP), with P = W - W11'W / sum(W), W = diag(1/(v + tau²)),
    started at the DerSimonian–Laird value and kept at or above 0.
    """
    y = np.asarray(effects, dtype=float)
    v = np.asarray(variances, dtype=float)
    tau2 = _combined(y, v, "dl").tau2
    for _ in range(max_iter):
        w = 1.0 / (v + tau2)
        p = np.diag(w) - np.outer(w, w) / w.sum()
        py = p @ y
        step = (py @ py - np.trace(p)) / np.trace(p @ p)
        new = max(0.0, tau2 + step)
        if abs(new - tau2) < tol:
            return new
        tau2 = new
    raise RuntimeError(f"REML did not converge in {max_iter} iterations (tau² = {tau2})")


@dataclass(frozen=True)
class RandomEffects:
    """A random-effects fit on the transformed scale."""

    mu: float
    se: float
    tau2: float
    q: float
    df: int
    q_pvalue: float
    i2: float  # 0-1, Q-based (Higgins & Thompson 2002)
    k: int
    weights: tuple[float, ...]  # relative random-effects weights, summing to 1


def random_effects(effects: np.ndarray, variances: np.ndarray, method: Method = "DL") -> RandomEffects:
    """Random-effects pooled mean of ``effects`` with within-study ``variances``.

    "DL" and "PM" (Paule–Mandel, statsmodels "iterated") come from statsmodels' ``combine_effects``;
    "REML" uses ``reml_tau2`` and the same inverse-variance formulas. Raises ``ValueError`` for k < 2.
    """
    y = np.asarray(effects, dtype=float)
    v = np.asarray(variances, dtype=float)
    if len(y) < 2:
        raise ValueError(f"a random-effects model needs at least 2 studies; got {len(y)}")
    if method not in METHOD_NAMES:
        raise ValueError(f"method {method!r} not known; one of: {', '.join(METHOD_NAMES)}")
    fit = _combined(y, v, {"DL": "dl", "PM": "iterated", "REML": "dl"}[method])
    df = len(y) - 1
    q = float(fit.q)
    if method == "REML":
        tau2 = reml_tau2(y, v)
        w = 1.0 / (v + tau2)
        mu, se = float((w * y).sum() / w.sum()), float(np.sqrt(1.0 / w.sum()))
    else:
        tau2, mu, se = float(fit.tau2), float(fit.mean_effect_re), float(fit.sd_eff_w_re)
        w = 1.0 / (v + tau2)
    return RandomEffects(
        mu=mu,
        se=se,
        tau2=tau2,
        q=q,
        df=df,
        q_pvalue=float(stats.chi2.sf(q, df)),
        i2=max(0.0, (q - df) / q) if q > 0 else 0.0,
        k=len(y),
        weights=tuple(float(x) for x in w / w.sum()),
    )


def prediction_interval(mu: float, se: float, tau2: float, k: int) -> tuple[float, float]:
    """95% prediction interval mu ± t(0.975, k-2) sqrt(tau² + se²) on the transformed scale (k >= 3)."""
    if k < 3:
        raise ValueError("a prediction interval needs at least 3 studies")
    half = stats.t.ppf(0.975, k - 2) * np.sqrt(tau2 + se**2)
    return mu - half, mu + half


# ----------------------------------------------------------------------------------------------------
# Pooled prevalence
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PooledPrevalence:
    """A pooled prevalence per 100,000 for one subgroup, or the reason there is none (``message``)."""

    subgroup: str
    k: int
    method: str
    transform: str
    estimate_ids: tuple[str, ...]
    source_ids: tuple[str, ...]
    estimate: float | None = None  # per 100,000
    ci_lower: float | None = None
    ci_upper: float | None = None
    pi_lower: float | None = None
    pi_upper: float | None = None
    tau2: float | None = None  # on the transformed scale
    i2: float | None = None  # percent
    q: float | None = None
    q_pvalue: float | None = None
    weights: tuple[float, ...] = field(default_factory=tuple)
    message: str | None = None
    mix: str = ""  # what the pooled rows mix: diagnostic criteria and designs, with counts

    @property
    def pooled(self) -> bool:
        """True when there is a number, False when the subgroup was refused."""
        return self.message is None


def _back_transform(transform: Transform, n: np.ndarray) -> Callable[[float], float]:
    if transform == "logit":
        return lambda t: PER / (1 + np.exp(-t))
    harmonic = len(n) / np.sum(1.0 / n)
    return lambda t: PER * inverse_freeman_tukey(t, harmonic)


def pooled_prevalence(
    rows: pd.DataFrame, subgroup: str, method: Method = "DL", transform: Transform = "logit"
) -> PooledPrevalence:
    """Random-effects pooled prevalence per 100,000 of ``rows`` (each with cases and population_at_risk).

    Returns the estimate with its 95% CI and 95% prediction interval (back-transformed), tau², I² (%),
    Q and its p-value, or, for fewer than ``MIN_STUDIES`` rows, no number and a ``message`` saying why.
    """
    rows = rows[_has_counts(rows)] if len(rows) else rows
    ids = tuple(rows["estimate_id"]) if len(rows) else ()
    sources = tuple(sorted(set(rows["source_id"]))) if len(rows) else ()
    base = {"subgroup": subgroup, "k": len(ids), "method": method, "transform": transform}
    if len(ids) < MIN_STUDIES:
        listed = f" ({', '.join(ids)})" if ids else ""
        message = (
            f"Too few studies to pool ({subgroup}): k = {len(ids)}{listed} with cases and population; "
            f"a random-effects estimate needs at least {MIN_STUDIES}."
        )
        return PooledPrevalence(**base, estimate_ids=ids, source_ids=sources, message=message)
    x = rows["cases"].to_numpy(dtype=float)
    n = rows["population_at_risk"].to_numpy(dtype=float)
    y, v = logit_proportions(x, n) if transform == "logit" else freeman_tukey_proportions(x, n)
    mix = "; ".join(
        f"{column} "
        + ", ".join(f"{value} {count}" for value, count in sorted(rows[column].value_counts().items()))
        for column in ("criteria", "design")
        if column in rows
    )
    fit = random_effects(y, v, method)
    back = _back_transform(transform, n)
    z = stats.norm.ppf(0.975)
    low, high = prediction_interval(fit.mu, fit.se, fit.tau2, fit.k)
    return PooledPrevalence(
        **base,
        estimate_ids=ids,
        source_ids=sources,
        estimate=float(back(fit.mu)),
        ci_lower=float(back(fit.mu - z * fit.se)),
        ci_upper=float(back(fit.mu + z * fit.se)),
        pi_lower=float(back(low)),
        pi_upper=float(back(high)),
        tau2=fit.tau2,
        i2=100 * fit.i2,
        q=fit.q,
        q_pvalue=fit.q_pvalue,
        weights=fit.weights,
        mix=mix,
    )


def selected_pooled_prevalence(
    estimates: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
    method: Method = "DL",
    transform: Transform = "logit",
) -> PooledPrevalence:
    """The pooled prevalence of the subgroup the report's parameters choose."""
    rows = pooled_rows(estimates, region, criteria, serostatus)
    return pooled_prevalence(rows, subgroup_label(region, criteria, serostatus), method, transform)


def subgroup_label(region: str, criteria: str = "any", serostatus: str = "all") -> str:
    """'All regions', 'Europe, W2006 criteria, AQP4-IgG positive' and so on."""
    parts = ["all regions" if region == "All" else region]
    if criteria != "any":
        parts.append(f"{criteria} criteria")
    if serostatus != "all":
        parts.append(SEROSTATUS_LABELS[serostatus])
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def _number(value: float | None, digits: int = 3) -> str:
    """A value with at most ``digits`` significant digits, plain notation, no trailing zeros."""
    if value is None or pd.isna(value):
        return ""
    if value == 0:
        return "0"
    magnitude = int(np.floor(np.log10(abs(value))))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _p_value(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def pooled_summary_table(results: list[PooledPrevalence]) -> pd.DataFrame:
    """One line per pooled result: subgroup, k, pooled per 100,000, 95% CI, 95% PI, tau², I², Q, or
    the refusal message in ``note``. Numbers are rounded for display (3 significant digits)."""
    lines = []
    for r in results:
        if r.pooled:
            lines.append(
                {
                    "subgroup": r.subgroup,
                    "k": r.k,
                    "pooled per 100,000": _number(r.estimate),
                    "95% CI": f"{_number(r.ci_lower)}–{_number(r.ci_upper)}",
                    "95% prediction interval": f"{_number(r.pi_lower)}–{_number(r.pi_upper)}",
                    "tau²": _number(r.tau2),
                    "I² (%)": f"{r.i2:.1f}",
                    "Q (df, p)": f"{r.q:.1f} ({r.k - 1}, {_p_value(r.q_pvalue)})",
                    "studies": ", ".join(r.estimate_ids),
                    "note": "",
                }
            )
        else:
            lines.append(
                {
                    "subgroup": r.subgroup,
                    "k": r.k,
                    "pooled per 100,000": "",
                    "95% CI": "",
                    "95% prediction interval": "",
                    "tau²": "",
                    "I² (%)": "",
                    "Q (df, p)": "",
                    "studies": ", ".join(r.estimate_ids),
                    "note": f"too few studies to pool (at least {MIN_STUDIES} needed)",
                }
            )
    return pd.DataFrame(lines)


def pooled_prevalence_by(
    estimates: pd.DataFrame,
    by: Literal["region", "ethnicity", "criteria"],
    criteria: str = "any",
    serostatus: str = "all",
    method: Method = "DL",
    transform: Transform = "logit",
) -> pd.DataFrame:
    """Pooled prevalence per subgroup of ``by`` (see ``pooled_summary_table``), one line per value.

    Region and criteria subgroups pool whole-population rows; the ethnicity subgroups pool every row
    with counts that is not a sex or age group, by its ethnicity. Values of ``by`` present among the
    prevalence rows in scope but without counts appear with k = 0 and the refusal message. The
    ``criteria`` filter is not applied when grouping by criteria.
    """
    scope_criteria = "any" if by == "criteria" else criteria
    in_scope = estimates_in_scope(estimates, "prevalence", "All", scope_criteria, serostatus)
    if by == "ethnicity":
        candidates = in_scope[
            _has_counts(in_scope)
            & ~in_scope["population"].str.contains(PART_OF_POPULATION)
            & (in_scope["status"] != "unverified")
        ]
    else:
        candidates = pooled_rows(estimates, "All", scope_criteria, serostatus)
    results = [
        pooled_prevalence(candidates[candidates[by] == value], f"{by}: {value}", method, transform)
        for value in sorted(set(in_scope[by]))
    ]
    return pooled_summary_table(results)


def pooled_markdown(result: PooledPrevalence) -> str:
    """One paragraph stating the pooled result (or the refusal) with method and transform."""
    method = f"{METHOD_NAMES[result.method]} random effects, {TRANSFORM_NAMES[result.transform]} scale"
    if not result.pooled:
        return f"**{result.subgroup}: no pooled estimate.** {result.message} ({method}.)"
    return (
        f"**{result.subgroup}: {_number(result.estimate)} per 100,000** "
        f"(95% CI {_number(result.ci_lower)}–{_number(result.ci_upper)}; "
        f"95% prediction interval {_number(result.pi_lower)}–{_number(result.pi_upper)}), "
        f"k = {result.k} studies ({', '.join(result.estimate_ids)}); "
        f"heterogeneity tau² = {_number(result.tau2)}, I² = {result.i2:.1f}%, "
        f"Q = {result.q:.1f} on {result.k - 1} df. {method[0].upper() + method[1:]}. "
        + (f"The pooled rows mix {result.mix}. " if result.mix else "")
        + "The prediction interval is where the prevalence of a new population like those studied is "
        "expected to fall"
        + ("; with heterogeneity this large it is wide and says more than the CI." if result.i2 > 50 else ".")
    )


def method_comparison(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> pd.DataFrame:
    """The selected subgroup pooled by every method and transform (sensitivity of the estimate)."""
    rows = pooled_rows(estimates, region, criteria, serostatus)
    label = subgroup_label(region, criteria, serostatus)
    results = [
        pooled_prevalence(rows, label, method, transform)
        for transform in ("logit", "freeman-tukey")
        for method in ("DL", "REML", "PM")
    ]
    if not results[0].pooled:  # refused whatever the method: one line says so
        results = results[:1]
    table = pooled_summary_table(results)
    table.insert(1, "method", [METHOD_NAMES[r.method] for r in results])
    table.insert(2, "transform", [r.transform for r in results])
    return table.drop(columns=["subgroup"])


# ----------------------------------------------------------------------------------------------------
# Expected cases
# ----------------------------------------------------------------------------------------------------


def expected_cases(population: int, per_100k: float) -> float:
    """Expected number of people with NMOSD: ``population * per_100k / 100,000``."""
    return population * per_100k / PER


def _people(value: float) -> str:
    return f"{round(value):,}"


def published_prevalence(pooled: pd.DataFrame, region: str) -> pd.DataFrame:
    """The published prevalence figures that speak for ``region`` (``PUBLISHED_PREVALENCE_BY_REGION``)."""
    ids = PUBLISHED_PREVALENCE_BY_REGION.get(region, [])
    rows = pooled.set_index("pooled_id")
    return rows.loc[[i for i in ids if i in rows.index]].reset_index()


def study_range(estimates: pd.DataFrame, region: str, criteria: str, serostatus: str) -> pd.DataFrame:
    """Whole-population prevalence rows in scope that are not unverified (for the range of studies)."""
    rows = estimates_in_scope(estimates, "prevalence", region, criteria, serostatus)
    return rows[whole_population(rows) & (rows["status"] != "unverified")].reset_index(drop=True)


def expected_cases_table(
    population: int,
    result: PooledPrevalence,
    pooled: pd.DataFrame,
    estimates: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
) -> pd.DataFrame:
    """Expected number of people with NMOSD in ``population`` people, one line per basis.

    Bases: this report's pooled estimate (with its CI and prediction interval) when there is one; the
    published pooled, summary or range figures for the region; the lowest-to-highest whole-population
    study estimate in scope (computed here). Counts are rounded to whole people.
    """
    lines = []
    if result.pooled:
        lines.append(
            {
                "basis": f"pooled estimate of this report ({result.subgroup}, k = {result.k})",
                "per 100,000": f"{_number(result.estimate)} (95% CI {_number(result.ci_lower)}–"
                f"{_number(result.ci_upper)}; PI {_number(result.pi_lower)}–{_number(result.pi_upper)})",
                "expected people": f"{_people(expected_cases(population, result.estimate))} "
                f"(95% CI {_people(expected_cases(population, result.ci_lower))}–"
                f"{_people(expected_cases(population, result.ci_upper))}; PI "
                f"{_people(expected_cases(population, result.pi_lower))}–"
                f"{_people(expected_cases(population, result.pi_upper))})",
                "source_id": ", ".join(result.source_ids),
                "status": "computed",
            }
        )
    else:
        lines.append(
            {
                "basis": f"pooled estimate of this report ({result.subgroup})",
                "per 100,000": "",
                "expected people": f"not computed: k = {result.k}, too few studies to pool",
                "source_id": ", ".join(result.source_ids),
                "status": "",
            }
        )
    for _, row in published_prevalence(pooled, region).iterrows():
        if pd.notna(row["value"]):
            figure = _number(row["value"])
            people = _people(expected_cases(population, row["value"]))
            if pd.notna(row["ci_lower"]):
                figure += f" (95% CI {_number(row['ci_lower'])}–{_number(row['ci_upper'])})"
                people += (
                    f" (95% CI {_people(expected_cases(population, row['ci_lower']))}–"
                    f"{_people(expected_cases(population, row['ci_upper']))})"
                )
        elif pd.notna(row["range_low"]):
            figure = f"{_number(row['range_low'])}–{_number(row['range_high'])} (range)"
            people = (
                f"{_people(expected_cases(population, row['range_low']))}–"
                f"{_people(expected_cases(population, row['range_high']))}"
            )
        else:
            figure = f"below {_number(row['range_high'])} (upper bound)"
            people = f"fewer than {_people(expected_cases(population, row['range_high']))}"
        lines.append(
            {
                "basis": f"{row['kind']}: {row['subgroup']} ({row['pooled_id']})",
                "per 100,000": figure,
                "expected people": people,
                "source_id": row["source_id"],
                "status": row["status"],
            }
        )
    studies = study_range(estimates, region, criteria, serostatus)
    if len(studies):
        low, high = studies.loc[studies["value"].idxmin()], studies.loc[studies["value"].idxmax()]
        lines.append(
            {
                "basis": f"lowest to highest whole-population study estimate in scope "
                f"({low['estimate_id']} to {high['estimate_id']}, {len(studies)} estimates)",
                "per 100,000": f"{_number(low['value'])}–{_number(high['value'])} (range)",
                "expected people": f"{_people(expected_cases(population, low['value']))}–"
                f"{_people(expected_cases(population, high['value']))}",
                "source_id": ", ".join(sorted({low["source_id"], high["source_id"]})),
                "status": "computed",
            }
        )
    return pd.DataFrame(lines)


def expected_cases_markdown(population: int, result: PooledPrevalence) -> str:
    """One sentence: the expected number of people with NMOSD among ``population`` people."""
    people = f"{population:,}"
    if not result.pooled:
        return (
            f"**Among {people} people ({result.subgroup}) this report cannot give a pooled expectation**: "
            f"{result.message} The table uses the published figures for the region and the range of the "
            "study estimates instead."
        )
    central = _people(expected_cases(population, result.estimate))
    return (
        f"**Among {people} people ({result.subgroup}) about {central} would have NMOSD** if the pooled "
        f"prevalence applied (95% CI {_people(expected_cases(population, result.ci_lower))}–"
        f"{_people(expected_cases(population, result.ci_upper))}; a new population like those studied could "
        f"have {_people(expected_cases(population, result.pi_lower))}–"
        f"{_people(expected_cases(population, result.pi_upper))}, the 95% prediction interval)."
    )


# ----------------------------------------------------------------------------------------------------
# Tables for display
# ----------------------------------------------------------------------------------------------------


def _period(row: pd.Series) -> str:
    start, end = row.get("period_start"), row.get("period_end")
    if pd.isna(start) and pd.isna(end):
        return "period not given"
    if pd.isna(start) or start == end:
        return str(int(end))
    if pd.isna(end):
        return f"from {int(start)}"
    return f"{int(start)}–{int(end)}"


def _short(text: str, limit: int = 58) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;(") + "…"


def eligibility_display(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> pd.DataFrame:
    """``pooling_eligibility`` for display, one line per prevalence row in scope: the population (with
    [adj.] and the ethnic group as in the charts), region, criteria, value per 100,000 as in the data,
    cases, population at risk, the crude proportion per 100,000 from the counts, status, source and
    whether it is pooled (with the reason when not)."""
    table = pooling_eligibility(estimates, region, criteria, serostatus)
    rows = estimates.set_index("estimate_id").loc[list(table["estimate_id"])].reset_index()
    counted = table["cases"].notna() & table["population_at_risk"].notna()
    crude = (table["cases"].astype("Float64") / table["population_at_risk"].astype("Float64") * PER).round(3)
    return pd.DataFrame(
        {
            "row": [_estimate_label(row) for _, row in rows.iterrows()],
            "region": table["region"],
            "criteria": table["criteria"],
            "value per 100,000": table["value"],
            "cases": table["cases"],
            "population at risk": table["population_at_risk"],
            "cases / population per 100,000": crude.where(counted),
            "status": table["status"],
            "source": table["source_id"],
            "pooled": [
                "yes" if pooled else f"no: {reason}"
                for pooled, reason in zip(table["pooled"], table["reason"], strict=True)
            ],
        }
    )


def published_prevalence_table(pooled: pd.DataFrame) -> pd.DataFrame:
    """Published pooled, summary and range prevalence figures (reviews, regulators, reference pages)."""
    rows = pooled[pooled["measure"] == "prevalence"]
    return rows[
        ["pooled_id", "subgroup", "kind", "criteria", "value_as_printed", "i2_percent", "source_id", "status"]
    ].reset_index(drop=True)


# ----------------------------------------------------------------------------------------------------
# Figures
# ----------------------------------------------------------------------------------------------------


def styled_table(table: pd.DataFrame, uuid: str) -> Styler:
    """``table`` as a compact Styler with a fixed id (deterministic HTML): no index, text not cut,
    numbers without trailing zeros, whole numbers with thousands separators, missing values blank."""
    formats = {}
    for column in table.columns:
        dtype = table[column].dtype
        if pd.api.types.is_integer_dtype(dtype):
            formats[column] = lambda x: "" if pd.isna(x) else f"{int(x):,}"
        elif pd.api.types.is_float_dtype(dtype):
            formats[column] = lambda x: "" if pd.isna(x) else f"{float(x):g}"
    styler = table.style.set_uuid(uuid).hide(axis="index").format(formats, na_rep="")
    return styler.set_table_styles(
        [
            {"selector": "", "props": "font-size: 0.85em; border-collapse: collapse;"},
            {"selector": "td, th", "props": "text-align: left; vertical-align: top; padding: 3px 6px;"},
            {"selector": "td", "props": "max-width: 26em;"},
            {"selector": "tbody tr", "props": "border-bottom: 1px solid #e5e5e5;"},
        ]
    )


def _hover(row: pd.Series, value_text: str) -> str:
    lines = [
        f"<b>{row['estimate_id']}</b> {row['population']}",
        f"{row['country']} · {row['region']} · {_period(row)}",
        f"criteria {row['criteria']} · serostatus {row['serostatus']} · {row['standardisation']} · "
        f"{row['design']}",
        value_text,
        f"printed: {row['value_as_printed']}",
        f"status: {row['status']} · source: {row['source_id']}",
    ]
    return "<br>".join(lines)


def _estimate_label(row: pd.Series) -> str:
    extra = [] if row["standardisation"] == "crude" else ["adj."]
    if row["ethnicity"] != "all":
        extra.append(row["ethnicity"])
    suffix = f" [{', '.join(extra)}]" if extra else ""
    return f"{row['estimate_id']} {_short(row['population'], 52)}{suffix}"


def estimate_rows_for_chart(rows: pd.DataFrame, unit: str) -> pd.DataFrame:
    """``rows`` (estimates) as ``interval_chart`` input: label, value, reported CI, region, status, hover."""
    rows = rows.sort_values(["region", "value"], ascending=[True, False])
    hover = []
    for _, row in rows.iterrows():
        ci = (
            f" (reported 95% CI {_number(row['ci_lower'])}–{_number(row['ci_upper'])})"
            if pd.notna(row["ci_lower"])
            else " (no CI reported)"
        )
        hover.append(_hover(row, f"{_number(row['value'])} {unit}{ci}"))
    return pd.DataFrame(
        {
            "label": [_estimate_label(row) for _, row in rows.iterrows()],
            "value": rows["value"].astype(float).to_numpy(),
            "ci_lower": rows["ci_lower"].astype(float).to_numpy(),
            "ci_upper": rows["ci_upper"].astype(float).to_numpy(),
            "group": rows["region"].to_numpy(),
            "status": rows["status"].to_numpy(),
            "hover": hover,
            "source_id": rows["source_id"].to_numpy(),
        }
    )


def prevalence_figure(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> go.Figure:
    """Every prevalence estimate in scope per 100,000 with its reported CI, by region, log x, with the
    claim's 5 per 100,000 as a dotted line."""
    rows = estimates_in_scope(estimates, "prevalence", region, criteria, serostatus)
    chart = estimate_rows_for_chart(rows, "per 100,000")
    return interval_chart(
        chart,
        title=f"Prevalence estimates: {subgroup_label(region, criteria, serostatus)} ({len(chart)} rows)",
        x_title="Prevalence per 100,000 persons (log scale); dotted line: 5 per 100,000",
        footnote=source_footnote(
            chart["source_id"],
            "[adj.] age-adjusted. Whiskers: CIs as reported.",
        ),
        log_x=True,
        reference_line=PREVALENCE_CLAIM_LIMIT,
    )


def incidence_figure(
    estimates: pd.DataFrame, region: str = "All", criteria: str = "any", serostatus: str = "all"
) -> go.Figure:
    """Every incidence estimate in scope per 100,000 person-years with its reported CI, by region, log x."""
    rows = estimates_in_scope(estimates, "incidence", region, criteria, serostatus)
    chart = estimate_rows_for_chart(rows, "per 100,000 person-years")
    everything = estimates.assign(note="")  # the same scope with the superseded rows kept
    in_scope = estimates_in_scope(everything, "incidence", region, criteria, serostatus)["estimate_id"]
    left_out = in_scope[~in_scope.isin(rows["estimate_id"])]
    extra = "Whiskers: CIs as reported; [adj.] age-adjusted."
    if len(left_out):
        extra += f" Superseded rows left out: {', '.join(left_out)}."
    return interval_chart(
        chart,
        title=f"Incidence estimates: {subgroup_label(region, criteria, serostatus)} ({len(chart)} rows)",
        x_title="Incidence per 100,000 person-years (log scale)",
        footnote=source_footnote(chart["source_id"], extra),
        log_x=True,
    )


def forest_figure(
    estimates: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
    method: Method = "DL",
    transform: Transform = "logit",
) -> go.Figure:
    """Forest plot of the studies with counts (crude cases / population per 100,000, Clopper–Pearson
    95% CI) with the pooled diamond of all regions and, when it can be pooled, of the chosen region."""
    rows = pooled_rows(estimates, "All", criteria, serostatus)
    overall = pooled_prevalence(rows, subgroup_label("All", criteria, serostatus), method, transform)
    rows = rows.sort_values(["region", "estimate_id"]).reset_index(drop=True)
    x = rows["cases"].to_numpy(dtype=float)
    n = rows["population_at_risk"].to_numpy(dtype=float)
    low, high = proportion_confint(x, n, alpha=0.05, method="beta")
    weights = dict(zip(overall.estimate_ids, overall.weights, strict=False))
    hover = []
    for i, (_, row) in enumerate(rows.iterrows()):
        weight = f"; weight {100 * weights[row['estimate_id']]:.1f}%" if row["estimate_id"] in weights else ""
        text = (
            f"{int(row['cases']):,} / {int(row['population_at_risk']):,} = {_number(x[i] / n[i] * PER)} "
            f"per 100,000 (Clopper–Pearson 95% CI {_number(low[i] * PER)}–{_number(high[i] * PER)}, "
            f"computed){weight}"
        )
        hover.append(_hover(row, text))
    chart = pd.DataFrame(
        {
            "label": [f"{_estimate_label(row)} ({_period(row)})" for _, row in rows.iterrows()],
            "value": x / n * PER,
            "ci_lower": low * PER,
            "ci_upper": high * PER,
            "group": rows["region"],
            "status": rows["status"],
            "hover": hover,
        }
    )
    results = [overall]
    if region != "All":
        results.append(selected_pooled_prevalence(estimates, region, criteria, serostatus, method, transform))
    diamonds = [
        {
            "label": f"Pooled: {r.subgroup} (k = {r.k})",
            "value": r.estimate,
            "ci_lower": r.ci_lower,
            "ci_upper": r.ci_upper,
            "hover": f"<b>{r.subgroup}</b>: {_number(r.estimate)} per 100,000 (95% CI "
            f"{_number(r.ci_lower)}–{_number(r.ci_upper)}; PI {_number(r.pi_lower)}–"
            f"{_number(r.pi_upper)})<br>tau² {_number(r.tau2)} · I² {r.i2:.1f}% · k {r.k}<br>"
            f"{METHOD_NAMES[r.method]}, {r.transform}",
        }
        for r in results
        if r.pooled
    ]
    refused = [r for r in results if not r.pooled]
    heterogeneity = (
        f"I² = {overall.i2:.1f}%, tau² = {_number(overall.tau2)}, k = {overall.k}"
        if overall.pooled
        else "not pooled"
    )
    extra = (
        f"Random effects: {METHOD_NAMES[method]}, {transform} scale. Study whiskers: Clopper–Pearson 95% CI "
        "from the counts (computed); diamonds: pooled 95% CI."
    )
    if refused:
        extra += " " + " ".join(r.message for r in refused)
    return interval_chart(
        chart,
        title=f"Studies with cases and population, pooled ({heterogeneity})",
        x_title="Prevalence per 100,000 persons (log scale)",
        footnote=source_footnote(rows["source_id"], extra),
        log_x=True,
        diamonds=pd.DataFrame(diamonds) if diamonds else None,
    )


def sex_ratio_rows(sex_ratio: pd.DataFrame) -> pd.DataFrame:
    """Female-to-male ratio per row: as printed, or computed from the share of women (p / (100 - p)).

    Rows with neither (a lower bound only, a garbled print) are left out. Columns add ``ratio``,
    ``ratio_status`` (the row's status, or 'computed' for a ratio from a share) and ``ratio_basis``.
    """
    rows = sex_ratio[~superseded(sex_ratio)].copy()
    from_share = rows["female_to_male"].isna() & rows["percent_female"].notna()
    rows["ratio"] = rows["female_to_male"].astype("Float64")
    share = rows.loc[from_share, "percent_female"].astype(float)
    rows.loc[from_share, "ratio"] = share / (100 - share)
    rows["ratio_status"] = rows["status"].where(~from_share, "computed")
    rows["ratio_basis"] = np.where(from_share, "computed from the share of women", "as printed")
    return rows[rows["ratio"].notna()].reset_index(drop=True)


def sex_ratio_figure(sex_ratio: pd.DataFrame) -> go.Figure:
    """Female-to-male ratio by serostatus (log x, line at 1:1); ratios from a share of women are
    drawn as computed (triangles)."""
    rows = sex_ratio_rows(sex_ratio)
    order = {"AQP4+": 0, "all": 1, "AQP4-": 2}
    rows = rows.assign(_o=rows["serostatus"].map(order)).sort_values(["_o", "ratio"], ascending=[True, False])
    hover = []
    for _, row in rows.iterrows():
        ci = (
            f" (95% CI {_number(row['ci_lower'])}–{_number(row['ci_upper'])})"
            if pd.notna(row["ci_lower"])
            else ""
        )
        share = f"; {row['percent_female']}% women" if pd.notna(row["percent_female"]) else ""
        n = f"; n = {int(row['n']):,}" if pd.notna(row["n"]) else ""
        hover.append(
            "<br>".join(
                [
                    f"<b>{row['sex_ratio_id']}</b> {row['population']}",
                    f"{row['region']} · serostatus {row['serostatus']} · age group {row['age_group']}",
                    f"{_number(row['ratio'])} women per man{ci} ({row['ratio_basis']}){share}{n}",
                    f"printed: {row['value_as_printed']}",
                    f"status: {row['ratio_status']} · source: {row['source_id']}",
                ]
            )
        )
    age = rows["age_group"].map(lambda a: "" if a == "all" else f" [{a}]")
    chart = pd.DataFrame(
        {
            "label": [
                f"{i} {_short(p, 50)}{a}"
                for i, p, a in zip(rows["sex_ratio_id"], rows["population"], age, strict=True)
            ],
            "value": rows["ratio"].astype(float).to_numpy(),
            "ci_lower": rows["ci_lower"].astype(float).to_numpy(),
            "ci_upper": rows["ci_upper"].astype(float).to_numpy(),
            "group": rows["serostatus"].map(SEROSTATUS_LABELS).to_numpy(),
            "status": rows["ratio_status"].to_numpy(),
            "hover": hover,
        }
    )
    left_out = sex_ratio[~sex_ratio["sex_ratio_id"].isin(rows["sex_ratio_id"])]["sex_ratio_id"]
    extra = "Triangles: ratio computed from the share of women. Dotted line: 1 woman per man."
    if len(left_out):
        extra += f" Left out (no ratio or share printed): {', '.join(left_out)}."
    return interval_chart(
        chart,
        title="Female-to-male ratio by serostatus",
        x_title="Women per man (log scale)",
        footnote=source_footnote(rows["source_id"], extra),
        log_x=True,
        reference_line=1.0,
    )


def onset_rows(age_at_onset: pd.DataFrame) -> pd.DataFrame:
    """Age rows with a kind: 'study' (mean or median age at onset), 'not onset' (age at diagnosis or
    testing, by the note), 'paediatric cohort', 'band or range' (peak band, range of study means),
    'claim' (the notes' often-quoted statements) and 'share'."""
    rows = age_at_onset[~superseded(age_at_onset)].copy()
    kinds = []
    for _, row in rows.iterrows():
        if str(row["onset_id"]).startswith(CLAIM_ROW_PREFIXES):
            kinds.append("claim")
        elif row["statistic"].startswith("share"):
            kinds.append("share")
        elif row["statistic"] in ("range", "peak_band"):
            kinds.append("band or range")
        elif PAEDIATRIC.search(row["population"]):
            kinds.append("paediatric cohort")
        elif NOT_ONSET.search(str(row["note"]) if pd.notna(row["note"]) else ""):
            kinds.append("not onset")
        else:
            kinds.append("study")
    rows["kind"] = kinds
    return rows.reset_index(drop=True)


def age_at_onset_figure(age_at_onset: pd.DataFrame) -> go.Figure:
    """Mean or median age at onset (points; thin lines: observed min–max), peak bands and ranges (thick
    bars), and the claim pages' bands, against the claim's 30–40 band (shaded)."""
    rows = onset_rows(age_at_onset)
    rows = rows[rows["kind"] != "share"]
    kind_order = {"study": 0, "not onset": 1, "paediatric cohort": 2, "band or range": 3, "claim": 4}
    rows = rows.assign(
        _o=rows["kind"].map(kind_order), _v=rows["value"].fillna(rows["value_low"]).astype(float)
    ).sort_values(["_o", "_v"])
    labels = [f"{i} {_short(p, 50)}" for i, p in zip(rows["onset_id"], rows["population"], strict=True)]
    position = {label: len(labels) - 1 - i for i, label in enumerate(labels)}
    fig = go.Figure()
    low_band, high_band = ONSET_CLAIM_BAND
    fig.add_vrect(x0=low_band, x1=high_band, fillcolor="#E69F00", opacity=0.15, line_width=0, layer="below")
    names = {
        "study": "mean or median age at onset",
        "not onset": "age at diagnosis or testing (not onset)",
        "paediatric cohort": "paediatric cohort",
        "band or range": "peak band or range of study means",
        "claim": "often-quoted statement (claim pages)",
    }
    for number, (kind, part) in enumerate(rows.groupby("kind", sort=False)):
        colour = PALETTE[number % len(PALETTE)]
        part_labels = [labels[i] for i in range(len(labels)) if rows["kind"].iloc[i] == kind]
        hover = []
        for _, row in part.iterrows():
            spread = (
                f"; observed range {_number(row['value_low'])}–{_number(row['value_high'])}"
                if pd.notna(row["value"]) and pd.notna(row["value_low"])
                else ""
            )
            sd = f"; SD {_number(row['sd'])}" if pd.notna(row["sd"]) else ""
            n = f"; n = {int(row['n']):,}" if pd.notna(row["n"]) else ""
            hover.append(
                "<br>".join(
                    [
                        f"<b>{row['onset_id']}</b> {row['population']}",
                        f"{row['region']} · serostatus {row['serostatus']} · {row['statistic']}"
                        f"{sd}{spread}{n}",
                        f"printed: {row['value_as_printed']}",
                        f"status: {row['status']} · source: {row['source_id']}",
                    ]
                )
            )
        bars_x, bars_y, bars_hover = [], [], []
        points = part["value"].notna().to_numpy()
        for (_, row), label, text in zip(part.iterrows(), part_labels, hover, strict=True):
            if pd.notna(row["value_low"]):
                y = position[label]
                bars_x += [float(row["value_low"]), float(row["value_high"]), None]
                bars_y += [y, y, None]
                bars_hover += [text, text, None]
        if bars_x:
            width = 2 if points.all() else 9
            fig.add_trace(
                go.Scatter(
                    x=rounded(bars_x),
                    y=bars_y,
                    mode="lines",
                    line={"color": colour, "width": width},
                    name=names[kind] if not points.any() else f"{names[kind]}: observed range",
                    hovertext=bars_hover,
                    hoverinfo="text",
                    showlegend=not points.any(),
                )
            )
        single = (part["value"].isna() & (part["value_low"] == part["value_high"])).fillna(False).to_numpy()
        if single.any():  # a band of one age ("around 40"): a tick, since a bar of no length is invisible
            fig.add_trace(
                go.Scatter(
                    x=rounded(part["value_low"][single]),
                    y=[position[label] for label, one in zip(part_labels, single, strict=True) if one],
                    mode="markers",
                    marker={"symbol": "line-ns-open", "size": 16, "line": {"width": 4, "color": colour}},
                    name=f"{names[kind]} (one age)",
                    hovertext=[t for t, one in zip(hover, single, strict=True) if one],
                    hoverinfo="text",
                    showlegend=False,
                )
            )
        if points.any():  # points only (the observed range is the thin line above, not an interval)
            dots = pd.DataFrame(
                {
                    "value": part["value"][points],
                    "ci_lower": None,
                    "ci_upper": None,
                    "status": part["status"][points],
                    "hover": [t for t, p in zip(hover, points, strict=True) if p],
                }
            )
            y = [position[label] for label, p in zip(part_labels, points, strict=True) if p]
            fig.add_traces(interval_traces(dots, y, names[kind], colour))
    fig.update_yaxes(
        tickvals=list(position.values()), ticktext=list(position), range=[-0.7, len(position) - 0.3]
    )
    fig.update_xaxes(range=[0, 90])
    return house_style(
        fig,
        title=f"Age at onset against the claim's {low_band:.0f}–{high_band:.0f} band (shaded)",
        x_title="Age, years",
        y_title="",
        footnote=source_footnote(
            rows["source_id"],
            "Points: mean or median (shape = status); thin lines: observed min–max; thick bars: peak band "
            "or range of study means. Shares of paediatric and late onset are in the table below.<br>"
            + status_key(rows.loc[rows["value"].notna(), "status"]),
        ),
        height=max(200, 40 + 24 * len(position)),
    )


# ----------------------------------------------------------------------------------------------------
# Summaries
# ----------------------------------------------------------------------------------------------------


def sex_ratio_summary(sex_ratio: pd.DataFrame) -> pd.DataFrame:
    """Female-to-male ratios by serostatus and region: rows, median, lowest and highest (women per man)."""
    rows = sex_ratio_rows(sex_ratio)
    grouped = rows.groupby(["serostatus", "region"])
    table = grouped["ratio"].agg(rows="count", median="median", lowest="min", highest="max").reset_index()
    table["row ids"] = grouped["sex_ratio_id"].agg(", ".join).to_numpy()
    for column in ("median", "lowest", "highest"):
        table[column] = table[column].astype(float).round(2)
    table["serostatus"] = table["serostatus"].map(SEROSTATUS_LABELS)
    return table


def age_at_onset_summary(age_at_onset: pd.DataFrame) -> pd.DataFrame:
    """Mean or median ages at onset ('study' rows of ``onset_rows``) by region and serostatus: rows,
    median of the study values, lowest and highest (years)."""
    rows = onset_rows(age_at_onset)
    rows = rows[rows["kind"] == "study"]
    grouped = rows.groupby(["region", "serostatus"])
    table = grouped["value"].agg(rows="count", median="median", lowest="min", highest="max").reset_index()
    table["row ids"] = grouped["onset_id"].agg(", ".join).to_numpy()
    for column in ("median", "lowest", "highest"):
        table[column] = table[column].astype(float).round(1)
    return table


def onset_shares_table(age_at_onset: pd.DataFrame) -> pd.DataFrame:
    """Shares of paediatric and late onset (percent of patients) with their populations."""
    rows = age_at_onset[age_at_onset["statistic"].str.startswith("share")]
    return pd.DataFrame(
        {
            "onset_id": rows["onset_id"],
            "population": rows["population"],
            "share": rows["statistic"].str.replace("share_", "", regex=False).str.replace("_", " "),
            "percent": (rows["value"].astype(float) * 100).round(1),
            "n": rows["n"],
            "printed": rows["value_as_printed"],
            "source_id": rows["source_id"],
            "status": rows["status"],
        }
    ).reset_index(drop=True)


# ----------------------------------------------------------------------------------------------------
# The two statements of the seed document
# ----------------------------------------------------------------------------------------------------


def _group_of(row: pd.Series) -> str:
    """The group a prevalence estimate at or above the claim's limit belongs to (for the narrative)."""
    ethnicity, region = row["ethnicity"], row["region"]
    if ethnicity == "Black":
        return "Black populations"
    if ethnicity == "East Asian" or "asian" in row["population"].lower() or region == "East Asia":
        return "East Asian or Asian populations"
    if ethnicity == "all" and region == "Caribbean":
        return "Afro-Caribbean whole populations"
    if region == "North America":
        return "US health-system, EHR and claims estimates"
    if ethnicity != "all":
        return f"{ethnicity} populations"
    return f"whole populations in {region}"


def fewer_than_five_markdown(estimates: pd.DataFrame, pooled: pd.DataFrame, overall: PooledPrevalence) -> str:
    """Markdown checking 'fewer than five in 100,000 people worldwide' against the prevalence rows.

    Counts whole-population estimates below and at or above the limit, lists every prevalence estimate
    at or above it by group, and sets the pooled estimates (this report's and the published ones) and
    the published upper bounds beside it.
    """
    limit = PREVALENCE_CLAIM_LIMIT
    rows = estimates[(estimates["measure"] == "prevalence") & ~superseded(estimates)]
    rows = rows[rows["status"] != "unverified"]
    whole = rows[whole_population(rows) & (rows["serostatus"] == "all")]
    below = whole[whole["value"] < limit]
    above = rows[rows["value"] >= limit].sort_values("value", ascending=False)
    lines = [
        f"The source document ({SEED}) says NMOSD *{PREVALENCE_CLAIM}*. Against the evidence rows:",
        "",
        f"- **Holds for most whole-population estimates**: {len(below)} of {len(whole)} whole-population "
        f"prevalence estimates (all NMOSD, not unverified) are below {limit:g} per 100,000 "
        f"(lowest {_number(whole['value'].min())}, {whole.loc[whole['value'].idxmin(), 'estimate_id']}).",
    ]
    if overall.pooled:
        lines.append(
            f"- **Holds for the pooled estimate** of this report: {_number(overall.estimate)} per 100,000 "
            f"(95% CI {_number(overall.ci_lower)}–{_number(overall.ci_upper)}, k = {overall.k}), but its "
            f"95% prediction interval ({_number(overall.pi_lower)}–{_number(overall.pi_upper)}) reaches "
            f"well above {limit:g}: populations differ more than one worldwide figure can say."
        )
    published = pooled[(pooled["measure"] == "prevalence") & (pooled["kind"] == "pooled")]
    for _, row in published.iterrows():
        lines.append(
            f"- Published pooled estimate {row['pooled_id']} ({row['subgroup']}, {row['source_id']}): "
            f"{_number(row['value'])} per 100,000 (95% CI {_number(row['ci_lower'])}–"
            f"{_number(row['ci_upper'])}), below {limit:g}."
        )
    bounds = pooled[(pooled["measure"] == "prevalence") & (pooled["range_high"] == limit)]
    if len(bounds):
        lines.append(
            "- The closest published wording is an upper bound of "
            f"{limit:g} per 100,000: "
            + "; ".join(
                f"{r['pooled_id']} ({r['source_id']}, “{r['value_as_printed']}”)"
                for _, r in bounds.iterrows()
            )
            + "."
        )
    lines.append(
        f"- **Does not hold everywhere**: {len(above)} prevalence estimates are at or above {limit:g} "
        "per 100,000:"
    )
    for group, part in above.groupby(above.apply(_group_of, axis=1), sort=True):
        items = ", ".join(
            f"{r['estimate_id']} {_short(r['population'], 45)} {_number(r['value'])}"
            + ("" if r["standardisation"] == "crude" else " adj.")
            + ("" if r["criteria"] != "ICD" else " ICD-based")
            for _, r in part.iterrows()
        )
        lines.append(f"    - {group}: {items}")
    groups = sorted(set(above.apply(_group_of, axis=1))) if len(above) else []
    lines += [
        "",
        f"**Verdict:** “fewer than {limit:g} in 100,000” describes {len(below)} of {len(whole)} "
        "whole-population estimates and the pooled averages, but not: "
        + ("; ".join(groups) if groups else "no population in the data")
        + ". A safer wording gives the usual range and names the populations with higher figures.",
    ]
    return "\n".join(lines)


def women_30_40_markdown(sex_ratio: pd.DataFrame, age_at_onset: pd.DataFrame) -> str:
    """Markdown checking 'most common in women between the ages of 30 and 40' against the sex-ratio and
    age-at-onset rows."""
    ratios = sex_ratio_rows(sex_ratio)
    positive = ratios[ratios["serostatus"] == "AQP4+"]
    all_nmosd = ratios[ratios["serostatus"] == "all"]
    negative = ratios[ratios["serostatus"] == "AQP4-"]
    meta = positive[positive["ci_lower"].notna() & (positive["age_group"] == "all")]
    onset = onset_rows(age_at_onset)
    studies = onset[onset["kind"] == "study"].sort_values("value")
    low_band, high_band = ONSET_CLAIM_BAND
    inside = studies[(studies["value"] >= low_band) & (studies["value"] <= high_band)]
    outside = studies[studies["value"] > high_band]
    bands = onset[(onset["kind"] == "band or range") & (onset["statistic"] == "peak_band")]
    claims = onset[onset["kind"] == "claim"]
    shares = onset[onset["kind"] == "share"]
    late = shares[shares["statistic"] == "share_late_onset"]
    young = shares[shares["statistic"] == "share_paediatric"]

    def listed(frame: pd.DataFrame) -> str:
        return ", ".join(f"{r['onset_id']} {_number(r['value'])}" for _, r in frame.iterrows())

    lines = [f"The source document ({SEED}) says NMOSD is *{ONSET_CLAIM}*. Against the evidence rows:", ""]
    women = (
        f"- **Women: holds.** Every AQP4-IgG positive ratio is above 1: {len(positive)} rows, "
        f"{_number(positive['ratio'].min())} to {_number(positive['ratio'].max())} women per man"
    )
    if len(meta):
        m = meta.iloc[0]
        women += (
            f" (meta-analysis {m['sex_ratio_id']}: {_number(m['ratio'])}, 95% CI {_number(m['ci_lower'])}–"
            f"{_number(m['ci_upper'])})"
        )
    women += (
        f"; all-NMOSD populations: {len(all_nmosd)} rows, {_number(all_nmosd['ratio'].min())} to "
        f"{_number(all_nmosd['ratio'].max())} (ratios from a share of women are computed)."
    )
    lines.append(women)
    if len(negative):
        lines.append(
            "- The female excess is a feature of AQP4-IgG positive disease: for seronegative or "
            "MOG-antibody disease the rows give about "
            + ", ".join(
                f"{_number(r['ratio'])}:1 ({r['sex_ratio_id']}, {r['status']})"
                for _, r in negative.iterrows()
            )
            + "."
        )
    lines.append(
        f"- **Age 30–40: holds only in part.** {len(studies)} study means or medians of age at onset range "
        f"from {_number(studies['value'].min())} to {_number(studies['value'].max())} years (median "
        f"{_number(studies['value'].median())}); {len(inside)} lie within {low_band:g}–{high_band:g} "
        f"({listed(inside)}) and {len(outside)} above it ({listed(outside)})."
    )
    if len(bands):
        lines.append(
            "- Where studies report the age band with the most cases, it is wider than 30–40 and reaches "
            "further up: "
            + "; ".join(
                f"{r['onset_id']} {_number(r['value_low'])}–{_number(r['value_high'])} "
                f"({_short(r['population'], 45)})"
                for _, r in bands.iterrows()
            )
            + "."
        )
    if len(late) or len(young):
        lines.append(
            "- Onset outside the band is common: late onset (50 years or older, or 65 where stated) in "
            + ", ".join(f"{_number(100 * r['value'])}% ({r['onset_id']})" for _, r in late.iterrows())
            + "; paediatric onset in "
            + ", ".join(f"{_number(100 * r['value'])}% ({r['onset_id']})" for _, r in young.iterrows())
            + "."
        )
    if len(claims):
        lines.append(
            "- The 30–40 wording itself appears on industry, patient and introduction pages ("
            + ", ".join(f"{r['onset_id']} {r['status']}" for _, r in claims.iterrows())
            + "), not as a finding of a population-based study."
        )
    band_text = (
        f", and the peak bands reported reach up to {_number(bands['value_high'].max())} years"
        if len(bands)
        else ""
    )
    lines += [
        "",
        "**Verdict:** “most common in women” holds (most strongly for AQP4-IgG positive disease). "
        f"“Between {low_band:g} and {high_band:g}” matches {len(inside)} of {len(studies)} study means or "
        f"medians; their median is {_number(studies['value'].median())} years{band_text}. A wording that "
        f"fits the rows: onset usually around {_number(studies['value'].median())} years, in women far more "
        "often than in men, from childhood to old age.",
    ]
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------
# References
# ----------------------------------------------------------------------------------------------------


def report_evidence(
    estimates: pd.DataFrame,
    pooled: pd.DataFrame,
    sex_ratio: pd.DataFrame,
    age_at_onset: pd.DataFrame,
    region: str = "All",
    criteria: str = "any",
    serostatus: str = "all",
) -> pd.DataFrame:
    """``source_id`` and ``status`` of every row the report shows or counts, plus the seed document.

    All prevalence rows (the statement check counts them), incidence rows in scope, the published
    prevalence figures, every sex-ratio and age row, and the superseded rows named as left out.
    """
    frames = [
        estimates[estimates["measure"] == "prevalence"],
        estimates_in_scope(estimates, "incidence", region, criteria, serostatus),
        estimates[superseded(estimates)],
        pooled[pooled["measure"] == "prevalence"],
        sex_ratio,
        age_at_onset,
    ]
    return evidence_used(*frames)


def evidence_used(*frames: pd.DataFrame) -> pd.DataFrame:
    """``source_id`` and ``status`` of every evidence row the report used, plus the seed document."""
    return evidence_rows(*frames, pd.DataFrame({"source_id": [SEED], "status": ["document checked"]}))
