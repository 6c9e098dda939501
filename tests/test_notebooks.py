"""Committed notebooks are clean nbval references: portable kernelspec, no timing, ids or paths."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:work|home|root|tmp|Users|usr|opt)/")
RANDOM_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_the_five_notebooks_exist() -> None:
    assert [p.stem for p in NOTEBOOKS] == [
        "00_overview", "01_epidemiology", "02_progression", "03_hsct_outcomes", "04_treatment",
    ]  # fmt: skip


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_a_clean_reference(path) -> None:
    text = path.read_text(encoding="utf-8")
    notebook = json.loads(text)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert not ABSOLUTE_PATH.search(text), ABSOLUTE_PATH.search(text)
    assert not RANDOM_ID.search(text)
    assert '"execution": {' not in text and "iopub.execute_input" not in text  # timing metadata
    assert "papermill" not in notebook["metadata"]
    cells = notebook["cells"]
    assert [c["id"] for c in cells] == [f"cell-{i}" for i in range(len(cells))]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code if c["outputs"])
    assert all(o.get("output_type") != "error" for c in code for o in c["outputs"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_parameters_cell_holds_literals_and_is_validated_next(path) -> None:
    import ast

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    index = next(i for i, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", []))
    for node in ast.parse("".join(cells[index]["source"])).body:
        assert isinstance(node, ast.Assign) and ast.literal_eval(node.value) is not None
    following = "".join(cells[index + 1]["source"])
    assert f'validated("{path.stem}", globals())' in following
    assert "Research information, not medical advice" in "".join(cells[0]["source"])
