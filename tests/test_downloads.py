"""The data a chart or table carries, its CSV and JSON sidecar, links between reports, the PDF's
Chromium and the small print rules of a report (parameters shown, title once, numbers right-aligned)."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from nmosd_evidence.datapackage import load
from nmosd_evidence.params import EpidemiologyParameters
from nmosd_evidence.present.downloads import (
    DOWNLOAD_MIME,
    download_payload,
    figure_download,
    provenance,
    slug,
)
from nmosd_evidence.present.tables import numeric_column, styled_table
from nmosd_evidence.render.downloads import DownloadContext, download_frame, download_links, source_details
from nmosd_evidence.render.html import TitleOnce
from nmosd_evidence.render.links import without_dead_links
from nmosd_evidence.reports import epidemiology as epi

EVIDENCE = pd.DataFrame(
    {
        "estimate_id": ["P42", "P75"],
        "value": [4.1, 2.56],
        "source_id": ["houzen2017", "nobody2099"],
        "locator": ["abstract", "abstract"],
        "quote": ["The crude prevalence was 4.1/100,000", "2.56 per 100,000"],
        "status": ["verified", "verified"],
        "computed_from": [None, None],
    }
)


def test_provenance_takes_the_rows_key_as_row_id_and_leaves_the_drawn_status_alone() -> None:
    columns = provenance(EVIDENCE, "estimate_id")
    assert list(columns) == ["row_id", "source_id", "locator", "quote", "computed_from"]
    assert list(columns["row_id"]) == ["P42", "P75"]


def test_payload_drops_markup_puts_provenance_last_and_keeps_numbers() -> None:
    rows = pd.DataFrame(
        {
            "label": ["P42 Tokachi<br>&amp; region"],
            "hover": ["<b>x</b>"],
            "value": [4.1],
            "ci_lower": [float("nan")],
            **provenance(EVIDENCE.iloc[:1], "estimate_id"),
            "status": ["verified"],
        }
    )
    payload = download_payload(rows, "Prevalence estimates: All regions (60 rows)", "<b>T</b>", "per 100,000")
    assert payload["name"] == "prevalence-estimates"
    assert payload["title"] == "T"
    assert payload["columns"] == [
        "label", "value", "ci_lower", "row_id", "source_id", "locator", "quote", "status", "computed_from"
    ]  # fmt: skip
    assert payload["rows"] == [
        ["P42 Tokachi & region", 4.1, None, "P42", "houzen2017", "abstract",
         "The crude prevalence was 4.1/100,000", "verified", None]
    ]  # fmt: skip
    json.dumps(payload)  # JSON as it is, no numpy types


def test_slug_is_a_readable_file_stem() -> None:
    assert slug("Studies pooled (all regions): I² = 99%") == "studies-pooled"
    assert slug("Female-to-male ratio by serostatus") == "female-to-male-ratio-by-serostatus"
    assert slug("<b></b>") == "data"
    assert len(slug("word " * 30)) <= 40


def test_every_interval_chart_carries_the_rows_and_diamonds_it_draws() -> None:
    data = epi.load_tables()
    forest = epi.forest_results(data.estimates, epi.Analysis())
    download = figure_download(epi.forest_figure(forest))
    table = pd.DataFrame(download["rows"], columns=download["columns"])
    studies = table[table["row_id"].notna()]
    assert len(studies) == len(forest.studies) == 18
    assert set(studies["row_id"]) == set(forest.studies["estimate_id"])
    assert studies["weight_percent"].sum() == pytest.approx(100)
    pooled = table[table["row_id"].isna()]
    assert list(pooled["label"]) == ["Pooled: All regions (k = 18)"]
    assert pooled["value"].iloc[0] == pytest.approx(forest.pooled[0].estimate)
    assert download["units"] == "Prevalence per 100,000 persons (log scale)"


def test_a_table_carries_its_rows_in_its_own_mime_type() -> None:
    table = styled_table(pd.DataFrame({"a": ["x"], "b": [1.5]}), "t1")
    bundle, _ = InteractiveShell.instance().display_formatter.format(table)
    assert set(bundle) == {DOWNLOAD_MIME, "text/html", "text/plain"}
    assert bundle[DOWNLOAD_MIME]["rows"] == [["x", 1.5]] and bundle[DOWNLOAD_MIME]["name"] == "t1"


def test_csv_adds_each_sources_citation_and_links_after_its_id() -> None:
    payload = download_payload(EVIDENCE, "chart", "Chart", "per 100,000")
    frame = download_frame(payload, source_details(load("sources")))
    assert list(frame.columns[:7]) == ["estimate_id", "value", "source_id", "citation", "doi", "pmid", "url"]
    known, unknown = frame.iloc[0], frame.iloc[1]
    assert known["citation"].startswith("Houzen H") and "2017" in known["citation"]
    assert known["url"].startswith("https://")
    assert (unknown["citation"], unknown["doi"], unknown["url"]) == ("", "", "")  # blank, not invented


def test_links_carry_the_csv_and_a_sidecar_with_versions_and_licence() -> None:
    context = DownloadContext(
        "epidemiology-all", {"region": "All"}, {"data version": "abc", "package version": "1"}
    )
    payload = download_payload(EVIDENCE, "chart", "Chart", "per 100,000")
    markup = download_links(payload, context)
    hrefs = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', markup))
    rows = list(csv.DictReader(io.StringIO(base64.b64decode(hrefs["epidemiology-all-chart.csv"]).decode())))
    assert [r["estimate_id"] for r in rows] == ["P42", "P75"]
    about = json.loads(base64.b64decode(hrefs["epidemiology-all-chart.json"]))
    assert about["parameters"] == {"region": "All"} and about["rows"] == 2
    assert (about["data_version"], about["package_version"]) == ("abc", "1")
    assert about["columns"][:4] == ["estimate_id", "value", "source_id", "citation"]
    assert about["licences"][0]["name"] == "CC-BY-4.0"
    assert "2 rows" in markup


def test_links_to_reports_not_rendered_become_text(tmp_path: Path) -> None:
    (tmp_path / "epidemiology-all.html").write_text("x")
    page = (
        '<a href="epidemiology-all.html" style="x">Epidemiology</a> <a href="hsct-outcomes.html">HSCT</a> '
        '<a href="https://doi.org/10.1/x">doi</a>'
    )
    fixed = without_dead_links(page, tmp_path)
    assert '<a href="epidemiology-all.html" style="x">Epidemiology</a>' in fixed
    assert '<a href="hsct-outcomes.html">' not in fixed and ">HSCT</span>" in fixed
    assert '<a href="https://doi.org/10.1/x">doi</a>' in fixed


def test_render_pdf_without_chromium_stops_with_one_line(run_cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on the PATH
    monkeypatch.delenv("NMOSD_EVIDENCE_CHROMIUM", raising=False)
    code, _, err = run_cli("render", "03_hsct_outcomes", "--pdf", "--out", str(tmp_path / "out"))
    assert code == 2 and "apt-get install chromium" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "03_hsct_outcomes.html").exists()


def test_parameters_show_as_words_not_a_python_repr() -> None:
    shown = EpidemiologyParameters()
    assert repr(shown).startswith("Parameters: region = All · criteria = any")
    assert "EpidemiologyParameters" not in repr(shown) + shown._repr_markdown_()
    assert shown._repr_markdown_().startswith("**Parameters:** `region` = All")


def test_the_notebooks_own_title_is_dropped_once() -> None:
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_markdown_cell("# Title\n\nText.\n\n# Another heading"),
        ]
    )
    notebook, _ = TitleOnce().preprocess(notebook, {})
    assert notebook.cells[1].source == "Text.\n\n# Another heading"


def test_numbers_are_right_aligned_text_left() -> None:
    assert numeric_column(pd.Series(["1.84 (1.33–2.54)", "14/352,353", "12%", ""]))
    assert numeric_column(pd.Series([1, 2]))
    assert not numeric_column(pd.Series(["p < 0.001", "2"]))
    assert not numeric_column(pd.Series(["", None]))
    html = styled_table(pd.DataFrame({"a": ["x"], "b": [1.5]}), "t").to_html()
    assert "td.col1 {\n  text-align: right;" in html and "td.col0 {\n  text-align: right;" not in html


def test_an_evidence_tables_download_has_numbers_and_each_rows_quote() -> None:
    data = epi.load_tables()
    table = epi.eligibility_table(data.estimates, epi.Analysis())
    rows = pd.DataFrame(table.download["rows"], columns=table.download["columns"]).set_index("row_id")
    assert len(rows) == len(table.data) == 60
    cabre = rows.loc["P08"]
    assert (cabre["value per 100,000"], cabre["ci_lower"], cabre["ci_upper"]) == (4.2, 3.7, 5.7)
    assert "4.20/100,000" in cabre["quote"] and cabre["source_id"] == "cabre2009"
    tokachi = rows.loc["P42"]
    assert tokachi["population derived"] and tokachi["population at risk"] == round(14 / 4.1e-5)  # 341,463


def test_onset_share_and_left_out_tables_download_each_rows_provenance() -> None:
    data = epi.load_tables()
    shares = epi.onset_shares_table(data.age_at_onset)
    rows = pd.DataFrame(shares.download["rows"], columns=shares.download["columns"]).set_index("row_id")
    assert list(rows.index) == list(shares.data["row"])
    spain = rows.loc["A20"]
    assert (spain["value"], spain["percent"], spain["n"]) == (0.29, 29.0, 238)
    assert "Sixty-nine (29%)" in spain["quote"] and spain["source_id"] == "sepulveda2019"
    left = epi.left_out_table(data.estimates, data.pooled, data.sex_ratio, data.age_at_onset)
    rows = pd.DataFrame(left.download["rows"], columns=left.download["columns"]).set_index("row_id")
    assert list(rows.index) == list(left.data["row"])
    kaiser, japan = rows.loc["P69a"], rows.loc["D09b"]
    assert (kaiser["value"], kaiser["source_id"], kaiser["status"]) == (0.921, "lee2024_aan", "abstract")
    assert "(9.21, 95%CI 6.27–12.15)" in kaiser["quote"]
    assert japan["value"] == 4.4 and "1: 4.4 in NMOSD" in japan["quote"]  # a sex ratio, as its number
