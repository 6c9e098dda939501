"""Where a report's run record lives: ``<out>/<name>.run.json``, its index entry and the inputs it was
made from, written together with its notebook and HTML."""

from __future__ import annotations

from pathlib import Path

RUN_RECORD = ".run.json"


def run_record_path(out_dir: Path, name: str) -> Path:
    """Where the index entry of run ``name`` lives (written together with its notebook and HTML)."""
    return out_dir / f"{name}{RUN_RECORD}"
