"""Epidemiology report, rows in scope and numbers: which rows are pooled, the pooled prevalence pinned to
an independent numpy calculation, refusals, expected cases, forest intervals, ratios and ages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from reference_values import (
    ALL_REGIONS_DL_FREEMAN_TUKEY,
    ALL_REGIONS_DL_LOGIT,
    METAFOR,
    METAFOR_FIELDS,
    P09_CLOPPER_PEARSON,
    REPORT_DERIVED_FT_DL,
    REPORT_INCIDENCE_DL,
    REPORT_POOL_ENTRIES,
    REPORT_POOLS_METAFOR,
    SIX_STUDIES,
    W2006_DL_LOGIT,
)

from nmosd_evidence import load
from nmosd_evidence.core import meta
from nmosd_evidence.reports.epidemiology import pooling, results, select, specification
from nmosd_evidence.reports.epidemiology.select import Analysis


@pytest.fixture(scope="module")
def estimates() -> pd.DataFrame:
    return load("estimates")


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return load("claims")


# --- rows in scope -----------------------------------------------------------------------------------


def test_with_printed_counts_only_the_six_whole_population_studies_are_pooled(
    estimates: pd.DataFrame,
) -> None:
    rows = select.pooled_rows(estimates, Analysis(inputs="counts")).set_index("estimate_id")
    counts = {i: (int(r["cases"]), int(r["population_at_risk"])) for i, r in rows.iterrows()}
    assert counts == SIX_STUDIES
    table = select.pooling_eligibility(estimates, Analysis(inputs="counts"))
    assert int(table["pooled"].sum()) == 6
    reasons = table.set_index("estimate_id")["reason"]
    assert reasons["P42"] == "a derived population or a printed CI not pooled with these inputs"
    assert reasons["P26"] == "a printed CI not pooled with these inputs"
    aqp4 = select.pooling_eligibility(estimates, Analysis(serostatus="AQP4+")).set_index("estimate_id")[
        "reason"
    ]
    assert aqp4["P71a"] == "cases with an age-adjusted rate only: the population cannot be derived"


def test_default_inputs_pool_seventeen_rows_each_entry_stated(estimates: pd.DataFrame) -> None:
    table = select.pooling_eligibility(estimates).set_index("estimate_id")
    assert len(table) == len(select.estimates_in_scope(estimates, "prevalence"))
    pooled = table[table["pooled"]]
    assert pooled["input"].to_dict() == REPORT_POOL_ENTRIES
    # derived: cases / rate per 100,000, rounded (P42: 14 / 4.1e-5 = 341,463.4; P64a: 2,650 / 5.3e-5)
    assert (table.loc["P42", "derived_population"], table.loc["P64a", "derived_population"]) == (
        341_463,
        50_000_000,
    )
    assert pd.isna(table.loc["P09", "derived_population"])  # printed population: nothing derived
    reasons = table["reason"]
    assert reasons["P42"] == "cases / population derived from cases ÷ rounded crude rate"
    assert reasons["P61"] == "printed rate and 95% CI (age-adjusted rate), generic inverse variance"
    assert reasons["P09"] == "crude cases / population"
    assert reasons["P01"] == "no cases, population or 95% CI printed"
    assert reasons["P53b"].startswith("part of a population")
    # same population: the later survey (P42 2016 over P43), newer criteria (P16 IPND 2015 over P14
    # W2006, same years), crude over age-adjusted (P17 over P19a), derived over CI (P54a over P54b)
    assert reasons["P43"].startswith("same population as P42")
    assert reasons["P14"].startswith("same population as P16")
    assert reasons["P19a"].startswith("same population as P17")
    assert reasons["P54b"].startswith("same population as P54a")


def test_freeman_tukey_leaves_out_rows_known_only_by_their_ci(estimates: pd.DataFrame) -> None:
    table = select.pooling_eligibility(estimates, Analysis(transform="freeman-tukey")).set_index(
        "estimate_id"
    )
    assert not table.loc[["P08", "P26", "P61"], "pooled"].any()
    assert (
        table.loc["P26", "reason"]
        == "printed CI only: pooled on the logit scale only (Freeman–Tukey needs counts)"
    )
    assert int(table["pooled"].sum()) == 14


def test_superseded_rows_are_left_out(estimates: pd.DataFrame) -> None:
    incidence = select.estimates_in_scope(estimates, "incidence")
    assert not incidence["estimate_id"].isin(["P69a", "P69b", "P69c", "P69d"]).any()
    assert {"P67a", "P67b", "P67c", "P67d"} <= set(incidence["estimate_id"])
    assert list(select.superseded_rows(estimates)["row"]) == ["P69a", "P69b", "P69c", "P69d"]
    assert select.left_out_incidence_ids(estimates) == ["P69a", "P69b", "P69c", "P69d"]
    assert select.left_out_incidence_ids(estimates, "East Asia") == []


def test_the_statements_checked_are_read_from_the_ledger(claims: pd.DataFrame) -> None:
    # the ledger rows by their quote, found independently of the ids the report uses
    by_quote = claims.set_index("quote")["claim_id"]
    assert by_quote["affects fewer than five in 100,000 people worldwide"] == "R05"
    assert by_quote["most common in women between the ages of 30 and 40"] == "R04"
    assert by_quote["most common in women"] == "R03"
    assert select.prevalence_limit(claims) == 5.0
    assert select.onset_band(claims) == (30.0, 40.0)
    with pytest.raises(KeyError, match="R99"):
        select.ledger_claim(claims, "R99")


def test_claim_wordings_are_parsed_or_refused() -> None:
    assert select.claim_limit("affects fewer than 12 in 100,000 people") == 12.0
    assert select.claim_band("most common between the ages of 20 and 45") == (20.0, 45.0)
    with pytest.raises(ValueError, match="fewer than N in 100,000"):
        select.claim_limit("affects fewer than five in 10,000 people")
    with pytest.raises(ValueError, match="between the ages"):
        select.claim_band("most common in women")


# --- pooled prevalence -------------------------------------------------------------------------------


def test_pooled_prevalence_of_all_regions_matches_the_hand_calculation(estimates: pd.DataFrame) -> None:
    result = pooling.selected_pooled_prevalence(estimates, Analysis(inputs="counts"))
    expected = ALL_REGIONS_DL_LOGIT
    assert result.pooled and result.k == 6 and set(result.estimate_ids) == set(SIX_STUDIES)
    assert result.estimate == pytest.approx(expected["estimate"], rel=1e-6)
    assert (result.ci_lower, result.ci_upper) == pytest.approx(expected["ci"], rel=1e-6)
    assert (result.pi_lower, result.pi_upper) == pytest.approx(expected["pi"], rel=1e-6)
    assert result.tau2 == pytest.approx(expected["tau2"], rel=1e-6)
    assert result.i2 == pytest.approx(expected["i2"], rel=1e-6)
    assert result.q == pytest.approx(expected["q"], rel=1e-6)
    assert result.q_pvalue < 1e-80
    assert (
        result.mix
        == "criteria ICD 1, W1999 1, W2006 4; design other 1, population-based 3, registry 1, survey 1"
    )
    assert result.source_ids == (
        "asgari2011", "briggs2024", "cabreragomez2009", "cossburn2012", "houzen2012", "pandit2014",
    )  # fmt: skip


def test_pooled_prevalence_of_w2006_and_on_the_freeman_tukey_scale(estimates: pd.DataFrame) -> None:
    w2006 = pooling.selected_pooled_prevalence(estimates, Analysis(criteria="W2006", inputs="counts"))
    assert w2006.k == 4
    assert w2006.estimate == pytest.approx(W2006_DL_LOGIT["estimate"], rel=1e-6)
    assert (w2006.ci_lower, w2006.ci_upper) == pytest.approx(W2006_DL_LOGIT["ci"], rel=1e-6)
    assert w2006.tau2 == pytest.approx(W2006_DL_LOGIT["tau2"], rel=1e-6)
    assert w2006.i2 == pytest.approx(W2006_DL_LOGIT["i2"], rel=1e-6)
    ft = pooling.selected_pooled_prevalence(estimates, Analysis(transform="freeman-tukey", inputs="counts"))
    assert ft.estimate == pytest.approx(ALL_REGIONS_DL_FREEMAN_TUKEY["estimate"], rel=1e-6)
    assert (ft.ci_lower, ft.ci_upper) == pytest.approx(ALL_REGIONS_DL_FREEMAN_TUKEY["ci"], rel=1e-6)
    assert ft.q == pytest.approx(ALL_REGIONS_DL_FREEMAN_TUKEY["q"], rel=1e-6)


def test_pooled_prevalence_hand_example_logit_dl() -> None:
    # Three studies: 10/100,000, 30/100,000, 20/50,000. Independent calculation (numpy only):
    # y = log(x/(n-x)) = (-9.21024037, -8.11142804, -7.82364593); v = 1/x + 1/(n-x)
    # tau² = (Q - 2)/C = (13.27172499 - 2)/36.65633320 = 0.30749734; mu = -8.34252066; se = 0.34953643
    # pooled = 1e5 expit(mu) = 23.8114525; 95% CI 12.0035922 to 47.2291466;
    # 95% PI = expit(mu ± 12.7062047 sqrt(tau² + se²)) * 1e5 = 0.00575065 to 49658.1758
    rows = pd.DataFrame(
        {
            "estimate_id": ["a", "b", "c"],
            "source_id": ["s1", "s2", "s3"],
            "cases": [10, 30, 20],
            "population_at_risk": [100_000, 100_000, 50_000],
            "derived_population": [np.nan] * 3,
            "input": ["counts"] * 3,
            "value": [10.0, 30.0, 40.0],
            "ci_lower": [np.nan] * 3,
            "ci_upper": [np.nan] * 3,
        }
    )
    result = pooling.pooled_prevalence(rows, "example")  # DerSimonian–Laird, logit
    assert result.pooled and result.k == 3 and result.mix == ""
    assert result.estimate == pytest.approx(23.8114525, rel=1e-7)
    assert (result.ci_lower, result.ci_upper) == pytest.approx((12.0035922, 47.2291466), rel=1e-7)
    assert (result.pi_lower, result.pi_upper) == pytest.approx((0.00575065, 49658.1758), rel=1e-5)
    assert result.tau2 == pytest.approx(0.30749734, rel=1e-7)
    assert result.q == pytest.approx(13.27172499, rel=1e-8)


def test_subgroups_with_too_few_studies_get_a_message_not_a_number(estimates: pd.DataFrame) -> None:
    east_asia = pooling.selected_pooled_prevalence(estimates, Analysis(region="East Asia"))
    assert not east_asia.pooled
    assert east_asia.estimate is None and east_asia.ci_lower is None and east_asia.tau2 is None
    assert east_asia.message == (
        "Too few studies to pool (East Asia): k = 2 (P42, P75); a random-effects estimate needs at least 3."
    )
    europe_counts = pooling.selected_pooled_prevalence(estimates, Analysis(region="Europe", inputs="counts"))
    assert not europe_counts.pooled and "k = 2 (P11, P29)" in europe_counts.message


@pytest.mark.parametrize("method", ["DL", "REML", "PM"])
@pytest.mark.parametrize(("name", "region"), [("all", "All"), ("europe", "Europe")])
def test_default_pools_are_metafors(estimates: pd.DataFrame, name: str, region: str, method: str) -> None:
    k, *numbers, tau2, i2, q = REPORT_POOLS_METAFOR[(name, method)]
    fit = pooling.selected_pooled_prevalence(estimates, Analysis(region=region, method=method))
    assert fit.pooled and fit.k == k
    got = (fit.estimate, fit.ci_lower, fit.ci_upper, fit.pi_lower, fit.pi_upper)
    assert got == pytest.approx(tuple(numbers), rel=1e-6)
    assert (fit.tau2, fit.i2, fit.q) == pytest.approx((tau2, i2, q), rel=1e-6)
    assert sum(fit.weights) == pytest.approx(1.0)


def test_derived_inputs_on_the_freeman_tukey_scale_are_metafors(estimates: pd.DataFrame) -> None:
    k, *numbers, pi_high = REPORT_DERIVED_FT_DL
    fit = pooling.selected_pooled_prevalence(estimates, Analysis(transform="freeman-tukey", inputs="derived"))
    assert fit.k == k and fit.count("derived population") == 9 and fit.count("counts") == 5
    assert (fit.estimate, fit.ci_lower, fit.ci_upper, fit.pi_upper) == pytest.approx(
        (*numbers[:3], pi_high), rel=1e-6
    )
    assert fit.pi_lower == pytest.approx(0.0, abs=1e-9)


def test_knapp_hartung_changes_the_interval_not_the_estimate(estimates: pd.DataFrame) -> None:
    wald = pooling.selected_pooled_prevalence(estimates)
    knha = pooling.selected_pooled_prevalence(estimates, Analysis(test="knha"))
    assert knha.test == "knha" and knha.estimate == pytest.approx(wald.estimate, rel=1e-12)
    assert (knha.ci_lower, knha.ci_upper) != pytest.approx((wald.ci_lower, wald.ci_upper), rel=1e-3)


def test_subgroups_pool_only_with_three_studies(estimates: pd.DataFrame) -> None:
    by_region = {r.subgroup: r for r in pooling.pooled_prevalence_by(estimates, "region")}
    assert [name for name, r in by_region.items() if r.pooled] == ["region: Europe"]
    assert by_region["region: Europe"].k == 7
    assert by_region["region: East Asia"].k == 2 and by_region["region: Caribbean"].k == 2
    counts_only = {
        r.subgroup: r for r in pooling.pooled_prevalence_by(estimates, "criteria", Analysis(inputs="counts"))
    }
    assert counts_only["criteria: W2006"].estimate == pytest.approx(W2006_DL_LOGIT["estimate"], rel=1e-6)
    assert not counts_only["criteria: ICD"].pooled
    by_ethnicity = {
        r.subgroup: r for r in pooling.pooled_prevalence_by(estimates, "ethnicity", Analysis(inputs="counts"))
    }
    assert by_ethnicity["ethnicity: all"].estimate == pytest.approx(
        ALL_REGIONS_DL_LOGIT["estimate"], rel=1e-6
    )
    assert by_ethnicity["ethnicity: Black"].k == 0


def test_subgroup_difference_by_region_uses_regions_with_two_studies(estimates: pd.DataFrame) -> None:
    test, groups = pooling.subgroup_difference_test(estimates, "region")
    assert groups == ("Caribbean", "East Asia", "Europe", "Latin America", "Southeast Asia")
    fits = {g: meta.pool_transformed(*_logit_inputs(estimates, g)) for g in groups}
    expected = meta.subgroup_difference([f.mu for f in fits.values()], [f.se for f in fits.values()])
    assert (test.q, test.df, test.p_value) == pytest.approx((expected.q, 4, expected.p_value), rel=1e-9)
    none, alone = pooling.subgroup_difference_test(estimates, "region", Analysis(serostatus="AQP4+"))
    assert none is None and len(alone) < 2


def _logit_inputs(estimates: pd.DataFrame, region: str) -> tuple[np.ndarray, np.ndarray]:
    """Logit effects and variances of a region's pooled rows, computed here from the data by hand."""
    rows = select.pooled_rows(estimates, Analysis(region=region))
    y, v = [], []
    for _, r in rows.iterrows():
        if r["input"] == "printed CI":
            yy, vv = meta.logit_from_ci(r["value"] / 1e5, r["ci_lower"] / 1e5, r["ci_upper"] / 1e5)
        else:
            n = r["population_at_risk"] if pd.notna(r["population_at_risk"]) else r["derived_population"]
            yy, vv = meta.logit_proportions([r["cases"]], [n])
        y.append(float(yy[0]))
        v.append(float(vv[0]))
    return np.array(y), np.array(v)


