"""Kernels for rendering: over IPC transport (no TCP ports to collide on), one per worker process.

Starting a kernel and importing pandas, plotly, scipy and this package costs about 3 s of CPU,
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
import queue
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from traitlets import Type

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
# Runs with SNAPSHOT in a kernel started ahead of its first run (``KernelSession.warm``): import what the
# notebook will import, and what drawing its first chart imports; then read and check every table of the
# data package (``load`` keeps them until a file changes), forgetting that they were read (the run
# records only what the notebook reads). Whatever fails here is left for the notebook to report.
WARM = (
    "for _n in [*{modules!r}, 'plotly.io._renderers']:\n"
    "    try:\n"
    "        __import__('importlib').import_module(_n)\n"
    "    except Exception:\n"
    "        pass\n"
    "try:\n"
    "    import nmosd_evidence.datapackage as _d\n"
    "    for _n in _d.table_names():\n"
    "        _d.load(_n)\n"
    "except Exception:\n"
    "    pass\n"
    "finally:\n"
    "    _m = __import__('sys').modules.get('nmosd_evidence.datapackage.package')\n"
    "    _m is None or _m.LOADED.clear()\n"
    "_n = _d = _m = None\n"
    "del _n, _d, _m\n"
    "__import__('gc').collect()\n"
    "__import__('gc').freeze()\n"
)
WARM_TIMEOUT = 120.0  # seconds the first run waits for the warm-up's imports before replacing the kernel
# Runs before each later run, outside the history (store_history=False).
# The new working directory comes first: the last run's may have been removed (a Dask worker's notebook
# copy), and %reset fails in a removed working directory. %reset collects garbage twice; what survives
# it (modules, and the caches of tables and results) is then frozen (``gc.freeze``), so that later
# collections, the next reset's and those during the next run's cells, no longer walk it: a reset went
# from about 0.45 s to 0.09 s. The warm-up freezes what its imports made in the same way.
RESET = (
    "__import__('os').chdir({cwd!r})\n"
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import os as _o, sys as _s, warnings as _w\n"
    "_s.path[:], _w.filters[:] = (list(v) for v in _s._nmosd_start)\n"
    "get_ipython().execution_count = 1\n"
    "_m = _s.modules.get('nmosd_evidence.datapackage.package')\n"
    "_m is None or _m.LOADED.clear()\n"
    "del _o, _s, _w, _m\n"
    "__import__('gc').freeze()\n"
)
# What the run read of the data package (see ``render.freeze``).
LOADED_EXPRESSION = "sorted(__import__('sys').modules['nmosd_evidence.datapackage.package'].LOADED)"


class PromptKernelClient(AsyncKernelClient):
    """The client nbclient gets for a run: ready as soon as its output channel is shown to be connected.

    jupyter_client's ``wait_for_ready`` ends by reading the output channel until it has been silent for
    0.2 s, which every run waited for. This one asks for the kernel's info and reads the output channel
    up to the kernel's "idle" after that request: the last message the request causes, so the channel is
    connected and nothing earlier is left in it. A channel not yet connected misses that message; the
    request is then sent again, as jupyter_client does."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            request = self.kernel_info()
            reply = await self._reply_to(request, deadline)
            if reply is not None and await self._idle_after(request):
                self._handle_kernel_info_reply(reply)
                return
            if not await ensure_async(self.is_alive()):
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    async def _reply_to(self, request: str, deadline: float) -> dict | None:
        """The kernel's reply to ``request`` on the shell channel, or None after a second without it."""
        while time.monotonic() < deadline:
            try:
                message = await ensure_async(self.shell_channel.get_msg(timeout=1))
            except queue.Empty:
                return None
            if message["parent_header"].get("msg_id") == request:
                return message
        return None

    async def _idle_after(self, request: str) -> bool:
        """Whether the output channel carries the kernel's "idle" after ``request`` (0.2 s at most
        between messages)."""
        while True:
            try:
                message = await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
            except queue.Empty:
                return False
            if message["parent_header"].get("msg_id") == request and (
                message["content"].get("execution_state") == "idle"
            ):
                return True


class TrackingKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` that hands out ``PromptKernelClient``s and remembers them: nbclient
    leaves its client open when the kernel manager is not its own, which in a long-lived process (a Dask
    worker, a test run) would use up file descriptors run after run."""

    client_factory = Type(PromptKernelClient, klass=AsyncKernelClient)

    def client(self, **kwargs: object) -> object:
        made = super().client(**kwargs)
        self.__dict__.setdefault("handed_out", []).append(made)
        return made

    def close_clients(self) -> None:
        """Stop the channels of every client handed out so far."""
        for made in self.__dict__.pop("handed_out", []):
            made.stop_channels()


class KernelSession:
    """A worker's kernel: started on first use, reset between runs, replaced if it died."""

    def __init__(self, fresh: bool = False) -> None:
        self.fresh = fresh
        self.manager: TrackingKernelManager | None = None
        self._sockets = Path(tempfile.mkdtemp(prefix="nmosd-k-"))
        self._started = 0
        # One client per kernel, kept for its resets and queries. It uses the shell channel only: a request
        # waits there until the kernel is up, so no readiness check is needed, and it does not receive a
        # copy of every output of the run (an output channel does, and each message would be decoded
        # when the next reset reads up to its own). A blocking client: an asynchronous one is tied to the
        # event loop it was made in, which nbclient replaces.
        self._client = None
        self._warming: str | None = None  # the message id of the warm-up, until it has answered
        self._pristine: Path | None = None  # the working directory of a kernel that has run nothing yet

    def prepared(self, cwd: Path) -> AsyncKernelManager:
        """A kernel ready for a new run in ``cwd``: reset if reused, new if fresh or dead."""
        self._finish_warming()
        pristine, self._pristine = self._pristine, None
        if self.fresh or self.manager is None or not run_sync(self.manager.is_alive)():
            self._launch(cwd)
            self._run(SNAPSHOT)
        elif pristine != cwd:  # a warmed kernel that has run nothing has nothing to reset
            self._run(RESET.format(cwd=str(cwd)))
        return self.manager

    def warm(self, cwd: Path, modules: Sequence[str]) -> None:
        """Start the kernel now and, without waiting, have it import ``modules`` (what the notebooks to
        render import) while the caller goes on; the first run waits only for what is left of that."""
        self._launch(cwd)
        self._warming = self._client.execute(SNAPSHOT + WARM.format(modules=list(modules)), silent=True)
        self._pristine = cwd

    def _finish_warming(self) -> None:
        """Wait for the warm-up's reply; a kernel that died or never answered is stopped (the run then
        gets a new one)."""
        if self._warming is None:
            return
        msg_id, self._warming = self._warming, None
        if self._reply(msg_id, WARM_TIMEOUT) is None:
            self.shutdown()

    def _reply(self, msg_id: str, timeout: float) -> dict | None:
        """The kernel's reply to request ``msg_id``; None if the kernel died or ``timeout`` (s) passed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and run_sync(self.manager.is_alive)():
            try:
                reply = self._client.get_shell_msg(timeout=0.5)
            except queue.Empty:
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply
        return None

    def _launch(self, cwd: Path) -> None:
        """Start a new kernel in ``cwd`` (the old one, if any, stopped) and connect a client to it."""
        self.shutdown()
        self._started += 1
        # IPC sockets in a private folder: parallel kernels cannot collide on TCP ports.
        # The connection file too, so that a killed kernel leaves nothing outside that folder.
        self.manager = TrackingKernelManager(
            kernel_name=KERNEL,
            transport="ipc",
            ip=str(self._sockets / f"k{self._started}"),
            connection_file=str(self._sockets / f"k{self._started}.json"),
        )
        # No history database: runs are not sessions to recall, and a reset counter would clash in it.
        run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=["--HistoryManager.enabled=False"])
        self._client = self.manager.blocking_client()
        # shell only (see __init__); liveness is the manager's check, so no heartbeat thread either
        self._client.start_channels(iopub=False, stdin=False, hb=False, control=False)

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
            manager.close_clients()  # the run's own client (nbclient's)
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
        """Run ``code`` outside the history and wait for the reply (with ``expressions`` evaluated)."""
        msg_id = self._client.execute(
            code, store_history=False, user_expressions=expressions or {}, allow_stdin=False
        )
        reply = self._reply(msg_id, timeout=60)
        if reply is None:
            raise RuntimeError("kernel reset failed: no reply from the kernel")
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel reset failed: {reply['content'].get('evalue')}")
        return reply

    def shutdown(self) -> None:
        """Stop the kernel, if any, and its client."""
        self._warming, self._pristine = None, None
        if self._client is not None:
            self._client.stop_channels()
            self._client = None
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
        self._warming, self._client = None, None
        process = getattr(getattr(self.manager, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        self.manager = None
        shutil.rmtree(self._sockets, ignore_errors=True)
