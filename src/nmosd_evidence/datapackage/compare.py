"""What changed between two versions of the data package: rows added, removed and changed (field by
field) per table, sources added, and statuses raised or lowered.

Tables are compared as the text their CSV files hold (no type conversion), row by row on each table's
primary key, so a change reads as the curator made it. Either version is a data folder (one holding
``datapackage.json``, or a checkout holding ``data/``) or a git revision of the repository, whose
``data/`` is read with ``git archive``.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .fields import STATUSES
from .package import descriptor


class VersionError(ValueError):
    """A version that is neither a data folder nor a git revision; the message says which."""


@dataclass(frozen=True)
class TableChanges:
    """One table's changes: keys added and removed, and per changed key its (field, old, new)."""

    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class StatusChange:
    """A row whose verification status moved: ``raised`` (stronger) or ``lowered``."""

    table: str
    key: str
    old: str
    new: str

    @property
    def direction(self) -> str:
        rank = {status: number for number, status in enumerate(STATUSES)}
        return "raised" if rank.get(self.new, 99) < rank.get(self.old, 99) else "lowered"


def _text_table(path: Path) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _tables(data_dir: Path) -> dict[str, tuple[str, pd.DataFrame]]:
    """Table name -> (primary-key column, rows as text indexed by the key)."""
    tables = {}
    for resource in descriptor(data_dir)["resources"]:
        key = resource["schema"].get("primaryKey")
        key = key[0] if isinstance(key, list) else key
        frame = _text_table(data_dir / resource["path"])
        if key and key in frame:
            tables[resource["name"]] = (key, frame.drop_duplicates(key).set_index(key, drop=False))
    return tables


def compare_tables(old_dir: Path, new_dir: Path) -> list[TableChanges]:
    """Per table of either version (in the newer version's order), its rows added, removed and
    changed; a field added or dropped by the schema counts as changed from or to ''."""
    old, new = _tables(old_dir), _tables(new_dir)
    names = list(new) + [name for name in old if name not in new]
    changes = []
    for name in names:
        before = old.get(name, ("", pd.DataFrame()))[1]
        after = new.get(name, ("", pd.DataFrame()))[1]
        keys_before, keys_after = list(before.index), list(after.index)
        table = TableChanges(
            name,
            added=[k for k in keys_after if k not in before.index],
            removed=[k for k in keys_before if k not in after.index],
        )
        columns = list(after.columns) + [c for c in before.columns if c not in after.columns]
        for k in keys_after:
            if k not in before.index:
                continue
            fields = [
                (c, str(before.loc[k].get(c, "")), str(after.loc[k].get(c, "")))
                for c in columns
                if str(before.loc[k].get(c, "")) != str(after.loc[k].get(c, ""))
            ]
            if fields:
                table.changed[k] = fields
        changes.append(table)
    return changes


def status_changes(tables: list[TableChanges]) -> list[StatusChange]:
    """The rows whose ``status`` field changed, in table order."""
    return [
        StatusChange(table.table, key, old, new)
        for table in tables
        for key, fields in table.changed.items()
        for column, old, new in fields
        if column == "status"
    ]


def data_folder(version: str, repository: Path, scratch: Path) -> Path:
    """The data folder of ``version``: a folder holding ``datapackage.json`` (or ``data/`` with it), or
    else a git revision of ``repository`` whose ``data/`` is extracted under ``scratch``."""
    folder = Path(version)
    for candidate in (folder, folder / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate.resolve()
    if not shutil.which("git"):
        raise VersionError(f"{version!r} is not a data folder, and git is not installed to read a revision")
    archive = subprocess.run(
        ["git", "-C", str(repository), "archive", "--format=tar", version, "data"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise VersionError(
            f"{version!r} is neither a data folder (with datapackage.json) nor a git revision of "
            f"{repository} with a data/ folder"
        )
    target = Path(tempfile.mkdtemp(prefix="nmosd-data-", dir=scratch))
    tar_path = target / "data.tar"
    tar_path.write_bytes(archive.stdout)
    with tarfile.open(tar_path) as tar:
        tar.extractall(target, filter="data")
    tar_path.unlink()
    return target / "data"
