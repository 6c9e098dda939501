"""Exporting the cited works (``data/sources.csv``) as BibTeX, CSL-JSON or Markdown.

``nmosd-evidence refs [--format bibtex|csl-json|markdown] [--used-by NOTEBOOK]`` prints the export.
BibTeX is written with bibtexparser (2.x); CSL-JSON follows the CSL data schema (plain JSON: ``id``,
``type``, ``title``, ``author``, ``issued``, ``container-title``, ``volume``, ``issue``, ``page``,
``DOI``, ``PMID``, ``URL``).

Handed the sources to export; which sources a report cites is decided above this layer (the CLI asks
the report's ``evidence()``).
"""

from __future__ import annotations

import json
import re

import bibtexparser
import pandas as pd
from bibtexparser.model import Entry, Field

from .references import short_citation

FORMATS = ("bibtex", "csl-json", "markdown")
JOURNAL_TYPES = {"systematic_review", "cohort", "registry", "rct", "case_report", "review"}
CSL_TYPES = {
    **dict.fromkeys(JOURNAL_TYPES, "article-journal"),
    "conference_abstract": "paper-conference",
    "news": "article-newspaper",
    "patient_information": "webpage",
    "regulatory": "webpage",
}
INITIALS = re.compile(r"(?P<family>.*\S)\s+(?P<given>[A-Z]{1,4})")
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|])")
PLACEHOLDER = re.compile(r"[(\[][^()\[\]]*\bnot\b[^()\[\]]*[)\]]")  # "(journal not captured)"


def _text(value: object) -> str | None:
    """A cell's text; ``None`` for an empty cell or a placeholder such as ``(journal not captured)``."""
    if value is None or pd.isna(value) or not str(value).strip():
        return None
    text = str(value).strip()
    return None if PLACEHOLDER.fullmatch(text) else text


def parsed_authors(authors: object) -> tuple[list[dict[str, str]], bool]:
    """The names in an ``authors`` cell as CSL name objects, and whether the list is truncated.

    ``"Papp V, Magyari M, … Illes Z"`` -> ``[{"family": "Papp", "given": "V."}, …]``, truncated;
    ``"Cree BAC, et al."`` -> ``[{"family": "Cree", "given": "B. A. C."}]``, truncated; an organisation
    (``"Roche Switzerland"``) -> ``[{"literal": …}]``; placeholders such as ``"(authors not captured)"``
    -> no names.
    """
    text = _text(authors)
    if text is None or text[0] in "([":
        return [], False
    text = re.sub(r"\s*\([^)]*\)", "", text)
    truncated = bool(re.search(r"\bet al\.?|…", text))
    text = re.sub(r",?\s*\bet al\.?", "", text)
    names = []
    tokens = [t.strip().lstrip("…").strip() for t in text.split(",")]
    tokens = [t for t in tokens if t]
    for token in tokens:
        match = INITIALS.fullmatch(token)
        if match:
            names.append({"family": match["family"], "given": " ".join(f"{c}." for c in match["given"])})
        elif len(tokens) == 1 and " " not in token:
            names.append({"family": token})
        else:
            names.append({"literal": token})
    return names, truncated


def latex_escaped(text: str) -> str:
    """``text`` with the characters LaTeX treats specially escaped (``50%`` -> ``50\\%``)."""
    return "".join(LATEX_SPECIALS.get(char, char) for char in text)


def _bibtex_names(authors: object) -> str | None:
    names, truncated = parsed_authors(authors)
    parts = []
    for name in names:
        if "literal" in name:
            parts.append("{" + latex_escaped(name["literal"]) + "}")
        elif "given" in name:
            parts.append(f"{latex_escaped(name['family'])}, {name['given']}")
        else:
            parts.append(latex_escaped(name["family"]))
    if truncated and parts:
        parts.append("others")
    return " and ".join(parts) or None


