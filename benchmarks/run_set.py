"""A large generated run set for the benchmark: every notebook over the values its parameters accept.

Each notebook contributes the grid of its parameters' values (literal choices, true/false, values read
from the data; numbers without a list of values keep their default), runs are taken from the notebooks in
turn until ``count`` are listed, and each run is named by its notebook and values
(``render.runs.value_slug``), so the set is the same on every machine with the same data.
"""

from __future__ import annotations

import itertools
from typing import Any, Literal, get_args, get_origin

from nmosd_evidence import params
from nmosd_evidence.render.runs import value_slug

NOTEBOOKS = ("00_overview", "01_epidemiology", "02_progression", "03_hsct_outcomes", "04_treatment")


def parameter_values(notebook: str) -> dict[str, list[Any]]:
    """Each parameter of ``notebook`` with the values a run set may give it."""
    model = params.model_for(notebook)
    values: dict[str, list[Any]] = {}
    for name, field in model.model_fields.items():
        options = model.choices(name)
        if options is None and get_origin(field.annotation) is Literal:
            options = list(get_args(field.annotation))
        elif options is None and field.annotation is bool:
            options = [True, False]
        options = options if options is not None else [field.default]
        values[name] = [value.item() if hasattr(value, "item") else value for value in options]  # numpy
    return values


def grid(notebook: str) -> list[dict[str, Any]]:
    """Every combination of ``parameter_values(notebook)``, in a fixed order."""
    values = parameter_values(notebook)
    return [
        dict(zip(values, combination, strict=True)) for combination in itertools.product(*values.values())
    ]


def generated_runs(count: int) -> list[dict[str, Any]]:
    """``count`` runs (``reports.yml`` entries), taken from the notebooks' grids in turn."""
    grids = {notebook: iter(grid(notebook)) for notebook in NOTEBOOKS}
    runs: list[dict[str, Any]] = []
    while len(runs) < count and grids:
        for notebook in list(grids):
            chosen = next(grids[notebook], None)
            if chosen is None:
                del grids[notebook]
                continue
            name = notebook + "".join(f"--{key}-{value_slug(value)}" for key, value in chosen.items())
            runs.append({"name": name, "notebook": notebook, "parameters": chosen})
            if len(runs) == count:
                break
    return runs
