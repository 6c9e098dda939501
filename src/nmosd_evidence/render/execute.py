"""Executing one run: papermill on a kernel over IPC transport, then the HTML report, written atomically."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path

import nbformat
import papermill  # imported before the worker pool forks, so every worker inherits it

from .files import write_atomic
from .html import PlotlyMode, export_html, header_html
from .kernels import KERNEL, KernelSession
from .notebooks import info
from .runs import Run

FAILED_DIR = "failed"


@dataclass(frozen=True)
class RunResult:
    """What became of a run: ``error`` is None on success; ``html`` is where its report went."""

    run: Run
    html: Path
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def effective_parameters(run: Run) -> dict[str, object]:
    """The notebook's defaults overridden by the run's parameters, in parameters-cell order."""
    values = {p.name: p.default for p in info(run.notebook).parameters}
    values.update(run.parameters)
    return values


_SESSION: KernelSession | None = None


def _session(fresh: bool) -> KernelSession:
    """This worker process's kernel session, closed when the worker exits."""
    global _SESSION
    if _SESSION is None or _SESSION.fresh != fresh:
        if _SESSION is not None:
            _SESSION.close()
        _SESSION = KernelSession(fresh)
        Finalize(_SESSION, _SESSION.close, exitpriority=10)
    return _SESSION


def _execute(run: Run, output: Path, fresh: bool) -> None:
    with _session(fresh).kernel(run.notebook.parent) as manager:
        papermill.execute_notebook(
            str(run.notebook),
            str(output),
            parameters=run.parameters,
            kernel_name=KERNEL,
            km=manager,
            cwd=str(run.notebook.parent),
            progress_bar=False,
            request_save_on_cell_execute=False,
        )


def _describe(error: Exception) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        return f"cell {error.cell_index} (execution count {error.exec_count}): {error.ename}: {error.evalue}"
    return f"{type(error).__name__}: {error}"


def render_run(
    run: Run, out_dir: Path, plotly_mode: PlotlyMode, provenance: dict[str, str], fresh_kernel: bool = False
) -> RunResult:
    """Execute ``run``; write ``<out>/<name>.ipynb`` and ``.html`` (on failure: under ``<out>/failed/``).

    Nothing is written under the final names until the run has finished, so an earlier good report is
    never replaced by partial output.
    """
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="nmosd-"))
    executed = scratch / f"{run.name}.ipynb"
    error = None
    try:
        _execute(run, executed, fresh_kernel)
    except Exception as exc:  # any failure is reported per run; the batch goes on
        error = _describe(exc)
    try:
        notebook = nbformat.read(executed if executed.is_file() else run.notebook, as_version=4)
        target = out_dir / (FAILED_DIR if error else "")
        header = header_html(run.title, effective_parameters(run), {"run": run.name, **provenance}, error)
        page = export_html(notebook, run.title, header, plotly_mode, show_code=error is not None)
        write_atomic(target / f"{run.name}.ipynb", nbformat.writes(notebook))
        write_atomic(target / f"{run.name}.html", page)
        if not error:
            for stale in (out_dir / FAILED_DIR).glob(f"{run.name}.*"):
                stale.unlink()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return RunResult(run, target / f"{run.name}.html", time.perf_counter() - started, error)