def bibtex_entry(source: pd.Series) -> Entry:
    """One source as a BibTeX entry (key: ``source_id``).

    ``@article`` for journal work types, ``@inproceedings`` for conference abstracts (each only with the
    author, venue and year BibTeX requires of it), ``@misc`` for news, patient-information and
    regulatory pages and for works whose record lacks one of those. Text fields are LaTeX-escaped and
    the title is braced to keep its capitals; ``doi``, ``pmid`` and ``url`` stay raw; curation notes go
    to ``annote``.
    """
    kind = source["source_type"]
    journal = _text(source["journal"])
    complete = bool(journal) and pd.notna(source["year"]) and bool(parsed_authors(source["authors"])[0])
    entry_type = "misc"  # BibTeX requires author, title, venue and year of the other two types
    if kind in JOURNAL_TYPES and complete:
        entry_type = "article"
    elif kind == "conference_abstract" and complete:
        entry_type = "inproceedings"
    venue = {"article": "journal", "inproceedings": "booktitle", "misc": "howpublished"}[entry_type]
    values = {
        "author": _bibtex_names(source["authors"]),
        "title": "{" + latex_escaped(str(source["title"])) + "}",
        venue: latex_escaped(journal) if journal else None,
        "year": str(int(source["year"])) if pd.notna(source["year"]) else None,
        "volume": _text(source.get("volume")),
        "number": _text(source.get("issue")),
        "pages": latex_escaped(p).replace("-", "--") if (p := _text(source.get("pages"))) else None,
        "doi": _text(source["doi"]),
        "pmid": _text(source["pmid"]),
        "url": _text(source["url"]),
        "annote": latex_escaped(n) if (n := _text(source["notes"])) else None,
    }
    fields = [Field(name, value) for name, value in values.items() if value]
    return Entry(entry_type, str(source["source_id"]), fields)


def to_bibtex(sources: pd.DataFrame) -> str:
    """The sources as a BibTeX file (UTF-8; for biber/biblatex or a UTF-8-aware BibTeX)."""
    library = bibtexparser.Library()
    for _, source in sources.iterrows():
        library.add(bibtex_entry(source))
    header = f"% {len(sources)} sources exported by nmosd-evidence from data/sources.csv\n\n"
    return header + bibtexparser.write_string(library)


def csl_item(source: pd.Series) -> dict[str, object]:
    """One source as a CSL-JSON item; empty variables are left out."""
    names, _ = parsed_authors(source["authors"])
    kind = CSL_TYPES.get(source["source_type"], "document")
    item: dict[str, object] = {"id": str(source["source_id"]), "type": kind, "title": str(source["title"])}
    if names:
        item["author"] = names
    if pd.notna(source["year"]):
        item["issued"] = {"date-parts": [[int(source["year"])]]}
    for variable, column in [
        ("container-title", "journal"),
        ("volume", "volume"),
        ("issue", "issue"),
        ("page", "pages"),
        ("DOI", "doi"),
        ("PMID", "pmid"),
        ("URL", "url"),
        ("annote", "notes"),
    ]:
        if (value := _text(source[column])) is not None:
            item[variable] = value
    return item


def to_csl_json(sources: pd.DataFrame) -> str:
    """The sources as a CSL-JSON array (UTF-8, 2-space indent)."""
    items = [csl_item(source) for _, source in sources.iterrows()]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _markdown_text(text: str) -> str:
    return MARKDOWN_SPECIALS.sub(r"\\\1", text)


def to_markdown(sources: pd.DataFrame) -> str:
    """The sources as a numbered Markdown list, each with its DOI, PubMed and web links."""
    lines = [f"# Sources ({len(sources)})", ""]
    for number, (_, source) in enumerate(sources.iterrows(), start=1):
        links = []
        if doi := _text(source["doi"]):
            links.append(f"DOI [{_markdown_text(doi)}](https://doi.org/{doi})")
        if pmid := _text(source["pmid"]):
            links.append(f"PMID [{pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)")
        if url := _text(source["url"]):
            links.append(f"<{url}>")
        citation = _markdown_text(short_citation(source))
        kind = str(source["source_type"]).replace("_", " ")
        tail = f" {' · '.join(links)}" if links else ""
        lines.append(f"{number}. `{source['source_id']}` {citation}{tail} ({kind})")
    return "\n".join(lines) + "\n"


def export(sources: pd.DataFrame, fmt: str) -> str:
    """``sources`` (rows of the sources table) in ``fmt``, sorted by source id.

    ``ValueError`` naming the formats for an unknown one.
    """
    writers = {"bibtex": to_bibtex, "csl-json": to_csl_json, "markdown": to_markdown}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    return writers[fmt](sources.sort_values("source_id", kind="stable").reset_index(drop=True))
