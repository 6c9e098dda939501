"""``load(name)``: typed, validated, cached tables; clear errors for bad data or names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES

from nmosd_evidence import DataError, load
from nmosd_evidence.datapackage.package import data_version, default_data_dir, table_names


def test_tables_load_with_their_types() -> None:
    estimates = load("estimates")
    assert str(estimates["value"].dtype) == "Float64"
    assert str(estimates["cases"].dtype) == "Int64"
    assert isinstance(estimates["region"].dtype, pd.StringDtype)
    assert len(estimates) >= 60


def test_a_known_row_reads_as_in_the_csv() -> None:
    flanagan = load("estimates").set_index("estimate_id").loc["P01"]
    assert flanagan["source_id"] == "flanagan2016"
    assert flanagan["country"].startswith("Martinique")
    assert flanagan["value"] == 10
    assert flanagan["measure"] == "prevalence"


def test_load_returns_a_fresh_copy_each_time() -> None:
    first = load("sources")
    first.loc[0, "title"] = "changed"
    assert load("sources").loc[0, "title"] != "changed"


def test_paths_do_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_data_dir().name == "data"
    assert len(load("trials")) >= 7


def test_unknown_table_names_the_tables() -> None:
    with pytest.raises(KeyError, match=r"unknown table 'estimate'; tables: sources, estimates"):
        load("estimate")


def test_invalid_table_raises_with_every_problem(data_copy: Path) -> None:
    shutil.copyfile(FIXTURES / "malformed" / "bad_year.csv", data_copy / "hsct" / "events.csv")
    with pytest.raises(DataError) as error:
        load("events", data_copy)
    assert [str(p) for p in error.value.problems] == [
        "hsct/events.csv:3:year: 1890 is below the minimum 1990"
    ]


def test_data_version_changes_with_the_data(data_copy: Path) -> None:
    before = data_version(data_copy)
    assert before == data_version(default_data_dir())
    (data_copy / "sources.csv").write_text((data_copy / "sources.csv").read_text() + "\n")
    assert data_version(data_copy) != before
    assert len(before) == 12


def test_every_table_loads() -> None:
    for name in table_names():
        assert isinstance(load(name), pd.DataFrame)


def test_sources_cover_the_seeds_and_every_cited_work() -> None:
    sources = load("sources")
    assert {"seed_roche_ch_nmosd", "seed_hsct_news"} <= set(sources["source_id"])
    assert len(sources) >= 60
    links = sources[["doi", "pmid", "url"]].notna().any(axis=1)
    # without a link of record, notes give the address of the copy read (a staging or mirror copy)
    noted = sources["notes"].fillna("").str.contains("http")
    assert (links | noted).all() and links.sum() >= len(sources) - 5
