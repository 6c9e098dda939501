"""Colours of the charts: one palette, and one fixed colour per region and per serostatus, the same in
every chart of every report (a region is never blue in one chart and vermilion in the next)."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.vocabulary import SEROSTATUS_LABELS
from ..datapackage.fields import REGIONS

# Okabe & Ito (2008) colour-blind-safe palette, then Paul Tol's muted wine, teal, indigo and olive so
# that a ninth to twelfth group gets a colour of its own; past twelve, whiskers and legend lines change
# dash as well as colour (see ``group_style``).
PALETTE = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    "#882255", "#44AA99", "#332288", "#999933",
]  # fmt: skip
DASHES = ["solid", "dash", "dot"]
GREY = "#999999"  # unverified rows: marker fill, outline and whisker
BLUE, ORANGE, GREEN, VERMILION, PINK, SKY, YELLOW, BLACK, WINE, TEAL, INDIGO, OLIVE = PALETTE

# Every region of the schema, each its own colour (yellow, hard to see on white, is left out).
REGION_COLOURS = dict(
    zip(REGIONS, [BLUE, ORANGE, GREEN, VERMILION, PINK, SKY, WINE, TEAL, INDIGO, OLIVE, BLACK], strict=True)
)
# The serostatus scopes, by their labels as the charts show them.
SEROSTATUS_COLOURS = dict(zip(SEROSTATUS_LABELS.values(), [BLACK, BLUE, VERMILION, GREEN], strict=True))
FIXED_COLOURS = {**REGION_COLOURS, **SEROSTATUS_COLOURS}


def group_style(number: int) -> tuple[str, str]:
    """Colour and line dash of the ``number``-th group (0-based): the palette's colours, then the
    same colours dashed, then dotted."""
    return PALETTE[number % len(PALETTE)], DASHES[(number // len(PALETTE)) % len(DASHES)]


def series_style(group: str, number: int, colours: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Colour and dash of a chart's group: a region or serostatus keeps its fixed colour in every chart,
    as does a series an area names in ``colours`` (the same series in every chart of its report); any
    other group is styled by its place in the chart (``group_style(number)``)."""
    fixed = {**FIXED_COLOURS, **(colours or {})}
    if group in fixed:
        return fixed[group], DASHES[0]
    return group_style(number)
