"""The evidence vocabulary, said once: status order, the two source documents, serostatus words."""

from __future__ import annotations

from collections.abc import Iterable

from ..datapackage.fields import SEED_DOCUMENTS, STATUSES
from ..datapackage.fields import weakest_status as weakest_status  # the one ranking, re-exported

# Verification statuses, strongest first, exactly as the schema lists them: a value read in the
# primary record outranks an abstract, an abstract a secondary report, and anything read outranks
# arithmetic on it, an inference or a lead.
STATUS_ORDER: tuple[str, ...] = tuple(STATUSES)

# The two source documents the collection checks (``data/seeds/``).
ROCHE_PAGE, HSCT_NEWS = SEED_DOCUMENTS

SEROSTATUS_LABELS = {
    "all": "all NMOSD", "AQP4+": "AQP4-IgG positive", "AQP4-": "AQP4-IgG negative",
    "MOG+": "MOG-antibody disease (MOGAD, not NMOSD)",
}  # fmt: skip


def status_rank(status: str) -> int:
    """0 for the strongest status (verified), rising to the weakest (unverified)."""
    return STATUS_ORDER.index(status)


def in_status_order(statuses: Iterable[str]) -> list[str]:
    """The distinct ``statuses``, strongest first."""
    return sorted(set(statuses), key=status_rank)
