"""Parameter models, one per notebook, checked before any kernel starts.

The notebook's ``parameters`` cell holds plain literals (the defaults); the cell after it calls
``validated(<notebook>, globals())`` so that a kernel run outside ``nmosd-evidence render`` (papermill
CLI, JupyterLab) refuses bad values too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError


class NotebookParameters(BaseModel):
    """Base: unknown names are refused and values keep their type (no silent string to int)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ParameterError(ValueError):
    """Bad parameters; the message names each parameter and what it allows."""


class PipelineCheckParameters(NotebookParameters):
    """Parameters of the pipeline's own test notebook (``tests/fixtures/notebooks``)."""

    label: Literal["alpha", "beta"] = "alpha"
    scale: float = 1.0
    fail: bool = False


MODELS: dict[str, type[NotebookParameters]] = {}
TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}
BOUND_WORDS = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
TEST_MODELS: dict[str, type[NotebookParameters]] = {"pipeline_check": PipelineCheckParameters}


def model_for(notebook: str) -> type[NotebookParameters]:
    """The parameter model of ``notebook`` (its file stem)."""
    models = {**MODELS, **TEST_MODELS}
    if notebook not in models:
        raise ParameterError(
            f"no parameter model for notebook {notebook!r}; known: {', '.join(sorted(models))}"
        )
    return models[notebook]


def allowed(model: type[NotebookParameters], name: str) -> str:
    """What parameter ``name`` of ``model`` accepts, in words: 'one of: a, b' or 'a number >= 1'."""
    field = model.model_fields[name]
    annotation = field.annotation
    if get_origin(annotation) is Literal:
        return "one of: " + ", ".join(str(v) for v in get_args(annotation))
    words = [TYPE_WORDS.get(annotation, str(annotation))]
    for constraint in field.metadata:
        for attribute, operator in BOUND_WORDS.items():
            if getattr(constraint, attribute, None) is not None:
                words.append(f"{operator} {getattr(constraint, attribute)}")
    return " ".join(words)


def describe_error(notebook: str, model: type[NotebookParameters], error: ValidationError) -> str:
    """One line per bad parameter: its name, the value given and what is allowed."""
    lines = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "?"
        if item["type"] == "extra_forbidden":
            known = ", ".join(model.model_fields) or "none"
            lines.append(f"unknown parameter {name!r} for {notebook}; its parameters: {known}")
        else:
            expected = allowed(model, name)
            lines.append(
                f"parameter {name!r} of {notebook}: {item['input']!r} is not allowed; expected {expected}"
            )
    return "\n".join(lines)


def check(notebook: str, values: Mapping[str, Any]) -> NotebookParameters:
    """``values`` validated against the notebook's model; ``ParameterError`` naming what is allowed."""
    model = model_for(notebook)
    try:
        return model(**values)
    except ValidationError as error:
        raise ParameterError(describe_error(notebook, model, error)) from None


def validated(notebook: str, namespace: Mapping[str, Any]) -> NotebookParameters:
    """Inside a notebook: the parameters-cell values from ``namespace`` (``globals()``) checked."""
    model = model_for(notebook)
    return check(notebook, {name: namespace[name] for name in model.model_fields if name in namespace})
