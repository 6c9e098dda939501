"""Rules that keep the bibliography (``sources.csv``) citable: no placeholder wording, a supplied title
marked as one, a journal name without a year, and links to records rather than to bare IP addresses or
staging hosts. Run by ``validate`` only (``load()`` leaves them out)."""

from __future__ import annotations

import re

import pandas as pd

from .problems import Problem

# Wording that stands in for a value instead of giving it.
PLACEHOLDER = re.compile(
    r"not (?:captured|given|shown on the page)|title (?:truncated|unverified|not)|\btruncated\]"
    r"|descriptive title|published title not found|from (?:the )?URL slug|\[(?:journal|authors|title)\b",
    re.IGNORECASE,
)
# A title supplied by the cataloguer (the published one could not be found) is wholly in square brackets.
SUPPLIED_TITLE = re.compile(r"^\[[^\[\]]+\]$")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
BARE_IP = re.compile(r"^https?://(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?(?:/|$)")
STAGING_HOST = re.compile(r"^https?://(?:stage|staging|preview|test)\.", re.IGNORECASE)
JOURNAL_TYPES = {"systematic_review", "cohort", "registry", "rct", "case_report", "review"}
CHECKED_FIELDS = ("authors", "title", "journal", "volume", "issue", "pages")


def source_row_problems(source: pd.Series) -> list[tuple[str, str]]:
    """(field, message) for each bibliography rule one source breaks."""
    found = []
    for field in CHECKED_FIELDS:
        text = source.get(field)
        if isinstance(text, str) and (match := PLACEHOLDER.search(text)):
            found.append((field, f"placeholder wording {match[0]!r}: give the value from the record, or "
                                 "leave the cell empty and say why in notes"))  # fmt: skip
    title = source.get("title")
    if isinstance(title, str) and title.startswith("[") != bool(SUPPLIED_TITLE.match(title)):
        found.append(("title", f"a supplied title is wholly in square brackets: {title!r}"))
    journal = source.get("journal")
    if source.get("source_type") in JOURNAL_TYPES and isinstance(journal, str) and YEAR.search(journal):
        found.append(("journal", f"a year in the journal name {journal!r}: the year goes in year, remarks "
                                 "such as an e-publication date in notes"))  # fmt: skip
    url = source.get("url")
    if isinstance(url, str) and (BARE_IP.match(url) or STAGING_HOST.match(url)):
        kind = "a bare IP address" if BARE_IP.match(url) else "a staging or preview host"
        found.append(("url", f"{url!r} is {kind}: link the record (doi.org, PubMed, the publisher) or leave "
                             "url empty and keep the copy read in notes"))  # fmt: skip
    return found


def source_problems(file: str, sources: pd.DataFrame) -> list[Problem]:
    """Problems of the bibliography rules in ``sources`` (index: the file's row numbers)."""
    return [
        Problem(file, int(row), field, message)
        for row, source in sources.iterrows()
        for field, message in source_row_problems(source)
    ]
