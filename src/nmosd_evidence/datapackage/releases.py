"""The data releases recorded in ``CHANGELOG.md``: each a git tag ``data-vN`` with its date and the data
version (content hash of ``data/``) it was made from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .package import shipped

# '## data-v1 (2026-12-02)' then, in its text, 'data version `14e9ed34d299`'
RELEASE = re.compile(
    r"^## (?P<tag>data-v\d+) \((?P<date>\d{4}-\d{2}-\d{2})\)\n(?P<body>.*?)(?=^## |\Z)", re.M | re.S
)
VERSION = re.compile(r"data version `(?P<version>[0-9a-f]{12})`", re.IGNORECASE)


@dataclass(frozen=True)
class Release:
    """One data release: its tag, date (ISO) and data version."""

    tag: str
    date: str
    data_version: str


def releases(changelog: Path | None = None) -> list[Release]:
    """The releases ``CHANGELOG.md`` records, newest first ([] when there is no changelog)."""
    path = changelog or shipped("CHANGELOG.md")
    if not path.is_file():
        return []
    found = []
    for match in RELEASE.finditer(path.read_text(encoding="utf-8")):
        version = VERSION.search(match["body"])
        if version:
            found.append(Release(match["tag"], match["date"], version["version"]))
    return found
