"""``reports/index.html``: every report with title, parameters and a link; opens from disk."""

from __future__ import annotations

import html
import json
from pathlib import Path

from .files import write_atomic
from .html import NOTICE

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
    rows = []
    for entry in entries:
        parameters = ", ".join(f"{k}={json.dumps(v)}" for k, v in entry["parameters"].items()) or "defaults"
        link = html.escape(entry["html"])
        rows.append(
            f'<tr><td><a href="{link}">{html.escape(entry["title"])}</a></td>'
            f"<td><code>{html.escape(entry['name'])}</code></td><td>{html.escape(parameters)}</td></tr>"
        )
    facts = " · ".join(f"{html.escape(k)}: {html.escape(v)}" for k, v in provenance.items())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>NMOSD evidence reports</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;width:100%}"
        "td,th{text-align:left;padding:.4em;border-bottom:1px solid #ddd}"
        ".notice{border-left:4px solid #b35806;background:#fdf3e7;padding:.6em 1em}a{color:#1f5f99}"
        "</style></head><body><h1>NMOSD evidence reports</h1>"
        f'<p class="notice" role="note">{html.escape(NOTICE)}</p>'
        "<table><thead><tr><th>Report</th><th>Run</th><th>Parameters</th></tr></thead><tbody>"
        + "".join(rows)
        + f"</tbody></table><p><small>{facts}</small></p></body></html>\n"
    )


def write_index(out_dir: Path, entries: list[dict], provenance: dict[str, str]) -> Path:
    """Update the manifest with ``entries`` and rewrite ``<out>/index.html``."""
    path = out_dir / "index.html"
    write_atomic(path, index_html(update_manifest(out_dir, entries), provenance))
    return path
