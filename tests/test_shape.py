"""The package keeps its shape: small modules, imports at the top (the layers contract is
`lint-imports`, run by `make lint`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "nmosd_evidence"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 450
# The CLI imports its commands lazily so that `nmosd-evidence --help` starts fast.
# The command line imports what a command needs; the package and datapackage __init__ files import
# ``load`` (pandas, pandera) on first use (PEP 562).
LAZY_IMPORTS_ALLOWED = {
    PACKAGE / "cli.py",
    PACKAGE / "__init__.py",
    PACKAGE / "datapackage" / "__init__.py",
    PACKAGE / "datapackage" / "loading.py",  # the checks (pandera) only when a table is not cached
}


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def own_imports_inside_functions(path: Path) -> list[str]:
    """``module:line`` of each import of the package's own modules inside a function or method."""
    found = []
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            relative = isinstance(node, ast.ImportFrom) and node.level > 0
            absolute = isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nmosd_evidence")
            plain = isinstance(node, ast.Import) and any(
                a.name.startswith("nmosd_evidence") for a in node.names
            )
            if relative or absolute or plain:
                found.append(f"{_relative(path)}:{node.lineno}")
    return found


def test_the_package_has_modules() -> None:
    assert len(MODULES) > 40


@pytest.mark.parametrize("path", MODULES, ids=_relative)
def test_no_module_is_longer_than_the_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_relative(path)} has {lines} lines; split it (limit {MAX_LINES})"


def test_no_function_level_imports_of_the_package_outside_the_cli() -> None:
    found = [
        place
        for path in MODULES
        if path not in LAZY_IMPORTS_ALLOWED
        for place in own_imports_inside_functions(path)
    ]
    assert found == []


def test_the_import_check_sees_a_function_level_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\ndef f():\n    from .load import load\n    import nmosd_evidence\n")
    assert len(own_imports_inside_functions(sample)) == 2
