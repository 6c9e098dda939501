"""Executing one run: papermill on a kernel over IPC transport, then the HTML report, written atomically."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path

import nbformat
import papermill  # imported before the worker pool forks, so every worker inherits it
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError

from ..datapackage import data_version
from ..datapackage.package import package_version
from .downloads import DownloadContext
from .files import write_together
from .freeze import inputs_record
from .html import PlotlyMode, export_html, header_html
from .kernels import KERNEL, KernelSession
from .progress import RunResult
from .records import run_record_path
from .runs import Run, effective_parameters

FAILED_DIR = "failed"
CELL_TIMEOUT = 300.0  # seconds one cell may run before its run fails (``render --cell-timeout``)


def provenance() -> dict[str, str]:
    """What every report states about its making, and what a Dask worker must share with the client:
    package and data versions."""
    return {"package version": package_version(), "data version": data_version()}


# This process's kernel sessions, one per thread that renders (a worker process of the local pool has
# one thread; a Dask worker may have several), and the scratch folders of the runs under way: both are
# removed if the process is stopped.
_SESSIONS: dict[int, KernelSession] = {}
_SCRATCH: set[Path] = set()
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies (Linux)


def worker_start(parent: int) -> None:
    """First thing in each worker process: leave Ctrl-C to the parent (``parent``: its pid), stop cleanly
    on SIGTERM, and get SIGTERM when the parent dies, however it dies (Linux), so that no worker or kernel
    outlives the render."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os.kill(os.getpid(), signal.SIGTERM)


def _stop_worker(signum: int, _frame: object) -> None:
    """SIGTERM in a worker: kill its kernel, remove its scratch and socket folders, exit at once."""
    for session in list(_SESSIONS.values()):
        session.kill()
    for scratch in list(_SCRATCH):
        shutil.rmtree(scratch, ignore_errors=True)
    os._exit(128 + signum)


def thread_session(fresh: bool) -> KernelSession:
    """This thread's kernel session (a local pool's worker process has one thread; a Dask worker may have
    several), kept between runs and closed when the process exits or by ``close_sessions``."""
    thread = threading.get_ident()
    session = _SESSIONS.get(thread)
    if session is None or session.fresh != fresh:
        if session is not None:
            session.close()
        session = _SESSIONS[thread] = KernelSession(fresh)
        Finalize(session, session.close, exitpriority=10)
    return session


def close_sessions() -> None:
    """Stop this process's kernels and remove their socket folders (a Dask worker's teardown)."""
    while _SESSIONS:
        _SESSIONS.popitem()[1].close()


