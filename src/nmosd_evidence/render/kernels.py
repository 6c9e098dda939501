"""Kernels for rendering: over IPC transport (no TCP ports to collide on), one per worker process.

Starting a kernel and importing pandas, plotly, statsmodels and this package costs about 3 s of CPU,
several times the work of a run. A worker therefore keeps its kernel and resets it between runs: the
user namespace and history are cleared (``%reset -f``), the execution counter goes back to 1, and the
working directory, ``sys.path`` and warning filters return to what they were at kernel start. Imported
modules stay loaded; that is the saving. ``fresh=True`` (``render --fresh-kernels``) gives every run a
kernel of its own instead. tests/test_reports.py checks that reused-kernel outputs equal the committed
fresh-kernel (nbval) outputs.

The manager is an ``AsyncKernelManager``: nbclient then talks to the kernel through an asynchronous client
and its dead-kernel check runs while a cell waits for its reply, so a kernel that dies (``os._exit``, the
out-of-memory killer) fails the run within seconds instead of blocking the worker for ever.
"""

from __future__ import annotations

import ast
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

KERNEL = "python3"

# Runs once, at kernel start: skip jsonschema's optional IRI grammar (rfc3987_syntax compiles a grammar
# for about 2 s when plotly's first chart imports nbformat; see render/__init__.py), and remember the
# state a reset returns to.
SNAPSHOT = (
    "import os as _o, sys as _s, warnings as _w\n"
    "_s.modules.setdefault('rfc3987_syntax', None)\n"
    "_s._nmosd_start = (list(_s.path), list(_w.filters))\n"
    "del _o, _s, _w\n"
)
# Runs before each later run, outside the history (store_history=False).
# The new working directory comes first: the last run's may have been removed (a Dask worker's notebook
# copy), and %reset fails in a removed working directory.
RESET = (
    "__import__('os').chdir({cwd!r})\n"
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import os as _o, sys as _s, warnings as _w\n"
    "_s.path[:], _w.filters[:] = (list(v) for v in _s._nmosd_start)\n"
    "get_ipython().execution_count = 1\n"
    "_m = _s.modules.get('nmosd_evidence.datapackage.package')\n"
    "_m is None or _m.LOADED.clear()\n"
    "del _o, _s, _w, _m\n"
)
# What the run read of the data package (see ``render.freeze``).
LOADED_EXPRESSION = "sorted(__import__('sys').modules['nmosd_evidence.datapackage.package'].LOADED)"


class KernelSession:
    """A worker's kernel: started on first use, reset between runs, replaced if it died."""

    def __init__(self, fresh: bool = False) -> None:
        self.fresh = fresh
        self.manager: AsyncKernelManager | None = None
        self._sockets = Path(tempfile.mkdtemp(prefix="nmosd-k-"))
        self._started = 0

    def prepared(self, cwd: Path) -> AsyncKernelManager:
        """A kernel ready for a new run in ``cwd``: reset if reused, new if fresh or dead."""
        if self.fresh or self.manager is None or not run_sync(self.manager.is_alive)():
            self.shutdown()
            self._started += 1
            # IPC sockets in a private folder: parallel kernels cannot collide on TCP ports.
            # The connection file too, so that a killed kernel leaves nothing outside that folder.
            self.manager = AsyncKernelManager(
                kernel_name=KERNEL,
                transport="ipc",
                ip=str(self._sockets / f"k{self._started}"),
                connection_file=str(self._sockets / f"k{self._started}.json"),
            )
            # No history database: runs are not sessions to recall, and a reset counter would clash in it.
            run_sync(self.manager.start_kernel)(
                cwd=str(cwd), extra_arguments=["--HistoryManager.enabled=False"]
            )
            self._run(SNAPSHOT)
        else:
            self._run(RESET.format(cwd=str(cwd)))
        return self.manager

    @contextmanager
    def kernel(self, cwd: Path) -> Iterator[AsyncKernelManager]:
        """A kernel prepared for one run in ``cwd``; a fresh session's kernel stops when the run ends, and
        so does a kernel whose run failed (it may be dead, hung in a cell or left in a broken state)."""
        manager = self.prepared(cwd)
        failed = True
        try:
            yield manager
            failed = False
        finally:
            if self.fresh or failed:
                self.shutdown()

    def loaded_tables(self) -> list[str]:
        """The data-package tables the last run read ("*": every file); [] when it read none."""
        reply = self._run("", {"tables": LOADED_EXPRESSION})
        found = reply["content"].get("user_expressions", {}).get("tables", {})
        if found.get("status") != "ok":
            return []
        return list(ast.literal_eval(found["data"]["text/plain"]))

    def _run(self, code: str, expressions: dict[str, str] | None = None) -> dict:
        client = self.manager.client()
        client.start_channels()
        try:
            run_sync(client.wait_for_ready)(timeout=60)
            reply = run_sync(client.execute_interactive)(
                code,
                store_history=False,
                timeout=60,
                output_hook=lambda _: None,
                user_expressions=expressions or {},
            )
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"kernel reset failed: {reply['content'].get('evalue')}")
            return reply
        finally:
            client.stop_channels()

    def shutdown(self) -> None:
        """Stop the kernel, if any."""
        if self.manager is not None and self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=True)
        self.manager = None

    def close(self) -> None:
        """Stop the kernel and remove its socket folder."""
        self.shutdown()
        shutil.rmtree(self._sockets, ignore_errors=True)

    def kill(self) -> None:
        """Kill the kernel process at once and remove the socket folder: for a worker being stopped by a
        signal, where no event loop may be entered."""
        process = getattr(getattr(self.manager, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        self.manager = None
        shutil.rmtree(self._sockets, ignore_errors=True)
