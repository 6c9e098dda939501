"""``reports/index.html``: every report with title, parameters and a link; opens from disk."""

from __future__ import annotations

import json
from pathlib import Path

from ..present.text import render_template
from .files import write_atomic
from .html import NOTICE, TEMPLATES

MANIFEST = "manifest.json"


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

    Returns the entries in index order: notebook file name, then run name (the overview first).
    """
    merged = _entries(out_dir)
    merged.update({entry["name"]: entry for entry in entries})
    kept = [e for e in merged.values() if (out_dir / e["html"]).is_file()]
    kept.sort(key=lambda e: (e["notebook"], e["name"]))
    write_atomic(out_dir / MANIFEST, json.dumps(kept, indent=2, sort_keys=True) + "\n")
    return kept


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
    return render_template(TEMPLATES / "pages", "index.html.j2", entries=rows, provenance=provenance, notice=NOTICE)


def write_index(out_dir: Path, entries: list[dict], provenance: dict[str, str]) -> Path:
    """Update the manifest with ``entries`` and rewrite ``<out>/index.html``."""
    path = out_dir / "index.html"
    write_atomic(path, index_html(update_manifest(out_dir, entries), provenance))
    return path
