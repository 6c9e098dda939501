"""Parameter models, one per notebook, checked before any kernel starts.

The notebook's ``parameters`` cell holds plain literals (the defaults); the cell after it calls
``validated(<notebook>, globals())`` so that a kernel run outside ``nmosd-evidence render`` (papermill
CLI, JupyterLab) refuses bad values too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError


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


class OverviewParameters(NotebookParameters):
    """``00_overview``: which claims of the ledger to show."""

    verdict: Literal[
        "all", "supported", "supported with nuance", "contradicted", "not traceable", "general statement"
    ] = "all"
    document: Literal["all", "seed_roche_ch_nmosd", "seed_hsct_news"] = "all"


class EpidemiologyParameters(NotebookParameters):
    """``01_epidemiology``: subgroup for the pooled estimate and the population for expected cases."""

    region: str = "All"
    criteria: Literal["any", "W2006", "IPND2015"] = "any"
    serostatus: Literal["all", "AQP4+", "AQP4-"] = "all"
    population: Annotated[int, Field(ge=1, le=10_000_000_000)] = 1_000_000
    method: Literal["DL", "REML"] = "DL"

    @field_validator("region")
    @classmethod
    def _region_in_data(cls, value: str) -> str:
        from .data import load

        present = ["All", *sorted(load("estimates")["region"].unique())]
        if value not in present:
            raise PydanticCustomError("region", "region not in the data", {"allowed": present})
        return value


class ProgressionParameters(NotebookParameters):
    """``02_progression``: which disability outcomes to show."""

    serostatus: Literal["all", "AQP4+", "AQP4-", "not_stated"] = "all"
    outcome: Literal[
        "all", "wheelchair", "walking_aid", "blind_one_eye", "blind_both_eyes", "functionally_blind",
        "visual_disability", "motor_disability", "death",
    ] = "all"  # fmt: skip
    horizon_years: Annotated[float, Field(ge=1, le=30)] = 5.0
    era: Literal["all", "before_targeted", "after_targeted", "mixed", "not_stated"] = "all"


class HsctParameters(NotebookParameters):
    """``03_hsct_outcomes``: the year follow-up is counted to, and whether to show autologous series."""

    as_of_year: Annotated[int, Field(ge=2010, le=2026)] = 2026
    include_autologous: bool = True


class TreatmentParameters(NotebookParameters):
    """``04_treatment``: trial population and which designs to include."""

    population: Literal["all", "AQP4+"] = "all"
    include_external_control: bool = True
    include_open_label: bool = True


MODELS: dict[str, type[NotebookParameters]] = {
    "00_overview": OverviewParameters,
    "01_epidemiology": EpidemiologyParameters,
    "02_progression": ProgressionParameters,
    "03_hsct_outcomes": HsctParameters,
    "04_treatment": TreatmentParameters,
}
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
    return " and ".join([" ".join(words[:2]), *words[2:]]) if len(words) > 2 else " ".join(words)


def describe_error(notebook: str, model: type[NotebookParameters], error: ValidationError) -> str:
    """One line per bad parameter: its name, the value given and what is allowed."""
    lines = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "?"
        if item["type"] == "extra_forbidden":
            known = ", ".join(model.model_fields) or "none"
            lines.append(f"unknown parameter {name!r} for {notebook}; its parameters: {known}")
        else:
            ctx = item.get("ctx") or {}
            expected = "one of: " + ", ".join(ctx["allowed"]) if "allowed" in ctx else allowed(model, name)
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
