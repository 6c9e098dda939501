"""nmosd-evidence: sourced evidence tables and reports on NMOSD. Research information, not medical advice."""

from importlib.metadata import PackageNotFoundError, version

from .datapackage import DataError, data_version, load

try:
    __version__ = version("nmosd-evidence")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["DataError", "__version__", "data_version", "load"]
