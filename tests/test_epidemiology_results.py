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
    SIX_STUDIES,
    W2006_DL_LOGIT,
)

from nmosd_evidence import load
from nmosd_evidence.core import meta
from nmosd_evidence.reports.epidemiology import results, select


@pytest.fixture(scope="module")
def estimates() -> pd.DataFrame:
    return load("estimates")


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return load("claims")


# --- rows in scope -----------------------------------------------------------------------------------


def test_pooled_rows_are_the_six_whole_population_studies_with_counts(estimates: pd.DataFrame) -> None:
    rows = select.pooled_rows(estimates).set_index("estimate_id")
    counts = {i: (int(r["cases"]), int(r["population_at_risk"])) for i, r in rows.iterrows()}
    assert counts == SIX_STUDIES
    table = select.pooling_eligibility(estimates)
    assert int(table["pooled"].sum()) == 6
    assert len(table) == len(select.estimates_in_scope(estimates, "prevalence"))
    reasons = table.set_index("estimate_id")["reason"]
    assert reasons["P53b"] == "no population at risk"  # 13 cases, no denominator
    assert reasons["P01"] == "no cases and no population at risk"
    assert reasons["P09"] == "pooled: crude cases / population"


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
    result = results.selected_pooled_prevalence(estimates)
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
    w2006 = results.selected_pooled_prevalence(estimates, criteria="W2006")
    assert w2006.k == 4
    assert w2006.estimate == pytest.approx(W2006_DL_LOGIT["estimate"], rel=1e-6)
    assert (w2006.ci_lower, w2006.ci_upper) == pytest.approx(W2006_DL_LOGIT["ci"], rel=1e-6)
    assert w2006.tau2 == pytest.approx(W2006_DL_LOGIT["tau2"], rel=1e-6)
    assert w2006.i2 == pytest.approx(W2006_DL_LOGIT["i2"], rel=1e-6)
    ft = results.selected_pooled_prevalence(estimates, transform="freeman-tukey")
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
        }
    )
    result = results.pooled_prevalence(rows, "example", "DL", "logit")
    assert result.pooled and result.k == 3 and result.mix == ""
    assert result.estimate == pytest.approx(23.8114525, rel=1e-7)
    assert (result.ci_lower, result.ci_upper) == pytest.approx((12.0035922, 47.2291466), rel=1e-7)
    assert (result.pi_lower, result.pi_upper) == pytest.approx((0.00575065, 49658.1758), rel=1e-5)
    assert result.tau2 == pytest.approx(0.30749734, rel=1e-7)
    assert result.q == pytest.approx(13.27172499, rel=1e-8)


def test_subgroups_with_too_few_studies_get_a_message_not_a_number(estimates: pd.DataFrame) -> None:
    east_asia = results.selected_pooled_prevalence(estimates, "East Asia")
    assert not east_asia.pooled
    assert east_asia.estimate is None and east_asia.ci_lower is None and east_asia.tau2 is None
    assert east_asia.message == (
        "Too few studies to pool (East Asia): k = 1 (P43) with cases and population; "
        "a random-effects estimate needs at least 3."
    )
    europe = results.selected_pooled_prevalence(estimates, "Europe")
    assert not europe.pooled and "k = 2 (P11, P29)" in europe.message
    ipnd = results.selected_pooled_prevalence(estimates, "All", "IPND2015")
    assert not ipnd.pooled and ipnd.k == 0


def test_subgroups_pool_only_with_three_studies(estimates: pd.DataFrame) -> None:
    by_region = {r.subgroup: r for r in results.pooled_prevalence_by(estimates, "region")}
    assert not any(r.pooled for r in by_region.values())  # no region has 3 studies with counts
    assert by_region["region: Europe"].k == 2
    by_criteria = {r.subgroup: r for r in results.pooled_prevalence_by(estimates, "criteria")}
    assert by_criteria["criteria: W2006"].estimate == pytest.approx(W2006_DL_LOGIT["estimate"], rel=1e-6)
    assert not by_criteria["criteria: ICD"].pooled
    by_ethnicity = {r.subgroup: r for r in results.pooled_prevalence_by(estimates, "ethnicity")}
    assert by_ethnicity["ethnicity: all"].estimate == pytest.approx(
        ALL_REGIONS_DL_LOGIT["estimate"], rel=1e-6
    )
    assert by_ethnicity["ethnicity: Black"].k == 0