def test_method_comparison_gives_six_fits_or_one_refusal(estimates: pd.DataFrame) -> None:
    fits = pooling.method_comparison(estimates, Analysis(inputs="counts"))
    assert [(r.method, r.transform) for r in fits] == [
        ("DL", "logit"), ("REML", "logit"), ("PM", "logit"),
        ("DL", "freeman-tukey"), ("REML", "freeman-tukey"), ("PM", "freeman-tukey"),
    ]  # fmt: skip
    assert fits[0].estimate == pytest.approx(ALL_REGIONS_DL_LOGIT["estimate"], rel=1e-6)
    assert len(pooling.method_comparison(estimates, Analysis(region="East Asia"))) == 1


@pytest.mark.parametrize("transform", ["logit", "freeman-tukey"])
@pytest.mark.parametrize("method", ["DL", "REML", "PM"])
def test_pooled_heterogeneity_is_metafors(estimates: pd.DataFrame, method: str, transform: str) -> None:
    # metafor 3.8 on the six studies: I² and H² from tau² for every method (REML I² 97.86%, not the
    # Q-based 98.81%), Q-profile CIs of tau² and I²
    expected = dict(zip(METAFOR_FIELDS, METAFOR[("six", method, transform)], strict=True))
    fit = pooling.selected_pooled_prevalence(
        estimates, Analysis(method=method, transform=transform, inputs="counts")
    )
    assert fit.estimate == pytest.approx(1e5 * expected["estimate"], rel=1e-6)
    assert (fit.ci_lower, fit.ci_upper) == pytest.approx(
        (1e5 * expected["ci_lower"], 1e5 * expected["ci_upper"]), rel=1e-6
    )
    assert fit.tau2 == pytest.approx(expected["tau2"], rel=1e-6)
    assert fit.tau == pytest.approx(np.sqrt(expected["tau2"]), rel=1e-6)
    assert (fit.tau2_ci_lower, fit.tau2_ci_upper) == pytest.approx(
        (expected["tau2_ci_lower"], expected["tau2_ci_upper"]), rel=1e-6
    )
    assert fit.i2 == pytest.approx(expected["i2"], rel=1e-6)
    assert (fit.i2_ci_lower, fit.i2_ci_upper) == pytest.approx(
        (expected["i2_ci_lower"], expected["i2_ci_upper"]), rel=1e-6
    )
    assert fit.h2 == pytest.approx(expected["h2"], rel=1e-6)
    assert fit.q == pytest.approx(expected["q"], rel=1e-6)
    assert fit.converged and fit.note == ""
    assert sum(fit.weights) == pytest.approx(1.0)


