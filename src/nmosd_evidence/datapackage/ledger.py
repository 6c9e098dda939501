"""The claims ledger's rules (``data/claims.csv``) and how the source documents split into statements.

Every factual statement of the two source documents (copies in ``data/seeds/``) is a row of the ledger:
its verbatim wording, a verdict, the evidence rows that decide it (``table:row_key`` keys into the other
tables) and a one-sentence explanation. ``ledger_problems`` is called from ``rules.table_problems``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from .layout import KEYS, LEDGER, key_column
from .problems import Problem

# Verdicts that may stand without an evidence row; every other verdict cites at least one.
WITHOUT_EVIDENCE = ("not traceable", "general statement")

# --- the ledger's rules -------------------------------------------------------------------------


def citable_tables() -> list[str]:
    """Tables whose rows a claim may cite: every table of the data package except the ledger."""
    return [name for name in KEYS if name != LEDGER]


def evidence_keys(cell: object) -> list[tuple[str, str]]:
    """``'pooled:R4f;estimates:P01'`` as ``[('pooled', 'R4f'), ('estimates', 'P01')]``; empty: ``[]``.

    Items without a ``table:`` prefix are skipped (the schema's pattern reports them).
    """
    if cell is None or pd.isna(cell):
        return []
    pairs = []
    for item in str(cell).split(";"):
        table, colon, key = item.strip().partition(":")
        if colon and table and key:
            pairs.append((table, key))
    return pairs


def _row_sources(tables: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Table -> row key -> the source_id of that row (a ``sources`` row is its own source)."""
    found = {}
    for name, frame in tables.items():
        if name == LEDGER or name not in KEYS:
            continue
        keys = frame[key_column(name)]
        origin = keys if name == "sources" else frame["source_id"]
        found[name] = {k: s for k, s in zip(keys, origin, strict=True) if pd.notna(k)}
    return found


def _evidence_cell_problem(
    claim: pd.Series, rows: Mapping[str, Mapping[str, str]], files: Mapping[str, str]
) -> str | None:
    """The message for a claim's evidence cell, or ``None`` when it is fine."""
    pairs = evidence_keys(claim["evidence"])
    verdict = claim["verdict"]
    decided = pd.notna(verdict) and verdict not in WITHOUT_EVIDENCE
    if not pairs:
        if decided:
            return f"verdict {verdict!r} needs at least one evidence row (table:row_key)"
        return None
    known = set(citable_tables())
    unresolved = []
    for table, key in pairs:
        if table not in known:
            unresolved.append(f"evidence key '{table}:{key}' names no table of the data package")
        elif table in rows and key not in rows[table]:
            unresolved.append(f"evidence key '{table}:{key}' is not a row of {files.get(table, table)}")
    if unresolved:
        return "; ".join(unresolved)
    if decided:
        return _circular_problem(claim["document"], pairs, rows)
    return None


def _circular_problem(
    document: str, pairs: list[tuple[str, str]], rows: Mapping[str, Mapping[str, str]]
) -> str | None:
    """The message for a decided verdict that rests on the claim's own document, or ``None``.

    A row whose source is the document the claim checks restates the claim: it is no evidence for it.
    Keys of tables not loaded cannot be checked and count as independent.
    """
    own = [f"'{table}:{key}'" for table, key in pairs if table in rows and rows[table][key] == document]
    if not own:
        return None
    if len(own) == len(pairs):
        return (
            f"every evidence row comes from the claim's own document {document!r};"
            " cite at least one independent row"
        )
    return (
        f"evidence {', '.join(own)} {'comes' if len(own) == 1 else 'come'} from the claim's own document"
        f" {document!r}, which is no evidence for itself; cite only independent rows"
    )


def statement_key(text: object) -> str:
    """A statement as the ledger compares statements: casefolded, every run of punctuation and
    whitespace as one space (``'Most common  in women.'`` and ``'most common in women'`` are the same)."""
    return " ".join(re.sub(r"[\W_]+", " ", str(text).casefold()).split())


def _same_statement_problems(claims: pd.DataFrame, file: str) -> list[Problem]:
    """Claims whose statement is the same as an earlier claim's (``statement_key``) but whose verdict
    differs from it: one problem on the ``verdict`` of each later claim."""
    first: dict[str, tuple[int, str, str]] = {}  # statement -> (row, claim_id, verdict)
    problems = []
    for row, claim in claims.iterrows():
        if pd.isna(claim["quote"]) or pd.isna(claim["verdict"]):
            continue
        key = statement_key(claim["quote"])
        if key not in first:
            first[key] = (int(row), claim["claim_id"], claim["verdict"])
            continue
        earlier_row, earlier_id, earlier_verdict = first[key]
        if claim["verdict"] != earlier_verdict:
            message = (
                f"verdict {claim['verdict']!r} differs from {earlier_verdict!r} of claim {earlier_id}"
                f" (row {earlier_row}), whose statement is the same; give both the same verdict"
            )
            problems.append(Problem(file, int(row), "verdict", message))
    return problems


def ledger_problems(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str]) -> list[Problem]:
    """Problems of the claims ledger against the other tables, as ``file:row:field: message``.

    Rules: every evidence key names a table of the data package and resolves to a row of it (keys of
    tables not in ``tables`` cannot be resolved and are skipped); every verdict other than "not
    traceable" and "general statement" cites at least one evidence row and no row whose source is the
    claim's own document (that row restates the claim; circular); two claims with the same statement
    (``statement_key``) have the same verdict; the document is a seed source present in sources.csv
    (the schema restricts it to the seed ids).
    """
    claims, file = tables[LEDGER], files[LEDGER]
    rows = _row_sources(tables)
    problems = []
    for row, claim in claims.iterrows():
        message = _evidence_cell_problem(claim, rows, files)
        if message:
            problems.append(Problem(file, int(row), "evidence", message))
        document = claim["document"]
        if "sources" in rows and pd.notna(document) and document not in rows["sources"]:
            problems.append(
                Problem(file, int(row), "document", f"document {document!r} is not in sources.csv")
            )
    return problems + _same_statement_problems(claims, file)


