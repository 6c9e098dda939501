"""Hostile text in the data cannot run, link or swallow a report: every report of reports.yml is
rendered from a copy of the data whose free-text cells end in HTML, script and Markdown-link payloads,
opened in Chromium and compared with the report of the clean data.

``load()`` does not apply the markup rule (``validate`` does), so the copy loads; the reports' own
escaping (tables, Markdown, plotly text, templates, the HTML export) is what is tested.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import open_offline
from conftest import ROOT

from nmosd_evidence.datapackage.package import default_data_dir, descriptor
from nmosd_evidence.datapackage.rules import QUOTE_WORD_LIMIT
from nmosd_evidence.datapackage.schemas import SCHEMAS
from nmosd_evidence.render.runs import load_config

RUNS = load_config(ROOT / "reports.yml")
SCRIPT, IMAGE, LINK = 'alert("s")', 'alert("i")', 'alert("l")'
PAYLOAD = f" <script>{SCRIPT}</script><img src=x onerror={IMAGE}> [x](javascript:{LINK}) <b>bold"
# Quotes mark a line break of the copy read with '/' (the reports split them there): no '/' in theirs.
QUOTE_PAYLOAD = f" <script>{SCRIPT}<img src=x onerror={IMAGE}> [x](javascript:{LINK}) <b>bold"
SHORT_PAYLOAD = f"<script>{SCRIPT}<b>"  # glued to the last word of quotes near the word limit
TRUNCATED = " <script"  # an unclosed tag: it would swallow the rest of the page
# Text columns the reports read for structure, not only to show: left clean so that the hostile
# reports draw the same rows, figures and tables. Keys, enums, patterned columns and numbers are
# left out by their schema (see ``free_text_columns``).
STRUCTURAL = {
    "source_id": "a key into sources.csv (every evidence table)",
    "comparison_id": "trial_results' key into trials.csv",
    "unit": "cohorts/course_facts: 'proportion', 'patients', 'percent…' decide how a value is read",
    "patients.value": "parsed: empty values, 'none' counts and 'at …' times of the HSCT case table",
}
ROCHE_PAGE = "seed_roche_ch_nmosd"  # its ledger quotes are matched inside the data rows' quotes


def free_text_columns(table: str) -> list[str]:
    """The columns of ``table`` holding free text: strings without an enum, pattern or key, less the
    ``STRUCTURAL`` ones."""
    return [
        name
        for name, column in SCHEMAS[table].columns.items()
        if str(column.dtype).startswith("string")
        and not column.checks
        and not column.unique
        and name not in STRUCTURAL
        and f"{table}.{name}" not in STRUCTURAL
    ]


def _hostile(text: str, column: str) -> str:
    """``text`` with a payload appended; the same text always gets the same payload (rows are grouped
    and matched by their text), some texts also an unclosed ``<script``."""
    tail = TRUNCATED if len(text) % 3 == 0 else ""
    if column != "quote":
        return text + PAYLOAD + tail
    hostile = text + QUOTE_PAYLOAD + tail
    if len(hostile.split()) >= QUOTE_WORD_LIMIT:
        hostile = text + SHORT_PAYLOAD + tail.strip()
    return hostile


def make_hostile_copy(target: Path) -> dict[str, list[str]]:
    """Copy the data package to ``target`` with a payload appended to every non-empty free-text cell
    (see ``_hostile``); the columns changed, by table."""
    source = default_data_dir()
    shutil.copytree(source, target)
    changed = {}
    for resource in descriptor(source)["resources"]:
        table, path = resource["name"], target / resource["path"]
        columns = free_text_columns(table)
        records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header, body = records[0], records[1:]
        for record in body:
            keep_quote = table == "claims" and record[header.index("document")] == ROCHE_PAGE
            for column in columns:
                index = header.index(column)
                if record[index].strip() and not (keep_quote and column == "quote"):
                    record[index] = _hostile(record[index], column)
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows([header, *body])
        path.write_text(out.getvalue(), encoding="utf-8")
        changed[table] = columns
    return changed


@pytest.fixture(scope="session")
def hostile_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runs of reports.yml rendered from the hostile copy of the data (a subprocess, so that its
    kernels read ``NMOSD_EVIDENCE_DATA``)."""
    root = tmp_path_factory.mktemp("hostile")
    make_hostile_copy(root / "data")
    out = root / "reports"
    command = [sys.executable, "-m", "nmosd_evidence.cli", "render", "--config", str(ROOT / "reports.yml")]
    done = subprocess.run(
        [*command, "--out", str(out), "--jobs", "2"],
        env={**os.environ, "NMOSD_EVIDENCE_DATA": str(root / "data")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_hostile_copy_changes_free_text_only(tmp_path: Path) -> None:
    changed = make_hostile_copy(tmp_path / "data")
    assert set(changed) == {resource["name"] for resource in descriptor()["resources"]}
    assert {"note", "quote", "locator"} <= set(changed["estimates"])
    assert "outcome" in changed["acute"] and "explanation" in changed["claims"]
    assert not {"source_id", "status", "claim_id", "evidence", "doi", "url"} & {
        column for columns in changed.values() for column in columns
    }


ALLOWED_PROTOCOLS = {"http:", "https:", "mailto:"}
DOWNLOAD_PREFIXES = ("data:text/csv;charset=utf-8;base64,", "data:application/json;charset=utf-8;base64,")
PAYLOAD_MARKUP = re.compile(r"<script|<img src=x|<b>bold", re.IGNORECASE)


def _link_problems(links: list[str], protocols: list[str]) -> list[str]:
    """Links that are not http(s), mailto or relative (a relative link resolves to ``file:`` here)."""
    problems = []
    for href, protocol in zip(links, protocols, strict=True):
        written = re.sub(r"[\x00-\x20]", "", href).lower()
        scheme = urlsplit(written).scheme
        relative = protocol == "file:" and not scheme
        if written.startswith(("javascript:", "vbscript:", "data:")) or not (
            protocol in ALLOWED_PROTOCOLS or relative
        ):
            problems.append(href)
    return problems


@pytest.mark.parametrize("run", RUNS, ids=[run.name for run in RUNS])
def test_hostile_text_is_shown_as_text(run, default_report_check, hostile_reports: Path, browser) -> None:
    clean = default_report_check(run.name)
    hostile = open_offline(browser, hostile_reports / f"{run.name}.html")
    assert hostile.dialogs == []
    assert hostile.page_errors == hostile.console_errors == []
    assert hostile.blocked_requests == hostile.failed_requests == []  # no <img src=x> was made
    assert _link_problems(hostile.links, hostile.link_protocols) == []
    # downloads: only the renderer's CSV and JSON data URIs, one pair per chart and table, as in the clean run
    assert len(hostile.downloads) == len(clean.downloads) > 0
    assert all(href.startswith(DOWNLOAD_PREFIXES) for _, href in hostile.downloads)
    assert (hostile.figures, hostile.drawn_figures) == (clean.figures, clean.figures)
    assert hostile.tables == clean.tables
    assert hostile.tags == clean.tags  # no element added by data text, none swallowed by it
    assert SCRIPT in hostile.text and "[x](javascript:" in hostile.text  # shown, as text
    assert [s for s in hostile.figure_strings if PAYLOAD_MARKUP.search(s)] == []  # chart text escaped
