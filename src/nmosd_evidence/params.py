"""Parameter models, one per notebook, checked before any run starts.

The notebook's ``parameters`` cell holds plain literals (the defaults); the cell after it calls
``validated(<notebook>, globals())`` so that a kernel run outside ``nmosd-evidence render`` (papermill
CLI, JupyterLab) refuses bad values too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .datapackage import load
from .reports.hsct.select import as_of_year_bounds


class NotebookParameters(BaseModel):
    """Base: unknown names are refused and values keep their type (no silent string to int).

    A parameter whose valid values come from the data (a region present in the estimates, a horizon
    some row reports) is declared by overriding ``choices``; the values are checked here and listed by
    ``nmosd-evidence list`` and in error messages.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @classmethod
    def choices(cls, name: str) -> list[Any] | None:
        """The values parameter ``name`` accepts when they are read from the data; ``None`` otherwise."""
        return None

    def __repr__(self) -> str:
        """'Parameters: region = All · method = DL …', as a reader of a report sees them (no class name)."""
        shown = " · ".join(f"{name} = {_word(value)}" for name, value in self.model_dump().items())
        return f"Parameters: {shown}" if shown else "Parameters: none"

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        shown = ", ".join(f"`{name}` = {_word(value)}" for name, value in self.model_dump().items())
        return f"**Parameters:** {shown or 'none'}"

    @field_validator("*")
    @classmethod
    def _value_in_data(cls, value: Any, info: ValidationInfo) -> Any:
        options = cls.choices(info.field_name)
        if options is not None and value not in options:
            raise PydanticCustomError(
                "not_in_data", "not in the data", {"allowed": [_word(o) for o in options]}
            )
        return value


def _word(value: Any) -> str:
    """A value as a user types it: 5.0 -> '5', True -> 'true'."""
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:g}" if isinstance(value, float) else str(value)


class ParameterError(ValueError):
    """Bad parameters; the message names each parameter and what it allows."""


class PipelineCheckParameters(NotebookParameters):
    """Parameters of the pipeline's own test notebook (``tests/fixtures/notebooks``)."""

    label: Literal["alpha", "beta"] = "alpha"
    scale: float = 1.0
    fail: bool = False


class FaultCheckParameters(NotebookParameters):
    """Parameters of the renderer's fault notebook (``tests/fixtures/notebooks``): what its cell does."""

    fault: Literal["none", "die", "hang", "kill-worker"] = "none"


class OverviewParameters(NotebookParameters):
    """``00_overview``: which claims of the ledger to show."""

    verdict: Literal[
        "all", "supported", "supported with nuance", "contradicted", "not traceable", "general statement"
    ] = "all"
    document: Literal["all", "seed_roche_ch_nmosd", "seed_hsct_news"] = "all"


class EpidemiologyParameters(NotebookParameters):
    """``01_epidemiology``: subgroup for the pooled estimate and the population for expected cases.

    ``serostatus`` is the scope of the estimates ("all" = estimates covering every patient with NMOSD);
    ``method`` is the tau² estimator: DerSimonian–Laird, REML or Paule–Mandel;
    ``transform`` the scale pooled on (logit, or Freeman–Tukey double arcsine);
    ``inputs`` which rows may enter the pool: "counts" (printed cases and population), "derived" (also
    a population derived from cases ÷ crude rate), "all" (also a printed 95% CI, logit scale only);
    ``test`` the confidence interval of the pooled mean: "z" (Wald) or "knha" (Knapp–Hartung).
    """

    region: str = "All"
    criteria: Literal["any", "W2006", "IPND2015"] = "any"
    serostatus: Literal["all", "AQP4+", "AQP4-"] = "all"
    population: Annotated[int, Field(ge=1, le=10_000_000_000)] = 1_000_000
    method: Literal["DL", "REML", "PM"] = "DL"
    transform: Literal["logit", "freeman-tukey"] = "logit"
    inputs: Literal["counts", "derived", "all"] = "all"
    test: Literal["z", "knha"] = "z"

    @classmethod
    def choices(cls, name: str) -> list[Any] | None:
        return ["All", *sorted(load("estimates")["region"].unique())] if name == "region" else None


class ProgressionParameters(NotebookParameters):
    """``02_progression``: which disability outcomes to show.

    ``serostatus``, ``outcome`` and ``era`` filter the disability and milestone rows (the statement under
    review stays in every run); ``horizon_years`` picks the fixed horizon (years after onset) of the
    fixed-horizon chart and must be a horizon that some disability row reports.
    """

    serostatus: Literal["all", "AQP4+", "AQP4-", "not_stated"] = "all"
    outcome: Literal[
        "all", "wheelchair", "walking_aid", "blind_one_eye", "blind_both_eyes", "functionally_blind",
        "visual_disability", "motor_disability", "death",
    ] = "all"  # fmt: skip
    horizon_years: float = 5.0
    era: Literal["all", "before_targeted", "after_targeted", "mixed", "not_stated"] = "all"

    @classmethod
    def choices(cls, name: str) -> list[Any] | None:
        return (
            sorted(load("disability")["horizon_years"].dropna().unique()) if name == "horizon_years" else None
        )


class HsctParameters(NotebookParameters):
    """``03_hsct_outcomes``: the year follow-up is counted to, and whether to show autologous series.

    ``as_of_year`` (calendar year) must lie between the last allogeneic transplant year and the last
    year of the timeline (``data/hsct/events.csv``); the bounds are read from the data, not written
    here. Its default is the year of the long-term report (a test checks it against the data).
    ``include_autologous`` adds the autologous and pooled series to the context charts.
    """

    as_of_year: int = 2026
    include_autologous: bool = True

    @classmethod
    def choices(cls, name: str) -> list[Any] | None:
        if name != "as_of_year":
            return None
        first, last = as_of_year_bounds(load("events"))
        return list(range(first, last + 1))


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
TEST_MODELS: dict[str, type[NotebookParameters]] = {
    "pipeline_check": PipelineCheckParameters,
    "fault_check": FaultCheckParameters,
}


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
    options = model.choices(name)
    if options is not None:
        return "one of: " + ", ".join(_word(o) for o in options)
    return _declared(model, name)


def _declared(model: type[NotebookParameters], name: str) -> str:
    """What the annotation of ``name`` accepts: its literal values, or its type and bounds."""
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
            expected = "one of: " + ", ".join(ctx["allowed"]) if "allowed" in ctx else _declared(model, name)
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
