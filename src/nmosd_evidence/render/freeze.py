"""Incremental rendering: a run whose inputs have not changed since its last good report is skipped.

The inputs of a report are its notebook's bytes, its parameters, the package version, the plotly.js
mode, and the data files it read: the tables the kernel loaded (``datapackage.package.LOADED``) and
``datapackage.json``, or every file when the report printed the data version. They are recorded in the
report's run record (``<name>.run.json``) when it is written; ``render --force`` renders anyway.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..datapackage.package import data_version, default_data_dir, package_version, resource
from .records import INDEX, run_record_path
from .runs import Run, effective_parameters

ALL_FILES = "*"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "missing"


def run_key(run: Run, plotly_mode: str) -> dict[str, object]:
    """What a run's report depends on besides the data: notebook bytes, parameters, versions, mode."""
    return {
        "notebook": _sha(run.notebook),
        "parameters": json.loads(json.dumps(effective_parameters(run), default=str)),
        "package_version": package_version(),
        "plotly_mode": plotly_mode,
    }


def data_hashes(tables: list[str], data_dir: Path | None = None) -> dict[str, str]:
    """A hash per data file the report read: each table's CSV and ``datapackage.json`` (every file of
    the package under "*" when it read the data version)."""
    root = (data_dir or default_data_dir()).resolve()
    hashes = {"datapackage.json": _sha(root / "datapackage.json")}
    for name in sorted(tables):
        if name == ALL_FILES:
            hashes[ALL_FILES] = data_version(root)
            continue
        try:
            hashes[name] = _sha(root / resource(name, root)["path"])
        except KeyError:  # a table the package no longer has: the report must be rendered again
            hashes[name] = "missing"
    return hashes


def inputs_record(run: Run, plotly_mode: str, tables: list[str]) -> dict[str, object]:
    """The inputs a report was made from, as its run record stores them."""
    return {"key": run_key(run, plotly_mode), "data": data_hashes(tables)}


def unchanged(run: Run, out_dir: Path, plotly_mode: str) -> bool:
    """True when ``run``'s good report in ``out_dir`` was made from the inputs it has now."""
    record_path = run_record_path(out_dir, run.name)
    try:
        inputs = json.loads(record_path.read_text(encoding="utf-8"))["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if not (out_dir / f"{run.name}.html").is_file() or inputs.get("key") != run_key(run, plotly_mode):
        return False
    recorded = inputs.get("data", {})
    tables = [name for name in recorded if name != "datapackage.json"]
    return recorded == data_hashes(tables)


def all_unchanged(runs: list[Run], out_dir: Path, plotly_mode: str) -> bool:
    """True when every run is ``unchanged`` and the folder has its index: nothing to render or write."""
    return (out_dir / INDEX).is_file() and all(unchanged(run, out_dir, plotly_mode) for run in runs)
