"""Shared test fixtures: a scratch copy of the data package, a CLI runner, the default reports and a
browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import CHROMIUM, FLAGS, PageCheck, open_offline

from nmosd_evidence import cli
from nmosd_evidence.datapackage.package import default_data_dir
from nmosd_evidence.reports.treatment import select as treatment_select

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data package."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run ``nmosd-evidence ARGS`` in-process; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse usage errors
            code = exit_.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="session")
def default_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runs of reports.yml rendered from the shipped data, once per session."""
    out = tmp_path_factory.mktemp("reports")
    assert cli.main(["render", "--config", str(ROOT / "reports.yml"), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (see ``browser.open_offline``)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "Chromium is required for the browser checks: apt-get install chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def default_report_check(default_reports: Path, browser):
    """``open_offline`` of a default report by file stem ('overview', 'index' …), each opened once per
    session however many tests look at it."""
    opened: dict[str, PageCheck] = {}

    def check(stem: str) -> PageCheck:
        if stem not in opened:
            opened[stem] = open_offline(browser, default_reports / f"{stem}.html")
        return opened[stem]

    return check


# --- the treatment report's two scopes (used by its four test modules) ------------------------------


@pytest.fixture(scope="session")
def everything():
    """The treatment report's default run: every population, every trial design."""
    return treatment_select.scope()


@pytest.fixture(scope="session")
def aqp4_randomised():
    """The treatment run treatment-aqp4-positive-randomised."""
    return treatment_select.scope("AQP4+", include_external_control=False, include_open_label=False)
