"""Rendering a set of runs on an engine (``render.engines``: this machine's worker processes by default),
with progress lines, the index and a summary."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from .engines import Engine, LocalEngine
from .execute import CELL_TIMEOUT, Report, provenance, write_report
from .files import remove_stale_temporaries
from .freeze import unchanged
from .html import PlotlyMode, write_plotly_js
from .index import write_index
from .kernels import KernelSession
from .links import remove_dead_links
from .pdf import PdfError, write_pdf
from .progress import RunResult, write_progress, write_summary
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


def default_jobs() -> int:
    """Parallel runs by default: the number of cores available to this process."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def longest_first(runs: list[Run]) -> list[Run]:
    """``runs`` in the order to start them: largest notebook first, as listed otherwise. A committed
    notebook carries its outputs, so its size follows the work of its runs (epidemiology, the largest,
    takes about twice as long as the overview); starting the longest runs first leaves short ones for
    the end, so that the workers finish close together (longest-processing-time-first scheduling)."""
    return sorted(runs, key=lambda run: -run.notebook.stat().st_size if run.notebook.is_file() else 0)


def _result(engine: Engine, future: Future, run: Run, out_dir: Path, plotly_mode: PlotlyMode) -> RunResult:
    try:
        outcome = future.result()
    except Exception as exc:  # the worker itself failed (or died): report it, go on
        return RunResult(run, None, 0.0, engine.failure(exc))
    return write_report(outcome, out_dir, plotly_mode) if isinstance(outcome, Report) else outcome


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
    engine: Engine | None = None,
    warm: KernelSession | None = None,
) -> list[RunResult]:
    """Render every run (``jobs`` at a time on this machine, one of them in this process on ``warm`` if
    given, or on ``engine``, e.g. a Dask cluster's ``distributed.DaskEngine``; this closes both), then
    update the index; results in completion order.
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
            write_progress(stream, len(results), len(runs), results[-1])
        runs = [run for run in runs if run not in kept]  # the runs still to render
    runs = longest_first(runs)
    total = len(runs) + len(results)
    live = stream.isatty()
    main_thread = threading.current_thread() is threading.main_thread()
    if engine is None and runs:
        engine = LocalEngine(max(1, min(jobs, len(runs))), out_dir, warm)
    elif warm is not None:  # no run for it here
        warm.close()
    if engine is not None and not runs:
        engine.close()
        engine = None
    if engine is not None:
        stream.write(f"rendering {len(runs)} run(s), {engine.describe()}, into {out_dir}\n")
    previous = signal.signal(signal.SIGTERM, _raise_stop) if main_thread else None
    stopped: int | None = None
    try:
        submit = engine.submit if engine is not None else None
        futures = {
            submit(run, plotly_mode, facts, fresh_kernels, cell_timeout): run for run in runs if submit
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.5 if live else None, return_when=FIRST_COMPLETED)
            for future in finished:
                results.append(_result(engine, future, futures[future], out_dir, plotly_mode))
                if live:
                    stream.write("\r\033[K")
                write_progress(stream, len(results), total, results[-1])
            if live and pending:  # a status line on a terminal, rewritten in place
                elapsed = time.perf_counter() - started
                stream.write(f"\r\033[K{len(results)}/{total} done, {len(pending)} to go, {elapsed:.0f} s")
                stream.flush()
    except (KeyboardInterrupt, _Stop) as stop:
        stopped = stop.signum if isinstance(stop, _Stop) else signal.SIGINT
        if engine is not None:
            engine.close(cancel=True)
            engine = None
    finally:
        if engine is not None:
            engine.close()
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    for result in results:  # after the whole batch, when every sibling report is written
        if result.ok and result.html is not None:
            remove_dead_links(result.html)
    if pdf and stopped is None:
        results = [_with_pdf(result, stream) for result in results]
    index = write_index(out_dir, facts)
    write_summary(stream, results, time.perf_counter() - started, index)
    if stopped is not None:
        done = {r.run.name for r in results}
        raise RenderInterrupted(int(stopped), results, [run for run in runs if run.name not in done])
    return results
