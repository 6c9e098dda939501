"""Rendering a set of runs in parallel worker processes, with progress lines and a summary."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ..datapackage import data_version
from ..datapackage.package import package_version
from .execute import CELL_TIMEOUT, RunResult, render_run, worker_start
from .files import remove_stale_temporaries
from .freeze import unchanged
from .html import PlotlyMode, write_plotly_js
from .index import write_index
from .links import remove_dead_links
from .pdf import PdfError, write_pdf
from .runs import Run


class RenderInterrupted(Exception):
    """Ctrl-C or SIGTERM stopped a render: its workers and kernels are stopped, and the index lists the
    runs that finished. ``exit_code`` is 128 + the signal number (130 for SIGINT, 143 for SIGTERM)."""

    def __init__(self, signum: int, results: list[RunResult], not_rendered: list[Run]) -> None:
        self.signum, self.results, self.not_rendered = signum, results, not_rendered
        self.exit_code = 128 + signum
        name = signal.Signals(signum).name
        super().__init__(
            f"stopped by {name}: {sum(r.ok for r in results)} run(s) finished, {len(not_rendered)} not "
            "rendered; earlier reports are unchanged"
        )


class _Stop(BaseException):
    """Raised in the main process by the SIGTERM handler, like KeyboardInterrupt for SIGINT."""

    def __init__(self, signum: int) -> None:
        self.signum = signum


def _raise_stop(signum: int, _frame: object) -> None:
    raise _Stop(signum)


def _stop_workers() -> None:
    """SIGTERM to every worker process (each kills its kernel and exits), then wait up to 5 s for them."""
    workers = multiprocessing.active_children()
    for worker in workers:
        worker.terminate()
    deadline = time.monotonic() + 5
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            worker.kill()


def default_jobs() -> int:
    """Parallel runs by default: the number of cores available to this process."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def provenance() -> dict[str, str]:
    """What every report states about its making: package and data versions."""
    return {"package version": package_version(), "data version": data_version()}


def _result(future: Future, run: Run, out_dir: Path) -> RunResult:
    try:
        return future.result()
    except Exception as exc:  # the worker itself failed: report it, go on
        return RunResult(run, None, 0.0, f"the worker failed: {type(exc).__name__}: {exc}")


def _progress(stream: TextIO, done: int, total: int, result: RunResult) -> None:
    html = result.html
    where = "nothing written" if html is None or not html.is_file() else html
    if isinstance(where, Path) and where.is_relative_to(Path.cwd()):
        where = where.relative_to(Path.cwd())
    state = "ok" if result.ok else f"FAILED in {result.error}"
    state += f" ({result.seconds:.1f} s)"
    if result.skipped:
        state = "unchanged since its last render, skipped (--force renders it)"
    stream.write(f"[{done}/{total}] {result.run.name}: {state} -> {where}\n")
    stream.flush()


def _with_pdf(result: RunResult, stream: TextIO) -> RunResult:
    """``result`` after printing its report to PDF (only for a good report)."""
    if not result.ok or result.html is None:
        return result
    printed = result.html.with_suffix(".pdf")
    if result.skipped and printed.is_file() and printed.stat().st_mtime >= result.html.stat().st_mtime:
        return result
    try:
        stream.write(f"pdf: {write_pdf(result.html)}\n")
        return result
    except PdfError as exc:
        return replace(result, error=f"the PDF: {exc} (the HTML report was written)")


def render_runs(
    runs: list[Run],
    out_dir: Path,
    jobs: int,
    plotly_mode: PlotlyMode = "inline",
    stream: TextIO | None = None,
    fresh_kernels: bool = False,
    cell_timeout: float = CELL_TIMEOUT,
    pdf: bool = False,
    force: bool = False,
) -> list[RunResult]:
    """Render every run (``jobs`` at a time), then update the index; results in completion order.
    A run whose report is unchanged since its last good render (``freeze.unchanged``) is skipped unless
    ``force``. With ``pdf``, each good report also gets a PDF beside its HTML (printed again when the
    HTML is newer; a run whose PDF fails keeps its HTML and counts as failed).

    Progress goes to ``stream`` (default: standard error), one line per finished run.
    """
    stream = stream or sys.stderr
    out_dir.mkdir(parents=True, exist_ok=True)
    facts = provenance()
    remove_stale_temporaries(out_dir)
    if plotly_mode == "directory":
        write_plotly_js(out_dir)
    started = time.perf_counter()
    results: list[RunResult] = []
    if not force:
        kept = [run for run in runs if unchanged(run, out_dir, plotly_mode)]
        for run in kept:
            results.append(RunResult(run, out_dir / f"{run.name}.html", 0.0, skipped=True))
            _progress(stream, len(results), len(runs), results[-1])
        runs = [run for run in runs if run not in kept]  # the runs still to render
    if runs:
        stream.write(f"rendering {len(runs)} run(s), {min(jobs, len(runs))} at a time, into {out_dir}\n")
    total = len(runs) + len(results)
    live = stream.isatty()
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_stop) if main_thread else None
    pool = ProcessPoolExecutor(
        max_workers=max(1, min(jobs, len(runs))), initializer=worker_start, initargs=(os.getpid(),)
    )
    stopped: int | None = None
    try:
        futures = {
            pool.submit(render_run, run, out_dir, plotly_mode, facts, fresh_kernels, cell_timeout): run
            for run in runs
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.5 if live else None, return_when=FIRST_COMPLETED)
            for future in finished:
                results.append(_result(future, futures[future], out_dir))
                if live:
                    stream.write("\r\033[K")
                _progress(stream, len(results), total, results[-1])
            if live and pending:  # a status line on a terminal, rewritten in place
                elapsed = time.perf_counter() - started
                stream.write(f"\r\033[K{len(results)}/{total} done, {len(pending)} to go, {elapsed:.0f} s")
                stream.flush()
    except (KeyboardInterrupt, _Stop) as stop:
        stopped = stop.signum if isinstance(stop, _Stop) else signal.SIGINT
        pool.shutdown(wait=False, cancel_futures=True)
        _stop_workers()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    for result in results:  # after the whole batch, when every sibling report is written
        if result.ok and result.html is not None:
            remove_dead_links(result.html)
    if pdf and stopped is None:
        results = [_with_pdf(result, stream) for result in results]
    skipped = sum(result.skipped for result in results)
    index = write_index(out_dir, facts)
    failed = [r for r in results if not r.ok]
    seconds = time.perf_counter() - started
    unchanged_note = f" ({skipped} unchanged, skipped)" if skipped else ""
    stream.write(
        f"{len(results) - len(failed)} done{unchanged_note}, {len(failed)} failed, in {seconds:.1f} s; "
        f"index: {index}\n"
    )
    for result in failed:
        stream.write(f"run {result.run.name!r} failed in {result.error}\n")
    if stopped is not None:
        done = {r.run.name for r in results}
        raise RenderInterrupted(int(stopped), results, [run for run in runs if run.name not in done])
    return results
