"""Jinja2 rendering of the reports' templates: data-driven Markdown prose and HTML fragments.

Every value a template prints is escaped for its context unless it is ``Markup`` made by a filter:
HTML templates (``*.html.j2``) autoescape; Markdown templates (``*.md.j2``) pass every printed string
through ``markdown_escaped``, so text from a data row can neither add a link, an image or markup nor
change the emphasis around it. Numbers are formatted by the filters, never in the template:
``significant``, ``whole``, ``percent``, ``percent_interval``, ``p_value``, ``period``, ``years``,
``horizon`` (from ``format``), ``code`` (a key as inline code) and ``cite`` (an inline citation of
source ids). Area templates reach the shared templates of ``present/templates``: ``{% include
"ledger_list.md.j2" %}`` (needs ``claims``) lists claims-ledger rows as every report shows them, and
``{% import "ledger.md.j2" as ledger %}`` gives the ``statement`` and ``verdict`` macros (print a macro
with ``|markup``: its text is escaped inside, and would be escaped twice otherwise).
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pandas as pd
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import format as fmt

TEMPLATES = Path(__file__).parent / "templates"  # shared templates and partials
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")
FILTERS = {
    name: getattr(fmt, name)
    for name in (
        "significant", "whole", "count", "percent", "percent_interval", "events_of", "p_value", "period",
        "years", "horizon", "weeks", "estimate_with_interval", "shortened", "first_sentence",
    )
}  # fmt: skip


def markdown_escaped(text: str) -> str:
    """``text`` safe to print in Markdown: ``&``, ``<`` and ``>`` as HTML entities (quotes stay as they
    are), Markdown's own characters (links, emphasis, code, headings, tables) backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def code_span(text: str) -> Markup:
    """``text`` as a Markdown code span, shown verbatim (a code span needs no other escaping; a fence
    longer than any run of backticks inside keeps it closed)."""
    longest = max((len(run) for run in re.findall(r"`+", str(text))), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def cite(*source_ids: str) -> Markup:
    """An inline citation for Markdown: '[`a`; `b`]' (ids resolve in the report's reference list)."""
    ids = [str(s) for s in dict.fromkeys(source_ids) if s]
    return Markup("[" + "; ".join(code_span(s) for s in ids) + "]")


def _markdown_finalize(value: object) -> object:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return Markup(markdown_escaped(value))


@cache
def _environment(folder: Path, markdown: bool) -> Environment:
    environment = Environment(
        loader=ChoiceLoader([FileSystemLoader(folder), FileSystemLoader(TEMPLATES)]),
        undefined=StrictUndefined,
        autoescape=not markdown,
        finalize=_markdown_finalize if markdown else None,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(FILTERS)
    environment.filters["markup"] = Markup  # a string a filter or template already made safe
    environment.globals["cite"] = cite
    environment.filters["code"] = code_span
    environment.globals["code"] = code_span
    return environment


def render_template(folder: Path, name: str, /, **context: object) -> str:
    """Template ``name`` of ``folder`` filled from ``context``; Markdown for ``*.md.j2``, HTML otherwise.

    ``jinja2.UndefinedError`` when the template uses a name the context lacks.
    """
    return _environment(Path(folder).resolve(), name.endswith(".md.j2")).get_template(name).render(**context)


def ledger_verdicts_markdown(claims: pd.DataFrame) -> str:
    """The ledger rows ``claims`` as a Markdown list: each statement verbatim, then the ledger's verdict
    and explanation (``templates/ledger_list.md.j2``, the one rendering every report uses)."""
    return render_template(TEMPLATES, "ledger_list.md.j2", claims=claims.to_dict("records")).strip()


def render_html(name: str, /, **context: object) -> str:
    """One of ``present``'s own HTML templates (``present/templates``) filled from ``context``."""
    return render_template(TEMPLATES, name, **context)
