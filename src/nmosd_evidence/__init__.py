"""nmosd-evidence: sourced evidence tables and reports on NMOSD. Research information, not medical advice.

``load(name)`` gives one validated table of the data package; ``tables()`` lists the names it knows.
"""

from .datapackage import DataError, data_version, load
from .datapackage.package import package_version, table_names

__version__ = package_version()


def tables() -> list[str]:
    """The names of the tables ``load`` knows, in the data package's order ('sources', 'estimates', …)."""
    return table_names()


__all__ = ["DataError", "__version__", "data_version", "load", "tables"]
