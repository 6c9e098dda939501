"""Shared test fixtures: a scratch copy of the data package and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nmosd_evidence import cli
from nmosd_evidence.datapackage.package import default_data_dir

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data package."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run ``nmosd-evidence ARGS`` in-process; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse usage errors
            code = exit_.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
