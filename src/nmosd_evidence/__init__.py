"""nmosd-evidence: sourced evidence tables and reports on NMOSD. Research information, not medical advice.

``load(name)`` gives one validated table of the data package; ``tables()`` lists the names it knows.
``load`` is imported on first use (see ``datapackage``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .datapackage.package import data_version, package_version, table_names
from .datapackage.problems import DataError

if TYPE_CHECKING:
    from .datapackage.loading import load

__version__ = package_version()


def tables() -> list[str]:
    """The names of the tables ``load`` knows, in the data package's order ('sources', 'estimates', …)."""
    return table_names()


def __getattr__(name: str) -> Any:
    if name == "load":
        from .datapackage.loading import load

        return load
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DataError", "__version__", "data_version", "load", "tables"]
