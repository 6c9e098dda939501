"""Named runs (a notebook and its parameters): from ``reports.yml`` or the command line, checked early."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import params
from . import notebooks

RUN_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class RunError(ValueError):
    """A run that cannot be rendered as configured (bad name, notebook or parameter); exit 2."""


@dataclass(frozen=True)
class Run:
    """One report to render: ``name`` is the file stem of ``<out>/<name>.html``."""

    name: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return notebooks.info(self.notebook).title


def check_name(name: str, origin: str) -> str:
    """``name`` if it is a safe file stem; ``RunError`` if it could escape the output folder."""
    if not isinstance(name, str) or not RUN_NAME.match(name) or ".." in name:
        raise RunError(
            f"{origin}: run name {name!r} is not allowed (it must stay inside --out): use lower-case letters,"
            " digits, '.', '_' and '-', starting with a letter or digit"
        )
    return name


def make_run(name: str, notebook: str, parameters: dict[str, Any], origin: str = "") -> Run:
    """A checked run: safe name, known notebook, parameters valid for that notebook.

    ``origin`` (e.g. "reports.yml run 3 (name)") prefixes error messages; empty on the command line,
    where the message itself names the notebook.
    """
    prefix = f"{origin}: " if origin else ""
    check_name(name, origin or "command line")
    try:
        path = notebooks.resolve(notebook)
    except LookupError as exc:
        raise RunError(f"{prefix}{exc}") from None
    declared = {p.name for p in notebooks.info(path).parameters}
    unknown = sorted(set(parameters) - declared)
    if unknown:
        names = ", ".join(sorted(declared)) or "none"
        raise RunError(f"{prefix}unknown parameter {unknown[0]!r} for {path.stem}; its parameters: {names}")
    try:
        model = params.check(path.stem, parameters)
    except params.ParameterError as exc:
        raise RunError(f"{prefix}{exc}") from None
    return Run(name, path, {key: getattr(model, key) for key in parameters})  # validated types: 2 -> 2.0


def parse_value(text: str) -> Any:
    """A ``-p`` value as YAML reads it: ``true`` -> True, ``1000`` -> 1000, ``0123`` -> '0123'."""
    if re.fullmatch(r"0\d+", text):
        return text
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def load_config(path: Path) -> list[Run]:
    """The runs listed in a ``reports.yml``; ``RunError`` naming the run and field at fault."""
    if not path.is_file():
        raise RunError(f"--config {path}: file not found")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RunError(f"{path}: not valid YAML: {exc}") from None
    entries = document.get("runs") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise RunError(f"{path}: expected a top-level 'runs:' list of {{name, notebook, parameters}}")
    runs, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        origin = f"{path.name} run {number}"
        if not isinstance(entry, dict) or not {"name", "notebook"} <= set(entry):
            raise RunError(f"{origin}: each run needs 'name' and 'notebook' (and optional 'parameters')")
        extra = set(entry) - {"name", "notebook", "parameters"}
        if extra:
            raise RunError(f"{origin}: unknown key {sorted(extra)[0]!r}; keys: name, notebook, parameters")
        notebook = str(entry["notebook"])
        if notebook.endswith(".ipynb") and not Path(notebook).is_absolute():  # relative to the config file
            notebook = str(path.parent / notebook)
        run = make_run(
            entry["name"],
            notebook,
            entry.get("parameters") or {},
            f"{origin} ({entry['name']})",
        )
        if run.name in seen:
            raise RunError(f"{origin}: duplicate run name {run.name!r}")
        seen.add(run.name)
        runs.append(run)
    return runs


def value_slug(value: object) -> str:
    """A parameter value as it appears in a run name: lower case, '+' as '-pos' and a trailing '-' as
    '-neg' (``AQP4+`` -> ``aqp4-pos``, ``AQP4-`` -> ``aqp4-neg``: two values, two names), any other run
    of characters outside ``a-z0-9.`` as one '-' (``not traceable`` -> ``not-traceable``)."""
    text = str(value).lower().replace("+", "-pos")
    text = re.sub(r"-(?=$|[^a-z0-9.])", "-neg", text)
    return re.sub(r"[^a-z0-9.]+", "-", text).strip("-") or "empty"


def command_line_runs(specs: list[str], values: list[tuple[str, str]]) -> list[Run]:
    """Runs for notebooks named on the command line, each with the ``-p`` parameters.

    The run name is the notebook stem, followed by ``--name-value`` pairs when parameters are given
    (``value_slug``). ``RunError`` when two runs of the batch would get one name.
    """
    parameters = {name: parse_value(value) for name, value in values}
    suffix = "".join(f"--{name}-{value_slug(value)}" for name, value in values)
    runs: list[Run] = []
    for spec in specs:
        try:
            path = notebooks.resolve(spec)
        except LookupError as exc:
            raise RunError(str(exc)) from None
        run = make_run(path.stem + suffix, str(path), parameters)
        if any(earlier.name == run.name for earlier in runs):
            raise RunError(
                f"{spec}: run name {run.name!r} is already taken in this batch (notebook given twice?)"
            )
        runs.append(run)
    return runs


def effective_parameters(run: Run) -> dict[str, object]:
    """The notebook's defaults overridden by the run's parameters, in parameters-cell order."""
    values = {p.name: p.default for p in notebooks.info(run.notebook).parameters}
    values.update(run.parameters)
    return values
