"""Where a render leaves its records: ``<out>/<name>.run.json`` per report (its index entry and the
inputs it was made from, written together with its notebook and HTML), and ``<out>/index.html``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

RUN_RECORD = ".run.json"
INDEX = "index.html"


def run_record_path(out_dir: Path, name: str) -> Path:
    """Where the index entry of run ``name`` lives (written together with its notebook and HTML)."""
    return out_dir / f"{name}{RUN_RECORD}"


def index_newer_than(out_dir: Path, inputs: Iterable[Path]) -> bool:
    """Whether ``out_dir``'s index was written after every file of ``inputs`` (a folder: every file
    under it) last changed. A sign that a render of those inputs may have nothing to do, read before the
    render path is loaded; whether a report is current is decided by ``freeze.unchanged``."""
    try:
        written = (out_dir / INDEX).stat().st_mtime_ns
        for path in inputs:
            files = [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else [path]
            if any(f.stat().st_mtime_ns > written for f in files):
                return False
    except OSError:  # no index, or an input missing (reported later)
        return False
    return True
