"""What the overview shows: the summary and corrections prose, the ledger and key-figure tables, the verdict
chart, the data version, the committed notebook's verdicts and reference list, and the index."""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import ROOT
from ledger_shown import assert_verdicts_are_the_ledgers
from reference_values import OVERVIEW_CLAIMS_PER_VERDICT_AND_DOCUMENT

from nmosd_evidence.datapackage import data_version, load
from nmosd_evidence.datapackage.releases import releases
from nmosd_evidence.render.index import index_html, update_manifest
from nmosd_evidence.render.notebooks import info
from nmosd_evidence.render.records import run_record_path
from nmosd_evidence.reports.overview import (
    checking_counts,
    checking_counts_table,
    corrections_markdown,
    data_version_markdown,
    evidence,
    key_figures,
    key_figures_html,
    ledger_html,
    ledger_summary_markdown,
    needs_checking_markdown,
    package_evidence_rows,
    resolved_evidence,
    rows_to_check,
    selected_claims,
    sources_by_type_and_status,
    sources_by_type_and_status_table,
    verdict_chart,
    verdict_counts,
    verdict_legend_html,
)

NOTEBOOK = ROOT / "notebooks" / "00_overview.ipynb"
SUMMARY_HEAD = (
    "The ledger holds **72 claims**: 43 from the roche.ch patient page (`seed_roche_ch_nmosd`), 29 from the"
    " HSCT news report (`seed_hsct_news`). Verdicts: supported 22, supported with nuance 19, contradicted 0,"
    " not traceable 10, general statement 21."
)


