"""Faults in a run: a kernel that dies and a cell that never returns fail their run within a bounded
time, naming the cell; the worker replaces the kernel and the batch goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

FAULT = FIXTURES / "notebooks" / "fault_check.ipynb"
FAULT_CELL = 4  # markdown, parameters, injected parameters, validation, then the faulty cell
WAIT = 120  # seconds: a bound on the whole render, far above its normal few seconds


def render(out: Path, config: str, *options: str) -> tuple[subprocess.CompletedProcess, float]:
    """``nmosd-evidence render --config`` in its own process group, killed if it outlives ``WAIT``, with a
    private temporary folder (``out``'s sibling ``tmp``) that must be empty when it ends."""
    runs = out.parent / "runs.yml"
    runs.write_text(config)
    scratch = out.parent / "tmp"
    scratch.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "nmosd_evidence.cli", "render", "--config", str(runs), "--out", str(out)]
    started = time.monotonic()
    process = subprocess.Popen(
        [*command, "--jobs", "1", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, env={**os.environ, "TMPDIR": str(scratch)},
    )  # fmt: skip
    try:
        stdout, stderr = process.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"render still running after {WAIT} s")
    assert list(scratch.iterdir()) == [], "the render left files in its temporary folder"
    return subprocess.CompletedProcess(
        command, process.returncode, stdout, stderr
    ), time.monotonic() - started


def runs(*faults: str) -> str:
    lines = [
        f"  - {{name: {f}-{i}, notebook: {FAULT}, parameters: {{fault: {f}}}}}" for i, f in enumerate(faults)
    ]
    return "runs:\n" + "\n".join(lines) + "\n"


def test_a_dead_kernel_fails_its_run_and_the_batch_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result, seconds = render(out, runs("die", "none"))
    assert result.returncode == 1
    assert f"run 'die-0' failed in cell {FAULT_CELL}: the kernel died" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "failed" / "die-0.html").is_file() and not (out / "die-0.html").exists()
    assert "survived" in (out / "none-1.ipynb").read_text()  # the next run got a new kernel
    assert seconds < 60


def test_a_hung_cell_times_out_and_the_batch_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result, _ = render(out, runs("hang", "none"), "--cell-timeout", "20")
    assert result.returncode == 1
    assert (
        f"run 'hang-0' failed in cell {FAULT_CELL}: the cell ran longer than the cell timeout of 20 s"
        in result.stderr
    )
    assert "survived" in (out / "none-1.ipynb").read_text()


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_cell_timeout_must_be_a_positive_number(run_cli, value: str) -> None:
    code, _, err = run_cli("render", str(FAULT), "--cell-timeout", value)
    assert code == 2
    assert "expected a number of seconds > 0" in err


def descendants(root: int) -> set[int]:
    """Process ids below ``root`` (children, grandchildren, …), read from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_workers_and_kernels_and_leaves_no_scratch(
    tmp_path: Path, signum: int, code: int
) -> None:
    out, scratch = tmp_path / "reports", tmp_path / "tmp"
    scratch.mkdir()
    (tmp_path / "runs.yml").write_text(runs("none", "hang", "hang", "hang"))
    command = [sys.executable, "-m", "nmosd_evidence.cli", "render", "--config", str(tmp_path / "runs.yml")]
    process = subprocess.Popen(
        [*command, "--out", str(out), "--jobs", "2"], stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(scratch)}, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT
        # two slots: this process on its warm kernel, and a worker with its kernel
        while not (out / "none-0.html").is_file() or len(descendants(process.pid)) < 3:
            assert process.poll() is None and time.monotonic() < deadline, "render did not start its runs"
            time.sleep(0.2)
        time.sleep(1)
        below = descendants(process.pid)  # the warm kernel, the worker and its kernel (and helpers)
        process.send_signal(signum)
        stopped = time.monotonic()
        _, stderr = process.communicate(timeout=15)
        assert time.monotonic() - stopped < 5 + 1
        assert process.returncode == code
        assert "stopped by" in stderr and "1 run(s) finished, 3 not rendered" in stderr
        assert "Traceback" not in stderr
        time.sleep(2)  # a kernel notices its parent's death within about a second
        assert [pid for pid in below if alive(pid)] == []
        assert list(scratch.iterdir()) == []
        assert '<a href="none-0.html">' in (out / "index.html").read_text()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
