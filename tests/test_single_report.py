"""One notebook rendered from the command line: its kernel starts at once and imports what the notebook
imports while the command line loads the render path; the report is the one a batch makes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from test_faults import FAULT, WAIT, alive, descendants
from test_reports import _code_outputs

from nmosd_evidence.render import kernels
from nmosd_evidence.render.html import accessible
from nmosd_evidence.render.notebooks import info

HSCT = ROOT / "notebooks" / "03_hsct_outcomes.ipynb"


@pytest.fixture
def warmed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, tuple[str, ...]]]:
    """The (working directory, modules) of every kernel warmed from now on (``KernelSession.warm``)."""
    calls: list[tuple[Path, tuple[str, ...]]] = []
    original = kernels.KernelSession.warm

    def spy(self: kernels.KernelSession, cwd: Path, modules: tuple[str, ...]) -> None:
        calls.append((cwd, tuple(modules)))
        original(self, cwd, modules)

    monkeypatch.setattr(kernels.KernelSession, "warm", spy)
    return calls


def test_one_notebook_runs_on_a_warm_kernel_with_the_committed_outputs(
    tmp_path: Path, run_cli, warmed: list[tuple[Path, tuple[str, ...]]]
) -> None:
    before = descendants(os.getpid())
    code, _, err = run_cli("render", "03_hsct_outcomes", "--out", str(tmp_path))
    assert code == 0, err
    assert warmed == [(HSCT.parent, info(HSCT).imports)]
    assert "nmosd_evidence.reports.hsct" in warmed[0][1]
    rendered = json.loads((tmp_path / "03_hsct_outcomes.ipynb").read_text())
    assert _code_outputs(rendered) == _code_outputs(json.loads(HSCT.read_text()))
    time.sleep(1)
    assert [pid for pid in descendants(os.getpid()) - before if alive(pid)] == []  # its kernel stopped


def test_bad_parameters_stop_the_warm_kernel_and_write_nothing(tmp_path: Path, run_cli) -> None:
    before = descendants(os.getpid())
    code, _, err = run_cli("render", str(FAULT), "-p", "fault", "explode", "--out", str(tmp_path / "r"))
    assert code == 2 and "parameter 'fault' of fault_check: 'explode' is not allowed" in err
    assert not (tmp_path / "r").exists()
    time.sleep(1)
    assert [pid for pid in descendants(os.getpid()) - before if alive(pid)] == []


def test_a_signal_stops_a_single_report_and_its_kernel_and_writes_no_report(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    command = [sys.executable, "-m", "nmosd_evidence.cli", "render", str(FAULT), "-p", "fault", "hang"]
    process = subprocess.Popen(
        [*command, "--out", str(out)], stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        deadline = time.monotonic() + WAIT
        while not descendants(process.pid):  # the kernel
            assert process.poll() is None and time.monotonic() < deadline, "no kernel started"
            time.sleep(0.2)
        time.sleep(8)  # well into the hanging cell
        below = descendants(process.pid)
        process.send_signal(signal.SIGTERM)
        stopped = time.monotonic()
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == 143, stderr
        assert time.monotonic() - stopped < 10
        assert "stopped by SIGTERM: 0 run(s) finished, 1 not rendered" in stderr
        assert "Traceback" not in stderr
        time.sleep(2)
        assert [pid for pid in below if alive(pid)] == []
        assert not (out / "fault_check--fault-hang.html").exists() and not (out / "failed").exists()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def test_notebook_imports_are_read_from_its_code_cells() -> None:
    imports = info(ROOT / "notebooks" / "01_epidemiology.ipynb").imports
    assert imports[:2] == ("nmosd_evidence.params", "nmosd_evidence.params.validated")
    assert "nmosd_evidence.reports.epidemiology" in imports
    assert all(not name.startswith(".") for name in imports)


def test_accessible_adds_what_nbconvert_added_without_reparsing_the_page() -> None:
    page = (
        '<div class="jp-Cell-inputWrapper">'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output" data-mime-type="text/html">'
        '<div class="jp-OutputArea-output" tabindex="0">'
        '<img src="a.png"><img alt="chart" src="b.png">'
        '<p>&lt;div class="jp-Cell-inputWrapper"&gt; &lt;img src=x&gt;</p>'
    )
    assert accessible(page) == (
        '<div class="jp-Cell-inputWrapper" tabindex="0">'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output" data-mime-type="text/html" tabindex="0">'
        '<div class="jp-OutputArea-output" tabindex="0">'
        '<img alt="No description has been provided for this image" src="a.png"><img alt="chart" src="b.png">'
        '<p>&lt;div class="jp-Cell-inputWrapper"&gt; &lt;img src=x&gt;</p>'
    )


def test_a_batch_runs_one_slot_on_a_warm_kernel_and_a_current_folder_starts_none(
    tmp_path: Path, run_cli, warmed: list[tuple[Path, tuple[str, ...]]]
) -> None:
    overview = ROOT / "notebooks" / "00_overview.ipynb"
    before = descendants(os.getpid())
    code, _, err = run_cli("render", "00_overview", "03_hsct_outcomes", "--jobs", "1", "--out", str(tmp_path))
    assert code == 0, err
    both = dict.fromkeys([*info(overview).imports, *info(HSCT).imports])
    assert warmed == [(HSCT.parent, tuple(both))]  # one kernel, importing what both notebooks import
    for name, notebook in (("00_overview", overview), ("03_hsct_outcomes", HSCT)):  # in turn, on it
        rendered = json.loads((tmp_path / f"{name}.ipynb").read_text())
        assert _code_outputs(rendered) == _code_outputs(json.loads(notebook.read_text()))
    time.sleep(1)
    assert [pid for pid in descendants(os.getpid()) - before if alive(pid)] == []
    code, _, err = run_cli("render", "00_overview", "03_hsct_outcomes", "--out", str(tmp_path))
    assert code == 0 and "2 done (2 unchanged, skipped)" in err
    assert len(warmed) == 1  # the folder's index is newer than every input: no kernel started
