"""What a reader takes away from a rendered report, checked in Chromium: the data behind every chart and
table (offline, also from a copy of the report elsewhere), the print layout at A4 landscape, the PDF,
the phone layout and one colour per region and series in every chart."""

from __future__ import annotations

import base64
import csv
import io
import json
import shutil
import unicodedata
from pathlib import Path

import pypdf
import pytest
import yaml
from browser import open_offline

from nmosd_evidence.datapackage.package import data_version, package_version
from nmosd_evidence.present.colours import REGION_COLOURS
from nmosd_evidence.render.html import PRINT_CHART_PX
from nmosd_evidence.render.pdf import PAGE_WIDTH_PX, write_pdf
from nmosd_evidence.reports.hsct.labels import GROUP_COLOURS
from nmosd_evidence.reports.progression.labels import OUTCOME_GROUP_COLOURS

ROOT = Path(__file__).resolve().parents[1]
RUN_NAMES = [run["name"] for run in yaml.safe_load((ROOT / "reports.yml").read_text())["runs"]]
CSV_PREFIX = "data:text/csv;charset=utf-8;base64,"
JSON_PREFIX = "data:application/json;charset=utf-8;base64,"

# Per output area: does it hold a chart or a table, and which download links does it carry? (A table
# inside Markdown prose, such as the treatment report's list of approvals, is text: its rows are in
# the evidence appendix's download.)
OUTPUTS_SCRIPT = """() => [...document.querySelectorAll(".jp-OutputArea-output")].map(output => ({
    charts: output.querySelectorAll(".plotly-graph-div").length,
    tables: [...output.querySelectorAll("table")].filter(t => !t.closest(".jp-RenderedMarkdown")).length,
    csv: [...output.querySelectorAll(".nmosd-download > a[download$='.csv']")].map(a => a.href),
    json: [...output.querySelectorAll(".nmosd-download > a[download$='.json']")].map(a => a.href),
}))"""
# Every chart: its title, the x values of its marker points (from plotly's decoded full data: the
# figure JSON stores arrays base64-encoded) and its legend colours by name.
CHARTS_SCRIPT = """() => [...document.querySelectorAll(".plotly-graph-div")].map(div => ({
    title: (div.layout.title || {}).text || "",
    points: div._fullData.filter(t => t.mode === "markers" && t.type !== "bar" && t.hoverinfo !== "skip"
            && t.marker.symbol !== "line-ns-open")  // not the tick of an age band of one year
        .flatMap(t => Array.from(t.x || []).filter(x => x !== null && x !== undefined)),
    legend: div._fullData.filter(t => t.showlegend !== false && t.name).map(t => [t.name,
        (t.line && t.line.color) || (t.marker && t.marker.color)]),
    csv: div.closest(".jp-OutputArea-output").querySelector(".nmosd-download > a[download$='.csv']").href,
}))"""
# Anything drawn or laid out wider than the page (charts' SVG, tables, the page itself).
OVERFLOW_SCRIPT = """() => {
    const root = document.documentElement, width = root.clientWidth, wide = [];
    if (root.scrollWidth > width + 1) wide.push("page " + root.scrollWidth);
    for (const svg of document.querySelectorAll(".plotly-graph-div .main-svg")) {
        const box = svg.getBoundingClientRect(), id = svg.closest(".plotly-graph-div").id;
        if (box.right > width + 1) wide.push("chart " + id + " " + box.right);
    }
    return {width, wide};
}"""


def decoded(href: str, prefix: str) -> str:
    assert href.startswith(prefix), href[:60]
    return base64.b64decode(href[len(prefix) :]).decode("utf-8")


def csv_rows(href: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(decoded(href, CSV_PREFIX))))


def _significant(value: float) -> float:
    return float(f"{float(value):.4g}")


