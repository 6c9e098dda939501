"""Where the data package lives and what it describes."""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

DATA_ENV = "NMOSD_EVIDENCE_DATA"
# What this process has read of the data package: the table names ``load`` was asked for, and "*" once
# it hashed every file (``data_version``). The renderer records it per report, so that a change to one
# table re-renders only the reports that read it (``render.freeze``).
LOADED: set[str] = set()
DISTRIBUTION = "nmosd-evidence"


def shipped(name: str) -> Path:
    """A file or folder the project ships beside the package (``data``, ``notebooks``, ``reports.yml``):
    the checkout's copy when running from a source tree, else the copy installed inside the package
    (the wheel carries all three). Resolved from the package's own location, never the working
    directory."""
    checkout = Path(__file__).resolve().parents[3] / name
    if checkout.exists():
        return checkout
    return Path(str(resources.files("nmosd_evidence") / name))


def default_data_dir() -> Path:
    """The data package folder: ``$NMOSD_EVIDENCE_DATA``, else the shipped ``data/``."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).resolve()
    return shipped("data")


Stamp = tuple[int, int, int] | None


def stamp(path: Path) -> Stamp:
    """What tells one version of a file from another without reading it: its inode, size and
    modification time (ns); None when there is no such file. A cache keyed on it never serves a file
    that changed (or was replaced) since it was read."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


@lru_cache(maxsize=16)
def _descriptor(data_dir: Path, version: Stamp) -> dict:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def descriptor(data_dir: Path | None = None) -> dict:
    """The parsed ``datapackage.json`` of ``data_dir`` (default: the shipped package); read again
    whenever the file changed."""
    root = (data_dir or default_data_dir()).resolve()
    return _descriptor(root, stamp(root / "datapackage.json"))


def resource(name: str, data_dir: Path | None = None) -> dict:
    """The descriptor of one table; ``KeyError`` naming the known tables when there is none."""
    for res in descriptor(data_dir)["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(table_names(data_dir))
    raise KeyError(f"unknown table {name!r}; tables: {known}")


def table_names(data_dir: Path | None = None) -> list[str]:
    """Names of the tables in the data package, in descriptor order."""
    return [res["name"] for res in descriptor(data_dir)["resources"]]


def data_version(data_dir: Path | None = None) -> str:
    """A short content hash (12 hex digits) of every file of the data package.

    Reports print it so that a reader can tell which data a report was made from.
    """
    LOADED.add("*")  # a report that prints the data version depends on every file
    root = (data_dir or default_data_dir()).resolve()
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def package_version() -> str:
    """The installed version of nmosd-evidence ('0+unknown' when run from a tree that is not installed):
    printed beside the data version in every report."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0+unknown"
