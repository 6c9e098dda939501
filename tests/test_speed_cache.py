"""The caches that let a reused kernel skip work: ``load()`` and ``descriptor()`` keyed on the files'
stamps (a changed file is read again, the tables read are still recorded), and ``core.memo`` keyed on
the content of the frames a pure function is given (never on their identity)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from nmosd_evidence import load
from nmosd_evidence.core.memo import Unkeyable, content_key, fresh_copy, memoised
from nmosd_evidence.datapackage.package import LOADED, descriptor, stamp
from nmosd_evidence.reports import epidemiology as epi
from nmosd_evidence.reports.epidemiology import pooling


def _set_cell(path: Path, row_key: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the CSV line that starts with ``row_key``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (number,) = [i for i, line in enumerate(lines) if line.startswith(f"{row_key},")]
    assert old in lines[number]
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_a_changed_table_is_read_again(data_copy: Path) -> None:
    before = load("estimates", data_copy).set_index("estimate_id").loc["P01", "note"]
    estimates = data_copy / "epidemiology" / "estimates.csv"
    _set_cell(estimates, "P01", "Martinique (France)", "Martinique (edited)")
    after = load("estimates", data_copy).set_index("estimate_id").loc["P01", "country"]
    assert after == "Martinique (edited)"
    assert load("estimates", data_copy).set_index("estimate_id").loc["P01", "note"] == before


def test_a_changed_sources_file_checks_every_table_again(data_copy: Path) -> None:
    load("estimates", data_copy)
    sources = data_copy / "sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines(keepends=True)
    (flanagan,) = [i for i, line in enumerate(lines) if line.startswith("flanagan2016,")]
    sources.write_text("".join(lines[:flanagan] + lines[flanagan + 1 :]), encoding="utf-8")
    with pytest.raises(Exception, match="flanagan2016"):
        load("estimates", data_copy)


def test_a_file_replaced_with_the_same_size_and_time_is_read_again(data_copy: Path) -> None:
    path = data_copy / "epidemiology" / "estimates.csv"
    assert load("estimates", data_copy).set_index("estimate_id").loc["P01", "value"] == 10
    original = path.stat()
    replacement = path.with_suffix(".new")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    (number,) = [i for i, line in enumerate(lines) if line.startswith("P01,")]
    assert ",10," in lines[number]
    lines[number] = lines[number].replace(",10,", ",11,", 1)  # same length: same size
    replacement.write_text("".join(lines), encoding="utf-8")
    os.utime(replacement, ns=(original.st_atime_ns, original.st_mtime_ns))
    os.replace(replacement, path)  # a new inode, as an editor or git writes a file
    assert path.stat().st_size == original.st_size and path.stat().st_mtime_ns == original.st_mtime_ns
    assert load("estimates", data_copy).set_index("estimate_id").loc["P01", "value"] == 11


def test_tables_served_from_the_cache_are_still_recorded(data_copy: Path) -> None:
    load("pooled", data_copy)  # now cached
    LOADED.clear()
    load("pooled", data_copy)
    load("pooled", data_copy)
    assert sorted(LOADED) == ["pooled", "sources"]


def test_the_descriptor_is_read_again_when_it_changed(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    first = descriptor(data_copy)
    assert descriptor(data_copy) is first  # unchanged: served from the cache
    changed = json.loads(path.read_text(encoding="utf-8"))
    changed["title"] = "An edited title"
    path.write_text(json.dumps(changed, indent=2), encoding="utf-8")
    assert descriptor(data_copy)["title"] == "An edited title"


def test_a_missing_file_has_no_stamp(tmp_path: Path) -> None:
    assert stamp(tmp_path / "nothing.csv") is None
    (tmp_path / "a.csv").write_text("x\n", encoding="utf-8")
    found = stamp(tmp_path / "a.csv")
    assert found is not None and found[1] == 2


def test_the_load_cache_hands_out_copies(data_copy: Path) -> None:
    first = load("claims", data_copy)
    first.loc[0, "verdict"] = "changed"
    assert load("claims", data_copy).loc[0, "verdict"] != "changed"


# --- core.memo -----------------------------------------------------------------------------------------


def test_equal_frames_have_one_key_however_pandas_holds_them() -> None:
    estimates = load("estimates")
    again = load("estimates")
    assert content_key(estimates) == content_key(again)
    list(again.iterrows())  # fills pandas' lazy caches and may consolidate blocks
    assert content_key(estimates) == content_key(again)
    assert content_key(estimates) == content_key(estimates.copy())


def test_any_change_of_content_changes_the_key() -> None:
    estimates = load("estimates")
    key = content_key(estimates)
    changed = estimates.copy()
    changed.loc[0, "value"] = changed.loc[0, "value"] + 1
    renamed = estimates.rename(columns={"value": "rate"})
    reindexed = estimates.set_axis(range(1, len(estimates) + 1))
    retyped = estimates.astype({"value": "float64"})
    na_not_nan = estimates.assign(value=estimates["value"].astype("Float64"))
    na_not_nan.loc[0, "value"] = float("nan")
    assert len({key, *(content_key(f) for f in (changed, renamed, reindexed, retyped, na_not_nan))}) == 6


def test_only_content_keyed_arguments_are_cached() -> None:
    assert content_key(("a", 1, 1.0, None, True)) != content_key(("a", 1, 1, None, True))
    assert content_key(epi.Analysis(region="Europe")) != content_key(epi.Analysis())
    with pytest.raises(Unkeyable):
        content_key(["a", "list"])
    calls = []

    @memoised()
    def double(values: list[int]) -> list[int]:
        calls.append(1)
        return [2 * v for v in values]

    assert double([1, 2]) == [2, 4] and double([1, 2]) == [2, 4]
    assert len(calls) == 2  # a list argument: computed each time


def test_a_memoised_function_computes_once_and_hands_out_copies() -> None:
    calls = []

    @memoised(maxsize=2)
    def totals(frame: pd.DataFrame, column: str) -> dict[str, pd.DataFrame]:
        calls.append(column)
        return {"sum": frame[[column]].sum().to_frame()}

    frame = pd.DataFrame({"a": [1, 2], "b": [3.0, 4.0]})
    first = totals(frame, "a")
    first["sum"].iloc[0, 0] = 99  # the caller changes what it got
    second = totals(frame.copy(), "a")
    assert second["sum"].iloc[0, 0] == 3 and calls == ["a"]
    assert totals.cache_info() == (1, 1, 1)
    frame.loc[0, "a"] = 10  # changed content: a new key, computed again
    assert totals(frame, "a")["sum"].iloc[0, 0] == 12 and calls == ["a", "a"]
    totals(frame, "b")
    totals(frame, "a")  # still cached (the oldest entry went)
    assert calls == ["a", "a", "b"]


def test_fresh_copy_rebuilds_dataclasses_around_copied_frames() -> None:
    forest = epi.forest_results(load("estimates"), epi.Analysis())
    copied = fresh_copy(forest)
    assert copied.studies is not forest.studies and copied.studies.equals(forest.studies)
    assert copied.pooled == forest.pooled and copied.analysis == forest.analysis


def test_subgroups_are_shared_between_regions() -> None:
    estimates = load("estimates")
    europe, everywhere = epi.Analysis(region="Europe"), epi.Analysis()
    for by in ("region", "criteria", "serostatus"):
        assert pooling.pooled_prevalence_by(estimates, by, europe) == pooling.pooled_prevalence_by(
            estimates, by, everywhere
        )
        assert pooling.subgroup_difference_test(estimates, by, europe) == pooling.subgroup_difference_test(
            estimates, by, everywhere
        )


def test_the_specification_curve_is_served_from_the_cache_for_equal_tables() -> None:
    estimates = load("estimates")
    first = epi.specification_curve(estimates, epi.Analysis(region="Europe"))
    hits = epi.specification_curve.cache_info()[0]
    first.loc[0, "estimate"] = -1.0
    again = epi.specification_curve(load("estimates"), epi.Analysis(region="Europe"))
    assert epi.specification_curve.cache_info()[0] == hits + 1
    assert (again["estimate"] > 0).all() and len(again) == len(first)
