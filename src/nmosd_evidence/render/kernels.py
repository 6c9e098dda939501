"""Kernels for rendering: over IPC transport (no TCP ports to collide on), one per worker process.

Starting a kernel and importing pandas, plotly, statsmodels and this package costs about 3 s of CPU,
several times the work of a run. A worker therefore keeps its kernel and resets it between runs: the
user namespace and history are cleared (``%reset -f``), the execution counter goes back to 1, and the
working directory, ``sys.path`` and warning filters return to what they were at kernel start. Imported
modules stay loaded; that is the saving. ``fresh=True`` (``render --fresh-kernels``) gives every run a
kernel of its own instead. tests/test_reports.py checks that reused-kernel outputs equal the committed
fresh-kernel (nbval) outputs.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jupyter_client.manager import KernelManager

KERNEL = "python3"

# Runs once, at kernel start: remember the state a reset returns to.
SNAPSHOT = (
    "import os as _o, sys as _s, warnings as _w\n"
    "_s._nmosd_start = (list(_s.path), list(_w.filters))\n"
    "del _o, _s, _w\n"
)
# Runs before each later run, outside the history (store_history=False).
RESET = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import os as _o, sys as _s, warnings as _w\n"
    "_s.path[:], _w.filters[:] = (list(v) for v in _s._nmosd_start)\n"
    "_o.chdir({cwd!r})\n"
    "get_ipython().execution_count = 1\n"
    "del _o, _s, _w\n"
)


class KernelSession:
    """A worker's kernel: started on first use, reset between runs, replaced if it died."""

    def __init__(self, fresh: bool = False) -> None:
        self.fresh = fresh
        self.manager: KernelManager | None = None
        self._sockets = Path(tempfile.mkdtemp(prefix="nmosd-k-"))
        self._started = 0

    def prepared(self, cwd: Path) -> KernelManager:
        """A kernel ready for a new run in ``cwd``: reset if reused, new if fresh or dead."""
        if self.fresh or self.manager is None or not self.manager.is_alive():
            self.shutdown()
            self._started += 1
            # IPC sockets in a private folder: parallel kernels cannot collide on TCP ports.
            self.manager = KernelManager(
                kernel_name=KERNEL, transport="ipc", ip=str(self._sockets / f"k{self._started}")
            )
            # No history database: runs are not sessions to recall, and a reset counter would clash in it.
            self.manager.start_kernel(cwd=str(cwd), extra_arguments=["--HistoryManager.enabled=False"])
            self._run(SNAPSHOT)
        else:
            self._run(RESET.format(cwd=str(cwd)))
        return self.manager

    @contextmanager
    def kernel(self, cwd: Path) -> Iterator[KernelManager]:
        """A kernel prepared for one run in ``cwd``; a fresh session's kernel stops when the run ends."""
        manager = self.prepared(cwd)
        try:
            yield manager
        finally:
            if self.fresh:
                self.shutdown()

    def _run(self, code: str) -> None:
        client = self.manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(
                code, store_history=False, timeout=60, output_hook=lambda _: None
            )
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"kernel reset failed: {reply['content'].get('evalue')}")
        finally:
            client.stop_channels()

    def shutdown(self) -> None:
        """Stop the kernel, if any."""
        if self.manager is not None and self.manager.has_kernel:
            self.manager.shutdown_kernel(now=True)
        self.manager = None

    def close(self) -> None:
        """Stop the kernel and remove its socket folder."""
        self.shutdown()
        shutil.rmtree(self._sockets, ignore_errors=True)
