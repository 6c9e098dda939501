"""Validated tables kept on disk, so that ``load()`` checks a table once per content, not once per process.

Checking the tables against their schemas and rules (pandera) took about 1.2 s for the whole package, and
importing what checks them about 0.7 s, in every new process: the command line, and every report's
kernel. A validated table is kept as a pickle under ``$NMOSD_EVIDENCE_CACHE`` (default
``$XDG_CACHE_HOME/nmosd-evidence``, i.e. ``~/.cache/nmosd-evidence``), named by a SHA-256 of all it
depends on: the bytes of the files it was read and checked from, the source of this package's
``datapackage`` code (the checks), and the Python, pandas and pandera versions. A changed file or a
changed check is a new name, so a stale table is never served. ``NMOSD_EVIDENCE_CACHE=off`` turns the
cache off.

Reading a pickle can run code, so an entry is read only from a folder and a file that this user owns and
that no one else may write: the trust the user's own ``site-packages`` already has. Anything else (a
foreign or shared entry, a damaged file, a folder that cannot be written) is passed over, and the table is
checked as if there were no cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path

import pandas as pd

CACHE_ENV = "NMOSD_EVIDENCE_CACHE"
FORMAT = "nmosd-evidence validated table 1"  # part of every key: a new layout is a new key
KEPT_PER_TABLE = 8  # entries kept per table name (other data folders, earlier versions); older ones go


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when ``$NMOSD_EVIDENCE_CACHE`` is ``off``."""
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nmosd-evidence"


@cache
def _code_fingerprint() -> bytes:
    """What the checks are: the source of every module of this package (``datapackage``) and the versions
    a pickled frame depends on."""
    digest = hashlib.sha256(FORMAT.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    for name in ("pandas", "pandera"):
        digest.update(f"{name} {version(name)}\0".encode())
    digest.update(sys.version.encode())
    return digest.digest()


def table_key(name: str, files: Iterable[Path]) -> str:
    """The cache name of table ``name`` read and checked from ``files`` (their bytes, in this order)."""
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(name.encode() + b"\0")
    for file in files:
        digest.update(file.read_bytes() + b"\0")
    return f"{name}-{digest.hexdigest()[:32]}"


def _private(path: Path) -> bool:
    """True when ``path`` belongs to this user and no one else may write it."""
    try:
        found = path.stat()
    except OSError:
        return False
    return found.st_uid == os.getuid() and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cached_table(key: str) -> pd.DataFrame | None:
    """The validated table kept under ``key``, or None (no entry, or one that is not to be trusted or
    cannot be read)."""
    folder = cache_dir()
    if folder is None:
        return None
    entry = folder / f"{key}.pickle"
    if not (_private(folder) and _private(entry)):
        return None
    try:
        with entry.open("rb") as handle:
            frame = pickle.load(handle)
    except Exception:  # a damaged or truncated entry is passed over, like a missing one
        return None
    return frame if isinstance(frame, pd.DataFrame) else None


def store_table(key: str, frame: pd.DataFrame) -> None:
    """Keep the validated ``frame`` under ``key`` (atomically; the folder is made private to this user).
    A cache that cannot be written is left as it is: the next process checks the table again."""
    folder = cache_dir()
    if folder is None:
        return
    temporary = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(frame, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{key}.pickle")
        temporary = None
        _prune(folder, key.rsplit("-", 1)[0])
    except Exception:  # the cache must never stop a table from loading
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _prune(folder: Path, name: str) -> None:
    """Remove all but the newest ``KEPT_PER_TABLE`` entries of table ``name``."""
    entries = [p for p in folder.glob(f"{name}-*.pickle") if p.stem.rsplit("-", 1)[0] == name]
    entries.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEPT_PER_TABLE:]:
        old.unlink(missing_ok=True)