class PartialNotebookEngine(NBClientEngine):
    """papermill's nbclient engine that, when execution stops with an error papermill does not handle
    (a dead kernel, a cell timeout), hands the notebook as far as it ran to the exception
    (``error.partial_notebook``), so the failed report shows the outputs so far and names the cell."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        except Exception as error:
            error.partial_notebook = nb_man.nb  # type: ignore[attr-defined]
            raise


ENGINE = "nmosd-partial"
papermill_engines.register(ENGINE, PartialNotebookEngine)


def _execute(run: Run, output: Path, session: KernelSession, cell_timeout: float) -> list[str]:
    """Execute ``run`` into ``output`` on ``session``'s kernel; the data-package tables it read (see
    ``render.freeze``)."""
    with session.kernel(run.notebook.parent) as manager:
        papermill.execute_notebook(
            str(run.notebook),
            str(output),
            parameters=run.parameters,
            kernel_name=KERNEL,
            km=manager,
            cwd=str(run.notebook.parent),
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=cell_timeout,
            engine_name=ENGINE,
        )
        return session.loaded_tables()


def run_entry(run: Run, inputs: dict[str, object] | None = None) -> dict[str, object]:
    """The index entry of ``run``'s report: name, title, notebook file, parameters, HTML file, and the
    inputs it was made from (``freeze.inputs_record``)."""
    entry = {
        "name": run.name,
        "title": run.title,
        "notebook": run.notebook.name,
        "parameters": effective_parameters(run),
        "html": f"{run.name}.html",
    }
    return {**entry, "inputs": inputs} if inputs is not None else entry


def _running_cell(notebook: nbformat.NotebookNode | None) -> int | None:
    """The index of the last cell papermill started (the one running when execution stopped), if any."""
    started = [
        number
        for number, cell in enumerate(notebook.cells if notebook is not None else [])
        if cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    return started[-1] if started else None


def _describe(error: Exception, cell_timeout: float) -> str:
    """One line saying which cell failed and why."""
    if isinstance(error, PapermillExecutionError):
        return f"cell {error.cell_index} (execution count {error.exec_count}): {error.ename}: {error.evalue}"
    cell = _running_cell(getattr(error, "partial_notebook", None))
    where = f"cell {cell}: " if cell is not None else ""
    if isinstance(error, DeadKernelError):
        return f"{where}the kernel died (killed, out of memory, or the code ended its process)"
    if isinstance(error, CellTimeoutError):
        return f"{where}the cell ran longer than the cell timeout of {cell_timeout:g} s (--cell-timeout)"
    return f"{where}{type(error).__name__}: {error}"


@dataclass(frozen=True)
class Report:
    """A finished run as text, before anything is written: what a worker hands back (a Dask worker may be
    on another machine, so the client writes the files). ``error`` is None on success; ``tables`` are the
    data-package tables the run read (``render.freeze``)."""

    run: Run
    notebook: str
    html: str
    seconds: float
    error: str | None = None
    tables: tuple[str, ...] = ()


def make_report(
    run: Run,
    plotly_mode: PlotlyMode,
    provenance: dict[str, str],
    session: KernelSession,
    cell_timeout: float = CELL_TIMEOUT,
) -> Report:
    """Execute ``run`` on ``session``'s kernel and export its HTML report; a failure is described in
    ``Report.error`` (the report then shows the notebook as far as it ran, with its code)."""
    started = time.perf_counter()
    error = None
    scratch = Path(tempfile.mkdtemp(prefix="nmosd-"))
    _SCRATCH.add(scratch)
    try:
        executed = scratch / f"{run.name}.ipynb"
        partial, tables = None, []
        try:
            tables = _execute(run, executed, session, cell_timeout)
        except Exception as exc:  # any failure is reported per run; the batch goes on
            error = _describe(exc, cell_timeout)
            partial = getattr(exc, "partial_notebook", None)
        if executed.is_file():  # as papermill wrote it (nbformat.writes), so not validated again
            text = executed.read_text(encoding="utf-8")
            notebook = nbformat.v4.reads(text)
        else:
            notebook = partial if partial is not None else nbformat.read(run.notebook, as_version=4)
            text = nbformat.writes(notebook)
        parameters = effective_parameters(run)
        header = header_html(run.title, parameters, {"run": run.name, **provenance}, error)
        downloads = DownloadContext(run.name, parameters, provenance)
        page = export_html(
            notebook,
            run.title,
            header,
            plotly_mode,
            show_code=error is not None,
            name=run.name,
            downloads=downloads,
        )  # fmt: skip  (changes ``notebook``; ``text`` is what the .ipynb file keeps)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        _SCRATCH.discard(scratch)
    seconds = time.perf_counter() - started
    return Report(run, text, page, seconds, error, tuple(tables))


def write_report(report: Report, out_dir: Path, plotly_mode: PlotlyMode) -> RunResult:
    """Write ``<out>/<name>.ipynb`` and ``.html`` (on failure: under ``<out>/failed/``) and, for a good
    report, its run record; all together, so an earlier good report is never replaced by partial output."""
    run, error = report.run, report.error
    target = out_dir / (FAILED_DIR if error else "")
    files = {target / f"{run.name}.ipynb": report.notebook, target / f"{run.name}.html": report.html}
    if not error:  # a good report carries its index entry, so the index never disagrees with it
        entry = run_entry(run, inputs_record(run, plotly_mode, list(report.tables)))
        files[run_record_path(out_dir, run.name)] = json.dumps(entry, indent=2) + "\n"
    try:
        write_together(files)
    except OSError as exc:
        error = f"could not write the report into {target}: {exc.strerror or exc}; nothing was replaced"
        return RunResult(run, None, report.seconds, error)
    if not error:
        for stale in (out_dir / FAILED_DIR).glob(f"{run.name}.*"):
            stale.unlink()
    return RunResult(run, target / f"{run.name}.html", report.seconds, error)


def render_run(
    run: Run,
    out_dir: Path,
    plotly_mode: PlotlyMode,
    provenance: dict[str, str],
    fresh_kernel: bool = False,
    cell_timeout: float = CELL_TIMEOUT,
) -> RunResult:
    """Execute ``run`` and write its report into ``out_dir`` (``make_report`` then ``write_report``)."""
    report = make_report(run, plotly_mode, provenance, thread_session(fresh_kernel), cell_timeout)
    return write_report(report, out_dir, plotly_mode)
