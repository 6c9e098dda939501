"""Writing report files so that a reader never sees a half-written one, nor half of a pair."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

TEMPORARY = ".*.tmp"  # what write_atomic's temporary files look like
STALE_SECONDS = 60  # a temporary file this old belongs to no write still running


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``."""
    write_together({path: content})


def _temporary_copy(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_together(files: Mapping[Path, str | bytes]) -> None:
    """Write several files so that they change together or not at all: every content goes to a
    temporary file first; only when all are written are they renamed into place. On failure nothing
    is replaced and the temporary files are removed; the ``OSError`` names the file that failed."""
    written: dict[Path, Path] = {}
    try:
        for path, content in files.items():
            written[path] = _temporary_copy(path, content)
    except BaseException:
        for temporary in written.values():
            temporary.unlink(missing_ok=True)
        raise
    for path, temporary in written.items():
        os.replace(temporary, path)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files older than ``STALE_SECONDS`` left in ``folder`` (and its ``failed/``) by a
    write that was killed; returns what was removed."""
    removed = []
    cutoff = time.time() - STALE_SECONDS
    for path in [*folder.glob(TEMPORARY), *folder.glob(f"*/{TEMPORARY}")]:
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed
