"""The claims ledger (``data/claims.csv``) and the overview report built on it.

Every factual statement of the two source documents (copies in ``data/seeds/``) is a row of the ledger: its
verbatim wording, a verdict, the evidence rows that decide the verdict (``table:row_key`` keys into the
other tables) and a one-sentence explanation. This module holds the ledger's validation rules
(``ledger_problems``, called from ``checks.table_problems``) and the pure functions the overview
notebook shows: key figures, the ledger table coloured by verdict, the verdict chart and the count of
sources by type and status.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from .problems import Problem
from .schemas import SCHEMAS, SEED_DOCUMENTS, STATUSES, VERDICTS

LEDGER = "claims"
# Verdicts that may stand without an evidence row; every other verdict cites at least one.
WITHOUT_EVIDENCE = ("not traceable", "general statement")
# Okabe & Ito colours (as charts.PALETTE) per verdict, with a text colour readable on each.
VERDICT_COLOURS = {
    "supported": ("#009E73", "#ffffff"),
    "supported with nuance": ("#56B4E9", "#000000"),
    "contradicted": ("#D55E00", "#ffffff"),
    "not traceable": ("#E69F00", "#000000"),
    "general statement": ("#DDDDDD", "#000000"),
}
VERDICT_MEANINGS = {
    "supported": "the evidence rows back the statement as written",
    "supported with nuance": "the core holds, but the evidence adds a qualification the statement leaves out",
    "contradicted": "the evidence rows say otherwise",
    "not traceable": "no evidence row can confirm or refute it (a missing number, an untraceable source)",
    "general statement": "a description, opinion or general advice that the evidence tables do not test",
}
# Column headings of the ledger table and their widths.
LEDGER_COLUMNS = [
    ("Claim", "7%"),
    ("Statement (verbatim)", "24%"),
    ("Topic", "8%"),
    ("Verdict", "10%"),
    ("Evidence rows (status)", "21%"),
    ("Explanation", "30%"),
]
DOCUMENT_LABELS = {
    "seed_roche_ch_nmosd": "roche.ch patient page",
    "seed_hsct_news": "HSCT news report",
}


# --- the ledger's rules -------------------------------------------------------------------------


def primary_key(table: str) -> str:
    """The key column of ``table`` (the unique column of its schema)."""
    return next(name for name, column in SCHEMAS[table].columns.items() if column.unique)


def citable_tables() -> list[str]:
    """Tables whose rows a claim may cite: every table of the data package except the ledger."""
    return [name for name in SCHEMAS if name != LEDGER]


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
        if name == LEDGER or name not in SCHEMAS:
            continue
        keys = frame[primary_key(name)]
        origin = keys if name == "sources" else frame["source_id"]
        found[name] = {k: s for k, s in zip(keys, origin, strict=True) if pd.notna(k)}
    return found


def _evidence_cell_problem(
    claim: pd.Series, rows: Mapping[str, Mapping[str, str]], files: Mapping[str, str]
) -> str | None:
    """The message for a claim's evidence cell, or ``None`` when it is fine."""
    pairs = evidence_keys(claim["evidence"])
    verdict = claim["verdict"]
    if not pairs:
        if pd.notna(verdict) and verdict not in WITHOUT_EVIDENCE:
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
    document = claim["document"]
    origins = {rows[table][key] for table, key in pairs if table in rows}
    if len(origins) == 1 and len([1 for table, _ in pairs if table in rows]) == len(pairs):
        (origin,) = origins
        if origin == document and pd.notna(verdict) and verdict not in WITHOUT_EVIDENCE:
            return (
                f"every evidence row comes from the claim's own document {document!r};"
                " cite at least one independent row"
            )
    return None


