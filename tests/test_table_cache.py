"""The cache of validated tables on disk (``datapackage.cache``): a table is checked once per content;
what it serves equals what the checks give; a changed file or check is checked again; an entry that is
not to be trusted, or damaged, is passed over; a cache that is off or cannot be written changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from nmosd_evidence.datapackage import DataError, cache, loading, table_names


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder for the test; the per-process copies of the tables forgotten before and
    after, so that every ``load`` in the test goes to the disk cache or the checks."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    loading._load.cache_clear()
    yield folder
    loading._load.cache_clear()


def _checks_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str, data_dir: Path) -> pd.DataFrame:
        raise AssertionError(f"{name} was checked again instead of read from the cache")

    monkeypatch.setattr(loading, "_checked", refuse)


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    original = loading._checked

    def counting(name: str, data_dir: Path) -> pd.DataFrame:
        checked.append(name)
        return original(name, data_dir)

    monkeypatch.setattr(loading, "_checked", counting)
    return checked


def _entries(folder: Path, name: str) -> list[Path]:
    return [p for p in folder.glob(f"{name}-*.pickle") if p.stem.rsplit("-", 1)[0] == name]


def test_every_table_from_the_cache_equals_the_checked_table(
    cache_folder: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = {name: loading.load(name, data_copy) for name in table_names(data_copy)}
    assert sorted(p.stem.rsplit("-", 1)[0] for p in cache_folder.glob("*.pickle")) == sorted(checked)
    loading._load.cache_clear()
    _checks_must_not_run(monkeypatch)
    for name, frame in checked.items():
        pd.testing.assert_frame_equal(loading.load(name, data_copy), frame, check_exact=True)  # dtypes too


def test_the_folder_and_entries_are_private(cache_folder: Path, data_copy: Path) -> None:
    loading.load("events", data_copy)
    assert cache_folder.stat().st_mode & 0o777 == 0o700
    (entry,) = _entries(cache_folder, "events")
    assert entry.stat().st_mode & 0o077 == 0  # mkstemp's 0600
    assert not list(cache_folder.glob(".*.tmp"))


def test_a_changed_file_is_checked_again_and_a_bad_change_still_fails(
    cache_folder: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert loading.load("estimates", data_copy).set_index("estimate_id").loc["P01", "value"] == 10
    path = data_copy / "epidemiology" / "estimates.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (number,) = [i for i, line in enumerate(lines) if line.startswith("P01,")]
    original = lines[number]
    checked = _count_checks(monkeypatch)

    lines[number] = original.replace(",10,", ",11,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    loading._load.cache_clear()
    assert loading.load("estimates", data_copy).set_index("estimate_id").loc["P01", "value"] == 11
    assert checked == ["estimates"]
    assert len(_entries(cache_folder, "estimates")) == 2  # both contents are kept

    lines[number] = original.replace(",10,", ",ten,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    loading._load.cache_clear()
    with pytest.raises(DataError, match=r"estimates\.csv"):
        loading.load("estimates", data_copy)
    assert len(_entries(cache_folder, "estimates")) == 2  # a table that fails is never kept


def test_a_changed_sources_file_is_a_new_key_for_every_table(cache_folder: Path, data_copy: Path) -> None:
    files = loading._files("estimates", data_copy)
    before = cache.table_key("estimates", files)
    with (data_copy / "sources.csv").open("a", encoding="utf-8") as sources:
        sources.write("\n")
    assert cache.table_key("estimates", files) != before


def test_a_changed_check_is_a_new_key(
    cache_folder: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = loading._files("events", data_copy)
    before = cache.table_key("events", files)
    monkeypatch.setattr(cache, "_code_fingerprint", lambda: b"the checks were edited")
    assert cache.table_key("events", files) != before


@pytest.mark.parametrize("spoil", ["writable by others", "damaged", "not a frame"])
def test_an_entry_not_to_be_trusted_or_read_is_passed_over(
    spoil: str, cache_folder: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = loading.load("patients", data_copy)
    (entry,) = _entries(cache_folder, "patients")
    if spoil == "writable by others":
        os.chmod(entry, 0o666)
    elif spoil == "damaged":
        entry.write_bytes(entry.read_bytes()[:100])
    else:
        entry.write_bytes(b"\x80\x05K\x07.")  # the pickle of the number 7
    loading._load.cache_clear()
    checked = _count_checks(monkeypatch)
    pd.testing.assert_frame_equal(loading.load("patients", data_copy), expected)
    assert checked == ["patients"]


def test_a_folder_others_may_write_is_not_used(
    cache_folder: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loading.load("patients", data_copy)
    os.chmod(cache_folder, 0o777)
    loading._load.cache_clear()
    checked = _count_checks(monkeypatch)
    loading.load("patients", data_copy)
    assert checked == ["patients", "sources"]  # the sources its checks read are not read from there either


def test_off_writes_nothing_and_an_unwritable_cache_changes_nothing(
    tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    loading._load.cache_clear()
    expected = loading.load("claims", data_copy)
    assert cache.cache_dir() is None
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    loading._load.cache_clear()
    pd.testing.assert_frame_equal(loading.load("claims", data_copy), expected)
    loading._load.cache_clear()


def test_old_entries_of_a_table_are_pruned(cache_folder: Path) -> None:
    frame = pd.DataFrame({"a": [1]})
    for number in range(cache.KEPT_PER_TABLE + 3):
        cache.store_table(f"events-{number:032x}", frame)
        os.utime(cache_folder / f"events-{number:032x}.pickle", ns=(number, number))
    cache.store_table("events-extra-table-0000", frame)  # another table whose name starts the same
    kept = sorted(p.name for p in _entries(cache_folder, "events"))
    assert len(kept) == cache.KEPT_PER_TABLE
    assert f"events-{0:032x}.pickle" not in kept
    assert (cache_folder / "events-extra-table-0000.pickle").is_file()
