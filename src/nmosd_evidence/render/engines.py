"""Where runs execute: this machine's worker processes (``LocalEngine``), or this process on a kernel
started ahead of the run (``WarmKernelEngine``, for one notebook from the command line). A Dask cluster's
engine is ``render.distributed.DaskEngine``. ``render.batch`` drives any of them."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from .execute import make_report, render_run, worker_start, write_report
from .html import PlotlyMode
from .kernels import KernelSession
from .progress import RunResult
from .runs import Run


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


class Engine(Protocol):
    """Where runs execute: each future gives a ``RunResult`` (files written by the worker) or a
    ``Report`` (text, for the client to write)."""

    def describe(self) -> str: ...

    def submit(
        self, run: Run, plotly_mode: PlotlyMode, provenance: dict[str, str], fresh: bool, timeout: float
    ) -> Future: ...

    def failure(self, error: Exception) -> str: ...

    def close(self, cancel: bool = False) -> None: ...


class LocalEngine:
    """This machine's worker processes, ``jobs`` at a time, each keeping one kernel between runs."""

    def __init__(self, jobs: int, out_dir: Path) -> None:
        self.jobs, self.out_dir = jobs, out_dir
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=worker_start, initargs=(os.getpid(),))

    def describe(self) -> str:
        return f"{self.jobs} at a time"

    def submit(
        self, run: Run, plotly_mode: PlotlyMode, provenance: dict[str, str], fresh: bool, timeout: float
    ) -> Future:
        return self.pool.submit(render_run, run, self.out_dir, plotly_mode, provenance, fresh, timeout)

    def failure(self, error: Exception) -> str:
        """Why a run has no result: its worker process failed (a run's own errors are in its result)."""
        return f"the worker failed: {type(error).__name__}: {error}"

    def close(self, cancel: bool = False) -> None:
        if cancel:
            self.pool.shutdown(wait=False, cancel_futures=True)
            _stop_workers()
        self.pool.shutdown(wait=True, cancel_futures=True)


def _close_thread_loop() -> None:
    """Close the event loop jupyter_client made for this thread: its file descriptors would outlive the
    thread (a process that renders many single reports, such as a test run, would run out of them)."""
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:  # this thread has none
        return
    loop.close()
    asyncio.set_event_loop(None)


class WarmKernelEngine:
    """One run in this process, on a kernel the command line started before it loaded the render path
    (``KernelSession.warm``), so that the kernel's start and imports overlap the command line's own."""

    def __init__(self, session: KernelSession, out_dir: Path) -> None:
        self.session, self.out_dir, self.cancelled = session, out_dir, False
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nmosd-run")

    def describe(self) -> str:
        return "1 at a time"

    def submit(
        self, run: Run, plotly_mode: PlotlyMode, provenance: dict[str, str], fresh: bool, timeout: float
    ) -> Future:
        return self.pool.submit(self._render, run, plotly_mode, provenance, timeout)

    def _render(
        self, run: Run, plotly_mode: PlotlyMode, provenance: dict[str, str], timeout: float
    ) -> RunResult:
        try:
            report = make_report(run, plotly_mode, provenance, self.session, timeout)
        finally:
            _close_thread_loop()
        if self.cancelled:  # stopped by a signal: its kernel was killed, nothing is written
            return RunResult(run, None, report.seconds, "stopped")
        return write_report(report, self.out_dir, plotly_mode)

    failure = LocalEngine.failure

    def close(self, cancel: bool = False) -> None:
        if cancel:
            self.cancelled = True
            self.session.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.session.close()
