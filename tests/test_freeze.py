"""Incremental rendering: a report whose inputs have not changed is skipped; a change to a table it
read, to its notebook or ``--force`` renders it again; a change to a table it did not read does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RUN = "03_hsct_outcomes"
HSCT_TABLES = {"datapackage.json", "claims", "cohorts", "events", "patients", "sources"}


@pytest.fixture
def rendered(run_cli, data_copy: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("NMOSD_EVIDENCE_DATA", str(data_copy))
    out = tmp_path / "reports"
    code, _, err = run_cli("render", RUN, "--out", str(out))
    assert code == 0, err
    return out


def _render(run_cli, out: Path, *extra: str) -> str:
    code, _, err = run_cli("render", RUN, "--out", str(out), *extra)
    assert code == 0, err
    return err


def test_the_run_record_names_the_tables_the_report_read(rendered: Path) -> None:
    inputs = json.loads((rendered / f"{RUN}.run.json").read_text())["inputs"]
    assert set(inputs["data"]) == HSCT_TABLES  # it read no treatment or epidemiology table
    assert inputs["key"]["parameters"] == {"as_of_year": 2026, "include_autologous": True}
    assert inputs["key"]["plotly_mode"] == "inline"


def test_an_unchanged_report_is_skipped_and_force_renders_it(run_cli, rendered: Path) -> None:
    html = rendered / f"{RUN}.html"
    before = html.stat().st_mtime_ns
    err = _render(run_cli, rendered)
    assert f"{RUN}: unchanged since its last render, skipped (--force renders it)" in err
    assert "1 done (1 unchanged, skipped), 0 failed" in err and "rendering" not in err
    assert html.stat().st_mtime_ns == before
    err = _render(run_cli, rendered, "--force")
    assert f"{RUN}: ok" in err and html.stat().st_mtime_ns > before


def test_only_a_change_to_a_table_the_report_read_renders_it_again(
    run_cli, rendered: Path, data_copy: Path
) -> None:
    html = rendered / f"{RUN}.html"
    before = html.stat().st_mtime_ns
    trials = data_copy / "treatment" / "trials.csv"  # not read by the HSCT report
    trials.write_text(
        trials.read_text(encoding="utf-8").replace("N-MOmentum", "N-MOmentum ", 1), encoding="utf-8"
    )
    assert "skipped" in _render(run_cli, rendered) and html.stat().st_mtime_ns == before
    events = data_copy / "hsct" / "events.csv"  # read by it
    text = events.read_text(encoding="utf-8")
    assert "relapse-free" in text
    events.write_text(text.replace("relapse-free", "relapse free", 1), encoding="utf-8")
    err = _render(run_cli, rendered)
    assert f"{RUN}: ok" in err and html.stat().st_mtime_ns > before
    assert "skipped" in _render(run_cli, rendered)  # and now it is current again
