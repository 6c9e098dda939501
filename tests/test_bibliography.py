"""The bibliography stays citable: ``validate`` refuses placeholder wording, unmarked supplied titles, a
year in a journal name and links to bare IP addresses or staging hosts; the BibTeX export parses back
with the fields each entry type needs."""

from __future__ import annotations

import csv
from pathlib import Path

import bibtexparser
import pandas as pd

from nmosd_evidence import load
from nmosd_evidence.datapackage.bibliography import source_row_problems
from nmosd_evidence.present.citations import to_bibtex

REQUIRED = {
    "article": {"title", "journal", "year"},
    "inproceedings": {"title", "booktitle"},
    "misc": {"title"},
}


def _edit_source(data: Path, source_id: str, **fields: str) -> int:
    """Set ``fields`` of ``source_id`` in the copy's sources.csv; the row's number in the file (header 1)."""
    path = data / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    number = next(i for i, row in enumerate(rows) if row[0] == source_id)
    for name, value in fields.items():
        rows[number][header.index(name)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return number + 1


def test_validate_names_each_broken_bibliography_rule(data_copy: Path, run_cli) -> None:
    row = _edit_source(
        data_copy, "asgari2011", title="[title not captured] A population-based study",
        journal="Neurology 2011", url="http://47.251.13.51:8081/21536639",
    )  # fmt: skip
    other = _edit_source(
        data_copy, "batra2017", title="[Supplied title] with more", url="https://stage.medifind.com/x"
    )
    code, out, err = run_cli("validate", "--data", str(data_copy))
    link = (
        "link the record (doi.org, PubMed, the publisher) or leave url empty and keep the copy read in notes"
    )
    assert out.splitlines() == [
        f"sources.csv:{row}:title: placeholder wording '[title': give the value from the record, or "
        "leave the cell empty and say why in notes",
        f"sources.csv:{row}:journal: a year in the journal name 'Neurology 2011': the year goes in year, "
        "remarks such as an e-publication date in notes",
        f"sources.csv:{row}:url: 'http://47.251.13.51:8081/21536639' is a bare IP address: {link}",
        f"sources.csv:{other}:title: a supplied title is wholly in square brackets: "
        "'[Supplied title] with more'",
        f"sources.csv:{other}:url: 'https://stage.medifind.com/x' is a staging or preview host: {link}",
    ]
    assert code == 1 and "Traceback" not in out + err


def test_a_supplied_title_in_brackets_and_a_conference_year_are_allowed() -> None:
    source = pd.Series(
        {"title": "[Prevalence of NMOSD in Mangalore, South India]", "journal": "ECTRIMS 2018",
         "source_type": "conference_abstract", "url": "https://doi.org/10.1/x", "authors": "Pandit L"}
    )  # fmt: skip
    assert source_row_problems(source) == []
    assert [f for f, _ in source_row_problems(source.copy().replace({"conference_abstract": "cohort"}))] == [
        "journal"
    ]


def test_no_shipped_source_breaks_a_bibliography_rule() -> None:
    sources = load("sources")
    broken = {row["source_id"]: source_row_problems(row) for _, row in sources.iterrows()}
    assert {k: v for k, v in broken.items() if v} == {}


def test_bibtex_parses_back_with_the_fields_each_entry_type_needs() -> None:
    sources = load("sources")
    library = bibtexparser.parse_string(to_bibtex(sources))
    assert not library.failed_blocks
    entries = {entry.key: entry for entry in library.entries}
    assert set(entries) == set(sources["source_id"])
    missing = {
        key: sorted(REQUIRED[entry.entry_type] - set(entry.fields_dict))
        for key, entry in entries.items()
        if REQUIRED[entry.entry_type] - set(entry.fields_dict)
    }
    assert missing == {}
    assert {entry.entry_type for entry in entries.values()} == set(REQUIRED)
