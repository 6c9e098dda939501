"""Report files: pairs written together, unique temporary names, stale temporaries removed, the
manifest shared safely by renders running at once, and an index that does not depend on history."""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from nmosd_evidence.render.files import STALE_SECONDS, remove_stale_temporaries, write_together
from nmosd_evidence.render.html import PLOTLY_JS_FILE, write_plotly_js
from nmosd_evidence.render.index import index_html, write_index
from nmosd_evidence.render.records import run_record_path

PROVENANCE = {"package version": "0", "data version": "abc"}


def test_a_failed_pair_replaces_nothing_and_leaves_no_temporary(tmp_path: Path) -> None:
    notebook, page = tmp_path / "run.ipynb", tmp_path / "run.html"
    write_together({notebook: "old notebook", page: "old page"})
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    with pytest.raises(OSError):
        write_together({notebook: "new notebook", blocked / "run.html": "new page"})
    assert notebook.read_text() == "old notebook" and page.read_text() == "old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder", "run.html", "run.ipynb"]


def test_stale_temporaries_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    (tmp_path / "failed").mkdir()
    stale = [tmp_path / ".run.html.k2j4.tmp", tmp_path / "failed" / ".run.ipynb.x9.tmp"]
    fresh = tmp_path / ".other.html.q1.tmp"
    for path in [*stale, fresh]:
        path.write_bytes(b"x" * 1000)
    old = time.time() - STALE_SECONDS - 5
    for path in stale:
        os.utime(path, (old, old))
    assert sorted(remove_stale_temporaries(tmp_path)) == sorted(stale)
    assert [p.name for p in tmp_path.glob(".*.tmp")] == [fresh.name]


def _plotly_js(folder: str) -> int:
    write_plotly_js(Path(folder))
    return 0


def test_plotly_js_written_by_many_renders_at_once(tmp_path: Path) -> None:
    with ProcessPoolExecutor(4) as pool:
        assert list(pool.map(_plotly_js, [str(tmp_path)] * 24)) == [0] * 24
    assert [p.name for p in tmp_path.iterdir()] == [PLOTLY_JS_FILE]
    assert "plotly.js v" in (tmp_path / PLOTLY_JS_FILE).read_text()[:200]


def _entry(number: int) -> dict:
    return {
        "name": f"run{number:02d}",
        "title": "Check",
        "notebook": "pipeline_check.ipynb",
        "parameters": {"label": "alpha", "scale": float(number)},
        "html": f"run{number:02d}.html",
    }


def _record(folder: Path, entry: dict) -> None:
    """What a finished run leaves beside its report: its index entry."""
    run_record_path(folder, entry["name"]).write_text(json.dumps(entry))


def _index_one(folder: str, number: int) -> int:
    _record(Path(folder), _entry(number))
    write_index(Path(folder), PROVENANCE)
    return number


def test_renders_at_once_keep_every_manifest_entry(tmp_path: Path) -> None:
    for number in range(24):
        (tmp_path / f"run{number:02d}.html").write_text("report")
    with ProcessPoolExecutor(4) as pool:
        list(pool.map(_index_one, [str(tmp_path)] * 24, range(24)))
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [e["name"] for e in manifest] == [f"run{n:02d}" for n in range(24)]
    index = (tmp_path / "index.html").read_text()
    assert all(f'<a href="run{n:02d}.html">' in index for n in range(24))


def test_index_lists_parameters_in_the_notebooks_order_from_manifest_or_run(tmp_path: Path) -> None:
    (tmp_path / "run01.html").write_text("report")
    entry = _entry(1)
    entry["parameters"] = {"scale": 2.0, "label": "beta"}  # the notebook's order, not alphabetical
    _record(tmp_path, entry)
    write_index(tmp_path, PROVENANCE)
    from_run = index_html([entry], PROVENANCE)
    from_manifest = index_html(json.loads((tmp_path / "manifest.json").read_text()), PROVENANCE)
    assert from_run == from_manifest
    assert "scale=2.0, label=&#34;beta&#34;" in from_manifest


def test_the_index_lists_what_each_report_records_and_nothing_else(tmp_path: Path) -> None:
    for number in (1, 2):
        (tmp_path / f"run{number:02d}.html").write_text("report")
        _record(tmp_path, _entry(number))
    _record(tmp_path, _entry(3))  # a record whose report is gone is not listed
    old = [{**_entry(1), "parameters": {"label": "stale", "scale": 9.0}}]
    (tmp_path / "manifest.json").write_text(json.dumps(old))  # history does not win over a record
    write_index(tmp_path, PROVENANCE)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest == [_entry(1), _entry(2)]


def test_the_index_is_newer_than_inputs_only_when_no_input_file_changed_after_it(tmp_path: Path) -> None:
    from nmosd_evidence.render.records import INDEX, index_newer_than

    data, notebook, out = tmp_path / "data", tmp_path / "a.ipynb", tmp_path / "out"
    (data / "sub").mkdir(parents=True)
    out.mkdir()
    nested = data / "sub" / "table.csv"
    for path in (data / "datapackage.json", nested, notebook):
        path.write_text("x")
    inputs = [notebook, data]
    assert not index_newer_than(out, inputs)  # no index yet
    (out / INDEX).write_text("index")
    written = (out / INDEX).stat().st_mtime_ns
    for path in (data / "datapackage.json", nested, notebook):
        os.utime(path, ns=(written - 10**9, written - 10**9))
    assert index_newer_than(out, inputs)
    os.utime(nested, ns=(written + 10**9, written + 10**9))  # a file deep in a folder changed
    assert not index_newer_than(out, inputs)
    os.utime(nested, ns=(written - 10**9, written - 10**9))
    assert not index_newer_than(out, [*inputs, tmp_path / "missing.yml"])  # reported later, not here
