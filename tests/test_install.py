"""A normal (non-editable) install renders from any folder: the wheel carries the data, the notebooks
and the default run set."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(out), str(ROOT)],
        check=True, timeout=300,
    )  # fmt: skip
    (found,) = out.glob("nmosd_evidence-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the wheel installed; its dependencies are borrowed from this environment's
    site-packages through a path file (no download, and no editable install seen)."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=False)
    python = home / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return home


def test_the_wheel_carries_data_notebooks_and_runs(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "nmosd_evidence/data/datapackage.json" in names
    assert "nmosd_evidence/notebooks/01_epidemiology.ipynb" in names
    assert "nmosd_evidence/reports.yml" in names
    assert "nmosd_evidence/present/templates/ledger.md.j2" in names


def test_an_installed_package_lists_and_renders_from_another_folder(installed: Path, tmp_path: Path) -> None:
    python = str(installed / "bin" / "python")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NMOSD_EVIDENCE")}
    # The borrowed dependencies' data files (nbconvert's templates) live outside site-packages.
    environment["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    where = subprocess.run(
        [python, "-c", "import nmosd_evidence; print(nmosd_evidence.__file__)"],
        cwd=tmp_path, env=environment, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(installed)), where  # the installed copy, not the checkout
    listing = subprocess.run(
        [python, "-m", "nmosd_evidence.cli", "list"], cwd=tmp_path, env=environment,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert listing.returncode == 0, listing.stderr
    assert "01_epidemiology: " in listing.stdout and "region = " in listing.stdout
    render = subprocess.run(
        [python, "-m", "nmosd_evidence.cli", "render", "00_overview", "--out", "out", "--jobs", "1"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert render.returncode == 0, render.stderr
    assert "Research information, not medical advice." in (tmp_path / "out" / "00_overview.html").read_text()
