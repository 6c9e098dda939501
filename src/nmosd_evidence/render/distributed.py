"""Rendering on a Dask cluster: ``render --scheduler tcp://HOST:PORT`` (the optional ``[dask]`` extra).

Dask distributed is the engine: ``Client.get_executor()`` gives concurrent.futures futures, so the batch's
completion loop (``render.batch``) is the same as for the local process pool. Each task executes one run
on a kernel kept by its worker (``KernelPool``, a worker plugin that keeps the kernels between runs and
closes them when the worker stops) and returns the report as text (``execute.Report``): the client writes
the files, because workers may be on other machines. The notebook travels with the task, so a worker
needs this package installed but not the client's folders.

A worker whose data or package version differs from the client's is refused: no run is sent to it, and
each task checks again on its worker (a worker may join later). Start workers with one thread each::

    dask scheduler
    dask worker tcp://HOST:8786 --nthreads 1 --nworkers 2

A worker with more threads runs one kernel per thread.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import Executor, Future
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .execute import CELL_TIMEOUT, Report, close_sessions, make_report, provenance, thread_session
from .html import PlotlyMode
from .runs import Run

try:  # the optional [dask] extra; without it, ``connect`` says how to install it
    from distributed import WorkerPlugin, get_worker
except ImportError:
    WorkerPlugin = object  # type: ignore[misc,assignment]

if TYPE_CHECKING:
    from distributed import Client

PLUGIN = "nmosd-evidence-kernels"
CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler before giving up


class SchedulerError(Exception):
    """The Dask scheduler cannot be used (extra not installed, unreachable, no matching worker)."""


class WrongVersion(Exception):
    """A task reached a worker whose data or package version differs from the client's."""


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Client:
    """A client of the scheduler at ``address``; ``SchedulerError`` with one line saying what to do."""
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerError(
            f"--scheduler {address}: Dask is not installed; install the extra: "
            "pip install 'nmosd-evidence[dask]'"
        ) from None
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"--scheduler {address}: cannot reach the scheduler ({exc})") from None


class KernelPool(WorkerPlugin):
    """The worker plugin: a worker keeps one kernel session per thread between runs
    (``execute.thread_session``); they are closed when the worker stops."""

    name = PLUGIN

    def teardown(self, worker: object) -> None:
        close_sessions()


def report_on_worker(
    run: Run,
    notebook: str,
    plotly_mode: PlotlyMode,
    facts: dict[str, str],
    fresh_kernel: bool = False,
    cell_timeout: float = CELL_TIMEOUT,
) -> Report:
    """The task: ``run`` (its notebook's text in ``notebook``) rendered on this worker's kernel; ``facts``
    are the client's package and data versions, which this worker must share."""
    worker = get_worker()
    here = provenance()
    wanted = {key: facts[key] for key in here}
    if here != wanted:
        raise WrongVersion(f"worker {worker.address} has {here}, the render needs {wanted}")
    with tempfile.TemporaryDirectory(prefix="nmosd-nb-") as folder:
        local = Path(folder) / run.notebook.name
        local.write_text(notebook, encoding="utf-8")
        session = thread_session(fresh_kernel)
        report = make_report(replace(run, notebook=local), plotly_mode, facts, session, cell_timeout)
    return replace(report, run=run)


def _versions(facts: dict[str, str]) -> str:
    return f"data version {facts['data version']}, package version {facts['package version']}"


class DaskEngine:
    """Runs submitted to the workers of a Dask cluster whose versions match the client's."""

    def __init__(self, address: str) -> None:
        self.client = connect(address, CONNECT_TIMEOUT)
        try:
            self.client.register_plugin(KernelPool())
            found = self.client.run(provenance)
            wanted = provenance()
            self.workers = sorted(worker for worker, seen in found.items() if seen == wanted)
            self.refused = {worker: seen for worker, seen in found.items() if seen != wanted}
            if not self.workers:
                refused = "; ".join(f"{w} ({_versions(v)})" for w, v in sorted(self.refused.items()))
                raise SchedulerError(
                    f"--scheduler {address}: no worker shares this render's {_versions(wanted)}"
                    + (f" (refused {refused})" if refused else " (the cluster has no workers)")
                )
            self.executor: Executor = self.client.get_executor(
                workers=self.workers, allow_other_workers=False, pure=False
            )
        except BaseException:
            self.client.close()
            raise

    def describe(self) -> str:
        """Where the runs go, and which workers were refused."""
        text = f"on the Dask cluster at {self.client.scheduler.address} ({len(self.workers)} worker(s))"
        for worker, seen in sorted(self.refused.items()):
            text += f"; refused {worker} ({_versions(seen)})"
        return text

    def submit(
        self,
        run: Run,
        plotly_mode: PlotlyMode,
        facts: dict[str, str],
        fresh_kernel: bool,
        cell_timeout: float,
    ) -> Future:
        notebook = run.notebook.read_text(encoding="utf-8")
        return self.executor.submit(
            report_on_worker, run, notebook, plotly_mode, facts, fresh_kernel, cell_timeout
        )

    def failure(self, error: Exception) -> str:
        """Why a run has no result, in one line."""
        if type(error).__name__ == "KilledWorker":  # Dask gave up after its worker(s) died running it
            return (
                "its Dask worker died while running it (killed, out of memory, or the code ended the "
                "worker's process)"
            )
        if isinstance(error, WrongVersion):
            return f"not rendered: {error}"
        return f"the Dask task failed: {type(error).__name__}: {error}"

    def close(self, cancel: bool = False) -> None:
        """Cancel what is left (``cancel``) and disconnect; the cluster and its kernels stay up."""
        self.executor.shutdown(wait=not cancel)
        self.client.close()
