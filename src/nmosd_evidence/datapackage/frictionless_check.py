"""The Frictionless validator run against ``datapackage.json``, its errors as ``Problem`` objects."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from .problems import Problem


def _relative(place: str | None, data_dir: Path) -> str:
    if not place:
        return "datapackage.json"
    path = Path(place)
    return (path.relative_to(data_dir) if path.is_absolute() else path).as_posix()


def frictionless_problems(data_dir: Path) -> list[Problem]:
    """Validate the package with Frictionless (types, constraints, primary and foreign keys)."""
    import frictionless

    logging.getLogger("frictionless").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        package = frictionless.Package(str(data_dir / "datapackage.json"), basepath=str(data_dir))
        report = package.validate()
    problems = []
    for task in report.tasks:
        file = _relative(task.place, data_dir)
        for error in task.errors:
            row = getattr(error, "row_number", None) or 0
            names = getattr(error, "field_names", None) or [getattr(error, "field_name", None) or "-"]
            field = names[0]
            problems.append(Problem(file, row, field, f"{error.title}: {error.note}"))
    for error in report.errors:
        problems.append(Problem("datapackage.json", 0, "-", f"{error.title}: {error.note}"))
    return problems
