"""nmosd-evidence: sourced evidence tables and reports on NMOSD. Research information, not medical advice."""

from .datapackage import DataError, data_version, load
from .datapackage.package import package_version

__version__ = package_version()

__all__ = ["DataError", "__version__", "data_version", "load"]
