"""The words on a chart: data text made safe for plotly's markup, wrapped lines, the source footnote,
the key to the status markers and the quote in the hover text.

Plotly reads a subset of HTML in every text it draws; text from the data goes through :func:`chart_text`
(or ``wrapped(..., escape=True)``) before it is joined with the markup the code adds.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from html import escape as html_escape

import pandas as pd

from .format import shortened

QUOTE_CHARS = 160  # a quote in hover text is cut to this many characters (the evidence appendix has it whole)
# The footnote's key to the markers, strongest evidence first.
STATUS_WORDS = {
    "verified": "circle = verified in the source's own record",
    "abstract": "diamond = conference abstract",
    "secondary": "square = secondary source (review, news or sponsor page)",
    "computed": "triangle = computed from reported numbers",
    "inferred": "open circle = inferred",
    "unverified": "x = unverified (a lead, not a finding; dotted whisker)",
}


def _missing(text: object) -> bool:
    return text is None or (not isinstance(text, str) and pd.isna(text)) or text == ""


def chart_text(text: object) -> str:
    """``text`` (from the data) safe to join with plotly's markup: ``&``, ``<`` and ``>`` as entities,
    which plotly draws as the characters again; quotes stay as they are (they mean nothing outside a
    tag, and plotly would draw ``&quot;`` verbatim). '' for a missing text."""
    return "" if _missing(text) else html_escape(str(text), quote=False)


def wrapped(text: object, width: int = 80, *, escape: bool = False) -> str:
    """``text`` broken on words into lines of at most ``width`` characters joined by ``<br>`` (line
    breaks already in it are kept); '' for a missing text. ``escape`` passes it through
    :func:`chart_text` first (for text from the data: its own ``<br>`` is then text too)."""
    if _missing(text):
        return ""
    text = chart_text(text) if escape else str(text)
    lines = []
    for part in text.split("<br>"):
        lines += textwrap.wrap(part.strip(), width, break_long_words=False, break_on_hyphens=False) or [""]
    return "<br>".join(lines)


def source_footnote(source_ids: Sequence[str], extra: str = "") -> str:
    """The text under a chart: 'Source: a; b. <extra>' (ids resolve in the report's reference list)."""
    unique = sorted(set(source_ids))
    text = ("Source: " if len(unique) == 1 else "Sources: ") + "; ".join(unique) + "."
    return f"{text} {extra}".strip()


def status_key(statuses: Iterable[str]) -> str:
    """'Markers: circle = verified …; x = unverified ….' for the statuses present, strongest
    first ('' when none is known)."""
    present = set(statuses)
    words = [text for status, text in STATUS_WORDS.items() if status in present]
    return "Markers: " + "; ".join(words) + "." if words else ""


def quoted_hover(hover: str, quote: object) -> str:
    """``hover`` with the row's verbatim quote in short form on its last lines (unless the hover already
    quotes it): the words behind the number, where the reader points at it."""
    if _missing(quote) or "Quote:" in hover:
        return hover
    return f"{hover}<br>Quote: “{wrapped(shortened(str(quote), QUOTE_CHARS), 80, escape=True)}”"