@pytest.mark.parametrize(("method", "transform"), [("DL", "logit"), ("REML", "freeman-tukey")])
def test_leave_one_out_pools_the_other_studies(estimates: pd.DataFrame, method: str, transform: str) -> None:
    table = pooling.leave_one_out_prevalence(
        estimates, Analysis(method=method, transform=transform, inputs="counts")
    )
    assert list(table["estimate_id"]) == ["P09", "P43", "P11", "P29", "P72a", "P58"]  # k rows, pool order
    assert (table["k"] == 5).all() and table["converged"].all()
    for _, line in table.iterrows():
        others = [counts for i, counts in SIX_STUDIES.items() if i != line["estimate_id"]]
        fit = meta.pool_proportions(*zip(*others, strict=True), method, transform)
        assert (line["estimate"], line["ci_lower"], line["ci_upper"]) == pytest.approx(
            (1e5 * fit.estimate, 1e5 * fit.ci_lower, 1e5 * fit.ci_upper), rel=1e-9
        )
        assert (line["tau2"], line["i2"]) == pytest.approx((fit.tau2, fit.i2), rel=1e-9)
    assert pooling.leave_one_out_prevalence(
        estimates, Analysis(region="Europe", inputs="counts")
    ).empty  # k = 2: not pooled
    assert len(pooling.leave_one_out_prevalence(estimates, Analysis(region="Europe"))) == 7


