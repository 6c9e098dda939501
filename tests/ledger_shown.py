"""Reading the claims-ledger verdicts a report shows, as every report renders them
(``present/templates/ledger.md.j2``): 'Claims ledger `R04`: **contradicted**. <explanation>'."""

from __future__ import annotations

import html
import re

import mistune
import pandas as pd

SHOWN = re.compile(r"Claims ledger <code>([A-Z]+\d+[a-z]?)</code>: <strong>([^<]+)</strong>\. ")
TAG = re.compile(r"<[^>]+>")


def verdicts_shown(markdown: str) -> list[tuple[str, str, str]]:
    """(claim id, verdict, the text after it) for every ledger verdict in ``markdown``, as a reader
    sees it (rendered to HTML, tags removed, entities decoded)."""
    rendered = mistune.html(markdown)
    found = []
    for match in SHOWN.finditer(rendered):
        after = rendered[match.end() :].split("</li>")[0].split("</p>")[0]
        found.append((match.group(1), html.unescape(match.group(2)), html.unescape(TAG.sub("", after))))
    return found


def assert_verdicts_are_the_ledgers(markdown: str, claims: pd.DataFrame) -> list[str]:
    """Every verdict ``markdown`` shows equals the ledger row's verdict, followed by its explanation;
    returns the claim ids shown, in order."""
    ledger = claims.set_index("claim_id")
    shown = verdicts_shown(markdown)
    for claim_id, verdict, after in shown:
        assert verdict == ledger.loc[claim_id, "verdict"], claim_id
        assert after.startswith(ledger.loc[claim_id, "explanation"]), claim_id
    return [claim_id for claim_id, _, _ in shown]
