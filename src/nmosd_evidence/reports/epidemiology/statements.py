"""The statements of the source document the epidemiology report checks: their claims-ledger rows, the
limit of "fewer than N in 100,000" and the age band of "between the ages of A and B".

Units: the limit per 100,000 persons; ages in years.
"""

from __future__ import annotations

import re

import pandas as pd

from .labels import ONSET_CLAIM_ID, PREVALENCE_CLAIM_ID

# Number words a statement of the source document may use for its limit ("fewer than five in …").
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10,
}  # fmt: skip
LIMIT_WORDING = re.compile(r"fewer than (?P<limit>\w+) in (?P<per>[\d,]+)", re.IGNORECASE)
BAND_WORDING = re.compile(r"between the ages of (?P<low>\d+) and (?P<high>\d+)", re.IGNORECASE)


def ledger_claim(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    """The claims-ledger row ``claim_id`` (document, quote, verdict, evidence, explanation).

    ``KeyError`` naming the id when the ledger lacks it.
    """
    rows = claims[claims["claim_id"] == claim_id]
    if rows.empty:
        raise KeyError(f"claim {claim_id!r} is not a row of the claims ledger")
    return rows.iloc[0]


def claim_limit(quote: str) -> float:
    """The limit per 100,000 of a statement worded 'fewer than <number> in 100,000' (e.g. 5.0).

    ``ValueError`` when the wording is not of that form or counts per another denominator.
    """
    found = LIMIT_WORDING.search(quote)
    if not found or found["per"].replace(",", "") != "100000":
        raise ValueError(f"no 'fewer than N in 100,000' in the statement {quote!r}")
    word = found["limit"].lower()
    return float(NUMBER_WORDS.get(word, word))


def claim_band(quote: str) -> tuple[float, float]:
    """The age band in years of a statement worded 'between the ages of <low> and <high>'.

    ``ValueError`` when the wording is not of that form.
    """
    found = BAND_WORDING.search(quote)
    if not found:
        raise ValueError(f"no 'between the ages of A and B' in the statement {quote!r}")
    return float(found["low"]), float(found["high"])


def prevalence_limit(claims: pd.DataFrame) -> float:
    """The limit per 100,000 of the prevalence statement checked (ledger ``PREVALENCE_CLAIM_ID``)."""
    return claim_limit(ledger_claim(claims, PREVALENCE_CLAIM_ID)["quote"])


def onset_band(claims: pd.DataFrame) -> tuple[float, float]:
    """The age band in years of the age-at-onset statement checked (ledger ``ONSET_CLAIM_ID``)."""
    return claim_band(ledger_claim(claims, ONSET_CLAIM_ID)["quote"])