# --- forest, expected cases, ratios and ages ---------------------------------------------------------


def test_forest_results_give_exact_intervals_and_weights(estimates: pd.DataFrame) -> None:
    forest = pooling.forest_results(estimates)
    studies = forest.studies.set_index("estimate_id")
    assert list(forest.studies["region"]) == sorted(forest.studies["region"])  # sorted by region
    assert len(studies) == 18 and studies["weight"].sum() == pytest.approx(1.0)
    p09 = studies.loc["P09"]
    assert p09["crude"] == pytest.approx(58 / 11_177_743 * 1e5, rel=1e-12)
    assert (p09["cp_lower"], p09["cp_upper"]) == pytest.approx(P09_CLOPPER_PEARSON, rel=1e-7)
    assert (studies.loc["P26", "crude"], studies.loc["P26", "cp_lower"]) == (1.04, 0.85)  # printed CI
    assert studies.loc["P42", "crude"] == pytest.approx(14 / 341_463 * 1e5, rel=1e-12)  # derived population
    europe = pooling.forest_results(estimates, Analysis(region="Europe"))
    assert set(europe.studies["region"]) == {"Europe"} and len(europe.studies) == 7
    assert [r.subgroup for r in europe.pooled] == ["Europe", "All regions"]
    assert europe.studies["weight"].sum() == pytest.approx(1.0)  # weights in the region's pool
    east = pooling.forest_results(estimates, Analysis(region="East Asia"))
    assert not east.pooled[0].pooled and east.pooled[1].pooled