def test_method_comparison_gives_six_fits_or_one_refusal(estimates: pd.DataFrame) -> None:
    fits = results.method_comparison(estimates)
    assert [(r.method, r.transform) for r in fits] == [
        ("DL", "logit"), ("REML", "logit"), ("PM", "logit"),
        ("DL", "freeman-tukey"), ("REML", "freeman-tukey"), ("PM", "freeman-tukey"),
    ]  # fmt: skip
    assert fits[0].estimate == pytest.approx(ALL_REGIONS_DL_LOGIT["estimate"], rel=1e-6)
    assert len(results.method_comparison(estimates, "East Asia")) == 1


@pytest.mark.parametrize("transform", ["logit", "freeman-tukey"])
@pytest.mark.parametrize("method", ["DL", "REML", "PM"])
def test_pooled_heterogeneity_is_metafors(estimates: pd.DataFrame, method: str, transform: str) -> None:
    # metafor 3.8 on the six studies: I² and H² from tau² for every method (REML I² 97.86%, not the
    # Q-based 98.81%), Q-profile CIs of tau² and I²
    expected = dict(zip(METAFOR_FIELDS, METAFOR[("six", method, transform)], strict=True))
    fit = results.selected_pooled_prevalence(estimates, method=method, transform=transform)
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
    table = results.leave_one_out_prevalence(estimates, method=method, transform=transform)
    assert list(table["estimate_id"]) == ["P09", "P43", "P11", "P29", "P72a", "P58"]  # k rows, pool order
    assert (table["k"] == 5).all() and table["converged"].all()
    for _, line in table.iterrows():
        others = [counts for i, counts in SIX_STUDIES.items() if i != line["estimate_id"]]
        fit = meta.pool_proportions(*zip(*others, strict=True), method, transform)
        assert (line["estimate"], line["ci_lower"], line["ci_upper"]) == pytest.approx(
            (1e5 * fit.estimate, 1e5 * fit.ci_lower, 1e5 * fit.ci_upper), rel=1e-9
        )
        assert (line["tau2"], line["i2"]) == pytest.approx((fit.tau2, fit.i2), rel=1e-9)
    assert results.leave_one_out_prevalence(estimates, "Europe").empty  # k = 2: not pooled


# --- forest, expected cases, ratios and ages ---------------------------------------------------------


def test_forest_results_give_exact_intervals_and_weights(estimates: pd.DataFrame) -> None:
    forest = results.forest_results(estimates, "East Asia")
    studies = forest.studies.set_index("estimate_id")
    assert list(forest.studies["estimate_id"]) == ["P09", "P43", "P11", "P29", "P72a", "P58"]  # by region
    p09 = studies.loc["P09"]
    assert p09["crude"] == pytest.approx(58 / 11_177_743 * 1e5, rel=1e-12)
    assert (p09["cp_lower"], p09["cp_upper"]) == pytest.approx(P09_CLOPPER_PEARSON, rel=1e-7)
    assert studies["weight"].sum() == pytest.approx(1.0)
    assert [r.subgroup for r in forest.pooled] == ["All regions", "East Asia"]
    assert forest.pooled[0].pooled and not forest.pooled[1].pooled


def test_expected_cases_arithmetic() -> None:
    assert results.expected_cases(10_000_000, 2.5) == pytest.approx(250.0)
    assert results.expected_cases(1_000_000, 0.52) == pytest.approx(5.2)


def test_expected_cases_bases_for_europe(estimates: pd.DataFrame) -> None:
    result = results.selected_pooled_prevalence(estimates, "Europe")
    bases = results.expected_cases_bases(10_000_000, result, load("pooled"), estimates, "Europe")
    assert list(bases["basis"]) == [
        "refused",
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
