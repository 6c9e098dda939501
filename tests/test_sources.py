"""Reference lists: every cited source with its DOI and PubMed links and the statuses used."""

from __future__ import annotations

import pandas as pd
import pytest

from nmosd_evidence.sources import reference_list, reference_list_html, used_source_ids


def test_doi_and_pmid_are_both_linked() -> None:
    references = reference_list(["greco2015"])
    assert references.loc[0, "links"] == [
        ("doi:10.1177/1352458514541978", "https://doi.org/10.1177/1352458514541978"),
        ("PMID 25078274", "https://pubmed.ncbi.nlm.nih.gov/25078274/"),
    ]
    markup = reference_list_html(references)
    assert '<a href="https://doi.org/10.1177/1352458514541978">doi:10.1177/1352458514541978</a>' in markup
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/25078274/">PMID 25078274</a>' in markup
    assert markup.startswith('<ol class="references"><li><code>greco2015</code> Greco R')


def test_a_web_source_links_its_page() -> None:
    (links,) = reference_list(["seed_hsct_news"])["links"]
    assert links == [("https://skrivex.com/article/stem-cell-transplant-nmosd-remission",) * 2]


def test_statuses_used_are_summarised_per_source() -> None:
    evidence = pd.DataFrame(
        {
            "source_id": ["greco2015", "greco2015", "burt2019"],
            "status": ["verified", "unverified", "verified"],
        }
    )
    references = reference_list(used_source_ids(evidence), evidence)
    assert references.set_index("source_id")["statuses used"].to_dict() == {
        "burt2019": "verified",
        "greco2015": "unverified, verified",
    }


def test_unknown_source_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown source_id"):
        reference_list(["nobody2099"])


def test_evidence_rows_deduplicate_skip_and_prefer_the_shown_status() -> None:
    from nmosd_evidence.sources import evidence_rows

    rows = pd.DataFrame({"source_id": ["a", "a", "b"], "status": ["verified", "verified", "secondary"]})
    derived = pd.DataFrame({"source_id": ["c"], "status": ["verified"], "shown_status": ["computed"]})
    no_evidence = pd.DataFrame({"label": ["x"]})
    assert evidence_rows(rows, derived, no_evidence).to_dict("list") == {
        "source_id": ["a", "b", "c"],
        "status": ["verified", "secondary", "computed"],
    }