def test_expected_cases_arithmetic() -> None:
    assert results.expected_cases(10_000_000, 2.5) == pytest.approx(250.0)
    assert results.expected_cases(1_000_000, 0.52) == pytest.approx(5.2)


def test_expected_cases_bases_for_europe(estimates: pd.DataFrame) -> None:
    result = pooling.selected_pooled_prevalence(estimates, Analysis(region="Europe"))
    bases = results.expected_cases_bases(10_000_000, result, load("pooled"), estimates, "Europe")
    assert list(bases["basis"]) == [
        "pooled",
        "published",
        "published",
        "published",
        "published",
        "study range",
    ]
    ema = bases[bases["pooled_id"] == "S4a_ema_1185"].iloc[0]
    assert (ema["value"], ema["people_value"]) == pytest.approx((4.0, 400.0))  # 0.4 in 10,000
    studies = bases.iloc[-1]
    # nine whole-population Europe rows, lowest P14 0.566 and highest P11 4.4 per 100,000 (csv by hand)
    assert (studies["low_id"], studies["high_id"], studies["studies"]) == ("P14", "P11", 9)
    assert (studies["people_range_low"], studies["people_range_high"]) == pytest.approx((56.6, 440.0))


def test_sex_ratio_from_a_share_of_women_is_computed() -> None:
    rows = results.sex_ratio_rows(load("sex_ratio")).set_index("sex_ratio_id")
    assert rows.loc["D04b", "ratio"] == pytest.approx(82 / 18)
    assert rows.loc["D04b", "ratio_status"] == "computed"
    assert rows.loc["D01a", "ratio"] == pytest.approx(8.89) and rows.loc["D01a", "ratio_status"] == "verified"
    assert "D12a" not in rows.index and "D05" not in rows.index  # garbled print; lower bound only