def ledger_problems(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str]) -> list[Problem]:
    """Problems of the claims ledger against the other tables, as ``file:row:field: message``.

    Rules: every evidence key names a table of the data package and resolves to a row of it (keys of
    tables not in ``tables`` cannot be resolved and are skipped); every verdict other than "not
    traceable" and "general statement" cites at least one evidence row, not all of them from the claim's
    own document; the document is a seed source present in sources.csv (the schema restricts it to the
    seed ids).
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
    return problems


# --- resolving evidence -------------------------------------------------------------------------


def resolved_evidence(claims: pd.DataFrame, tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per (claim, evidence key): claim_id, key, table, row_key, source_id and status.

    ``tables`` maps table names to frames (default: the validated tables, loaded as needed). A
    ``sources:`` key is its own source and has no status. ``KeyError`` for a key that does not resolve.
    """
    pairs = [
        (c, t, k)
        for c, cell in zip(claims["claim_id"], claims["evidence"], strict=True)
        for t, k in evidence_keys(cell)
    ]
    if tables is None:
        from .data import load

        tables = {name: load(name) for name in sorted({t for _, t, _ in pairs})}
    lookup = {name: frame.set_index(primary_key(name)) for name, frame in tables.items()}
    records = []
    for claim_id, table, key in pairs:
        if table not in lookup or key not in lookup[table].index:
            raise KeyError(f"claim {claim_id}: evidence key '{table}:{key}' does not resolve")
        row = lookup[table].loc[key]
        source = key if table == "sources" else row["source_id"]
        status = row["status"] if "status" in row.index else pd.NA
        records.append((claim_id, f"{table}:{key}", table, key, source, status))
    columns = ["claim_id", "key", "table", "row_key", "source_id", "status"]
    return pd.DataFrame(records, columns=columns).astype("string")


# --- the ledger in the overview -----------------------------------------------------------------


