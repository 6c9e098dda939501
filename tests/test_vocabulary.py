"""One status order, the schema's: verified > abstract > secondary > computed > inferred > unverified."""

from __future__ import annotations

import pytest

from nmosd_evidence.core.vocabulary import STATUS_ORDER, in_status_order, weakest_status
from nmosd_evidence.datapackage.schemas import STATUSES


def test_the_order_is_the_schemas() -> None:
    assert STATUS_ORDER == ("verified", "abstract", "secondary", "computed", "inferred", "unverified")
    assert list(STATUS_ORDER) == STATUSES


@pytest.mark.parametrize(
    ("statuses", "weakest"),
    [
        (["secondary", "computed"], "computed"),
        (["verified", "abstract"], "abstract"),
        (["abstract", "secondary"], "secondary"),
        (["computed", "inferred", "verified"], "inferred"),
        (["verified", "unverified"], "unverified"),
        (["verified"], "verified"),
    ],
)
def test_weakest_status(statuses: list[str], weakest: str) -> None:
    assert weakest_status(statuses) == weakest


def test_weakest_of_nothing_known_is_refused() -> None:
    with pytest.raises(ValueError):
        weakest_status(["certain"])


def test_in_status_order_is_strongest_first() -> None:
    assert in_status_order(["unverified", "secondary", "verified", "secondary"]) == [
        "verified", "secondary", "unverified",
    ]  # fmt: skip
