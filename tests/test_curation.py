"""The "needs checking" list (``core.curation``, ``nmosd-evidence todo``): every evidence row below
``verified``, the record to read and what to change; counted independently with the csv module."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from nmosd_evidence.core.curation import (
    NO_ADDRESS,
    TODO_COLUMNS,
    checking_counts,
    needs_checking,
    record_address,
)
from nmosd_evidence.datapackage.layout import status_tables

DATA = ROOT / "data"


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def independent_count() -> Counter:
    """(table, status) -> rows below verified, read with csv.DictReader from every table of
    datapackage.json that has a status column."""
    counts: Counter = Counter()
    for resource in json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        if "status" not in fields or resource["name"] == "claims":
            continue
        for record in _records(DATA / resource["path"]):
            if record["status"] != "verified":
                counts[(resource["name"], record["status"])] += 1
    return counts


@pytest.fixture(scope="module")
def todo_lines() -> list[dict[str, str]]:
    from nmosd_evidence import cli

    buffer = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout", buffer)
        assert cli.main(["todo"]) == 0
    return _csv_rows(buffer.getvalue())


# --- the shipped data -------------------------------------------------------------------------------


def test_todo_lists_every_row_below_verified(todo_lines: list[dict[str, str]]) -> None:
    expected = independent_count()
    shown = Counter((line["table"], line["status"]) for line in todo_lines)
    assert shown == expected
    assert len(todo_lines) == sum(expected.values()) > 250  # hundreds of rows still to raise
    assert list(todo_lines[0]) == TODO_COLUMNS


def test_each_line_points_at_its_csv_record(todo_lines: list[dict[str, str]]) -> None:
    """The file and row of a line hold the line's key and status (row: CSV record, header = 1)."""
    cache: dict[str, list[dict[str, str]]] = {}
    for line in todo_lines:
        records = cache.setdefault(line["file"], _records(DATA / line["file"]))
        record = records[int(line["row"]) - 2]
        assert line["row_key"] in record.values(), line
        assert (record["status"], record["source_id"]) == (line["status"], line["source_id"])
        assert line["record_to_read"].startswith(("https://", "http://")) or (
            line["record_to_read"] == NO_ADDRESS
        ), line


def test_the_inferred_follow_up_years(run_cli) -> None:
    code, out, err = run_cli("todo", "--table", "patients", "--status", "inferred")
    assert (code, err) == (0, "")
    lines = _csv_rows(out)
    assert [(x["row_key"], x["what"]) for x in lines] == [
        ("p1_follow_up_years", "P1; follow_up_years; about 16"),
        ("p2_follow_up_years", "P2; follow_up_years; about 15"),
    ]
    assert {x["record_to_read"] for x in lines} == {
        "https://www.sciencenewstoday.org/donor-stem-cell-transplants-kept-two-patients-with-severe-"
        "neuromyelitis-optica-free-of-relapses-for-more-than-15-years-without-ongoing-treatment"
    }
    assert {x["fields"] for x in lines} == {"source_id; quote; locator; status"}


def test_a_computed_row_names_its_inputs(run_cli) -> None:
    code, out, _ = run_cli("todo", "--table", "cohorts", "--status", "computed")
    (line,) = [x for x in _csv_rows(out) if x["row_key"] == "burt2019_edss_change_5y"]
    assert code == 0 and line["fields"] == "computed_from; status"
    assert line["how_to_raise"].endswith(
        "(3.3 - 4.4 = -1.1 (mean EDSS at 5 years minus baseline mean, Burt 2019 abstract))"
    )


# --- the rules on small tables ------------------------------------------------------------------------


