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

MANIFEST = "manifest.json"
LOCK = ".manifest.lock"


def _entries(out_dir: Path) -> dict[str, dict]:
    path = out_dir / MANIFEST
    if not path.is_file():
        return {}
    try:
        return {entry["name"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}
    except (ValueError, KeyError, TypeError):
        return {}


def update_manifest(out_dir: Path, entries: list[dict]) -> list[dict]:
    """Merge ``entries`` into ``<out>/manifest.json`` (by run name); keep only reports that exist.

    Returns the entries in index order: notebook file name, then run name (the overview first); each
    entry's parameters keep the notebook's order. Call it under ``locked(out_dir)``.
    """
    merged = _entries(out_dir)
    merged.update({entry["name"]: entry for entry in entries})
    kept = [e for e in merged.values() if (out_dir / e["html"]).is_file()]
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


def write_index(out_dir: Path, entries: list[dict], provenance: dict[str, str]) -> Path:
    """Update the manifest with ``entries`` and rewrite ``<out>/index.html``."""
    path = out_dir / "index.html"
    with locked(out_dir):
        write_atomic(path, index_html(update_manifest(out_dir, entries), provenance))
    return path
