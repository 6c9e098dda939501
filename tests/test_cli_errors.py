"""Bad data and unusable folders give one clear line and exit 1 or 2, never a traceback, before any
kernel starts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

CHECK = FIXTURES / "notebooks" / "pipeline_check.ipynb"


@pytest.fixture
def broken_data(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data package with a wrong type in progression/disability.csv, used as the default data."""
    table = data_copy / "progression" / "disability.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    cells[header.index("horizon_years")] = "five"
    lines[1] = ",".join(cells) + "\n"
    table.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("NMOSD_EVIDENCE_DATA", str(data_copy))
    return data_copy


def test_render_with_invalid_data_blames_the_data_not_the_parameter(
    broken_data: Path, tmp_path: Path, run_cli
) -> None:
    out_dir = tmp_path / "reports"
    code, out, err = run_cli("render", "02_progression", "-p", "horizon_years", "5", "--out", str(out_dir))
    assert code == 1 and out == ""
    assert err.startswith("nmosd-evidence render: the data package is invalid (1 problem(s): ")
    assert "progression/disability.csv:2:horizon_years: 'five' is not a number" in err
    assert "is not allowed" not in err and "Traceback" not in err
    assert not out_dir.exists()  # refused before any kernel started or folder made


def test_list_with_invalid_data_is_one_line(broken_data: Path, run_cli) -> None:
    code, _, err = run_cli("list")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "run `nmosd-evidence validate`" in err


@pytest.mark.parametrize("out", ["/proc/nmosd-reports", "{file}/reports"])
def test_an_unwritable_out_folder_is_refused_before_rendering(tmp_path: Path, run_cli, out: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = out.format(file=blocker)
    code, _, err = run_cli("render", str(CHECK), "--out", target)
    assert code == 2
    assert err.startswith(f"nmosd-evidence render: --out {target}: cannot write reports there: ")
    assert "Traceback" not in err


def test_directory_mode_into_a_folder_that_cannot_take_plotly_js(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "reports"
    (out / "plotly.min.js").mkdir(parents=True)  # a folder where the file must go
    shutil.copy(CHECK, tmp_path / "check.ipynb")
    code, _, err = run_cli("render", str(CHECK), "--out", str(out), "--plotlyjs", "directory")
    assert code == 1
    assert err.strip().splitlines()[-1].startswith("nmosd-evidence render: cannot use ")
    assert "plotly.min.js" in err and "Traceback" not in err
