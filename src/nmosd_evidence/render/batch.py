"""Rendering a set of runs in parallel worker processes, with progress lines and a summary."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import TextIO

from .. import __version__
from ..datapackage import data_version
from .execute import RunResult, effective_parameters, render_run
from .html import PlotlyMode, write_plotly_js
from .index import write_index
from .runs import Run


def default_jobs() -> int:
    """Parallel runs by default: the number of cores available to this process."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def provenance() -> dict[str, str]:
    """What every report states about its making: package and data versions."""
    return {"package version": __version__, "data version": data_version()}


def _result(future: Future, run: Run, out_dir: Path) -> RunResult:
    try:
        return future.result()
    except Exception as exc:  # the worker itself failed (export, disk): report it, go on
        return RunResult(run, out_dir / "failed" / f"{run.name}.html", 0.0, f"{type(exc).__name__}: {exc}")


def _progress(stream: TextIO, done: int, total: int, result: RunResult) -> None:
    where = result.html.relative_to(Path.cwd()) if result.html.is_relative_to(Path.cwd()) else result.html
    state = "ok" if result.ok else f"FAILED in {result.error}"
    stream.write(f"[{done}/{total}] {result.run.name}: {state} ({result.seconds:.1f} s) -> {where}\n")
    stream.flush()


def render_runs(
    runs: list[Run],
    out_dir: Path,
    jobs: int,
    plotly_mode: PlotlyMode = "inline",
    stream: TextIO | None = None,
    fresh_kernels: bool = False,
) -> list[RunResult]:
    """Render every run (``jobs`` at a time), then update the index; results in completion order.

    Progress goes to ``stream`` (default: standard error), one line per finished run.
    """
    stream = stream or sys.stderr
    out_dir.mkdir(parents=True, exist_ok=True)
    facts = provenance()
    if plotly_mode == "directory":
        write_plotly_js(out_dir)
    started = time.perf_counter()
    stream.write(f"rendering {len(runs)} run(s), {min(jobs, len(runs))} at a time, into {out_dir}\n")
    results: list[RunResult] = []
    live = stream.isatty()
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(runs)))) as pool:
        futures = {
            pool.submit(render_run, run, out_dir, plotly_mode, facts, fresh_kernels): run for run in runs
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.5 if live else None, return_when=FIRST_COMPLETED)
            for future in finished:
                results.append(_result(future, futures[future], out_dir))
                if live:
                    stream.write("\r\033[K")
                _progress(stream, len(results), len(runs), results[-1])
            if live and pending:  # a status line on a terminal, rewritten in place
                elapsed = time.perf_counter() - started
                stream.write(
                    f"\r\033[K{len(results)}/{len(runs)} done, {len(pending)} to go, {elapsed:.0f} s"
                )
                stream.flush()
    entries = [
        {
            "name": r.run.name,
            "title": r.run.title,
            "notebook": r.run.notebook.name,
            "parameters": effective_parameters(r.run),
            "html": f"{r.run.name}.html",
        }
        for r in results
        if r.ok
    ]
    index = write_index(out_dir, entries, facts)
    failed = [r for r in results if not r.ok]
    seconds = time.perf_counter() - started
    stream.write(
        f"{len(results) - len(failed)} done, {len(failed)} failed, in {seconds:.1f} s; index: {index}\n"
    )
    for result in failed:
        stream.write(f"run {result.run.name!r} failed in {result.error}\n")
    return results
