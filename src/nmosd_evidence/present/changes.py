"""What changed between two data versions, as Markdown (``nmosd-evidence changes OLD NEW``): rows per
table, sources added, statuses raised or lowered, and the effect on the headline figures."""

from __future__ import annotations

from collections.abc import Mapping

from ..datapackage.compare import StatusChange, TableChanges

VALUE_CHARS = 160  # a changed field's old and new text are cut to this many characters


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def changes_markdown(
    old: str,
    new: str,
    tables: list[TableChanges],
    statuses: list[StatusChange],
    headlines: tuple[Mapping[str, str] | str, Mapping[str, str] | str],
) -> str:
    """The changes from data version ``old`` to ``new`` as Markdown; ``headlines`` holds the headline
    figures of each version, or the sentence saying why they could not be computed."""
    lines = [f"# Data changes: {old} → {new}", "", "## Rows per table", ""]
    lines += ["| table | added | removed | changed |", "|---|--:|--:|--:|"]
    lines += [f"| {t.table} | {len(t.added)} | {len(t.removed)} | {len(t.changed)} |" for t in tables]
    for table in (t for t in tables if t.any):
        lines += ["", f"### {table.table}", ""]
        if table.added:
            lines.append(f"- added: {', '.join(map(_code, table.added))}")
        if table.removed:
            lines.append(f"- removed: {', '.join(map(_code, table.removed))}")
        for key, fields in table.changed.items():
            shown = "; ".join(f"{column}: “{_short(a)}” → “{_short(b)}”" for column, a, b in fields)
            lines.append(f"- changed {_code(key)}: {shown}")
    sources = next((t for t in tables if t.table == "sources"), None)
    lines += ["", "## Sources added", ""]
    lines.append(", ".join(map(_code, sources.added)) if sources and sources.added else "None.")
    lines += ["", "## Statuses raised or lowered", ""]
    lines += [f"- {s.direction}: {s.table} {_code(s.key)} {s.old} → {s.new}" for s in statuses] or ["None."]
    lines += ["", "## Headline figures", ""]
    before, after = headlines
    if isinstance(before, str) or isinstance(after, str):
        lines += [text for text in (before, after) if isinstance(text, str)]
        return "\n".join(lines) + "\n"
    names = list(after) + [name for name in before if name not in after]
    moved = [name for name in names if before.get(name) != after.get(name)]
    if not moved:
        return "\n".join([*lines, f"All {len(names)} headline figures unchanged."]) + "\n"
    lines += ["| figure | " + old + " | " + new + " |", "|---|---|---|"]
    lines += [f"| {name} | {before.get(name, '—')} | {after.get(name, '—')} |" for name in moved]
    lines += ["", f"{len(names) - len(moved)} other headline figures unchanged."]
    return "\n".join(lines) + "\n"
