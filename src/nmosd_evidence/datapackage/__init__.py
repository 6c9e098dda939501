"""The data package: where ``data/`` lives, how its tables are read, typed and checked, and ``load()``.

The bottom layer: it imports nothing else of ``nmosd_evidence``. ``load`` needs pandas, and pandera when
a table is not in the cache of validated tables (``cache``); ``validate_package`` always needs both
(about 1.2 s to import). They are imported on first use (PEP 562), so that a command that reads no table,
or starts a kernel first (``render`` of one notebook), does not wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .package import data_version, default_data_dir, table_names
from .problems import DataError, Problem

if TYPE_CHECKING:
    from .loading import load
    from .validation import validate_package


def __getattr__(name: str) -> Any:
    if name == "load":
        from .loading import load

        return load
    if name == "validate_package":
        from .validation import validate_package

        return validate_package
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DataError",
    "Problem",
    "data_version",
    "default_data_dir",
    "load",
    "table_names",
    "validate_package",
]
