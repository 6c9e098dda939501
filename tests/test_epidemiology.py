"""Tests of the epidemiology module: the meta-analysis against hand calculations, statsmodels and
published metafor results; expected cases; subgroup and parameter refusal; real values from the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats
from statsmodels.stats.meta_analysis import combine_effects

from nmosd_evidence import epidemiology as ep
from nmosd_evidence import load, params
from nmosd_evidence.charts import FOOTNOTE_CHARS

Z = 1.959963984540054  # standard normal 97.5% quantile


@pytest.fixture(scope="module")
def estimates() -> pd.DataFrame:
    return load("estimates")


@pytest.fixture(scope="module")
def pooled() -> pd.DataFrame:
    return load("pooled")


# --- the random-effects model -------------------------------------------------------------------------


def test_dersimonian_laird_hand_example() -> None:
    # y = (0, 1, 3), v = (1, 1, 2); by hand:
    # w = 1/v = (1, 1, 1/2); sum w = 5/2; fixed mean = (0 + 1 + 3/2) / (5/2) = 1
    # Q = 1*(0-1)^2 + 1*(1-1)^2 + 1/2*(3-1)^2 = 3; df = 2
    # C = sum w - sum w^2 / sum w = 5/2 - (9/4)/(5/2) = 5/2 - 9/10 = 8/5
    # tau² = (Q - df) / C = 1 / (8/5) = 5/8 = 0.625
    # w* = 1/(v + 5/8) = (8/13, 8/13, 8/21); sum w* = 16/13 + 8/21 = 440/273
    # mu = (0 + 8/13 + 24/21) / (440/273) = (480/273) / (440/273) = 12/11
    # se = sqrt(273/440); I² = (Q - df)/Q = 1/3
    fit = ep.random_effects(np.array([0.0, 1.0, 3.0]), np.array([1.0, 1.0, 2.0]), "DL")
    assert fit.tau2 == pytest.approx(0.625, abs=1e-12)
    assert fit.mu == pytest.approx(12 / 11, abs=1e-12)
    assert fit.se == pytest.approx(np.sqrt(273 / 440), abs=1e-12)
    assert fit.q == pytest.approx(3.0, abs=1e-12)
    assert fit.i2 == pytest.approx(1 / 3, abs=1e-12)
    assert fit.k == 3
    assert sum(fit.weights) == pytest.approx(1.0)
    assert fit.weights[2] == pytest.approx((8 / 21) / (440 / 273))


def test_pooled_prevalence_hand_example_logit_dl() -> None:
    # Three studies: 10/100,000, 30/100,000, 20/50,000. Independent calculation (numpy only):
    # y = log(x/(n-x)) = (-9.21024037, -8.11142804, -7.82364593)
    # v = 1/x + 1/(n-x) = (0.10001, 0.03334334, 0.05002001)
    # w = 1/v = (9.999, 29.991, 19.992); fixed mean -8.19868229; Q = 13.27172499; C = 36.65633320
    # tau² = (Q - 2)/C = 0.30749734; w* = 1/(v + tau²); mu = -8.34252066; se = 0.34953643
    # pooled = 1e5 / (1 + exp(-mu)) = 23.8114525 per 100,000
    # 95% CI = expit(mu ± 1.959964 se) * 1e5 = 12.0035922 to 47.2291466
    # 95% PI = expit(mu ± t(0.975, 1) sqrt(tau² + se²)) * 1e5, t = 12.7062047: 0.00575065 to 49658.1758
    rows = pd.DataFrame(
        {
            "estimate_id": ["a", "b", "c"],
            "source_id": ["s1", "s2", "s3"],
            "cases": [10, 30, 20],
            "population_at_risk": [100_000, 100_000, 50_000],
        }
    )
    result = ep.pooled_prevalence(rows, "example", "DL", "logit")
    assert result.pooled and result.k == 3
    assert result.estimate == pytest.approx(23.8114525, rel=1e-7)
    assert result.ci_lower == pytest.approx(12.0035922, rel=1e-7)
    assert result.ci_upper == pytest.approx(47.2291466, rel=1e-7)
    assert result.pi_lower == pytest.approx(0.00575065, rel=1e-5)
    assert result.pi_upper == pytest.approx(49658.1758, rel=1e-7)
    assert result.tau2 == pytest.approx(0.30749734, rel=1e-7)
    assert result.q == pytest.approx(13.27172499, rel=1e-8)
    assert result.i2 == pytest.approx(100 * (13.27172499 - 2) / 13.27172499, rel=1e-7)


def test_dl_and_pm_agree_with_statsmodels_on_the_pooled_studies(estimates: pd.DataFrame) -> None:
    rows = ep.pooled_rows(estimates)
    y, v = ep.logit_proportions(rows["cases"].to_numpy(float), rows["population_at_risk"].to_numpy(float))
    for method, statsmodels_name in (("DL", "dl"), ("PM", "iterated")):
        ours = ep.random_effects(y, v, method)
        theirs = combine_effects(y, v, method_re=statsmodels_name)
        assert ours.tau2 == pytest.approx(theirs.tau2, rel=1e-12)
        assert ours.mu == pytest.approx(theirs.mean_effect_re, rel=1e-12)
        assert ours.se == pytest.approx(theirs.sd_eff_w_re, rel=1e-12)
        assert ours.q == pytest.approx(theirs.q, rel=1e-12)
        assert ours.i2 == pytest.approx(theirs.i2, rel=1e-12)
    result = ep.pooled_prevalence(rows, "all", "DL", "logit")
    theirs = combine_effects(y, v, method_re="dl")
    lo, hi = theirs.conf_int(use_t=False)[1]  # random-effects CI on the logit scale
    assert result.ci_lower == pytest.approx(1e5 / (1 + np.exp(-lo)), rel=1e-10)
    assert result.ci_upper == pytest.approx(1e5 / (1 + np.exp(-hi)), rel=1e-10)


BCG = {  # metafor's dat.bcg (Colditz et al. 1994): tpos, tneg, cpos, cneg
    "tpos": [4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27],
    "tneg": [119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886],
    "cpos": [11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29],
    "cneg": [128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825],
}


def _bcg_log_risk_ratios() -> tuple[np.ndarray, np.ndarray]:
    a, b, c, d = (np.array(BCG[k], dtype=float) for k in ("tpos", "tneg", "cpos", "cneg"))
    return np.log((a / (a + b)) / (c / (c + d))), 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)


def test_dl_matches_metafor_and_stata_on_bcg() -> None:
    # metafor tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r (values checked against Stata metan):
    # estimate -0.7141, CI -1.0644 to -0.3638, tau² 0.3088, I² 92.1173%
    y, v = _bcg_log_risk_ratios()
    fit = ep.random_effects(y, v, "DL")
    assert fit.mu == pytest.approx(-0.7141, abs=1e-4)
    assert fit.mu - Z * fit.se == pytest.approx(-1.0644, abs=1e-4)
    assert fit.mu + Z * fit.se == pytest.approx(-0.3638, abs=1e-4)
    assert fit.tau2 == pytest.approx(0.3088, abs=1e-4)
    assert 100 * fit.i2 == pytest.approx(92.1173, abs=1e-4)
    assert fit.q == pytest.approx(152.2330, abs=1e-4)


def _restricted_log_likelihood(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    w = 1 / (v + tau2)
    mu = (w * y).sum() / w.sum()
    return -0.5 * (np.log(v + tau2).sum() + np.log(w.sum()) + (w * (y - mu) ** 2).sum())


def test_reml_matches_metafor_on_bcg_and_maximises_the_restricted_likelihood() -> None:
    # metafor rma(yi, vi, data=dat.bcg, method="REML") prints tau² 0.3132, estimate -0.7145 (SE 0.1798),
    # CI -1.0669 to -0.3622.
    y, v = _bcg_log_risk_ratios()
    fit = ep.random_effects(y, v, "REML")
    assert fit.tau2 == pytest.approx(0.3132, abs=1e-4)
    assert fit.mu == pytest.approx(-0.7145, abs=1e-4)
    assert fit.se == pytest.approx(0.1798, abs=1e-4)
    assert fit.mu - Z * fit.se == pytest.approx(-1.0669, abs=1e-4)
    assert fit.mu + Z * fit.se == pytest.approx(-0.3622, abs=1e-4)
    # independent: direct numerical maximisation of the restricted log-likelihood
    best = optimize.minimize_scalar(
        lambda t: -_restricted_log_likelihood(t, y, v),
        bounds=(0, 5),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert fit.tau2 == pytest.approx(best.x, abs=1e-6)


def test_reml_on_the_pooled_studies_maximises_the_restricted_likelihood(estimates: pd.DataFrame) -> None:
    rows = ep.pooled_rows(estimates)
    y, v = ep.logit_proportions(rows["cases"].to_numpy(float), rows["population_at_risk"].to_numpy(float))
    tau2 = ep.reml_tau2(y, v)
    best = optimize.minimize_scalar(
        lambda t: -_restricted_log_likelihood(t, y, v),
        bounds=(0, 20),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert tau2 == pytest.approx(best.x, abs=1e-6)


def test_reml_is_zero_without_heterogeneity() -> None:
    assert ep.reml_tau2(np.array([1.0, 1.0, 1.0]), np.array([0.1, 0.2, 0.3])) == 0.0


def test_paule_mandel_solves_its_estimating_equation() -> None:
    # Paule–Mandel: the generalised Q at tau² equals k - 1
    y, v = _bcg_log_risk_ratios()
    fit = ep.random_effects(y, v, "PM")
    w = 1 / (v + fit.tau2)
    mu = (w * y).sum() / w.sum()
    assert (w * (y - mu) ** 2).sum() == pytest.approx(len(y) - 1, rel=1e-6)


def test_random_effects_refuses_one_study_and_unknown_methods() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        ep.random_effects(np.array([1.0]), np.array([1.0]))
    with pytest.raises(ValueError, match="DL, REML, PM"):
        ep.random_effects(np.array([1.0, 2.0]), np.array([1.0, 1.0]), "ML")  # type: ignore[arg-type]


def test_prediction_interval_uses_t_with_k_minus_2_df() -> None:
    low, high = ep.prediction_interval(1.0, 0.3, 0.16, 6)
    half = stats.t.ppf(0.975, 4) * np.sqrt(0.16 + 0.09)  # 2.776445 * 0.5
    assert (low, high) == pytest.approx((1 - half, 1 + half))
    assert half == pytest.approx(1.3882226, rel=1e-6)
    with pytest.raises(ValueError):
        ep.prediction_interval(1.0, 0.3, 0.16, 2)


# --- transforms --------------------------------------------------------------------------------------


def test_freeman_tukey_matches_miller_1978() -> None:
    # Miller (1978), p. 138, as in metafor's test_analysis_example_miller1978.r: the full double-arcsine
    # (twice the half-sum scale) is 1.1391, 1.2888, 1.5253, 0.9515 with variances x4 0.0870, 0.0571,
    # 0.0465, 0.1538; the weighted equal-effects mean back-transformed with the harmonic-mean n is 0.3595.
    x, n = np.array([3, 6, 10, 1.0]), np.array([11, 17, 21, 6.0])
    t, v = ep.freeman_tukey_proportions(x, n)
    assert 2 * t == pytest.approx([1.1391, 1.2888, 1.5253, 0.9515], abs=1e-4)
    assert 4 * v == pytest.approx([0.0870, 0.0571, 0.0465, 0.1538], abs=1e-4)
    w = 1 / v
    harmonic = len(n) / (1 / n).sum()
    assert ep.inverse_freeman_tukey((w * t).sum() / w.sum(), harmonic) == pytest.approx(0.3595, abs=1e-4)


def test_inverse_freeman_tukey_with_proportions_of_zero_and_one() -> None:
    # metafor test: x = (0, 4, 9, 16, 20), n = (10, 10, 15, 20, 20): each study back-transforms to x/n;
    # the equal-effects mean (harmonic-mean n) is 0.6886 (95% CI 0.5734 to 0.7943).
    x, n = np.array([0, 4, 9, 16, 20.0]), np.array([10, 10, 15, 20, 20.0])
    t, v = ep.freeman_tukey_proportions(x, n)
    assert [ep.inverse_freeman_tukey(a, b) for a, b in zip(t, n, strict=True)] == pytest.approx(x / n)
    w = 1 / v
    mean, se = (w * t).sum() / w.sum(), np.sqrt(1 / w.sum())
    harmonic = len(n) / (1 / n).sum()
    assert ep.inverse_freeman_tukey(mean, harmonic) == pytest.approx(0.6886, abs=1e-4)
    assert ep.inverse_freeman_tukey(mean - Z * se, harmonic) == pytest.approx(0.5734, abs=1e-4)
    assert ep.inverse_freeman_tukey(mean + Z * se, harmonic) == pytest.approx(0.7943, abs=1e-4)


def test_inverse_freeman_tukey_keeps_its_digits_for_rare_diseases() -> None:
    # 3 cases in 352,353 people (P43): the exact inverse gives back 3/352,353 = 8.514e-6
    t, _ = ep.freeman_tukey_proportions(np.array([3.0]), np.array([352_353.0]))
    assert ep.inverse_freeman_tukey(t[0], 352_353) == pytest.approx(3 / 352_353, rel=1e-9)


def test_logit_adds_half_to_zero_cells() -> None:
    y, v = ep.logit_proportions(np.array([0.0]), np.array([10.0]))
    assert y[0] == pytest.approx(np.log(0.5 / 10.5))
    assert v[0] == pytest.approx(1 / 0.5 + 1 / 10.5)


# --- the data: which rows are pooled -----------------------------------------------------------------


def test_pooled_rows_are_the_whole_population_studies_with_counts(estimates: pd.DataFrame) -> None:
    rows = ep.pooled_rows(estimates)
    assert set(rows["estimate_id"]) == {"P09", "P11", "P29", "P43", "P58", "P72a"}
    table = ep.pooling_eligibility(estimates)
    assert table["pooled"].sum() == 6
    assert len(table) == len(ep.estimates_in_scope(estimates, "prevalence"))
    reasons = table.set_index("estimate_id")["reason"]
    assert reasons["P53b"] == "no population at risk"  # 13 cases, no denominator
    assert reasons["P01"] == "no cases and no population at risk"
    display = ep.eligibility_display(estimates).set_index("row")
    p09 = display.loc["P09 Cuba, nationwide case ascertainment, multiethnic"]
    assert p09["cases / population per 100,000"] == pytest.approx(58 / 11_177_743 * 1e5, abs=1e-3)
    assert p09["pooled"] == "yes"
    p01 = display.loc["P01 Martinique (90% Black, Afro-Caribbean), whole popul… [adj.]"]
    assert p01["pooled"] == "no: no cases and no population at risk"


def test_superseded_rows_are_left_out(estimates: pd.DataFrame) -> None:
    incidence = ep.estimates_in_scope(estimates, "incidence")
    assert not incidence["estimate_id"].isin(["P69a", "P69b", "P69c", "P69d"]).any()
    assert {"P67a", "P67b", "P67c", "P67d"} <= set(incidence["estimate_id"])
    left_out = ep.superseded_rows(estimates)
    assert list(left_out["row"]) == ["P69a", "P69b", "P69c", "P69d"]


def test_pooled_prevalence_of_all_regions(estimates: pd.DataFrame) -> None:
    result = ep.selected_pooled_prevalence(estimates)
    assert result.pooled and result.k == 6
    # inside the range of the six crude study proportions (0.519 Cuba to 6.88 TriNetX per 100,000)
    assert 58 / 11_177_743 * 1e5 < result.estimate < 1772 / 25_743_039 * 1e5
    assert result.ci_lower < result.estimate < result.ci_upper
    assert result.pi_lower < result.ci_lower and result.pi_upper > result.ci_upper
    assert result.i2 > 90  # the six studies disagree far beyond chance
    assert (
        result.mix
        == "criteria ICD 1, W1999 1, W2006 4; design other 1, population-based 3, registry 1, survey 1"
    )
    assert result.source_ids == (
        "asgari2011", "briggs2024", "cabreragomez2009", "cossburn2012", "houzen2012", "pandit2014",
    )  # fmt: skip


# --- refusal -----------------------------------------------------------------------------------------


def test_subgroups_with_too_few_studies_get_a_message_not_a_number(estimates: pd.DataFrame) -> None:
    east_asia = ep.selected_pooled_prevalence(estimates, "East Asia")
    assert not east_asia.pooled
    assert east_asia.estimate is None and east_asia.ci_lower is None and east_asia.tau2 is None
    assert "k = 1 (P43)" in east_asia.message and "at least 3" in east_asia.message
    europe = ep.selected_pooled_prevalence(estimates, "Europe")
    assert not europe.pooled and "k = 2 (P11, P29)" in europe.message
    ipnd = ep.selected_pooled_prevalence(estimates, "All", "IPND2015")
    assert not ipnd.pooled and ipnd.k == 0
    markdown = ep.pooled_markdown(east_asia)
    assert "no pooled estimate" in markdown and "per 100,000**" not in markdown


def test_subgroup_tables_pool_only_subgroups_with_three_studies(estimates: pd.DataFrame) -> None:
    by_region = ep.pooled_prevalence_by(estimates, "region").set_index("subgroup")
    assert (by_region["pooled per 100,000"] == "").all()  # no region has 3 studies with counts
    assert by_region.loc["region: Europe", "k"] == 2
    by_criteria = ep.pooled_prevalence_by(estimates, "criteria").set_index("subgroup")
    assert by_criteria.loc["criteria: W2006", "k"] == 4
    assert by_criteria.loc["criteria: W2006", "pooled per 100,000"] != ""
    assert by_criteria.loc["criteria: ICD", "pooled per 100,000"] == ""
    by_ethnicity = ep.pooled_prevalence_by(estimates, "ethnicity").set_index("subgroup")
    assert by_ethnicity.loc["ethnicity: all", "k"] == 6
    assert by_ethnicity.loc["ethnicity: Black", "k"] == 0


def test_invalid_parameters_are_refused_with_the_allowed_values() -> None:
    with pytest.raises(params.ParameterError, match="East Asia") as error:
        params.check("01_epidemiology", {"region": "Atlantis"})
    assert "All" in str(error.value) and "Worldwide" not in str(error.value)
    with pytest.raises(params.ParameterError, match="DL, REML, PM"):
        params.check("01_epidemiology", {"method": "ML"})
    with pytest.raises(params.ParameterError, match="logit, freeman-tukey"):
        params.check("01_epidemiology", {"transform": "arcsine"})
    with pytest.raises(params.ParameterError, match="any, W2006, IPND2015"):
        params.check("01_epidemiology", {"criteria": "W1999"})
    with pytest.raises(params.ParameterError, match=">= 1"):
        params.check("01_epidemiology", {"population": 0})
    with pytest.raises(params.ParameterError, match="whole number"):
        params.check("01_epidemiology", {"population": "1000000"})
    ok = params.check("01_epidemiology", {"region": "East Asia", "population": 10_000_000})
    assert ok.region == "East Asia" and ok.method == "DL"


# --- expected cases ----------------------------------------------------------------------------------


def test_expected_cases_arithmetic() -> None:
    assert ep.expected_cases(10_000_000, 2.5) == pytest.approx(250.0)
    assert ep.expected_cases(1_000_000, 0.52) == pytest.approx(5.2)
    assert ep.expected_cases(100_000, 1.0) == pytest.approx(1.0)


def test_expected_cases_table_all_regions(estimates: pd.DataFrame, pooled: pd.DataFrame) -> None:
    result = ep.selected_pooled_prevalence(estimates)
    table = ep.expected_cases_table(1_000_000, result, pooled, estimates)
    first = table.iloc[0]
    central = round(1_000_000 * result.estimate / 100_000)
    low, high = round(10 * result.ci_lower), round(10 * result.ci_upper)
    assert first["expected people"].startswith(f"{central} (95% CI {low}–{high};")
    by_basis = table.set_index(table["basis"].str.extract(r"\((\w+)\)$")[0])
    assert by_basis.loc["R2c", "expected people"] == "22 (95% CI 15–29)"  # 2.16 (1.46–2.86) per 100,000
    assert by_basis.loc["R4f", "expected people"] == "fewer than 50"  # < 5 per 100,000
    assert by_basis.loc["S4a_orpha_prev", "expected people"] == "10–50"  # 1–5 per 100,000


def test_expected_cases_from_published_figures_when_not_pooled(
    estimates: pd.DataFrame, pooled: pd.DataFrame
) -> None:
    result = ep.selected_pooled_prevalence(estimates, "Europe")
    table = ep.expected_cases_table(10_000_000, result, pooled, estimates, "Europe")
    assert table.iloc[0]["expected people"] == "not computed: k = 2, too few studies to pool"
    ema = table[table["basis"].str.contains("S4a_ema_1185")].iloc[0]
    assert ema["expected people"] == "400"  # 0.4 in 10,000 = 4 per 100,000 of 10 million
    studies = table.iloc[-1]
    assert studies["basis"].startswith("lowest to highest") and "P14 to P11" in studies["basis"]
    assert studies["expected people"] == "57–440"  # 0.566 and 4.4 per 100,000 of 10 million
    east_asia = ep.expected_cases_table(
        10_000_000, ep.selected_pooled_prevalence(estimates, "East Asia"), pooled, estimates, "East Asia"
    )
    assert east_asia[east_asia["basis"].str.contains("R3c")].iloc[0]["expected people"] == "350"


# --- sex ratio and age at onset ----------------------------------------------------------------------


def test_sex_ratio_from_a_share_of_women_is_computed() -> None:
    rows = ep.sex_ratio_rows(load("sex_ratio")).set_index("sex_ratio_id")
    assert rows.loc["D04b", "ratio"] == pytest.approx(82 / 18)
    assert rows.loc["D04b", "ratio_status"] == "computed"
    assert rows.loc["D01a", "ratio"] == pytest.approx(8.89) and rows.loc["D01a", "ratio_status"] == "verified"
    assert "D12a" not in rows.index and "D05" not in rows.index  # garbled print; lower bound only


def test_onset_row_kinds() -> None:
    kinds = ep.onset_rows(load("age_at_onset")).set_index("onset_id")["kind"]
    assert kinds["A13"] == "not onset"  # median age at diagnosis
    assert kinds["A16c"] == "not onset"  # age at testing
    assert kinds["A17"] == "paediatric cohort"
    assert kinds["S4b_unifyrare"] == "claim"
    assert kinds["A04"] == "band or range"
    assert kinds["A07"] == "study"


def test_summaries_by_serostatus_and_region() -> None:
    sexes = ep.sex_ratio_summary(load("sex_ratio")).set_index(["serostatus", "region"])
    assert sexes.loc[("AQP4-IgG positive", "Worldwide"), "rows"] == 4
    assert sexes.loc[("AQP4-IgG negative", "Worldwide"), "highest"] == 1.0
    ages = ep.age_at_onset_summary(load("age_at_onset")).set_index(["region", "serostatus"])
    assert ages.loc[("Europe", "all"), "row ids"] == "A07, A08, A11"
    assert ages.loc[("Europe", "all"), "median"] == 39.5


# --- narrative and figures ---------------------------------------------------------------------------


def _footnote(fig) -> str:
    return fig.layout.annotations[-1].text.replace("<br>", " ")


def test_fewer_than_five_narrative(estimates: pd.DataFrame, pooled: pd.DataFrame) -> None:
    text = ep.fewer_than_five_markdown(estimates, pooled, ep.selected_pooled_prevalence(estimates))
    assert "seed_roche_ch_nmosd" in text
    assert "P68" in text and "P01" in text and "P72a" in text  # exceed 5 per 100,000
    assert "P09" not in text.split("Does not hold")[1]  # Cuba 0.52 is not listed as exceeding
    assert "Black populations" in text and "East Asian or Asian populations" in text


def test_women_30_40_narrative() -> None:
    text = ep.women_30_40_markdown(load("sex_ratio"), load("age_at_onset"))
    assert "D01a: 8.89, 95% CI 7.78–10.2" in text
    assert "A09 51)" in text and "A12 30.9" in text
    assert "A04 45–65" in text
    assert "S4b_unifyrare" in text


def test_forest_figure_has_the_pooled_diamond_and_the_refusal(estimates: pd.DataFrame) -> None:
    fig = ep.forest_figure(estimates, "East Asia")
    fills = [trace for trace in fig.data if trace.fill == "toself"]
    assert len(fills) == 1  # all regions pooled; East Asia refused
    assert "Too few studies to pool (East Asia)" in _footnote(fig)
    assert "houzen2012" in _footnote(fig)
    points = sum(len(trace.x) for trace in fig.data if trace.mode == "markers")
    assert points == 6


def test_prevalence_and_incidence_figures(estimates: pd.DataFrame) -> None:
    fig = ep.prevalence_figure(estimates, "Europe")
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.shapes[0].x0 == 5.0  # the claim's 5 per 100,000
    labels = list(fig.layout.yaxis.ticktext)
    assert any(label.startswith("P11 ") for label in labels)
    assert not any(label.startswith("P01 ") for label in labels)  # Caribbean, not Europe
    incidence = ep.incidence_figure(estimates)
    assert "P69a" in _footnote(incidence)  # named as left out
    assert "P69a" not in _footnote(ep.incidence_figure(estimates, "East Asia"))  # not in that scope
    assert len(ep.method_comparison(estimates, "East Asia")) == 1
    assert len(ep.method_comparison(estimates)) == 6
    assert not any(label.startswith("P69") for label in incidence.layout.yaxis.ticktext)


def test_sex_ratio_and_age_figures() -> None:
    fig = ep.sex_ratio_figure(load("sex_ratio"))
    assert fig.layout.shapes[0].x0 == 1.0
    assert "D12a" in _footnote(fig)
    assert fig.layout.shapes[0].line.width > 0  # visible despite the template's width-0 shape default
    age = ep.age_at_onset_figure(load("age_at_onset"))
    assert (age.layout.shapes[0].x0, age.layout.shapes[0].x1) == (30.0, 40.0)


def test_prevalence_figure_wraps_the_footnote_and_gives_a_ninth_region_its_colour(
    estimates: pd.DataFrame,
) -> None:
    fig = ep.prevalence_figure(estimates)
    lines = fig.layout.annotations[-1].text.split("<br>")
    assert len(lines) > 1 and all(len(line) <= FOOTNOTE_CHARS for line in lines)
    legend = [trace for trace in fig.data if trace.showlegend is not False]
    colours = [trace.line.color for trace in legend]
    assert len(colours) == 9 and len(set(colours)) == 9  # nine regions, nine colours
    assert list(fig.layout.xaxis.tickvals) == [0.1, 0.2, 0.5, 1, 2, 5, 10, 20]


def test_styled_table_is_deterministic_and_keeps_text(estimates: pd.DataFrame) -> None:
    table = ep.eligibility_display(estimates)
    html = ep.styled_table(table, "t-epi").to_html()
    assert html == ep.styled_table(table, "t-epi").to_html()
    assert "T_t-epi" in html and "11,177,743" in html
    published = ep.styled_table(ep.published_prevalence_table(load("pooled")), "t-pub").to_html()
    assert "1.54 per 100,000 population (I2: 98.4%, 95% CI: 1.13-1.96)" in published  # > 50 characters


def test_evidence_used_includes_the_seed(estimates: pd.DataFrame) -> None:
    used = ep.evidence_used(estimates.head(2))
    assert "seed_roche_ch_nmosd" in set(used["source_id"])
