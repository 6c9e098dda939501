"""Rendering on a Dask cluster (``render --scheduler tcp://HOST:PORT``): the same reports as the local pool,
failures reported per run, workers with other data refused, nothing left running afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import dask
import pytest
import yaml
from conftest import FIXTURES, ROOT
from distributed import Client, LocalCluster
from test_faults import FAULT, FAULT_CELL, alive, descendants, runs

from nmosd_evidence.datapackage import data_version
from nmosd_evidence.render import distributed as dask_render
from nmosd_evidence.render.records import run_record_path
from nmosd_evidence.render.runs import Run

SAME_AS_LOCAL = ("hsct-outcomes", "hsct-allogeneic-only")  # runs of reports.yml, compared byte for byte


def local_cluster(workers: int, **options: object) -> LocalCluster:
    """A cluster of worker processes with one thread each, as the README tells users to start."""
    return LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", **options
    )


@pytest.fixture(scope="module")
def cluster():
    with local_cluster(2) as running:
        yield running


def test_reports_from_the_cluster_are_byte_identical_to_the_local_pool(
    cluster: LocalCluster, default_reports: Path, tmp_path: Path, run_cli
) -> None:
    config = tmp_path / "runs.yml"
    listed = yaml.safe_load((ROOT / "reports.yml").read_text())["runs"]
    config.write_text(yaml.safe_dump({"runs": [run for run in listed if run["name"] in SAME_AS_LOCAL]}))
    out = tmp_path / "reports"
    code, _, err = run_cli("render", "--config", str(config), "--out", str(out), "--scheduler",
                           cluster.scheduler_address)  # fmt: skip
    assert code == 0, err
    assert f"on the Dask cluster at {cluster.scheduler_address} (2 worker(s))" in err
    for name in SAME_AS_LOCAL:
        assert (out / f"{name}.html").read_bytes() == (default_reports / f"{name}.html").read_bytes()
        record = run_record_path(out, name).read_text()  # the same inputs, so either way skips a rerun
        assert record == run_record_path(default_reports, name).read_text()
    code, _, err = run_cli("render", "--config", str(config), "--out", str(out), "--scheduler",
                           cluster.scheduler_address)  # fmt: skip
    assert code == 0 and err.count("unchanged since its last render, skipped") == 2


def test_a_worker_with_other_data_is_refused_and_a_task_checks_again(
    cluster: LocalCluster, data_copy: Path, tmp_path: Path, run_cli
) -> None:
    with (data_copy / "README.md").open("a") as readme:
        readme.write("\nedited\n")
    other = data_version(data_copy)
    assert other != data_version()
    with local_cluster(0) as alone:
        worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "dask"), "worker", alone.scheduler_address, "--nthreads", "1",
             "--no-dashboard"], env={**os.environ, "NMOSD_EVIDENCE_DATA": str(data_copy)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            with Client(alone.scheduler_address) as client:
                client.wait_for_workers(1, timeout=60)
            config = tmp_path / "runs.yml"
            config.write_text(runs("none"))
            out = tmp_path / "reports"
            args = (
                "render",
                "--config",
                str(config),
                "--out",
                str(out),
                "--scheduler",
                alone.scheduler_address,
            )
            code, _, err = run_cli(*args)
            assert code == 2
            assert f"no worker shares this render's data version {data_version()}" in err
            assert "(refused tcp://" in err and f"(data version {other}, package version" in err
            assert not (out / "none-0.html").exists()
            alone.scale(1)
            alone.wait_for_workers(2, timeout=60)
            code, _, err = run_cli(*args)
            assert code == 0, err
            assert "(1 worker(s)); refused tcp://" in err and f"(data version {other}, package" in err
            assert "survived" in (out / "none-0.ipynb").read_text()
        finally:
            worker.kill()
            worker.wait()
    with Client(cluster.scheduler_address) as client:  # a worker that joined after the check refuses too
        run = Run("none-0", FAULT, {"fault": "none"})
        wrong = {"package version": "0+other", "data version": "000000000000"}
        future = client.submit(dask_render.report_on_worker, run, FAULT.read_text(), "inline", wrong)
        with pytest.raises(dask_render.WrongVersion, match="the render needs"):
            future.result(timeout=60)


def test_failures_are_reported_per_run_and_nothing_is_left_running(tmp_path: Path, run_cli) -> None:
    before = descendants(os.getpid())
    config = tmp_path / "runs.yml"
    config.write_text(runs("none", "die", "kill-worker", "none"))
    out = tmp_path / "reports"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), local_cluster(2) as killable:
        code, _, err = run_cli("render", "--config", str(config), "--out", str(out), "--scheduler",
                               killable.scheduler_address)  # fmt: skip
        workers = descendants(os.getpid()) - before
    assert code == 1
    assert f"run 'die-1' failed in cell {FAULT_CELL}: the kernel died" in err
    assert "run 'kill-worker-2' failed in its Dask worker died while running it" in err
    assert "2 done, 2 failed" in err and "Traceback" not in err
    for good in ("none-0", "none-3"):
        assert "survived" in (out / f"{good}.ipynb").read_text()
    assert (out / "failed" / "die-1.html").is_file()
    assert workers, "the cluster's worker processes were not seen"
    deadline = time.monotonic() + 10  # a kernel notices its parent's death within about a second
    while [pid for pid in workers if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in workers if alive(pid)] == []


def test_scheduler_option_and_missing_extra_say_what_to_do(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = str(FIXTURES / "notebooks" / "fault_check.ipynb")
    code, _, err = run_cli("render", notebook, "--out", str(tmp_path), "--scheduler", "http://example:80")
    assert code == 2 and "expected local or tcp://HOST:PORT (a Dask scheduler)" in err
    monkeypatch.setattr(dask_render, "CONNECT_TIMEOUT", 1.0)
    code, _, err = run_cli("render", notebook, "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and "--scheduler tcp://127.0.0.1:9: cannot reach the scheduler" in err
    assert "Traceback" not in err and not list(tmp_path.glob("*.html"))
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, _, err = run_cli("render", notebook, "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2
    assert "Dask is not installed; install the extra: pip install 'nmosd-evidence[dask]'" in err
