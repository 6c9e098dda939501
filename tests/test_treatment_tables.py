"""Treatment report, tables: cell text as shown (through the one Styler helper), each with its status."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler
from test_treatment_select import one, raw_rows

from nmosd_evidence.reports.treatment import select, tables


def shown(styler: Styler) -> pd.DataFrame:
    assert isinstance(styler, Styler)
    return styler.data


def test_summary_tables_pivot_results_with_status(everything):
    design, results = (
        shown(tables.summary_design_table(everything)),
        shown(tables.summary_results_table(everything)),
    )
    assert list(design["comparison"]) == list(results["comparison"]) == list(everything.comparisons["label"])
    prevent = one(results, "comparison", "PREVENT (AQP4+)")
    assert prevent["hazard ratio (95% CI); p"] == "0.06 (0.02–0.20); p<0.001 [secondary]"
    assert prevent["relapses, treatment arm"] == "3 of 96 [secondary]"
    assert prevent["relapses, comparator arm"] == "20 of 47 [secondary]"
    assert prevent["relapse risk reduction"] == "94.2% [unverified]"
    assert prevent["relapse-free, treatment vs comparator"].startswith("week 48: 97.9% vs 63.2% [secondary]")
    assert one(design, "comparison", "PREVENT (AQP4+)")["n (treatment / comparator)"] == "96 / 47"
    nmo = one(results, "comparison", "N-MOmentum, all participants")
    assert nmo["hazard ratio (95% CI); p"] == "0.272 (0.150–0.496); p<0.0001 [secondary]"
    sky = one(results, "comparison", "SAkuraSky, all participants")
    assert sky["hazard ratio (95% CI); p"] == "0.38 (0.16–0.88); p=0.02 [secondary]"
    star = one(results, "comparison", "SAkuraStar, all participants")
    assert star["hazard ratio (95% CI); p"] == "0.45 (0.23–0.89); p=.018 [abstract]"  # p as printed
    assert star["relapses, treatment arm"] == "19 of 63 [unverified]"
    champion = one(results, "comparison", "CHAMPION-NMOSD (AQP4+)")
    assert champion["hazard ratio (95% CI); p"] == "0.014 (0.000–0.103); p<0.0001 [secondary]"
    tango = one(results, "comparison", "TANGO, all participants")
    # read only in a garbled copy of the abstract ("789" for 78.9): unverified
    assert tango["other results"] == "median time to first relapse 78.9 vs 56.7 weeks, p=0.0026 [unverified]"
    assert one(design, "comparison", "RIN-1 (AQP4+)")["n (treatment / comparator)"] == "not given"
    rin1 = one(results, "comparison", "RIN-1 (AQP4+)")
    assert rin1["relapse-free, treatment vs comparator"] == "week 72: 100% vs 63% [secondary]"


def test_hazard_ratio_table_shows_the_printed_interval_and_other_reports(everything):
    table = shown(tables.hazard_ratio_table(everything))
    champion = one(table, "comparison", "CHAMPION-NMOSD (AQP4+) [external control]")
    assert (champion["HR (95% CI)"], champion["p"]) == ("0.014 (0.000–0.103)", "p<0.0001")
    prevent = one(table, "comparison", "PREVENT (AQP4+)")
    assert prevent["also reported"] == "hazard ratio 0.06; P<0.0001 (aao_prevent_summary, secondary)"
    assert (prevent["source"], prevent["status"]) == ("kumpfel2024", "secondary")


def test_conflicting_reports_keep_every_row_and_mark_one(everything, aqp4_randomised):
    table = shown(tables.conflicting_reports_table(everything))
    assert len(table) == 10
    assert (
        sorted(table.groupby(["comparison", "measure", "week"])["shown"].apply(sorted).map(tuple))
        == [("no", "yes")] * 5
    )
    prevent = table[table["comparison"] == "PREVENT (AQP4+)"]
    assert one(prevent, "shown", "yes")["source"] == "kumpfel2024"
    empty = select.Scope(**{**everything.__dict__, "comparisons": everything.comparisons.iloc[0:0]})
    assert shown(tables.conflicting_reports_table(empty)).empty


def test_unverified_results_lists_every_unverified_row(everything, aqp4_randomised):
    table = shown(tables.unverified_results_table(everything))
    assert len(table) == 17  # the unverified trial_results rows of trial designs (test_treatment_results)
    tango = table[table["comparison"] == "TANGO, all participants"]
    assert "cross in the forest plot" in one(tango, "measure", "hazard ratio")["shown as"]
    assert len(shown(tables.unverified_results_table(aqp4_randomised))) == 6


def test_mechanism_table_approvals_come_from_every_trial_row(everything, aqp4_randomised):
    table = shown(tables.mechanism_table(everything)).set_index("mechanism")
    assert list(table["target"]) == ["C5", "CD19", "IL-6R", "CD20"]
    assert table.loc["C5 complement inhibition", "drugs"] == "eculizumab, ravulizumab"
    approvals = table["approved for NMOSD (first approval)"]
    assert approvals["C5 complement inhibition"] == "eculizumab (2019), ravulizumab (2023)"
    assert approvals["IL-6 receptor blockade"] == "satralizumab (2020)"
    assert approvals["CD20 B-cell depletion"] == "none in the data"
    # only the AQP4+ subgroup row of N-MOmentum is selected; inebilizumab keeps its approval
    subset = shown(tables.mechanism_table(aqp4_randomised)).set_index("mechanism")
    assert subset.loc["CD19 B-cell depletion", "approved for NMOSD (first approval)"] == "inebilizumab (2020)"
    years = {r["comparison_id"]: r["approval_year"] for r in raw_rows("trials")}
    assert (years["prevent"], years["champion_nmosd"], years["nmomentum"]) == ("2019", "2023", "2020")


def test_other_comparisons_table_has_every_result_row(everything):
    table = shown(tables.other_comparisons_table(everything))
    other_ids = {r["comparison_id"] for r in raw_rows("trials") if r["design"] in select.OTHER_DESIGNS}
    assert len(table) == sum(r["comparison_id"] in other_ids for r in raw_rows("trial_results")) == 13
    poupart = table[table["comparison"] == "mycophenolate mofetil vs rituximab"]
    # named by the first author and year of its source, not by its PubMed id
    assert one(poupart, "study", "Poupart 2020")["value"] == "2.74 (1.17–6.40)"
    jeong = table[table["study"] == "Jeong 2016 (Korean National Cancer Center)"]
    assert set(jeong["n"]) == {"not given"}  # no arm sizes in the data: words, not '? vs ?'
    assert not table["study"].str.startswith(("PMID", "PMC")).any()


def test_acute_table(everything):
    table = shown(tables.acute_treatment_table(everything))
    assert len(table) == 25
    first_line = table[(table["source"] == "kleiter2018") & (table["p"] == "p=0.047")]
    assert first_line.iloc[0]["result"] == "OR 12.27 (1.04–144.91)"
    assert one(table, "outcome", "significant improvement following PLEX")["result"] == "73.3%"
    # a missing count in words, never '?'
    sizes = dict(zip(table["study"], table["patients / attacks"], strict=False))
    assert sizes["Stiebel-Kalish 2019"] == "27 patients"
    assert not table["patients / attacks"].str.contains(r"\?").any()


def test_tables_escape_cell_text(everything):
    html = tables.acute_treatment_table(everything).to_html()
    assert "IVMP &gt;7 days after onset" in html and "Batra &amp; Periyavan 2017" in html


def download(styler: Styler) -> pd.DataFrame:
    """The rows a table carries as its download, by ``row_id``."""
    rows = pd.DataFrame(styler.download["rows"], columns=styler.download["columns"])
    return rows.set_index("row_id")


def test_result_tables_download_each_rows_numbers_and_provenance(everything):
    for make in (
        tables.hazard_ratio_table, tables.conflicting_reports_table, tables.other_comparisons_table,
        tables.acute_treatment_table,
    ):  # fmt: skip
        table = make(everything)
        rows = download(table)
        assert len(rows) == len(table.data) and rows.index.is_unique, make.__name__
        assert list(rows["source_id"]) == list(table.data["source"]), make.__name__  # line by line
    unverified = tables.unverified_results_table(everything)
    printed = everything.results.set_index("result_id")["value_as_printed"]
    assert list(printed[download(unverified).index]) == list(unverified.data["as printed"])
    prevent = download(tables.hazard_ratio_table(everything)).loc["prevent_hr_nemos"]
    assert (prevent["value"], prevent["ci_lower"], prevent["ci_upper"]) == (0.06, 0.02, 0.2)
    assert (prevent["source_id"], prevent["p"]) == ("kumpfel2024", "<0.001")
    assert "(0.06, 0.02–0.20, p < 0.001)" in prevent["quote"]
    poupart = download(tables.other_comparisons_table(everything)).loc["poupart2020_mmf_vs_rtx_hr"]
    assert (poupart["value"], poupart["n_treatment"], poupart["n_comparator"]) == (2.74, 42, 62)
    assert "2.74 [1.17-6.40]" in poupart["quote"] and poupart["source_id"] == "poupart2020"
    delay = download(tables.acute_treatment_table(everything)).loc["stiebelkalish2019_ivmp_delay"]
    assert (delay["value"], delay["ci_lower"], delay["ci_upper"], delay["n_patients"]) == (
        10.0,
        1.39,
        71.9,
        27,
    )
    assert "OR of 10.0" in delay["quote"] and delay["source_id"] == "stiebelkalish2019"
    design = tables.summary_design_table(everything)
    assert list(download(design).index) == list(everything.comparisons["comparison_id"])
    arms = download(design).loc["prevent"]
    assert (arms["n_treatment"], arms["n_comparator"], arms["approval_year"]) == (96, 47, 2019)
    assert "143 adults" in arms["quote"] and arms["source_id"] == "pittock2019_prevent"