# --- reading the ledger ----------------------------------------------------------------------------

RESOLVED_COLUMNS = ["claim_id", "key", "table", "row_key", "source_id", "status"]


def claim_rows(claims: pd.DataFrame, claim_ids: list[str]) -> pd.DataFrame:
    """The ledger rows ``claim_ids``, in that order; ``KeyError`` naming any id the ledger lacks."""
    indexed = claims.set_index("claim_id", drop=False)
    unknown = [claim_id for claim_id in claim_ids if claim_id not in indexed.index]
    if unknown:
        raise KeyError(f"not in the claims ledger: {', '.join(unknown)}")
    return indexed.loc[list(claim_ids)].reset_index(drop=True)


def claims_quoted_in(claims: pd.DataFrame, document: str, text: str) -> pd.DataFrame:
    """The ledger rows of ``document`` whose statement is part of ``text`` (whitespace folded; a '/'
    marks a line break and '…' a gap in a quoted copy), in ledger order."""
    parts = [normalised(part) for part in text.replace("…", "/").split("/")]
    joined = normalised(" ".join(part for part in parts if part))
    own = claims[claims["document"] == document]
    return own[own["quote"].map(lambda statement: normalised(statement) in joined)].reset_index(drop=True)


def cited_tables(claims: pd.DataFrame) -> list[str]:
    """The tables the evidence keys of ``claims`` name, sorted."""
    return sorted({table for cell in claims["evidence"] for table, _ in evidence_keys(cell)})


def resolved_evidence(claims: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per (claim, evidence key), in ledger order: claim_id, key ('table:row_key'), table,
    row_key, and the cited row's source_id and status (strings; a ``sources:`` key is its own source and
    has no status). ``tables`` holds at least the ``cited_tables``; ``KeyError`` for a key that is not a
    row of its table."""
    lookup = {name: tables[name].set_index(key_column(name)) for name in cited_tables(claims)}
    records = []
    for claim_id, cell in zip(claims["claim_id"], claims["evidence"], strict=True):
        for table, key in evidence_keys(cell):
            if key not in lookup[table].index:
                raise KeyError(f"claim {claim_id}: evidence key '{table}:{key}' is not a row of {table}")
            row = lookup[table].loc[key]
            source = key if table == "sources" else row["source_id"]
            status = row["status"] if "status" in row.index else pd.NA
            records.append((claim_id, f"{table}:{key}", table, key, source, status))
    return pd.DataFrame(records, columns=RESOLVED_COLUMNS).astype("string")


# --- the source documents -----------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z\"“(])")


def normalised(text: str) -> str:
    """``text`` with every run of whitespace as one space (how quotes are matched to the documents)."""
    return " ".join(text.split())


def seed_statements(text: str) -> list[str]:
    """The sentences of a source document: its lines split at sentence ends, bullets stripped."""
    statements = []
    for line in text.splitlines():
        line = normalised(line).lstrip("•-– ").strip()
        for sentence in _SENTENCE_END.split(line):
            if re.search(r"[A-Za-z]{2}", sentence):
                statements.append(sentence.strip().strip('"“”').strip())
    return statements


def uncovered_statements(text: str, quotes: list[str], ignored: list[str] = ()) -> list[str]:
    """Sentences of ``text`` that no quote covers (a quote inside the sentence, or the sentence inside a
    quote), leaving out ``ignored`` sentences (headings, navigation, disclaimers)."""
    wanted = [normalised(q) for q in quotes]
    skip = {normalised(s) for s in ignored}
    return [s for s in seed_statements(text) if s not in skip and not any(q in s or s in q for q in wanted)]
