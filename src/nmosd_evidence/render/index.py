"""``reports/index.html``: every report with title, parameters and a link; opens from disk."""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..present.text import render_template
from .files import write_atomic
from .html import NOTICE, TEMPLATES
from .records import INDEX, RUN_RECORD

MANIFEST = "manifest.json"
LOCK = ".manifest.lock"


def _legacy_entries(out_dir: Path) -> dict[str, dict]:
    """Entries of a manifest written before reports carried their own records (kept until re-rendered)."""
    path = out_dir / MANIFEST
    try:
        return {entry["name"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def update_manifest(out_dir: Path) -> list[dict]:
    """The index entries of the reports in ``out_dir``, from each report's own record (so an entry can
    never disagree with its report), written to ``<out>/manifest.json`` and returned in index order:
    notebook file name, then run name (the overview first); parameters in the notebook's order. Call it
    under ``locked(out_dir)``."""
    entries = _legacy_entries(out_dir)
    for record in out_dir.glob(f"*{RUN_RECORD}"):
        try:
            entry = json.loads(record.read_text(encoding="utf-8"))
            entries[entry["name"]] = entry
        except (OSError, ValueError, KeyError, TypeError):
            continue
    kept = [e for e in entries.values() if (out_dir / e["html"]).is_file()]
    kept.sort(key=lambda e: (e["notebook"], e["name"]))
    write_atomic(out_dir / MANIFEST, json.dumps(kept, indent=2) + "\n")
    return kept


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Renders into one folder at once take turns here (a lock on ``<out>/.manifest.lock``), so that
    none loses another's manifest entries or writes an index from an older manifest."""
    with open(out_dir / LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def index_html(entries: list[dict], provenance: dict[str, str]) -> str:
    """The index page: one row per report, overview first; no scripts, no network."""
    rows = [
        {
            "html": entry["html"],
            "title": entry["title"],
            "name": entry["name"],
            "parameters": ", ".join(f"{k}={json.dumps(v)}" for k, v in entry["parameters"].items())
            or "defaults",
        }
        for entry in entries
    ]
    return render_template(
        TEMPLATES / "pages", "index.html.j2", entries=rows, provenance=provenance, notice=NOTICE
    )


def write_index(out_dir: Path, provenance: dict[str, str]) -> Path:
    """Rewrite ``<out>/manifest.json`` and ``<out>/index.html`` from the reports' records."""
    path = out_dir / INDEX
    with locked(out_dir):
        write_atomic(path, index_html(update_manifest(out_dir), provenance))
    return path
