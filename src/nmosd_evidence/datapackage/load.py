"""``load(name)``: one validated, typed table of the data package."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import rules
from .package import LOADED, default_data_dir, resource
from .problems import DataError, unique_by_cell
from .validation import read_table


@lru_cache(maxsize=64)
def _load(name: str, data_dir: Path) -> pd.DataFrame:
    frame, problems = read_table(name, data_dir)
    if name != "sources" and frame is not None and not problems:
        sources = _load("sources", data_dir)  # validated once per process, like every table
        problems = rules.table_problems(
            {"sources": sources, name: frame}, {name: resource(name, data_dir)["path"]}
        )
    if frame is None or problems:
        raise DataError(unique_by_cell(problems))
    return frame.reset_index(drop=True)


def load(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Table ``name`` as a typed DataFrame, validated against its schema and the sources.

    Raises ``DataError`` listing every problem as ``file:row:field: message``. Cached per process;
    each call returns a fresh copy, so callers may modify it.
    """
    LOADED.update((name, "sources"))  # every table's checks read the sources too
    return _load(name, (data_dir or default_data_dir()).resolve()).copy()
