"""The notebooks of the collection: where they are, their titles and their parameters cells."""

from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..datapackage.package import shipped

NOTEBOOKS_ENV = "NMOSD_EVIDENCE_NOTEBOOKS"


def notebooks_dir() -> Path:
    """The collection's notebook folder: ``$NMOSD_EVIDENCE_NOTEBOOKS``, else the shipped ``notebooks/``
    (the checkout's, or the copy installed with the package)."""
    if os.environ.get(NOTEBOOKS_ENV):
        return Path(os.environ[NOTEBOOKS_ENV]).resolve()
    return shipped("notebooks")


def available() -> dict[str, Path]:
    """Notebook stem -> path, for every notebook of the collection, in file order."""
    folder = notebooks_dir()
    return {path.stem: path for path in sorted(folder.glob("*.ipynb"))} if folder.is_dir() else {}


@dataclass(frozen=True)
class Parameter:
    """One assignment of a notebook's ``parameters`` cell: its name and default literal."""

    name: str
    default: object
    source: str


@dataclass(frozen=True)
class NotebookInfo:
    """What a notebook declares: its stem, path, title (first ``#`` heading) and parameters."""

    name: str
    path: Path
    title: str
    parameters: tuple[Parameter, ...]
    imports: tuple[str, ...] = ()  # modules its code cells import (absolute imports, in order)


def resolve(spec: str) -> Path:
    """A notebook path from a stem (``01_epidemiology``), a file name or a path; ``LookupError`` if none."""
    candidate = Path(spec)
    if candidate.suffix == ".ipynb" and candidate.is_file():
        return candidate.resolve()
    known = available()
    stem = candidate.stem if candidate.suffix == ".ipynb" else spec
    if stem in known:
        return known[stem]
    raise LookupError(f"unknown notebook {spec!r}; notebooks: {', '.join(known) or 'none found'}")


def _parameters(cell_source: str) -> tuple[Parameter, ...]:
    found = []
    for node in ast.parse(cell_source).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and node.value is not None:
                literal = ast.get_source_segment(cell_source, node.value) or ""
                found.append(Parameter(target.id, ast.literal_eval(node.value), literal))
    return tuple(found)


def _source(cell: dict) -> str:
    """A cell's source as one string (the file may store it as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


@cache
def _info(path: Path, mtime_ns: int) -> NotebookInfo:
    # Read as plain JSON: nbformat's reader validates the whole notebook, outputs included, which took
    # about 0.25 s for the five notebooks on every command line that checks a run's parameters.
    notebook = json.loads(path.read_text(encoding="utf-8"))
    title = path.stem
    parameters: tuple[Parameter, ...] = ()
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown" and title == path.stem:
            lines = _source(cell).splitlines()
            heading = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), None)
            title = heading or title
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            parameters = _parameters(_source(cell))
    return NotebookInfo(path.stem, path, title, parameters, _imports(notebook.get("cells", [])))


def _imports(cells: list[dict]) -> tuple[str, ...]:
    """The modules that code cells import with ``import`` or absolute ``from … import`` statements (for
    ``from a import b``: ``a``, then ``a.b``, which may be a module)."""
    found: dict[str, None] = {}
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        try:
            tree = ast.parse(_source(cell))
        except SyntaxError:  # IPython magics and the like: not Python
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(dict.fromkeys(alias.name for alias in node.names))
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found[node.module] = None
                found.update(dict.fromkeys(f"{node.module}.{a.name}" for a in node.names if a.name != "*"))
    return tuple(found)


def info(path: Path) -> NotebookInfo:
    """Title and parameters of the notebook at ``path`` (parameters cell read as Python literals)."""
    return _info(path, path.stat().st_mtime_ns)