def test_needs_checking_on_small_tables() -> None:
    sources = pd.DataFrame(
        {
            "source_id": ["paper", "review", "page"],
            "doi": ["10.1/abc", pd.NA, pd.NA],
            "pmid": [pd.NA, "123", pd.NA],
            "url": ["https://x.org/p", "https://x.org/r", "https://x.org/page"],
            "source_type": ["cohort", "review", "patient_information"],
        }
    )
    trial_results = pd.DataFrame(
        {
            "result_id": ["a", "b", "c", "d"],
            "value_as_printed": ["HR 0.5", "12%", "3 of 9", "7"],
            "source_id": ["paper", "paper", "review", "page"],
            "status": ["verified", "secondary", "secondary", "computed"],
            "computed_from": [pd.NA, pd.NA, pd.NA, "3 + 4"],
        }
    )
    todo = needs_checking({"trial_results": trial_results}, sources, {"trial_results": "t/r.csv"})
    assert todo[["row", "row_key", "status", "what", "record_to_read", "fields"]].values.tolist() == [
        [3, "b", "secondary", "12%", "https://doi.org/10.1/abc", "quote; locator; status"],
        [
            4,
            "c",
            "secondary",
            "3 of 9",
            "https://pubmed.ncbi.nlm.nih.gov/123/",
            "source_id; quote; locator; status",
        ],
        [5, "d", "computed", "7", "https://x.org/page", "computed_from; status"],
    ]
    # a study read only through a report of it: read the study itself; a review's figure: find the study
    assert todo.loc[0, "how_to_raise"].startswith("the value was read only in a report citing this study")
    assert todo.loc[1, "how_to_raise"].startswith("find the primary study this source reports")
    assert todo.loc[2, "how_to_raise"].endswith("(3 + 4)")
    assert set(todo["file"]) == {"t/r.csv"} and set(todo["table"]) == {"trial_results"}


def test_checking_counts_per_table_and_status() -> None:
    todo = pd.DataFrame(
        {"table": ["acute", "estimates", "estimates", "acute"], "status": ["abstract", "unverified"] * 2}
    )
    counts = checking_counts(todo)
    assert list(counts.index) == ["estimates", "acute", "all tables"]  # schema order, then the total
    assert list(counts.columns) == [
        "abstract",
        "secondary",
        "computed",
        "inferred",
        "unverified",
        "all statuses",
    ]
    assert counts.loc["acute"].tolist() == [1, 0, 0, 0, 1, 2]
    assert counts.loc["all tables"].tolist() == [2, 0, 0, 0, 2, 4]


def test_record_address_prefers_doi_then_pubmed_then_url() -> None:
    row = pd.Series({"doi": "10.1/x", "pmid": "9", "url": "https://u"})
    assert record_address(row) == "https://doi.org/10.1/x"
    assert record_address(row.drop("doi")) == "https://pubmed.ncbi.nlm.nih.gov/9/"
    assert record_address(pd.Series({"doi": pd.NA, "pmid": pd.NA, "url": "https://u"})) == "https://u"
    assert record_address(None) == ""


def test_status_tables_are_the_evidence_tables() -> None:
    assert status_tables()[:4] == ["estimates", "pooled", "sex_ratio", "age_at_onset"]
    assert "sources" not in status_tables() and "claims" not in status_tables()
    assert len(status_tables()) == 13


# --- the command's errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--table", "prevalence"],
            "--table 'prevalence' is not allowed; expected one of: estimates, pooled,",
        ),
        (
            ["--status", "verified"],
            "--status 'verified' is not allowed; expected one of: abstract, secondary,",
        ),
        (["--data", "/nonexistent"], "--data /nonexistent: no datapackage.json in that folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run_cli, args: list[str], message: str) -> None:
    code, out, err = run_cli("todo", *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"nmosd-evidence todo: {message}")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_invalid_data_is_one_line_and_exit_1(data_copy: Path, run_cli) -> None:
    table = data_copy / "hsct" / "patients.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(
        text.replace(",2009,seed_hsct_news,", ",two thousand nine,seed_hsct_news,", 1), encoding="utf-8"
    )
    code, out, err = run_cli("todo", "--data", str(data_copy))
    assert (code, out) == (1, "")
    assert err.startswith(
        "nmosd-evidence todo: the data package is invalid (1 problem(s): hsct/patients.csv:"
    )
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
