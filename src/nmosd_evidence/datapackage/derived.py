"""Derived rows keep the status of what they were derived from.

A row with ``computed_from`` is arithmetic on inputs: the numbers of its own quote, read in its own
source, and any rows its ``computed_from`` names as ``table:row_key``. Arithmetic adds no reading, so the
row is ``computed`` only when every input was read in a primary record (``verified``); otherwise it takes
the weakest status of its inputs (a share computed from a review's count is ``secondary``).

The reading a source gives its own quote follows its ``source_type``: a conference abstract gives
``abstract``; a review, news item or patient page gives ``secondary`` (the figures it prints are usually
another work's); any other source gives ``verified``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import pandas as pd

from .fields import EVIDENCE_KEY, STATUSES, weakest_status
from .problems import Problem

READ_AS = {
    "conference_abstract": "abstract",
    "review": "secondary",
    "news": "secondary",
    "patient_information": "secondary",
}
# Statuses the rule decides; a row marked inferred or unverified says less than its inputs and stays so.
DECIDED = ("verified", "abstract", "secondary", "computed")
_ROW_KEY = re.compile(rf"\b{EVIDENCE_KEY}")


def expected_status(inputs: list[str]) -> str:
    """``computed`` when every input is ``verified``; otherwise the weakest input status."""
    return "computed" if all(status == "verified" for status in inputs) else weakest_status(inputs)


def _keys(tables: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Table -> row key -> status, for every evidence table."""
    found = {}
    for name, frame in tables.items():
        if "status" in frame and "source_id" in frame:
            found[name] = dict(zip(frame.iloc[:, 0], frame["status"], strict=True))
    return found


def _input_statuses(
    r: pd.Series, reading: str, statuses: Mapping[str, Mapping[str, str]]
) -> tuple[list[str], list[str]]:
    """(statuses of the inputs, ``table:key`` references that name no row)."""
    inputs, unknown = [reading], []
    for ref in _ROW_KEY.findall(str(r["computed_from"])):
        table, _, key = ref.partition(":")
        if table not in statuses:
            continue  # "p:" or "n:" in prose, or a table not loaded
        if key in statuses[table]:
            inputs.append(statuses[table][key])
        else:
            unknown.append(ref)
    return inputs, unknown


def _table_problems(
    file: str, frame: pd.DataFrame, types: Mapping[str, str], statuses: Mapping[str, Mapping[str, str]]
) -> Iterator[Problem]:
    derived = frame[frame["computed_from"].notna() & frame["status"].isin(DECIDED)]
    for row, r in derived.iterrows():
        reading = READ_AS.get(types.get(r["source_id"], ""), "verified")
        inputs, unknown = _input_statuses(r, reading, statuses)
        if unknown:
            yield Problem(file, int(row), "computed_from", f"{', '.join(unknown)} names no row")
            continue
        wanted = expected_status(inputs)
        if r["status"] != wanted:
            read = ", ".join(sorted(set(inputs), key=STATUSES.index))
            yield Problem(
                file,
                int(row),
                "status",
                f"status is {r['status']!r} but a row derived from inputs read as {read} is {wanted!r}",
            )


def derived_status_problems(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str]) -> list[Problem]:
    """Rows with ``computed_from`` whose status is not the one their inputs give."""
    if "sources" not in tables:
        return []
    sources = tables["sources"]
    types = dict(zip(sources["source_id"], sources["source_type"], strict=True))
    statuses = _keys(tables)
    problems: list[Problem] = []
    for name, frame in tables.items():
        if name in statuses and name in files:
            problems += _table_problems(files[name], frame, types, statuses)
    return problems