def test_onset_row_kinds() -> None:
    kinds = select.onset_rows(load("age_at_onset")).set_index("onset_id")["kind"]
    assert kinds["A13"] == "not onset"  # median age at diagnosis
    assert kinds["A16c"] == "not onset"  # age at testing
    assert kinds["A17"] == "paediatric cohort"
    assert kinds["S4b_unifyrare"] == "claim"
    assert kinds["A04"] == "band or range"
    assert kinds["A07"] == "study"


def test_summaries_by_serostatus_and_region() -> None:
    sexes = results.sex_ratio_summary(load("sex_ratio")).set_index(["serostatus", "region"])
    assert sexes.loc[("AQP4+", "Worldwide"), "rows"] == 4
    assert sexes.loc[("AQP4-", "Worldwide"), "highest"] == 1.0
    ages = results.age_at_onset_summary(load("age_at_onset")).set_index(["region", "serostatus"])
    assert ages.loc[("Europe", "all"), "row ids"] == "A07, A08, A11"
    assert ages.loc[("Europe", "all"), "median"] == 39.5  # median of 42, 39.5 and 35.6


def test_cumulative_pooling_by_publication_year(estimates: pd.DataFrame) -> None:
    years = load("sources").set_index("source_id")["year"]
    table = pooling.cumulative_prevalence(estimates, years, Analysis(region="Europe"))
    assert list(table["k"]) == [2, 3, 4, 5, 6, 7]
    assert table.iloc[0]["estimate_id"] == "P11 + P29"  # asgari2011 and cossburn2012, the first two
    assert list(table["year"]) == sorted(table["year"])
    last = table.iloc[-1]  # every study in: the Europe pool
    assert last["estimate"] == pytest.approx(REPORT_POOLS_METAFOR[("europe", "DL")][1], rel=1e-6)


