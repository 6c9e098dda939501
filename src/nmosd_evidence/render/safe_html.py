"""The last line of defence of the HTML export: no content of a report can link to a script or run one.

The reports escape every data string for its context before it reaches a notebook output (tables,
Markdown, chart text, templates). This pass guards what the export would otherwise keep as it is:
nbconvert renders Markdown (cells and ``text/markdown`` outputs) with raw HTML allowed and keeps every
link target, ``javascript:`` included, and passes ``text/html`` outputs through. In that HTML,
:func:`neutralised`

- drops a link attribute (``href``, ``src``, ``action`` …) whose target is not http(s), ``mailto:`` or
  relative (a path or a ``#fragment``); an image ``src`` may also be a ``data:image/…`` address, which
  is how nbconvert embeds images;
- drops every event-handler attribute (``onerror``, ``onclick`` …);
- shows script-like elements (``script``, ``iframe``, ``object``, ``embed`` …) as text, content
  included, and so a tag whose name is not a plain name (``<script</td>``: a truncated tag that would
  eat what follows) or an unclosed tag at the end of a fragment.

Everything else is left byte for byte as it is: well-behaved output does not change.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

SAFE_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "background", "poster", "srcset"}
ACTIVE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link"}
_TAG_NAME = re.compile(r"[a-z][a-z0-9:-]*")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")  # browsers skip these when they read a scheme


def safe_url(value: str | None, *, image: bool = False) -> bool:
    """True for an http(s) or ``mailto:`` address, or a relative one (``data:image/…`` with ``image``)."""
    plain = _IGNORED_IN_URLS.sub("", value or "").lower()
    found = _SCHEME.match(plain)
    if not found:
        return True
    return found.group(1) in SAFE_SCHEMES or (image and plain.startswith("data:image/"))


def _safe_attribute(tag: str, name: str, value: str | None) -> bool:
    if name.startswith("on"):
        return False
    if name in URL_ATTRIBUTES:
        return safe_url(value, image=tag == "img" and name == "src")
    return True


def _start_tag(tag: str, attributes: list[tuple[str, str | None]], closed: bool) -> str:
    parts = [
        tag,
        *(name if value is None else f'{name}="{html.escape(value)}"' for name, value in attributes),
    ]
    return "<" + " ".join(parts) + (" />" if closed else ">")


class _Scanner(HTMLParser):
    """Finds the start tags, end tags and script content to rewrite, as (offset, length, text) edits."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.markup = markup
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
        self.edits: list[tuple[int, int, str]] = []
        self.inactive: str | None = None  # the script-like element being shown as text

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        if tag in ACTIVE_TAGS or not _TAG_NAME.fullmatch(tag):
            self.edits.append((self._offset(), len(raw), html.escape(raw, quote=False)))
            self.inactive = tag if tag in self.CDATA_CONTENT_ELEMENTS else None  # its content: raw text
            return
        kept = [(name, value) for name, value in attrs if _safe_attribute(tag, name, value)]
        if len(kept) != len(attrs):
            self.edits.append((self._offset(), len(raw), _start_tag(tag, kept, raw.endswith("/>"))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.inactive = None

    def handle_data(self, data: str) -> None:
        if self.inactive:
            self.edits.append((self._offset(), len(data), html.escape(data, quote=False)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ACTIVE_TAGS:
            start = self._offset()
            end = self.markup.find(">", start) + 1 or len(self.markup)
            self.edits.append((start, end - start, html.escape(self.markup[start:end], quote=False)))
            self.inactive = None

    def scan(self) -> list[tuple[int, int, str]]:
        self.feed(self.markup)
        rest = self.rawdata
        if rest.startswith("<") and self.inactive is None:  # an unclosed tag at the end
            start = len(self.markup) - len(rest)
            self.edits.append((start, len(rest), html.escape(rest, quote=False)))
            self.rawdata = ""
        self.close()
        return self.edits


def neutralised(markup: str) -> str:
    """``markup`` (an HTML fragment) with unsafe link targets, event handlers and script-like elements
    made harmless (see the module docstring); unchanged when it has none."""
    edits = _Scanner(markup).scan()
    if not edits:
        return markup
    out, done = [], 0
    for start, length, text in sorted(edits):
        if start < done:
            continue
        out += [markup[done:start], text]
        done = start + length
    out.append(markup[done:])
    return "".join(out)