def selected_claims(claims: pd.DataFrame, verdict: str = "all", document: str = "all") -> pd.DataFrame:
    """The claims with ``verdict`` from ``document`` ("all": no filter), in ledger order."""
    keep = pd.Series(True, index=claims.index)
    if verdict != "all":
        keep &= claims["verdict"] == verdict
    if document != "all":
        keep &= claims["document"] == document
    return claims[keep.fillna(False)].reset_index(drop=True)


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Number of claims per document (rows) and verdict (columns, every verdict), with totals."""
    counts = pd.crosstab(claims["document"], claims["verdict"]).reindex(
        index=list(SEED_DOCUMENTS), columns=VERDICTS, fill_value=0
    )
    counts = counts.fillna(0).astype(int)
    counts["all verdicts"] = counts.sum(axis=1)
    counts.loc["both documents"] = counts.sum()
    counts.index.name, counts.columns.name = "document", None
    return counts


def _selection_words(verdict: str, document: str) -> str:
    parts = []
    if verdict != "all":
        parts.append(f"verdict *{verdict}*")
    if document != "all":
        parts.append(f"document *{DOCUMENT_LABELS.get(document, document)}* (`{document}`)")
    return " and ".join(parts) if parts else "no filter"


def ledger_summary(claims: pd.DataFrame, verdict: str = "all", document: str = "all") -> str:
    """Markdown: how many claims the ledger holds, by document and verdict, and how many are shown.

    When the selection is empty it says so plainly (e.g. that no claim is contradicted).
    """
    counts = verdict_counts(claims)
    total = int(counts.loc["both documents", "all verdicts"])
    per_document = ", ".join(
        f"{int(counts.loc[d, 'all verdicts'])} from the {DOCUMENT_LABELS[d]} (`{d}`)" for d in SEED_DOCUMENTS
    )
    per_verdict = ", ".join(f"{v} {int(counts.loc['both documents', v])}" for v in VERDICTS)
    text = f"The ledger holds **{total} claims**: {per_document}. Verdicts: {per_verdict}."
    shown = selected_claims(claims, verdict, document)
    scope = claims if document == "all" else claims[claims["document"] == document]
    if shown.empty:
        where = "the two documents" if document == "all" else f"the {DOCUMENT_LABELS.get(document, document)}"
        if verdict == "all":
            return f"{text}\n\n**No claim of {where} is in the ledger.**"
        return (
            f"{text}\n\n**No claim of {where} has the verdict *{verdict}*:** the evidence tables give that"
            f" verdict to none of its {len(scope)} statements, so the table below is empty."
        )
    return f"{text}\n\nThis report shows **{len(shown)}** of them ({_selection_words(verdict, document)})."


def corrections_markdown(claims: pd.DataFrame) -> str:
    """Markdown list of the ``claims`` the evidence contradicts or cannot trace, with the reason."""
    if claims.empty:
        return "No statement is selected, so there is none to list here."
    lines = []
    for verdict in ("contradicted", "not traceable"):
        for claim in claims[claims["verdict"] == verdict].itertuples(index=False):
            document = DOCUMENT_LABELS.get(claim.document, claim.document)
            label = f"**{verdict.capitalize()}** ({claim.claim_id}, {document})"
            lines.append(f"- {label}: “{claim.quote}” — {claim.explanation}")
    if not lines:
        return f"None of the {len(claims)} statements shown is contradicted by the evidence or untraceable."
    return "\n".join(lines)


def _badge(verdict: str) -> str:
    background, colour = VERDICT_COLOURS.get(verdict, ("#ffffff", "#000000"))
    return (
        f'<span style="background:{background};color:{colour};padding:.1em .45em;border-radius:.3em;'
        f'white-space:nowrap">{html.escape(verdict)}</span>'
    )


def verdict_legend_html() -> str:
    """The verdict colours with what each verdict means, as an HTML list."""
    items = "".join(f"<li>{_badge(v)} {html.escape(VERDICT_MEANINGS[v])}</li>" for v in VERDICTS)
    return f'<ul class="verdict-legend" style="list-style:none;padding-left:0">{items}</ul>'


def _evidence_html(keys: pd.DataFrame) -> str:
    if keys.empty:
        return '<span style="color:#777">none</span>'
    items = []
    for key, status in zip(keys["key"], keys["status"], strict=True):
        label = f" <em>({html.escape(status)})</em>" if pd.notna(status) else ""
        items.append(f'<code style="word-break:break-all">{html.escape(key)}</code>{label}')
    return "<br>".join(items)


def ledger_html(claims: pd.DataFrame, evidence: pd.DataFrame) -> str:
    """The claims as an HTML table, each row coloured by verdict; evidence keys with their status.

    ``evidence`` is ``resolved_evidence`` of the ledger. An empty ``claims`` gives a plain notice.
    """
    if claims.empty:
        return '<p class="claims-ledger-empty"><strong>No claim matches this selection.</strong></p>'
    by_claim = {claim_id: group for claim_id, group in evidence.groupby("claim_id", sort=False)}
    empty = evidence.iloc[0:0]
    head = "".join(
        f'<th style="text-align:left;padding:.3em;width:{width}">{h}</th>' for h, width in LEDGER_COLUMNS
    )
    rows = []
    for claim in claims.itertuples(index=False):
        background = VERDICT_COLOURS.get(claim.verdict, ("#ffffff", ""))[0]
        cell = 'style="vertical-align:top;text-align:left;padding:.3em"'
        document = DOCUMENT_LABELS.get(claim.document, claim.document)
        rows.append(
            f'<tr style="border-left:6px solid {background}">'
            f"<td {cell}><strong>{html.escape(claim.claim_id)}</strong><br>"
            f"<small>{html.escape(document)}</small></td>"
            f"<td {cell}>“{html.escape(claim.quote)}”</td>"
            f"<td {cell}>{html.escape(claim.topic.replace('_', ' '))}</td>"
            f"<td {cell}>{_badge(claim.verdict)}</td>"
            f"<td {cell}>{_evidence_html(by_claim.get(claim.claim_id, empty))}</td>"
            f"<td {cell}>{html.escape(claim.explanation)}</td></tr>"
        )
    return (
        '<table class="claims-ledger"'
        ' style="border-collapse:collapse;font-size:.9em;table-layout:fixed;width:100%">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def verdict_chart(claims: pd.DataFrame) -> go.Figure:
    """Stacked bars: number of claims per document, split by verdict (colours as in the ledger)."""
    from .charts import house_style, source_footnote

    counts = verdict_counts(claims).drop(index="both documents")
    labels = [f"{DOCUMENT_LABELS[d]}<br>({d})" for d in counts.index]
    fig = go.Figure()
    for verdict in VERDICTS:
        values = [int(v) for v in counts[verdict]]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                name=verdict,
                orientation="h",
                marker={"color": VERDICT_COLOURS[verdict][0], "line": {"color": "#555555", "width": 0.5}},
                hovertemplate=f"%{{y}}<br>verdict: {verdict}<br>claims: %{{x}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    footnote = source_footnote(
        list(SEED_DOCUMENTS), "Verdicts: data/claims.csv, each decided by rows of the evidence tables."
    )
    house_style(fig, "Claims of the two source documents by verdict", "Number of claims", "", footnote, 160)
    fig.update_layout(legend_traceorder="normal")  # verdicts in ledger order, not reversed as in stacks
    return fig.update_yaxes(autorange="reversed")


# --- key figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    """One headline figure: a row of an evidence table, the column shown and the report with detail."""

    area: str
    label: str
    table: str
    key: str
    column: str
    report: str


EPIDEMIOLOGY, PROGRESSION = "epidemiology-all.html", "progression-all.html"
TREATMENT, HSCT = "treatment-all.html", "hsct-outcomes.html"
KEY_FIGURES = [
    KeyFigure("Epidemiology", "Prevalence worldwide (systematic review)",
              "pooled", "R4f", "value_as_printed", EPIDEMIOLOGY),
    KeyFigure("Epidemiology", "Highest regional prevalence: Afro-Caribbean region (systematic review)",
              "pooled", "R1b", "value_as_printed", EPIDEMIOLOGY),
    KeyFigure("Epidemiology", "Women per man, AQP4-antibody-positive (meta-analysis)",
              "sex_ratio", "D01a", "value_as_printed", EPIDEMIOLOGY),
    KeyFigure("Progression", "Needing a wheelchair (EDSS 8) five years after onset, AQP4+ (Mayo Clinic)",
              "disability", "mayo140_km_wheelchair_5y", "proportion", PROGRESSION),
    KeyFigure("Progression", "Legally blind in at least one eye five years after onset, AQP4+ (Mayo Clinic)",
              "disability", "mayo140_km_blind_one_eye_5y", "proportion", PROGRESSION),
    KeyFigure("Treatment", "Relapse risk on eculizumab vs placebo, hazard ratio (PREVENT)",
              "trial_results", "prevent_hr_nemos", "value_as_printed", TREATMENT),
    KeyFigure("Treatment", "Complete remission after the first attack treatment course (NEMOS)",
              "acute", "kleiter2016_first_course_cr", "value_as_printed", TREATMENT),
    KeyFigure("HSCT", "Relapse-free follow-up after allogeneic HSCT (the two Milan patients)",
              "patients", "both_follow_up_years", "value", HSCT),
    KeyFigure("HSCT", "Relapse-free five years after autologous HSCT (EBMT registry)",
              "cohorts", "greco2015_rfs_5y", "value_as_printed", HSCT),
]  # fmt: skip


def _shown_value(value: object, column: str) -> str:
    """A cell as the overview shows it: proportions as whole percentages, other cells as printed."""
    if pd.isna(value):
        return "not reported"
    if column == "proportion":
        return f"{round(float(value) * 100):d}%"
    return str(value)


def key_figures(tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The headline figure of each area (``KEY_FIGURES``) with its value, status, source and report link.

    Values come from the data rows (``value`` is the cell as printed or, for proportions, a whole
    percentage); ``KeyError`` if a row is missing.
    """
    if tables is None:
        from .data import load

        tables = {name: load(name) for name in sorted({f.table for f in KEY_FIGURES})}
    records = []
    for figure in KEY_FIGURES:
        frame = tables[figure.table]
        match = frame[frame[primary_key(figure.table)] == figure.key]
        if match.empty:
            raise KeyError(f"key figure {figure.label!r}: no row {figure.key!r} in {figure.table}")
        row = match.iloc[0]
        records.append(
            {
                "area": figure.area,
                "figure": figure.label,
                "value": _shown_value(row[figure.column], figure.column),
                "status": row["status"],
                "source_id": row["source_id"],
                "evidence": f"{figure.table}:{figure.key}",
                "report": figure.report,
            }
        )
    return pd.DataFrame(records).astype("string")