def test_leave_one_out_flags_a_study_whose_removal_leaves_the_ci(estimates: pd.DataFrame) -> None:
    table = pooling.leave_one_out_prevalence(estimates).set_index("estimate_id")
    assert not table["influential"].any()  # 18 studies: none moves the pool outside 1.33-2.54
    small = pooling.leave_one_out_prevalence(estimates, Analysis(inputs="counts")).set_index("estimate_id")
    everything = pooling.selected_pooled_prevalence(estimates, Analysis(inputs="counts"))
    outside = (small["estimate"] < everything.ci_lower) | (small["estimate"] > everything.ci_upper)
    assert list(small["influential"]) == list(outside)


def test_pooled_incidence_is_metafors_and_sits_beside_the_published_figures(estimates: pd.DataFrame) -> None:
    rows, fit = specification.pooled_incidence(estimates)
    k, estimate, low, high, tau2, q = REPORT_INCIDENCE_DL
    assert len(rows) == k and fit is not None and fit.k == k
    assert (fit.estimate, fit.ci_lower, fit.ci_upper, fit.tau2, fit.q) == pytest.approx(
        (estimate, low, high, tau2, q), rel=1e-6
    )
    assert "P69a" not in set(rows["estimate_id"])  # superseded
    assert (
        specification.pooled_incidence(estimates, Analysis(region="East Asia"))[1] is None
    )  # one row (P47b)
    published = specification.published_incidence(load("pooled"))
    assert {"R2d", "R2e", "R4a"} <= set(published["pooled_id"]) and (
        published["measure"] == "incidence"
    ).all()


def test_specification_curve_spans_every_choice(estimates: pd.DataFrame) -> None:
    curve = specification.specification_curve(estimates)
    assert len(curve) == 54 and list(curve["estimate"]) == sorted(curve["estimate"])
    assert set(curve["method"]) == {"DL", "REML", "PM"}
    assert not ((curve["transform"] == "freeman-tukey") & (curve["inputs"] == "all")).any()
    default = curve[
        (curve["method"] == "DL") & (curve["transform"] == "logit") & (curve["inputs"] == "all")
        & (curve["statuses"] == "not unverified") & (curve["icd_coded_data"] == "with")
    ]  # fmt: skip
    assert default["estimate"].item() == pytest.approx(REPORT_POOLS_METAFOR[("all", "DL")][1], rel=1e-9)
    verified_only = curve[curve["statuses"] == "verified only"]
    assert (verified_only["k"] < 18).all()
    support = specification.limit_support(curve, 5.0)
    assert support["specifications"] == 54 and support["estimate below"] == 54 and support["CI above"] == 0