@pytest.fixture(scope="module")
def pages(default_reports: Path, browser):
    """Per default report: its output areas and charts as the browser sees them."""
    opened = {}
    for name in RUN_NAMES:
        page = browser.new_page()
        page.goto((default_reports / f"{name}.html").as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        opened[name] = {"outputs": page.evaluate(OUTPUTS_SCRIPT), "charts": page.evaluate(CHARTS_SCRIPT)}
        page.close()
    return opened


@pytest.mark.parametrize("name", RUN_NAMES)
def test_every_chart_and_table_has_its_data_as_csv_and_json(pages, name: str) -> None:
    outputs = [o for o in pages[name]["outputs"] if o["charts"] or o["tables"]]
    assert outputs
    for output in outputs:
        assert len(output["csv"]) == len(output["json"]) == 1, output
        about = json.loads(decoded(output["json"][0], JSON_PREFIX))
        rows = csv_rows(output["csv"][0])
        assert about["report"] == name and about["rows"] == len(rows)
        assert about["columns"] == list(rows[0]) if rows else about["columns"]
        assert about["data_version"] == data_version() and about["package_version"] == package_version()
        assert about["licences"][0]["name"] == "CC-BY-4.0"
        assert about["title"] and about["units"] and about["file"].endswith(".csv")
        assert about["notice"] == "Research information, not medical advice."


@pytest.mark.parametrize("name", RUN_NAMES)
def test_a_charts_csv_has_the_points_it_draws_with_their_provenance(pages, name: str) -> None:
    for chart in pages[name]["charts"]:
        rows = csv_rows(chart["csv"])
        if "value" not in (rows[0] if rows else {}) or not chart["points"]:
            continue  # no per-point values (bars, swimmer lanes, specification curve, funnel)
        values = sorted(_significant(r["value"]) for r in rows if r["value"] and r.get("status"))
        assert sorted(_significant(x) for x in chart["points"]) == values, chart["title"]
        evidence = [r for r in rows if r.get("status")]
        assert all(r["source_id"] and r["citation"] for r in evidence), chart["title"]
        if "row_id" in rows[0]:  # every point is a data row, or computed from named rows
            assert all(r["row_id"] or r["computed_from"] for r in evidence), chart["title"]
            assert any(r["quote"] for r in evidence), chart["title"]


def test_the_prevalence_chart_downloads_each_estimate_with_its_quote(pages) -> None:
    chart = next(
        c for c in pages["epidemiology-all"]["charts"] if c["title"].startswith("Prevalence estimates")
    )
    rows = {r["row_id"]: r for r in csv_rows(chart["csv"])}
    tokachi = rows["P42"]
    assert (tokachi["value"], tokachi["ci_lower"], tokachi["ci_upper"]) == ("4.1", "2.2", "6.9")
    assert tokachi["quote"].startswith("The crude prevalence was 4.1/100,000")
    assert tokachi["source_id"] == "houzen2017" and tokachi["status"] == "verified"
    assert tokachi["doi"] or tokachi["pmid"] or tokachi["url"]


def test_a_download_works_offline_from_a_copy_of_the_report(default_reports: Path, browser, tmp_path) -> None:
    copy = tmp_path / "elsewhere" / "report.html"
    copy.parent.mkdir()
    shutil.copy(default_reports / "hsct-outcomes.html", copy)
    check = open_offline(browser, copy)
    assert check.blocked_requests == check.failed_requests == check.console_errors == []
    page = browser.new_page(accept_downloads=True)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else route.abort())  # fmt: skip
    page.goto(copy.as_uri(), wait_until="load")
    link = page.locator(".nmosd-download > a[download$='.csv']").first
    with page.expect_download() as download:
        link.click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename.startswith("hsct-outcomes-")
    assert saved.splitlines()[0] == "attribute,P1,P2,Pair (stated for both)"  # the case table, first
    page.close()


def test_print_layout_keeps_every_chart_inside_an_a4_landscape_page(default_reports: Path, browser) -> None:
    page = browser.new_page(viewport={"width": PAGE_WIDTH_PX, "height": 1100})
    page.goto((default_reports / "epidemiology-all.html").as_uri(), wait_until="load")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(500)
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.plotly-graph-div')].map(d => d._fullLayout.width)"
    )
    assert widths and set(widths) == {PRINT_CHART_PX}
    overflow = page.evaluate(OVERFLOW_SCRIPT)
    assert overflow["width"] == PAGE_WIDTH_PX and overflow["wide"] == []
    hidden = page.evaluate(
        "() => [...document.querySelectorAll('.modebar-container, .nmosd-download')]"
        ".filter(e => getComputedStyle(e).display !== 'none').length"
    )
    assert hidden == 0  # no toolbar and no download links on paper
    page.close()


def test_render_pdf_prints_the_report_with_its_charts(default_reports: Path, tmp_path: Path) -> None:
    report = tmp_path / "hsct-outcomes.html"
    shutil.copy(default_reports / "hsct-outcomes.html", report)
    pdf = pypdf.PdfReader(write_pdf(report))
    assert len(pdf.pages) > 5
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in pdf.pages))  # no ligatures
    for title in ("Follow-up after allogeneic HSCT", "Free of relapse or progression after HSCT",
                  "Benefits and risks after HSCT"):  # fmt: skip
        assert title in text  # each chart is in the PDF, drawn as text-bearing vector graphics
    assert "Research information, not medical advice" in text


@pytest.mark.parametrize("name", ["epidemiology-all", "progression-all", "hsct-outcomes", "treatment-all"])
def test_phone_width_has_no_horizontal_overflow(default_reports: Path, browser, name: str) -> None:
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto((default_reports / f"{name}.html").as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    overflow = page.evaluate(OVERFLOW_SCRIPT)
    assert overflow["wide"] == []
    scrollers = page.evaluate(
        "() => [...document.querySelectorAll('.jp-OutputArea-output')].filter(o => o.querySelector('table'))"
        ".map(o => getComputedStyle(o).overflowX)"
    )
    assert scrollers and set(scrollers) == {"auto"}  # wide tables scroll inside their box
    page.close()


def test_one_colour_per_region_and_series_in_every_chart(pages) -> None:
    seen: dict[str, set[str]] = {}
    for name in RUN_NAMES:
        for chart in pages[name]["charts"]:
            for series, colour in chart["legend"]:
                if isinstance(colour, str):
                    seen.setdefault(series, set()).add(colour)
    regions = {region: seen[region] for region in REGION_COLOURS if region in seen}
    assert len(regions) >= 8
    assert all(colours == {REGION_COLOURS[region]} for region, colours in regions.items())
    for fixed in (GROUP_COLOURS, OUTCOME_GROUP_COLOURS):
        shown = {series: seen[series] for series in fixed if series in seen}
        assert shown and all(colours == {fixed[series]} for series, colours in shown.items())
    assert {series: colours for series, colours in seen.items() if len(colours) > 1} == {}
