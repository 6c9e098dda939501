"""The data package: where ``data/`` lives, how its tables are read, typed and checked, and ``load()``.

The bottom layer: it imports nothing else of ``nmosd_evidence``.
"""

from .load import load
from .package import data_version, default_data_dir, table_names
from .problems import DataError, Problem
from .validation import validate_package

__all__ = [
    "DataError",
    "Problem",
    "data_version",
    "default_data_dir",
    "load",
    "table_names",
    "validate_package",
]