class TableRows(HTMLParser):
    """The text of each ``<td>`` of each body row of an HTML table, unescaped."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def body_rows(markup: str) -> list[list[str]]:
    parser = TableRows()
    parser.feed(markup)
    return [row for row in parser.rows if row]


def unescaped_markdown(text: str) -> str:
    """Markdown text as a reader sees it: backslash escapes and HTML entities resolved."""
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def notebook_output(cell_index: int, mime: str) -> str:
    cell = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"][cell_index]
    return "".join(next(o["data"][mime] for o in cell["outputs"] if mime in o.get("data", {})))


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return load("claims")


# --- verdicts are the ledger's --------------------------------------------------------------------


def assert_rows_show_the_ledger(rows: list[list[str]], ledger: pd.DataFrame) -> int:
    by_id = ledger.set_index("claim_id")
    for cells in rows:
        claim_id = cells[0].split("\n")[0]
        assert cells[3] == by_id.loc[claim_id, "verdict"], claim_id
        assert cells[5] == by_id.loc[claim_id, "explanation"], claim_id
        assert cells[1] == f"“{by_id.loc[claim_id, 'quote']}”", claim_id
    return len(rows)


def test_every_verdict_of_the_ledger_table_is_the_ledgers(ledger: pd.DataFrame) -> None:
    markup = ledger_html(ledger, resolved_evidence(ledger))
    assert assert_rows_show_the_ledger(body_rows(markup), ledger) == len(ledger)


def test_every_verdict_of_the_committed_notebook_is_the_ledgers(ledger: pd.DataFrame) -> None:
    rows = body_rows(notebook_output(12, "text/html"))
    assert assert_rows_show_the_ledger(rows, ledger) == len(ledger)


def test_every_correction_shows_the_ledgers_verdict_and_explanation(ledger: pd.DataFrame) -> None:
    markdown = corrections_markdown(ledger)
    shown = assert_verdicts_are_the_ledgers(markdown, ledger)
    assert len(markdown.splitlines()) == len(shown) == 0 + 10  # contradicted (none), then not traceable
    assert shown == ["R06", "R14", "R15", "R24", "R34", "H13", "H19", "H22", "H27", "H29"]  # ledger order
    assert markdown.startswith(
        "- *“Papadopoulos MC et al. Treatment of neuromyelitis optica: state-of-the-art and emerging"
        " therapies. Nat Rev Neurol 2014; 10(9): 493-506.”* (roche.ch patient page) — Claims ledger `R06`:"
        " **not traceable**."
    )
    by_id = ledger.set_index("claim_id")
    assert all(f"“{by_id.loc[c, 'quote']}”" in unescaped_markdown(markdown) for c in shown)


# --- prose ----------------------------------------------------------------------------------------


def test_summary_counts_and_selection(ledger: pd.DataFrame) -> None:
    assert (
        ledger_summary_markdown(ledger) == f"{SUMMARY_HEAD}\n\nThis report shows **72** of them (no filter)."
    )
    assert ledger_summary_markdown(ledger, "contradicted").endswith(
        "**No claim of the two documents has the verdict *contradicted*:** the evidence tables give that"
        " verdict to none of its 72 statements, so the table below is empty."
    )
    both = ledger_summary_markdown(ledger, "not traceable", "seed_hsct_news")
    assert both.endswith(
        "shows **5** of them (verdict *not traceable* and document *HSCT news report* (`seed_hsct_news`))."
    )


def test_empty_selection_says_so_plainly(ledger: pd.DataFrame) -> None:
    summary = ledger_summary_markdown(ledger, "contradicted", "seed_hsct_news")
    assert summary == (
        f"{SUMMARY_HEAD}\n\n**No claim of the HSCT news report has the verdict *contradicted*:** the evidence"
        " tables give that verdict to none of its 29 statements, so the table below is empty."
    )
    empty = selected_claims(ledger, "contradicted", "seed_hsct_news")
    assert ledger_html(empty, resolved_evidence(empty)).startswith('<p class="claims-ledger-empty">')
    assert corrections_markdown(empty) == "No statement is selected, so there is none to list here."
    supported = selected_claims(ledger, "supported")
    assert corrections_markdown(supported) == (
        "None of the 22 statements shown is contradicted by the evidence or untraceable."
    )


def test_data_text_cannot_add_markup() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["X1"],
            "document": ["seed_hsct_news"],
            "quote": ["see [this](https://example.org) *now*"],
            "verdict": ["contradicted"],
            "explanation": ["it's <script>alert(1)</script> # _not_ so"],
        }
    )
    line = corrections_markdown(claims)
    assert "[this](" not in line and "\\[this\\]" in line and "\\*now\\*" in line
    assert "<script>" not in line and "it's &lt;script&gt;" in line
    assert unescaped_markdown(line).endswith(
        "*“see [this](https://example.org) *now*”* (HSCT news report) — Claims ledger `X1`: **contradicted**."
        " it's <script>alert(1)</script> # _not_ so"
    )


def test_data_version_names_the_hash_and_the_package() -> None:
    text = data_version_markdown()
    assert text.startswith(f"Data version **`{data_version()}`** (a hash of every file")
    assert re.search(r"package version \*\*[0-9][^*]*\*\*\.$", text, re.MULTILINE)
    release = releases()[0]
    if release.data_version == data_version():
        assert f"This is data release **{release.tag}** of {release.date}" in text
    else:  # the data changed since the release: the sentence says how to list the changes
        assert f"`nmosd-evidence changes {release.tag} data` lists the rows added" in text


# --- tables and chart -----------------------------------------------------------------------------


def test_ledger_table_is_coloured_by_verdict(ledger: pd.DataFrame) -> None:
    onset = ledger[ledger["claim_id"] == "R04"]
    markup = ledger_html(onset, resolved_evidence(onset))
    assert markup.count("<tr style=") == 1
    assert '<tr style="border-left:6px solid #56B4E9">' in markup  # supported with nuance
    assert "“most common in women between the ages of 30 and 40”" in markup
    assert '<code style="word-break:break-all">age_at_onset:A03</code> <em>(verified)</em>' in markup
    untraced = selected_claims(ledger, "not traceable")
    assert (
        ledger_html(untraced, resolved_evidence(untraced)).count('<tr style="border-left:6px solid #E69F00">')
        == 10
    )
    general = selected_claims(ledger, "general statement").head(1)
    assert '<span style="color:#777">none</span>' in ledger_html(general, resolved_evidence(general))


def test_ledger_table_escapes_data_text() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["X1"],
            "document": ["seed_hsct_news"],
            "quote": ["<b>bold</b>"],
            "topic": ["sex_and_age"],
            "verdict": ["supported"],
            "explanation": ["<script>x</script>"],
        }
    )
    markup = ledger_html(claims, resolved_evidence(claims.assign(evidence=pd.NA)))
    assert "<script>" not in markup and "&lt;script&gt;x&lt;/script&gt;" in markup
    assert "&lt;b&gt;bold&lt;/b&gt;" in markup and ">sex and age<" in markup


def test_verdict_legend_lists_every_verdict_in_ledger_order() -> None:
    items = re.findall(r'overflow-wrap:anywhere">([^<]+)</span>', verdict_legend_html())
    assert items == [
        "supported",
        "supported with nuance",
        "contradicted",
        "not traceable",
        "general statement",
    ]


def test_key_figures_table_shows_whole_percentages_and_links() -> None:
    rows = body_rows(key_figures_html(key_figures()))
    assert len(rows) == 9
    by_source = {row[4]: row for row in rows}
    assert by_source["everyattackmatters_ca_impacts"][2] == "9%"  # proportion 0.09 × 100
    assert by_source["nmosd_com_hcp_impact"][2] == "41%"  # 0.41 × 100
    assert by_source["pandit2022"][2] == "<5/100,000 globally"
    markup = key_figures_html(key_figures())
    assert '<a href="epidemiology-all.html" style="white-space:nowrap">epidemiology-all</a>' in markup


def test_sources_table_is_styled_with_every_count() -> None:
    counts = sources_by_type_and_status(load("sources"), package_evidence_rows())
    markup = sources_by_type_and_status_table(counts).to_html()
    assert 'id="T_overview-sources-by-type-and-status"' in markup
    assert ">all types<" in markup and ">237<" in markup


def test_verdict_chart_draws_the_counts(ledger: pd.DataFrame) -> None:
    fig = verdict_chart(verdict_counts(ledger))
    bars = {trace.name: tuple(trace.x) for trace in fig.data}
    assert bars == OVERVIEW_CLAIMS_PER_VERDICT_AND_DOCUMENT
    assert list(fig.data[0].y) == [
        "roche.ch patient page<br>(seed_roche_ch_nmosd)",
        "HSCT news report<br>(seed_hsct_news)",
    ]
    footnote = fig.layout.annotations[0].text
    assert footnote.startswith("Sources: seed_hsct_news; seed_roche_ch_nmosd.")


# --- the appendix: rows that need checking ----------------------------------------------------------


def _statuses_by_csv() -> Counter:
    """Status -> evidence rows, read with csv.DictReader from every table of datapackage.json with a
    status column (the ledger aside)."""
    counts: Counter = Counter()
    for resource in json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        if resource["name"] == "claims" or "status" not in [f["name"] for f in resource["schema"]["fields"]]:
            continue
        with (ROOT / "data" / resource["path"]).open(encoding="utf-8", newline="") as handle:
            counts.update(record["status"] for record in csv.DictReader(handle))
    return counts


def test_needs_checking_sentence_counts_every_row_below_verified() -> None:
    counts = _statuses_by_csv()
    below = sum(counts.values()) - counts["verified"]
    statuses = ["abstract", "secondary", "computed", "inferred", "unverified"]
    listed = ", ".join(f"{counts[s]} {s}" for s in statuses if counts[s])
    total = sum(counts.values())
    text = needs_checking_markdown(rows_to_check(), package_evidence_rows())
    assert text.startswith(
        f"**{below} of the {total} evidence rows** are below *verified*, in 13 tables: {listed}."
    )
    assert "printed as CSV by `nmosd-evidence todo` (`--table` and `--status`" in text


def test_needs_checking_table_names_tables_by_title_and_file() -> None:
    counts, by_csv = checking_counts(rows_to_check()), _statuses_by_csv()
    assert int(counts.loc["all tables", "all statuses"]) == sum(by_csv.values()) - by_csv["verified"]
    markup = checking_counts_table(counts).to_html()
    assert 'id="T_overview-needs-checking"' in markup
    assert ">Trial results (treatment/trial_results.csv)<" in markup and ">all tables<" in markup
    assert ">trial_results<" not in markup


def test_notebook_appendix_is_the_reports() -> None:
    assert notebook_output(20, "text/markdown") == needs_checking_markdown(
        rows_to_check(), package_evidence_rows()
    )
    assert 'id="T_overview-needs-checking"' in notebook_output(21, "text/html")


# --- the committed notebook and the index -----------------------------------------------------------


def test_notebook_reference_list_equals_evidence() -> None:
    references = notebook_output(18, "text/html")
    shown = re.findall(r"<li><code>([^<]+)</code>", references)
    assert sorted(shown) == sorted(set(evidence()["source_id"]))


def test_index_opens_with_the_overview(tmp_path: Path) -> None:
    runs = yaml.safe_load((ROOT / "reports.yml").read_text())["runs"]
    for run in reversed(runs):  # any order in: the index sorts
        (tmp_path / f"{run['name']}.html").write_text("")
        entry = {
            "name": run["name"],
            "notebook": f"{run['notebook']}.ipynb",
            "title": run["name"],
            "parameters": run.get("parameters", {}),
            "html": f"{run['name']}.html",
        }
        run_record_path(tmp_path, run["name"]).write_text(json.dumps(entry))
    ordered = update_manifest(tmp_path)
    assert [e["name"] for e in ordered[:2]] == ["overview", "overview-not-traceable"]
    page = index_html(ordered, {})
    assert page.index('href="overview.html"') < page.index('href="epidemiology-all.html"')
    assert info(NOTEBOOK).title == "NMOSD evidence: overview"
    assert json.loads((tmp_path / "manifest.json").read_text())[0]["name"] == "overview"