def key_figures_html(figures: pd.DataFrame) -> str:
    """The key figures as an HTML table with a link to each area's detailed report (relative links)."""
    cell = 'style="vertical-align:top;text-align:left;padding:.3em"'
    head = "".join(
        f'<th style="text-align:left;padding:.3em">{h}</th>'
        for h in ["Area", "Figure", "Value", "Status", "Source", "Detailed report"]
    )
    rows = []
    for figure in figures.itertuples(index=False):
        link = html.escape(figure.report)
        anchor = f'<a href="{link}" style="white-space:nowrap">{link.removesuffix(".html")}</a>'
        rows.append(
            f"<tr><td {cell}>{html.escape(figure.area)}</td><td {cell}>{html.escape(figure.figure)}</td>"
            f"<td {cell}><strong>{html.escape(figure.value)}</strong></td>"
            f"<td {cell}>{html.escape(figure.status)}</td>"
            f"<td {cell}><code>{html.escape(figure.source_id)}</code></td><td {cell}>{anchor}</td></tr>"
        )
    return (
        '<table class="key-figures" style="border-collapse:collapse;font-size:.9em">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


# --- sources --------------------------------------------------------------------------------------


def evidence_rows(tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every evidence row of the data package: table, row_key, source_id and status.

    ``tables`` default: every table whose schema has a ``status`` column, loaded and validated.
    """
    names = [n for n, schema in SCHEMAS.items() if "status" in schema.columns]
    if tables is None:
        from .data import load

        tables = {name: load(name) for name in names}
    frames = []
    for name in names:
        if name not in tables:
            continue
        frame = tables[name]
        frames.append(
            pd.DataFrame(
                {
                    "table": name,
                    "row_key": frame[primary_key(name)],
                    "source_id": frame["source_id"],
                    "status": frame["status"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True).astype("string")


def sources_by_type_and_status(sources: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Number of sources per source type, and how many of them back rows of each status.

    Columns: ``sources`` (all of that type), one column per status (sources cited by at least one row
    with that status, so a source can count under several statuses) and ``cited by no row``. The last
    row, ``all types``, sums the columns.
    """
    cited = rows.dropna(subset=["source_id", "status"]).drop_duplicates(["source_id", "status"])
    typed = cited.merge(sources[["source_id", "source_type"]], on="source_id", how="inner")
    by_status = pd.crosstab(typed["source_type"], typed["status"])
    table = sources.groupby("source_type").size().to_frame("sources")
    table = table.join(by_status.reindex(columns=STATUSES), how="left").fillna(0)
    used = set(rows["source_id"].dropna())
    unused = sources[~sources["source_id"].isin(used)].groupby("source_type").size()
    table["cited by no row"] = unused.reindex(table.index).fillna(0)
    table = table.astype(int).sort_values(["sources"], ascending=False, kind="stable")
    table.loc["all types"] = table.sum()
    table.index.name = "source type"
    return table


# --- provenance and references ------------------------------------------------------------------


def data_version_markdown() -> str:
    """Markdown naming the data version (content hash of ``data/``) and the package version."""
    from . import __version__
    from .package import data_version

    return (
        f"Data version **`{data_version()}`** (a hash of every file of the data package, so any change to"
        f" the data changes it) · package version **{__version__}**."
    )


def report_sources(
    figures: pd.DataFrame, claims: pd.DataFrame, evidence: pd.DataFrame
) -> tuple[list[str], pd.DataFrame]:
    """The source ids the overview uses and the (source_id, status) rows behind them.

    Sources: the key figures' rows, the evidence rows of the ``claims`` shown, and the two seed
    documents the ledger checks.
    """
    shown = evidence[evidence["claim_id"].isin(claims["claim_id"])]
    rows = pd.concat([figures[["source_id", "status"]], shown[["source_id", "status"]]], ignore_index=True)
    ids = sorted(set(rows["source_id"].dropna()) | set(SEED_DOCUMENTS))
    return ids, rows.dropna(subset=["status"])


def references_html(figures: pd.DataFrame, claims: pd.DataFrame, evidence: pd.DataFrame) -> str:
    """The overview's reference list (``sources.reference_list_html``) for ``report_sources``."""
    from .sources import reference_list, reference_list_html

    ids, rows = report_sources(figures, claims, evidence)
    return reference_list_html(reference_list(ids, rows))


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
