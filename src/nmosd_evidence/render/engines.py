"""Where runs execute: this machine (``LocalEngine``: worker processes, and this process itself on a
kernel the command line started ahead of the runs), or a Dask cluster (``render.distributed.DaskEngine``).
``render.batch`` drives any of them."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Protocol

from .execute import make_report, render_run, worker_start, write_report
from .html import PlotlyMode
from .kernels import KernelSession
from .progress import RunResult
from .runs import Run

Task = tuple[Run, PlotlyMode, dict[str, str], bool, float]  # run, plotly mode, provenance, fresh, timeout


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
    """Where runs execute: each future gives a ``RunResult`` (files written where the run ran) or a
    ``Report`` (text, for the client to write)."""

    def describe(self) -> str: ...

    def submit(
        self, run: Run, plotly_mode: PlotlyMode, provenance: dict[str, str], fresh: bool, timeout: float
    ) -> Future: ...

    def failure(self, error: Exception) -> str: ...

    def close(self, cancel: bool = False) -> None: ...


def _close_thread_loop() -> None:
    """Close the event loop jupyter_client made for this thread: its file descriptors would outlive the
    thread (a process that renders many single reports, such as a test run, would run out of them)."""
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:  # this thread has none
        return
    loop.close()
    asyncio.set_event_loop(None)


class LocalEngine:
    """This machine, ``jobs`` runs at a time: each slot keeps one kernel between runs and takes the next
    run, in the order submitted, as soon as it is free (so the longest-first order of ``render.batch``
    holds across slots).

    A slot is a worker process, or, given ``warm``, this process itself on that kernel: the command line
    starts it before it loads the render path (``KernelSession.warm``), so that the kernel's start and
    imports use the core the command line leaves idle while it loads (about 2 s). The worker processes
    start when the engine is made, from this thread, before any slot runs: a process forked while
    another thread of it drives a kernel could inherit a lock held by that thread."""

    def __init__(self, jobs: int, out_dir: Path, warm: KernelSession | None = None) -> None:
        self.jobs, self.out_dir, self.warm = jobs, out_dir, warm
        self.cancelled = False
        self._tasks: queue.SimpleQueue[tuple[Future, Task] | None] = queue.SimpleQueue()
        processes = jobs - (warm is not None)
        self.pool = None
        if processes > 0:
            self.pool = ProcessPoolExecutor(
                max_workers=processes, initializer=worker_start, initargs=(os.getpid(),)
            )
            self.pool.submit(os.getpid).result()  # forks every worker now (see above)
        serve: list[Callable[[Task], object]] = [self._in_worker] * processes
        if warm is not None:
            serve.append(self._here)
        self._slots = [
            threading.Thread(target=self._serve, args=(work,), name=f"nmosd-slot-{n}", daemon=True)
            for n, work in enumerate(serve)
        ]
        for slot in self._slots:
            slot.start()

    def describe(self) -> str:
        return f"{self.jobs} at a time"

    def submit(
        self, run: Run, plotly_mode: PlotlyMode, provenance: dict[str, str], fresh: bool, timeout: float
    ) -> Future:
        future: Future = Future()
        self._tasks.put((future, (run, plotly_mode, provenance, fresh, timeout)))
        return future

    def _serve(self, work: Callable[[Task], object]) -> None:
        """One slot: run tasks until told to stop (``None``)."""
        while (item := self._tasks.get()) is not None:
            future, task = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(work(task))
            except BaseException as exc:  # reported for this run by ``render.batch``
                future.set_exception(exc)

    def _in_worker(self, task: Task) -> RunResult:
        """A run in a worker process, which writes its files."""
        run, plotly_mode, provenance, fresh, timeout = task
        done = self.pool.submit(render_run, run, self.out_dir, plotly_mode, provenance, fresh, timeout)
        return done.result()

    def _here(self, task: Task) -> RunResult:
        """A run in this process on the warm kernel (``fresh`` does not apply: no warm kernel is made for
        fresh-kernel renders)."""
        run, plotly_mode, provenance, _, timeout = task
        try:
            report = make_report(run, plotly_mode, provenance, self.warm, timeout)
        finally:
            _close_thread_loop()
        if self.cancelled:  # stopped by a signal: its kernel was killed, nothing is written
            return RunResult(run, None, report.seconds, "stopped")
        return write_report(report, self.out_dir, plotly_mode)

    def failure(self, error: Exception) -> str:
        """Why a run has no result: its worker process failed (a run's own errors are in its result)."""
        return f"the worker failed: {type(error).__name__}: {error}"

    def close(self, cancel: bool = False) -> None:
        """Start no more runs (those not started are cancelled) and stop the slots when their runs end,
        or at once with ``cancel`` (the warm kernel and the worker processes killed); then stop the
        kernels."""
        while True:
            try:
                item = self._tasks.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item[0].cancel()
        if cancel:
            self.cancelled = True
            if self.warm is not None:
                self.warm.kill()
            if self.pool is not None:
                self.pool.shutdown(wait=False, cancel_futures=True)
                _stop_workers()
        for _ in self._slots:
            self._tasks.put(None)
        for slot in self._slots:
            slot.join()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.warm is not None:
            self.warm.close()
