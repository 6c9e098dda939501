"""The default run set (reports.yml) renders, and every report works offline in a real browser."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import ROOT

from nmosd_evidence.render.runs import load_config

RUNS = load_config(ROOT / "reports.yml")


def test_default_run_set_covers_every_notebook_with_two_parameter_sets() -> None:
    from nmosd_evidence.render.notebooks import available

    runs_per_notebook = {stem: sum(run.notebook.stem == stem for run in RUNS) for stem in available()}
    assert set(runs_per_notebook) == {
        "00_overview",
        "01_epidemiology",
        "02_progression",
        "03_hsct_outcomes",
        "04_treatment",
    }
    assert all(count >= 2 for count in runs_per_notebook.values()), runs_per_notebook
    assert runs_per_notebook["01_epidemiology"] >= 3


@pytest.mark.parametrize("run", RUNS, ids=[run.name for run in RUNS])
def test_report_works_offline(run, default_reports: Path, default_report_check) -> None:
    html = (default_reports / f"{run.name}.html").read_text(encoding="utf-8")
    check = default_report_check(run.name)
    assert check.console_errors == []
    assert check.page_errors == []
    assert check.blocked_requests == []
    assert check.failed_requests == []
    assert check.figures == html.count("Plotly.newPlot(") >= 1
    assert check.drawn_figures == check.figures
    assert "Research information, not medical advice." in html
    for buttons in check.toolbars:  # figures for a paper; nothing sent to an outside service
        assert {"Download SVG (vector, for a paper)", "Download PNG for print (300 dpi, 183 mm wide)"} <= set(
            buttons
        )
        assert not any(re.search(r"share|cloud|studio|plotly", title, re.IGNORECASE) for title in buttons)


def test_index_opens_offline_and_its_links_resolve(default_reports: Path, default_report_check) -> None:
    check = default_report_check("index")
    assert check.console_errors == check.page_errors == check.failed_requests == []
    assert check.links == [
        f"{run.name}.html" for run in sorted(RUNS, key=lambda r: (r.notebook.name, r.name))
    ]
    assert all((default_reports / link).is_file() for link in check.links)
    assert check.links[0].startswith("overview")


DEFAULT_PARAMETER_RUNS = [run for run in RUNS if not run.parameters]


def _sanitised(text: str) -> str:
    """``text`` with the nbval sanitize rules of tests/sanitize.cfg applied, as nbval compares it."""
    lines = [line.strip() for line in (ROOT / "tests" / "sanitize.cfg").read_text().splitlines()]
    rules = [
        (a.removeprefix("regex: "), b.removeprefix("replace: "))
        for a, b in pairwise(lines)
        if a.startswith("regex: ") and b.startswith("replace: ")
    ]
    for pattern, replacement in rules:
        text = re.sub(pattern, replacement, text)
    return text


def _code_outputs(notebook: dict) -> list[tuple[int | None, str]]:
    return [
        (cell["execution_count"], _sanitised(json.dumps(cell["outputs"], sort_keys=True)))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and "injected-parameters" not in cell["metadata"].get("tags", [])
    ]


@pytest.mark.parametrize("run", DEFAULT_PARAMETER_RUNS, ids=[run.name for run in DEFAULT_PARAMETER_RUNS])
def test_reused_kernel_gives_the_fresh_kernel_outputs(run, default_reports: Path) -> None:
    """Workers reuse one kernel across runs; the outputs must equal the committed nbval references,
    which nbval produces in a fresh kernel."""
    rendered = json.loads((default_reports / f"{run.name}.ipynb").read_text(encoding="utf-8"))
    committed = json.loads(run.notebook.read_text(encoding="utf-8"))
    assert _code_outputs(rendered) == _code_outputs(committed)


def test_chart_downloads_are_an_svg_and_a_300_dpi_png(browser, default_reports: Path, tmp_path: Path) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto((default_reports / "epidemiology-all.html").as_uri(), wait_until="load")
    chart = page.locator(".plotly-graph-div").first
    chart.hover()
    saved = {}
    for title in ("Download SVG (vector, for a paper)", "Download PNG for print (300 dpi, 183 mm wide)"):
        with page.expect_download() as download:
            chart.locator(f".modebar-btn[data-title='{title}']").click()
        saved[title] = tmp_path / download.value.suggested_filename
        download.value.save_as(saved[title])
    page.close()
    svg, png = saved.values()
    assert svg.name == "epidemiology-all-fig-5-0.svg" and svg.read_text().lstrip().startswith("<svg")
    assert png.name == "epidemiology-all-fig-5-0-300dpi.png"
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 2161  # 183 mm at 300 dpi
