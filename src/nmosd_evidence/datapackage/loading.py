"""``load(name)``: one validated, typed table of the data package (``datapackage.load``).

A table is checked once per content: a validated table is kept on disk (``cache``), and the checks and
pandera are imported only when a table has to be checked.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .cache import cached_table, store_table, table_key
from .package import LOADED, Stamp, default_data_dir, resource, stamp
from .problems import DataError, unique_by_cell


def _files(name: str, data_dir: Path) -> list[Path]:
    """The files table ``name`` is read and checked from: ``datapackage.json``, its CSV and the sources'
    CSV (every table's checks read the sources)."""
    files = ("datapackage.json", resource(name, data_dir)["path"], resource("sources", data_dir)["path"])
    return [data_dir / file for file in files]


def _versions(name: str, data_dir: Path) -> tuple[Stamp, ...]:
    return tuple(stamp(file) for file in _files(name, data_dir))


@lru_cache(maxsize=64)
def _load(name: str, data_dir: Path, versions: tuple[Stamp, ...]) -> pd.DataFrame:
    try:
        key = table_key(name, _files(name, data_dir))
    except OSError:  # a file is missing or unreadable: the checks say which
        return _checked(name, data_dir)
    frame = cached_table(key)
    if frame is None:
        frame = _checked(name, data_dir)
        store_table(key, frame)
    return frame


def _checked(name: str, data_dir: Path) -> pd.DataFrame:
    """Table ``name`` read, typed and checked (``DataError`` listing every problem)."""
    from . import rules  # the checks import pandera (about 0.7 s): only when a table must be checked
    from .validation import read_table

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

    Raises ``DataError`` listing every problem as ``file:row:field: message``. Kept per process until
    one of the files it is read and checked from changes (``package.stamp``: a kernel reused for
    several reports never serves a table as it was before an edit), and on disk per content of those
    files (``cache``); each call returns a fresh copy, so callers may modify it.
    """
    LOADED.update((name, "sources"))  # every table's checks read the sources too
    root = (data_dir or default_data_dir()).resolve()
    return _load(name, root, _versions(name, root)).copy()
