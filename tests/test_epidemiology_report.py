"""Epidemiology report, what a reader sees: the claims ledger's verdicts (never the report's own), the
prose, tables and figures with the headline numbers, the evidence rows and the notebook's parameters."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import re

import pytest
from conftest import ROOT
from ledger_shown import assert_verdicts_are_the_ledgers, verdicts_shown
from reference_values import REPORT_POOLS_METAFOR

from nmosd_evidence import load, params
from nmosd_evidence.present.charts import FOOTNOTE_CHARS
from nmosd_evidence.reports import epidemiology as epi

NOTEBOOK = ROOT / "notebooks" / "01_epidemiology.ipynb"


@pytest.fixture(scope="module")
def data() -> epi.EpidemiologyTables:
    return epi.load_tables()


def _verdicts(markdown: str) -> dict[str, str]:
    """claim id -> verdict, for every ledger verdict ``markdown`` shows, each checked to be the ledger's
    (verdict and explanation)."""
    assert_verdicts_are_the_ledgers(markdown, load("claims"))
    return {claim_id: verdict for claim_id, verdict, _ in verdicts_shown(markdown)}


def _report_markdown(data: epi.EpidemiologyTables) -> dict[str, str]:
    overall = epi.selected_pooled_prevalence(data.estimates)
    methods = epi.method_comparison(data.estimates)
    curve = epi.specification_curve(data.estimates)
    return {
        "prevalence": epi.fewer_than_five_markdown(
            data.estimates, data.pooled, overall, data.claims, methods, curve
        ),
        "onset": epi.women_30_40_markdown(data.sex_ratio, data.age_at_onset, data.claims),
    }


# --- verdicts are the ledger's ------------------------------------------------------------------------


def test_every_verdict_the_report_shows_is_the_ledgers(data: epi.EpidemiologyTables) -> None:
    texts = _report_markdown(data)
    shown = {name: _verdicts(text) for name, text in texts.items()}
    assert shown == {
        "prevalence": {"R05": "supported with nuance"},
        "onset": {"R03": "supported", "R04": "supported with nuance"},
    }


def test_the_report_composes_no_verdict_of_its_own(data: epi.EpidemiologyTables) -> None:
    for text in _report_markdown(data).values():
        for word in ("holds", "Holds", "Verdict", "does not hold", "Does not hold", "safer wording"):
            assert word not in text
        bold = re.findall(r"\*\*(.+?)\*\*", text)  # the only bold text: the ledger's verdicts
        assert all(b in load("claims")["verdict"].tolist() for b in bold), bold


def test_the_committed_notebook_shows_the_ledgers_verdicts() -> None:
    markdown = [
        "".join(output["data"]["text/markdown"])
        for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
        for output in cell.get("outputs", [])
        if "text/markdown" in output.get("data", {})
    ]
    shown = {claim: verdict for text in markdown for claim, verdict in _verdicts(text).items()}
    assert set(shown) == set(epi.CHECKED_CLAIM_IDS) == {"R03", "R04", "R05"}


# --- prose --------------------------------------------------------------------------------------------


def test_pooled_and_expected_cases_sentences(data: epi.EpidemiologyTables) -> None:
    result = epi.selected_pooled_prevalence(data.estimates)
    assert result.estimate == pytest.approx(REPORT_POOLS_METAFOR[("all", "DL")][1], rel=1e-6)
    assert epi.pooled_markdown(result).startswith(
        "**All regions: 1.84 per 100,000** (95% CI 1.33–2.54; 95% prediction interval 0.414–8.14), "
        "k = 18 studies (P08, P09, P42, P75, P11, P16, P17, P23, P26, P27, P29, P61, P64a, P72a, P38, P58, "
        "P53a, P54a: 5 by printed cases and population, 9 with a population derived from cases ÷ a rounded "
        "crude rate, 4 by a printed 95% CI (generic inverse variance)); heterogeneity tau² = 0.466 (95% CI "
        "0.331–1.38), tau = 0.683, I² = 99.3% (95% CI 99–99.8%), H² = 147, Q = 2502.1 on 17 df "
        "(p&lt;0.001). I² from tau² as in metafor: tau²/(tau² + typical within-study variance), for every "
        "method (for DerSimonian–Laird the same as the Q-based (Q − df)/Q); the CIs of tau² and I² are "
        "Q-profile intervals. DerSimonian–Laird random effects, logit scale, Wald (normal) confidence "
        "interval. The pooled rows mix criteria ICD 2, IPND2015 9, "
    )
    counts = epi.pooled_markdown(
        epi.selected_pooled_prevalence(data.estimates, epi.Analysis(inputs="counts"))
    )
    assert counts.startswith("**All regions: 2.07 per 100,000** (95% CI 0.713–6.03; 95% prediction interval")
    assert "k = 6 studies (P09, P43, P11, P29, P72a, P58: 6 by printed cases and population)" in counts
    reml = epi.pooled_markdown(epi.selected_pooled_prevalence(data.estimates, epi.Analysis(method="REML")))
    assert "I² = 99.5% (95% CI 99–99.8%), H² = 193," in reml and "did not converge" not in reml
    knha = epi.pooled_markdown(epi.selected_pooled_prevalence(data.estimates, epi.Analysis(test="knha")))
    assert "logit scale, Knapp–Hartung (t with k − 1 df)." in knha
    # 10 x (1.835, 1.326–2.540; PI 0.414–8.139) per 100,000 among a million people
    assert epi.expected_cases_markdown(1_000_000, result) == (
        "**Among 1,000,000 people (All regions) about 18 would have NMOSD** if the pooled prevalence "
        "applied (95% CI 13–25; a new population like those studied could have 4–81, the 95% prediction "
        "interval)."
    )
    refused = epi.selected_pooled_prevalence(data.estimates, epi.Analysis(region="East Asia"))
    assert epi.pooled_markdown(refused) == (
        f"**East Asia: no pooled estimate.** {refused.message} "
        "(DerSimonian–Laird random effects, logit scale, Wald (normal) confidence interval.)"
    )
    assert "cannot give a pooled expectation" in epi.expected_cases_markdown(10, refused)


def test_prevalence_statement_evidence_listing(data: epi.EpidemiologyTables) -> None:
    text = _report_markdown(data)["prevalence"]
    # counted with csv.DictReader: 41 whole-population rows (all NMOSD, not unverified, not superseded),
    # 36 below 5 per 100,000, lowest P74a 0.15; 18 prevalence rows at or above 5
    assert "- 36 of 41 whole-population prevalence estimates" in text and "(lowest 0.15, P74a)" in text
    assert "1.84 per 100,000 (95% CI 1.33–2.54, k = 18)" in text
    # which methods and specifications support "fewer than five": every method's CI below 5 for the
    # default inputs; the specification curve counts from specification.limit_support
    assert (
        "By method and scale (all regions): DerSimonian–Laird, logit 1.84 (95% CI 1.33–2.54, whole CI "
        "below 5);" in text
    )
    curve = epi.specification_curve(data.estimates)
    support = epi.limit_support(curve, 5.0)
    assert support == {
        "specifications": 54, "estimate below": 54, "CI below": 46, "CI contains": 8, "CI above": 0,
        "PI reaches above": 48,
    }  # fmt: skip
    assert (
        "Across the 54 specifications of the specification curve (every method, scale, input rule, status "
        "threshold, with and without ICD-coded data): the estimate is below 5 in 54, the whole 95% CI in 46, "
        "the CI contains 5 in 8 and lies above it in 0; the 95% prediction interval reaches above 5 in 48: "
        "the pooled mean is below the limit, but a single population above it is to be expected." in text
    )
    assert "- 18 prevalence estimates are at or above 5 per 100,000:" in text
    listing = text.split("at or above 5 per 100,000:")[1]
    assert "P68 " in listing and "P01 " in listing and "P72a " in listing and "P09 " not in listing
    assert "    - Black populations: " in listing and "    - East Asian or Asian populations: " in listing
    assert "“&lt;5/100,000 globally”" in text  # data text is escaped for Markdown
    assert "S4a\\_mori (mori2018" in text


def test_onset_statement_evidence_listing(data: epi.EpidemiologyTables) -> None:
    text = _report_markdown(data)["onset"]
    # csv by hand: 15 AQP4+ ratios 2.9 to 23; 22 all-NMOSD ratios 2.125 to 19.83 (some from % women;
    # D09b, the same Japanese survey as D09a, superseded); MOG-antibody disease (D02b) is not AQP4-negative
    assert "- AQP4-IgG negative: 1:1 (D24, secondary)." in text and "D02b" not in text
    assert "AQP4-IgG positive: 15 of 15 rows above 1, 2.9 to 23 women per man" in text
    assert ": 8.89, 95% CI 7.78–10.2)" in text and "all NMOSD: 22 rows, 2.12 to 19.8" in text
    assert "7 lie within 30–40 (A12 30.9, A15b 33, A11 35.6, A15a 36, A\\_D21 36, A08 39.5, A02 40)" in text
    assert "6 above it (A14 41.1, A07 42, A15c 44, A06 44.2, A10 45.2, A09 51)" in text
    assert "A04 45–65 (China, nationwide tertiary hospitals (HQMS))" in text
    assert (
        "late onset in 12.1% (A16b), 25.1% (A19), 29% (A20), 24.9% (A21); paediatric onset in 5.3% (A16a)."
        in text
    )
    assert "S4b\\_unifyrare “The average age at onset of the disorder is 30–40 years” (secondary)" in text


# --- tables -------------------------------------------------------------------------------------------


def test_expected_cases_table(data: epi.EpidemiologyTables) -> None:
    result = epi.selected_pooled_prevalence(data.estimates)
    table = epi.expected_cases_table(1_000_000, result, data.pooled, data.estimates).data
    assert table.iloc[0]["expected people"] == "18 (95% CI 13–25; PI 4–81)"
    by_basis = table.set_index(table["basis"].str.extract(r"\((\w+)\)$")[0])
    assert by_basis.loc["R2c", "expected people"] == "22 (95% CI 15–29)"  # 2.16 (1.46–2.86) per 100,000
    assert by_basis.loc["R4f", "expected people"] == "fewer than 50"  # < 5 per 100,000
    assert by_basis.loc["S4a_orpha_prev", "expected people"] == "10–50"  # 1–5 per 100,000
    europe = epi.selected_pooled_prevalence(data.estimates, epi.Analysis(region="Europe"))
    table = epi.expected_cases_table(10_000_000, europe, data.pooled, data.estimates, "Europe").data
    assert table.iloc[0]["expected people"] == "145 (95% CI 95–220; PI 33–632)"
    assert table[table["basis"].str.contains("S4a_ema_1185")].iloc[0]["expected people"] == "400"
    assert table.iloc[-1]["basis"].endswith("(P14 to P11, 9 estimates)")
    assert table.iloc[-1]["expected people"] == "57–440"  # 0.566 and 4.4 per 100,000 of 10 million


def test_summary_tables_show_the_pooled_numbers(data: epi.EpidemiologyTables) -> None:
    methods = epi.method_table(data.estimates).data
    first = methods.iloc[0]
    assert (first["method"], first["transform"], first["k"], first["pooled per 100,000"]) == (
        "DerSimonian–Laird", "logit", 18, "1.84",
    )  # fmt: skip
    assert (first["95% CI"], first["95% prediction interval"]) == ("1.33–2.54", "0.414–8.14")
    assert (first["tau²"], first["tau² 95% CI"], first["tau"]) == ("0.466", "0.331–1.38", "0.683")
    assert (first["I²"], first["I² 95% CI"], first["H²"]) == ("99.3%", "99–99.8%", "147")
    assert first["Q (df, p)"] == "2502.1 (17, p<0.001)"
    reml, pm = methods.iloc[1], methods.iloc[2]
    assert (reml["I²"], reml["H²"], pm["I²"], pm["H²"]) == ("99.5%", "193", "99.5%", "190")
    ft = methods.iloc[3]  # Freeman–Tukey: the 3 rows known by their CI only are left out
    assert (ft["transform"], ft["k"], ft["pooled per 100,000"]) == ("Freeman–Tukey", 14, "2.16")
    assert (methods["note"] == "").all()
    by_region = epi.subgroup_table(data.estimates, "region").data.set_index("subgroup")
    assert by_region.loc["region: Europe", "pooled per 100,000"] == "1.45"
    assert by_region.loc["region: Europe", "k"] == 7 and by_region.loc["region: East Asia", "k"] == 2
    assert by_region.loc["region: East Asia", "note"] == "too few studies to pool (at least 3 needed)"
    difference = by_region.loc["test for subgroup differences"]
    assert difference["Q (df, p)"] == "5.8 (4, p=0.216)"
    assert difference["note"].startswith("Q between 5 subgroups with 2 studies or more (Caribbean, East Asia")
    by_criteria = epi.subgroup_table(data.estimates, "criteria").data.set_index("subgroup")
    assert by_criteria.loc["criteria: W2006", "Q (df, p)"] == "70.0 (4, p<0.001)"
    assert by_criteria.loc["test for subgroup differences", "Q (df, p)"] == "49.2 (2, p<0.001)"


def test_a_fit_that_did_not_converge_says_so(
    data: epi.EpidemiologyTables, monkeypatch: pytest.MonkeyPatch
) -> None:
    fit = epi.selected_pooled_prevalence(data.estimates, epi.Analysis(method="REML"))
    failed = dataclasses.replace(fit, converged=False, note="tau² by REML: no upper bound found")
    assert "The fit did not converge: tau² by REML: no upper bound found." in epi.pooled_markdown(failed)
    monkeypatch.setattr(epi.tables, "method_comparison", lambda *args: [fit, failed])
    notes = epi.method_table(data.estimates).data["note"]
    assert list(notes) == ["", "did not converge: tau² by REML: no upper bound found"]


def test_leave_one_out_table(data: epi.EpidemiologyTables) -> None:
    table = epi.leave_one_out_table(data.estimates, epi.Analysis(inputs="counts")).data
    assert list(table.columns) == ["left out", "k", "pooled per 100,000", "95% CI", "tau²", "I²", "note"]
    assert len(table) == 6 and (table["k"] == 5).all()
    first = table.iloc[0]
    assert first["left out"] == "P09 (cabreragomez2009)"
    assert (first["pooled per 100,000"], first["95% CI"], first["tau²"], first["I²"]) == (
        "3.06", "1.72–5.45", "0.353", "92.3%",
    )  # fmt: skip
    assert len(epi.leave_one_out_table(data.estimates).data) == 18
    refused = epi.leave_one_out_table(data.estimates, epi.Analysis(region="Europe", inputs="counts")).data
    assert list(refused["note"]) == ["too few studies to pool (at least 3 needed)"]


def test_eligibility_and_published_tables_escape_and_keep_text(data: epi.EpidemiologyTables) -> None:
    styler = epi.eligibility_table(data.estimates)
    display = styler.data.set_index("row")
    p09 = display.loc["P09 Cuba, nationwide case ascertainment, multiethnic"]
    assert p09["cases / population per 100,000"] == pytest.approx(0.519, abs=1e-9)  # 58 / 11,177,743
    assert p09["pooled"] == "yes: crude cases / population"
    p01 = display.loc["P01 Martinique (90% Black, Afro-Caribbean), whole popul… [adj.]"]
    assert p01["pooled"] == "no: no cases, population or 95% CI printed"
    p42 = display.loc[display.index.str.startswith("P42 ")].iloc[0]
    assert p42["population at risk"] == "341,463 (derived)" and p42["95% CI"] == "2.2–6.9"
    markup = styler.to_html()
    assert markup == epi.eligibility_table(data.estimates).to_html()  # fixed id: deterministic
    assert "T_epi-eligibility" in markup and "11,177,743" in markup and "children &lt;18 y" in markup
    published = epi.published_table(data.pooled).to_html()
    assert "1.54 per 100,000 population (I2: 98.4%, 95% CI: 1.13-1.96)" in published  # not cut
    assert "&lt;5/100,000 globally" in published


def test_ratio_age_and_left_out_tables(data: epi.EpidemiologyTables) -> None:
    sexes = epi.sex_ratio_table(data.sex_ratio).data.set_index(["serostatus", "region"])
    assert sexes.loc[("AQP4-IgG positive", "Worldwide"), "rows"] == 4
    ages = epi.onset_table(data.age_at_onset).data.set_index(["region", "serostatus"])
    assert ages.loc[("Europe", "all"), "median"] == 39.5
    shares = epi.onset_shares_table(data.age_at_onset).data.set_index("row")
    assert shares.loc["A16b", "percent"] == 12.1 and shares.loc["A16a", "share"] == "paediatric"
    left_out = epi.left_out_table(data.estimates, data.pooled, data.sex_ratio, data.age_at_onset).data
    assert list(left_out["row"]) == ["P69a", "P69b", "P69c", "P69d", "D09b"]


# --- figures ------------------------------------------------------------------------------------------


def _footnote(fig) -> str:
    return fig.layout.annotations[-1].text.replace("<br>", " ")


def test_forest_figure_is_metafor_style(data: epi.EpidemiologyTables) -> None:
    fig = epi.forest_figure(epi.forest_results(data.estimates))
    diamonds = [trace for trace in fig.data if trace.fill == "toself"]
    assert len(diamonds) == 1 and diamonds[0].x[1] == pytest.approx(1.835, rel=1e-3)
    assert fig.layout.title.text == (
        "Studies pooled (all regions): I² = 99.3% (95% CI 99.0–99.8%, from tau²), tau² = 0.466, k = 18"
    )
    assert sum(len(trace.x) for trace in fig.data if trace.mode == "markers") == 18
    labels = list(fig.layout.yaxis.ticktext)
    assert labels[2].startswith("P42 ") and labels[2].endswith("(2016) †")  # derived population
    assert labels[0].endswith("‡")  # P08, by its printed CI
    right = list(fig.layout.yaxis2.ticktext)  # estimate [CI] weight, as metafor prints them
    assert right[0] == "4.2 [3.7, 5.7]  5.8%" and right[-1] == "1.84 [1.33, 2.54]  100.0%"
    prediction = [t for t in fig.data if t.name and t.name.endswith("95% prediction interval")]
    assert prediction[0].x == pytest.approx((0.414, 8.14), rel=1e-2)
    east = epi.forest_figure(epi.forest_results(data.estimates, epi.Analysis(region="East Asia")))
    assert "Too few studies to pool (East Asia)" in _footnote(east) and "houzen2017" in _footnote(east)
    assert len([trace for trace in east.data if trace.fill == "toself"]) == 1  # all regions only


def test_specification_and_funnel_figures(data: epi.EpidemiologyTables) -> None:
    curve = epi.specification_curve(data.estimates)
    fig = epi.specification_figure(curve, 5.0, "All regions")
    assert len(fig.data[0].x) == 54 and list(fig.data[0].y) == sorted(fig.data[0].y)
    assert "The whole CI is below 5 per 100,000 in 46 of 54." in _footnote(fig)
    rows = epi.pooled_rows(data.estimates)
    funnel = epi.funnel_figure(rows, epi.selected_pooled_prevalence(data.estimates), epi.Analysis())
    assert len(funnel.data[-1].x) == 18 and "Egger's regression test: slope" in _footnote(funnel)
    europe = epi.selected_pooled_prevalence(data.estimates, epi.Analysis(region="Europe"))
    in_europe = epi.Analysis(region="Europe")
    small = epi.funnel_figure(epi.pooled_rows(data.estimates, in_europe), europe, in_europe)
    assert "need at least 10 studies; k = 7" in small.layout.annotations[0].text


def test_prevalence_and_incidence_figures(data: epi.EpidemiologyTables) -> None:
    fig = epi.prevalence_figure(data.estimates, epi.prevalence_limit(data.claims), "Europe")
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.shapes[0].x0 == 5.0  # the statement's 5 per 100,000
    assert fig.layout.xaxis.title.text.endswith("dotted line: 5 per 100,000")
    labels = list(fig.layout.yaxis.ticktext)
    assert any(label.startswith("P11 ") for label in labels)
    assert not any(label.startswith("P01 ") for label in labels)  # Caribbean, not Europe
    incidence = epi.incidence_figure(data.estimates)
    assert "Superseded rows left out: P69a, P69b, P69c, P69d." in _footnote(incidence)
    assert "P69a" not in _footnote(epi.incidence_figure(data.estimates, "East Asia"))
    assert not any(label.startswith("P69") for label in incidence.layout.yaxis.ticktext)


def test_prevalence_figure_wraps_the_footnote_and_gives_a_ninth_region_its_colour(
    data: epi.EpidemiologyTables,
) -> None:
    fig = epi.prevalence_figure(data.estimates, 5.0)
    lines = fig.layout.annotations[-1].text.split("<br>")
    assert len(lines) > 1 and all(len(line) <= FOOTNOTE_CHARS for line in lines)
    colours = [trace.line.color for trace in fig.data if trace.showlegend is not False]
    assert len(colours) == 9 and len(set(colours)) == 9  # nine regions, nine colours
    assert list(fig.layout.xaxis.tickvals) == [0.1, 0.2, 0.5, 1, 2, 5, 10, 20]


def test_sex_ratio_and_age_figures(data: epi.EpidemiologyTables) -> None:
    fig = epi.sex_ratio_figure(epi.sex_ratio_rows(data.sex_ratio), data.sex_ratio)
    assert fig.layout.shapes[0].x0 == 1.0 and fig.layout.shapes[0].line.width > 0
    assert "D12a" in _footnote(fig)
    age = epi.age_at_onset_figure(data.age_at_onset, epi.onset_band(data.claims))
    assert (age.layout.shapes[0].x0, age.layout.shapes[0].x1) == (30.0, 40.0)
    assert age.layout.title.text == "Age at onset (all regions) against the claim's 30–40 band"
    europe = epi.sex_ratio_figure(epi.sex_ratio_rows(data.sex_ratio), data.sex_ratio, "Europe")
    assert europe.layout.title.text == "Female-to-male ratio by serostatus (Europe and worldwide summaries)"
    shown = {label.split(" ")[0] for label in europe.layout.yaxis.ticktext}
    regions = data.sex_ratio.set_index("sex_ratio_id")["region"]
    assert {regions[i] for i in shown} <= {"Europe", "Worldwide"} and "Europe" in {regions[i] for i in shown}
    onset = epi.age_at_onset_figure(data.age_at_onset, (30.0, 40.0), "Caribbean")
    assert onset.layout.title.text.startswith("Age at onset (Caribbean and worldwide summaries)")


# --- evidence and parameters --------------------------------------------------------------------------


def _notebook_parameters() -> dict[str, object]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    cell = next(c for c in cells if "parameters" in c["metadata"].get("tags", []))
    return {
        node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse("".join(cell["source"])).body
    }


def test_evidence_takes_the_notebooks_parameters_with_its_defaults() -> None:
    signature = inspect.signature(epi.evidence).parameters
    assert {name: p.default for name, p in signature.items()} == _notebook_parameters()


def test_evidence_rows_follow_the_parameters(data: epi.EpidemiologyTables) -> None:
    everything = epi.evidence()
    assert list(everything.columns) == ["row_id", "source_id", "locator", "quote", "status"]
    tokachi = everything[everything["row_id"] == "P42"].iloc[0]
    assert (tokachi["source_id"], tokachi["status"]) == ("houzen2017", "verified")
    assert tokachi["quote"].startswith("The crude prevalence was 4.1/100,000")
    seed = everything[everything["source_id"] == "seed_roche_ch_nmosd"]
    assert len(seed) == 1 and seed["status"].isna().all()  # the document checked, not evidence
    assert set(everything["status"].dropna()) <= {
        "verified",
        "abstract",
        "secondary",
        "computed",
        "unverified",
    }
    assert {"houzen2012", "arnett2024", "pandit2022", "lee2024_aan"} <= set(everything["source_id"])
    rows = set(everything["row_id"].dropna())
    w2006 = set(epi.evidence(criteria="W2006")["row_id"].dropna())
    incidence = epi.estimates_in_scope(data.estimates, "incidence", "All", "any", "all")
    other_criteria = set(incidence.loc[incidence["criteria"] != "W2006", "estimate_id"])
    assert rows - w2006 == other_criteria and "P51" in other_criteria  # incidence rows of other criteria
    assert w2006 <= rows
    assert set(epi.evidence(method="REML", population=5)["source_id"]) == set(everything["source_id"])


def test_invalid_parameters_are_refused_with_the_allowed_values() -> None:
    with pytest.raises(params.ParameterError, match="East Asia") as error:
        params.check("01_epidemiology", {"region": "Atlantis"})
    assert "All" in str(error.value) and "Worldwide" not in str(error.value)
    with pytest.raises(params.ParameterError, match="DL, REML, PM"):
        params.check("01_epidemiology", {"method": "ML"})
    with pytest.raises(params.ParameterError, match="logit, freeman-tukey"):
        params.check("01_epidemiology", {"transform": "arcsine"})
    with pytest.raises(params.ParameterError, match=">= 1"):
        params.check("01_epidemiology", {"population": 0})
    ok = params.check("01_epidemiology", {"region": "East Asia", "population": 10_000_000})
    assert ok.region == "East Asia" and ok.method == "DL"
    assert set(ok.model_dump()) == set(_notebook_parameters())
