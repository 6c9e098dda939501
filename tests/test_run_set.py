"""The benchmark's generated run set: distinct names, and every run valid for its notebook."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml
from conftest import ROOT

from nmosd_evidence.render.runs import load_config

sys.path.insert(0, str(ROOT / "benchmarks"))
from run_set import NOTEBOOKS, generated_runs, grid


def test_the_generated_set_is_200_valid_runs_over_every_notebook(tmp_path: Path) -> None:
    listed = generated_runs(200)
    config = tmp_path / "large.yml"
    config.write_text(yaml.safe_dump({"runs": listed}, sort_keys=False))
    runs = load_config(config)  # checks every name and parameter as a render would
    assert len(runs) == 200 and len({run.name for run in runs}) == 200
    per_notebook = Counter(run.notebook.stem for run in runs)
    assert set(per_notebook) == set(NOTEBOOKS)
    assert per_notebook["04_treatment"] == len(grid("04_treatment")) == 8  # population x 2 booleans
    assert per_notebook["00_overview"] == len(grid("00_overview"))


def test_a_grid_crosses_every_value_of_every_parameter() -> None:
    treatment = grid("04_treatment")
    assert {(r["population"], r["include_external_control"], r["include_open_label"]) for r in treatment} == {
        (p, e, o) for p in ("all", "AQP4+") for e in (True, False) for o in (True, False)
    }
    epidemiology = grid("01_epidemiology")
    assert {r["population"] for r in epidemiology} == {1_000_000}  # a number without listed values
    assert {r["method"] for r in epidemiology} == {"DL", "REML", "PM"}
