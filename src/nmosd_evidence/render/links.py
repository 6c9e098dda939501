"""Links between reports: a link to a report that was not rendered into the same folder becomes text.

The overview links its key figures to the reports they come from; rendered alone (or into a folder
without those reports) it would otherwise carry dead links.
"""

from __future__ import annotations

import re
from pathlib import Path

from .files import write_atomic

# A link to a sibling report: a bare file name ending in .html (no folder, scheme or fragment).
SIBLING_LINK = re.compile(r'<a href="(?P<target>[^"/:#?]+\.html)"[^>]*>(?P<text>.*?)</a>', re.DOTALL)
NOT_RENDERED = (
    '<span class="nmosd-not-rendered" title="{target} was not rendered into this folder">{text}</span>'
)


def without_dead_links(page: str, folder: Path) -> str:
    """``page`` with every link to a sibling report missing from ``folder`` replaced by its text."""

    def replace(match: re.Match[str]) -> str:
        if (folder / match["target"]).is_file():
            return match[0]
        return NOT_RENDERED.format(target=match["target"], text=match["text"])

    return SIBLING_LINK.sub(replace, page)


def remove_dead_links(report: Path) -> bool:
    """Rewrite ``report`` (atomically) without its dead sibling links; True when it changed."""
    page = report.read_text(encoding="utf-8")
    fixed = without_dead_links(page, report.parent)
    if fixed != page:
        write_atomic(report, fixed)
    return fixed != page
