"""Reference lists: every cited source with its DOI and PubMed links and the statuses used."""

from __future__ import annotations

import pandas as pd
import pytest

from nmosd_evidence import load
from nmosd_evidence.core.evidence import evidence_rows, used_source_ids
from nmosd_evidence.present.references import reference_list, reference_list_html, references_html


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return load("sources")


def cited(*source_ids: str, status: str = "verified") -> pd.DataFrame:
    return pd.DataFrame({"source_id": list(source_ids), "status": [status] * len(source_ids)})


def test_doi_and_pmid_are_both_linked(sources: pd.DataFrame) -> None:
    references = reference_list(sources, cited("greco2015"))
    assert references.loc[0, "links"] == [
        ("doi:10.1177/1352458514541978", "https://doi.org/10.1177/1352458514541978"),
        ("PMID 25078274", "https://pubmed.ncbi.nlm.nih.gov/25078274/"),
    ]
    markup = reference_list_html(references)
    assert '<a href="https://doi.org/10.1177/1352458514541978">doi:10.1177/1352458514541978</a>' in markup
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/25078274/">PMID 25078274</a>' in markup
    assert markup.startswith('<ol class="references"><li><code>greco2015</code> Greco R')
    assert markup.endswith("<em>[verified]</em></li></ol>")


def test_a_web_source_links_its_page(sources: pd.DataFrame) -> None:
    (links,) = reference_list(sources, cited("seed_hsct_news"))["links"]
    assert links == [("https://skrivex.com/article/stem-cell-transplant-nmosd-remission",) * 2]


def test_statuses_used_are_summarised_per_source_strongest_first(sources: pd.DataFrame) -> None:
    evidence = pd.DataFrame(
        {
            "source_id": ["greco2015", "greco2015", "greco2015", "burt2019"],
            "status": ["unverified", "verified", "computed", "verified"],
        }
    )
    references = reference_list(sources, evidence)
    assert references["source_id"].tolist() == ["burt2019", "greco2015"]
    assert references.set_index("source_id")["statuses used"].to_dict() == {
        "burt2019": "verified",
        "greco2015": "verified, computed, unverified",
    }


def test_unknown_source_is_refused(sources: pd.DataFrame) -> None:
    with pytest.raises(KeyError, match=r"unknown source_id.*nobody2099"):
        reference_list(sources, cited("nobody2099"))


def test_hostile_source_text_is_escaped(sources: pd.DataFrame) -> None:
    hostile = sources[sources["source_id"] == "greco2015"].copy()
    hostile["title"] = "<script>alert(1)</script>"
    markup = references_html(hostile, cited("greco2015"))
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup


def test_evidence_rows_deduplicate_skip_and_prefer_the_shown_status() -> None:
    rows = pd.DataFrame({"source_id": ["a", "a", "b"], "status": ["verified", "verified", "secondary"]})
    derived = pd.DataFrame({"source_id": ["c"], "status": ["verified"], "shown_status": ["computed"]})
    no_evidence = pd.DataFrame({"label": ["x"]})
    found = evidence_rows(rows, derived, no_evidence)
    assert found[["source_id", "status"]].to_dict("list") == {
        "source_id": ["a", "b", "c"],
        "status": ["verified", "secondary", "computed"],
    }
    assert found[["row_id", "locator", "quote"]].isna().all().all()  # frames without them
    assert used_source_ids(evidence_rows(rows, derived)) == ["a", "b", "c"]


def test_evidence_rows_carry_the_row_key_locator_and_quote() -> None:
    rows = pd.DataFrame(
        {
            "outcome_id": ["o1", "o2"],
            "source_id": ["a", "a"],
            "locator": ["Table 2", "p. 3"],
            "quote": ["5 of 20 (25%)", "half"],
            "status": ["verified", "secondary"],
        }
    )
    found = evidence_rows(rows)
    assert found.to_dict("list") == {
        "row_id": ["o1", "o2"],
        "source_id": ["a", "a"],
        "locator": ["Table 2", "p. 3"],
        "quote": ["5 of 20 (25%)", "half"],
        "status": ["verified", "secondary"],
    }


def test_evidence_rows_of_nothing_is_an_empty_frame() -> None:
    assert evidence_rows(pd.DataFrame({"label": ["x"]})).columns.tolist() == [
        "row_id", "source_id", "locator", "quote", "status"
    ]  # fmt: skip
