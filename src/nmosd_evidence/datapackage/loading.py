"""``load(name)``: one validated, typed table of the data package (``datapackage.load``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import rules
from .package import LOADED, Stamp, default_data_dir, resource, stamp
from .problems import DataError, unique_by_cell
from .validation import read_table


def _versions(name: str, data_dir: Path) -> tuple[Stamp, ...]:
    """The stamps of the files table ``name`` is read and checked from: ``datapackage.json``, its CSV
    and the sources' CSV (every table's checks read the sources)."""
    files = ("datapackage.json", resource(name, data_dir)["path"], resource("sources", data_dir)["path"])
    return tuple(stamp(data_dir / file) for file in files)


@lru_cache(maxsize=64)
def _load(name: str, data_dir: Path, versions: tuple[Stamp, ...]) -> pd.DataFrame:
    frame, problems = read_table(name, data_dir)
    if name != "sources" and frame is not None and not problems:
        sources = _load("sources", data_dir, _versions("sources", data_dir))  # validated once, as every table
        problems = rules.table_problems(
            {"sources": sources, name: frame}, {name: resource(name, data_dir)["path"]}
        )
    if frame is None or problems:
        raise DataError(unique_by_cell(problems))
    return frame.reset_index(drop=True)


def load(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Table ``name`` as a typed DataFrame, validated against its schema and the sources.

    Raises ``DataError`` listing every problem as ``file:row:field: message``. Cached per process
    until one of the files it is read and checked from changes (``package.stamp``: a kernel reused
    for several reports never serves a table as it was before an edit); each call returns a fresh
    copy, so callers may modify it.
    """
    LOADED.update((name, "sources"))  # every table's checks read the sources too
    root = (data_dir or default_data_dir()).resolve()
    return _load(name, root, _versions(name, root)).copy()
