"""nmosd-evidence: sourced evidence tables and reports on NMOSD. Research information, not medical advice."""

from importlib.metadata import PackageNotFoundError, version

from .data import load
from .package import data_version
from .problems import DataError

try:
    __version__ = version("nmosd-evidence")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["DataError", "__version__", "data_version", "load"]
