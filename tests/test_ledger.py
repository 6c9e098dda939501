"""The claims ledger (data/claims.csv): its content against the two source documents, and its
validation rules (``datapackage.ledger``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, ROOT
from reference_values import OVERVIEW_EVIDENCE_KEYS

from nmosd_evidence.datapackage import Problem, load
from nmosd_evidence.datapackage.ledger import (
    claim_rows,
    claims_quoted_in,
    evidence_keys,
    ledger_problems,
    normalised,
    seed_statements,
    statement_key,
    uncovered_statements,
)
from nmosd_evidence.reports.epidemiology.select import onset_rows
from nmosd_evidence.reports.overview import resolved_evidence

SEEDS = ROOT / "data" / "seeds"
SEED_FILES = {"seed_roche_ch_nmosd": "roche_ch_nmosd.txt", "seed_hsct_news": "hsct_news.txt"}
# Lines of the documents that make no factual statement: headings, navigation, disclaimers.
NOT_STATEMENTS = {
    "seed_roche_ch_nmosd": [
        "Neuromyelitis optica spectrum disorder (NMOSD)",
        "More focus areas",
        "View all focus areas",
        "Discover more",
        "For patientsFor professionals",
        "This website contains information on products which is targeted to a wide range of audiences and"
        " could contain product details or information otherwise not accessible or valid in your country.",
        "Please be aware that we do not take any responsibility for accessing such information which"
        " may not comply with any legal process, regulation, registration or usage in the country of your"
        " origin.",
        "ContactLocationslinkedinfacebooktwitterinstagramyoutubeAbout Roche SwitzerlandOur"
        " pharmaceuticalsRoche DiagnosticsRoche careersMediaPrivacy PolicyLegal Statement",
    ],
    "seed_hsct_news": [
        "The Reset Button for the Immune System",
        "Why Caution Remains the Standard",
        "What Experts Say",
        "Key Takeaways",
        "This article is for informational purposes only.",
        "Always consult a qualified healthcare professional before making any medical decisions.",
    ],
}
MALFORMED = FIXTURES / "claims"
# fixture -> the exact lines `validate` prints when it replaces data/claims.csv
CASES = {
    "unknown_table.csv": [
        "claims.csv:2:evidence: evidence key 'prevalence:P01' names no table of the data package"
    ],
    "unknown_row.csv": [
        "claims.csv:3:evidence: evidence key 'estimates:P99' is not a row of epidemiology/estimates.csv"
    ],
    "verdict_without_evidence.csv": [
        "claims.csv:2:evidence: verdict 'supported' needs at least one evidence row (table:row_key)"
    ],
    "not_a_seed.csv": [
        "claims.csv:2:document: 'papp2021' is not one of: seed_roche_ch_nmosd, seed_hsct_news"
    ],
    "own_document_only.csv": [
        "claims.csv:2:evidence: every evidence row comes from the claim's own document 'seed_hsct_news';"
        " cite at least one independent row"
    ],
    "own_document_mixed.csv": [
        "claims.csv:2:evidence: evidence 'patients:p2_functional_outcome' comes from the claim's own document"
        " 'seed_hsct_news', which is no evidence for itself; cite only independent rows"
    ],
    "same_statement_other_verdict.csv": [
        "claims.csv:3:verdict: verdict 'not traceable' differs from 'supported' of claim R03 (row 2), whose"
        " statement is the same; give both the same verdict"
    ],
    "malformed_key.csv": [
        "claims.csv:2:evidence: 'pooled R4f' does not match the pattern"
        " '^[a-z_]+:[A-Za-z0-9][A-Za-z0-9_.-]*(;[a-z_]+:[A-Za-z0-9][A-Za-z0-9_.-]*)*$'"
    ],
    "unknown_verdict.csv": [
        "claims.csv:2:verdict: 'probably true' is not one of: supported, supported with nuance, contradicted,"
        " not traceable, general statement"
    ],
}
VALID = ["exempt_without_evidence.csv", "repeated_statement_own_rows_untraced.csv"]


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return load("claims")


@pytest.fixture(scope="module")
def evidence(ledger: pd.DataFrame) -> pd.DataFrame:
    return resolved_evidence(ledger)


def seed_text(document: str) -> str:
    return (SEEDS / SEED_FILES[document]).read_text(encoding="utf-8")


# --- the ledger's content -------------------------------------------------------------------------


@pytest.mark.parametrize("document", sorted(SEED_FILES))
def test_every_quote_is_verbatim_in_its_document(ledger: pd.DataFrame, document: str) -> None:
    text = normalised(seed_text(document))
    quotes = ledger.loc[ledger["document"] == document, "quote"]
    assert len(quotes) >= 25 if document == "seed_roche_ch_nmosd" else len(quotes) >= 20
    missing = [q for q in quotes if normalised(q) not in text]
    assert missing == []


@pytest.mark.parametrize("document", sorted(SEED_FILES))
def test_every_statement_of_the_document_is_in_the_ledger(ledger: pd.DataFrame, document: str) -> None:
    quotes = list(ledger.loc[ledger["document"] == document, "quote"])
    assert uncovered_statements(seed_text(document), quotes, NOT_STATEMENTS[document]) == []


def test_coverage_check_finds_a_missing_statement() -> None:
    text = "Heading\nNMOSD is rare. It mainly affects women.\n  • Exercise helps.\n"
    assert seed_statements(text) == [
        "Heading",
        "NMOSD is rare.",
        "It mainly affects women.",
        "Exercise helps.",
    ]
    assert uncovered_statements(text, ["NMOSD is rare", "Exercise helps."], ["Heading"]) == [
        "It mainly affects women."
    ]


def test_key_verdicts(ledger: pd.DataFrame) -> None:
    verdict = ledger.set_index("claim_id")["verdict"]
    # the five-year wheelchair and blindness percentages are missing from the page
    assert verdict["R14"] == verdict["R15"] == "not traceable"
    assert ledger.set_index("claim_id").loc["R14", "quote"].startswith("Within five years")
    # no statement is contradicted outright: onset at 30-40 holds for about half the studies (R04)
    assert ledger.loc[ledger["verdict"] == "contradicted", "claim_id"].tolist() == []
    # the news report's "monoclonal antibodies" and "symptom-free": corrected by the HSCT notes
    assert verdict["H10"] == verdict["H04"] == verdict["H25"] == "supported with nuance"
    assert "rituximab" in ledger.set_index("claim_id").loc["H10", "explanation"]


def test_similar_statements_get_the_same_verdict(ledger: pd.DataFrame) -> None:
    verdict = ledger.set_index("claim_id")["verdict"]
    # for whom transplantation is reserved: no source records it, in either wording
    assert verdict["H22"] == verdict["H27"] == "not traceable"
    # the immune system replaced, the antibodies gone: the same rows, the same qualification
    assert verdict["H12"] == verdict["H26"] == "supported with nuance"
    # MS drugs: worsening shown for interferon beta, failure rather than harm for others
    assert verdict["R21"] == "supported with nuance"
    # donors and years stated only in the news report itself; her improvement only partly elsewhere
    assert verdict["H13"] == "not traceable"
    assert verdict["H16"] == "supported with nuance"


def test_onset_verdict_agrees_with_the_onset_rows(ledger: pd.DataFrame) -> None:
    """R04 ('most common in women between the ages of 30 and 40'): the ledger's numbers are the study
    mean or median onset ages the epidemiology report lists, inside and above the band."""
    rows = onset_rows(load("age_at_onset"))
    studies = rows.loc[rows["kind"] == "study", "value"].astype(float)
    inside = studies[(studies >= 30) & (studies <= 40)]
    above = studies[studies > 40]
    assert (len(inside), len(above), studies.median()) == (7, 6, 40.0)
    assert (round(above.min()), round(above.max())) == (41, 51)
    r04 = ledger.set_index("claim_id").loc["R04"]
    assert r04["verdict"] == "supported with nuance"
    assert f"{len(inside)} of {len(studies)} study mean or median onset ages" in r04["explanation"]
    assert "(median 40)" in r04["explanation"]
    cited = {key for _, key in evidence_keys(r04["evidence"])}
    studied = set(rows.loc[rows["kind"] == "study", "onset_id"])
    assert studied <= cited  # every study age the count rests on is cited


def test_every_evidence_key_resolves_with_source_and_status(
    ledger: pd.DataFrame, evidence: pd.DataFrame
) -> None:
    keys = sum(len(evidence_keys(cell)) for cell in ledger["evidence"])
    assert len(evidence) == keys == OVERVIEW_EVIDENCE_KEYS
    assert evidence["source_id"].notna().all()
    first = evidence.drop_duplicates("key").set_index("key")
    assert first.loc["pooled:R4f", "source_id"] == "pandit2022"
    assert first.loc["disability:roche_ch_wheelchair_5y", "status"] == "unverified"
    assert first.loc["sources:papadopoulos2014", "source_id"] == "papadopoulos2014"
    assert evidence.loc[evidence["table"] == "sources", "status"].isna().all()


def test_decided_verdicts_rest_on_independent_rows_only(ledger: pd.DataFrame, evidence: pd.DataFrame) -> None:
    decided = ledger[~ledger["verdict"].isin(["not traceable", "general statement"])]
    sources = evidence.groupby("claim_id")["source_id"].agg(set)
    assert len(decided) == 41  # 22 supported, 19 supported with nuance
    for claim in decided.itertuples():
        assert sources[claim.claim_id], claim.claim_id
        assert claim.document not in sources[claim.claim_id], claim.claim_id
    # the claims that cite the document's own rows are the ones it alone states
    own = evidence.merge(ledger[["claim_id", "document"]], on="claim_id")
    own = own[own["source_id"] == own["document"]]
    assert sorted(own["claim_id"].unique()) == ["H13", "R14", "R15"]


def test_same_statement_ignores_case_spacing_and_punctuation() -> None:
    assert (
        statement_key("Most common  in women.")
        == statement_key("most common in women")
        == ("most common in women")
    )
    assert statement_key('the ""faulty"" immune_system—suppressed') == "the faulty immune system suppressed"
    assert statement_key("most common in women") != statement_key("most common in men")


def test_same_statement_with_another_verdict_names_the_first_claim() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["A", "B", "C", "D"],
            "document": ["seed_hsct_news"] * 4,
            "quote": ["Two patients.", "two  patients", "Two patients!", "Other."],
            "verdict": ["supported", "supported", "not traceable", "not traceable"],
            "evidence": ["cohorts:c1", "cohorts:c1", pd.NA, pd.NA],
        },
        index=[2, 3, 4, 5],
    )
    tables = {
        "claims": claims,
        "sources": pd.DataFrame({"source_id": ["seed_hsct_news", "greco2019"]}),
        "cohorts": pd.DataFrame({"cohort_result_id": ["c1"], "source_id": ["greco2019"]}),
    }
    assert ledger_problems(tables, {"claims": "claims.csv", "cohorts": "hsct/cohorts.csv"}) == [
        Problem(
            "claims.csv",
            4,
            "verdict",
            "verdict 'not traceable' differs from 'supported' of claim A (row 2), whose statement is the"
            " same; give both the same verdict",
        )
    ]


# --- the ledger's rules ---------------------------------------------------------------------------


def test_shipped_data_with_ledger_is_valid(run_cli) -> None:
    code, out, _ = run_cli("validate")
    assert (code, out) == (0, "")


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_malformed_ledger_gives_exact_message(fixture: str, data_copy: Path, run_cli) -> None:
    shutil.copyfile(MALFORMED / fixture, data_copy / "claims.csv")
    code, out, err = run_cli("validate", "--data", str(data_copy))
    assert out.splitlines() == CASES[fixture]
    assert code == 1
    assert "Traceback" not in out + err


@pytest.mark.parametrize("fixture", VALID)
def test_valid_ledgers_pass(fixture: str, data_copy: Path, run_cli) -> None:
    """Exempt verdicts need no evidence; a 'not traceable' claim may cite rows of its own document (to
    show where a figure comes from); a statement repeated with the same verdict is fine."""
    shutil.copyfile(MALFORMED / fixture, data_copy / "claims.csv")
    assert run_cli("validate", "--data", str(data_copy))[:2] == (0, "")


def test_every_fixture_is_exercised() -> None:
    assert sorted(p.name for p in MALFORMED.glob("*.csv")) == sorted([*CASES, *VALID])


def test_ledger_problems_on_small_tables() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["A", "B", "C", "D"],
            "document": ["seed_hsct_news", "seed_hsct_news", "seed_gone", "seed_hsct_news"],
            "quote": ["One.", "Two.", "Three.", "Four."],
            "verdict": ["supported", "contradicted", "general statement", "not traceable"],
            "evidence": ["events:e1;cohorts:c1", "events:e1", pd.NA, "trials:t9"],
        },
        index=[2, 3, 4, 5],
    )
    sources = pd.DataFrame({"source_id": ["seed_hsct_news", "greco2019"]})
    events = pd.DataFrame({"event_id": ["e1"], "source_id": ["seed_hsct_news"]})
    cohorts = pd.DataFrame({"cohort_result_id": ["c1"], "source_id": ["greco2019"]})
    tables = {"sources": sources, "events": events, "cohorts": cohorts, "claims": claims}
    files = {"claims": "claims.csv", "events": "hsct/events.csv", "cohorts": "hsct/cohorts.csv"}
    assert ledger_problems(tables, files) == [
        Problem(
            "claims.csv",
            2,
            "evidence",
            "evidence 'events:e1' comes from the claim's own document 'seed_hsct_news', which is no evidence"
            " for itself; cite only independent rows",
        ),
        Problem(
            "claims.csv",
            3,
            "evidence",
            "every evidence row comes from the claim's own document 'seed_hsct_news'; cite at least one"
            " independent row",
        ),
        Problem("claims.csv", 4, "document", "document 'seed_gone' is not in sources.csv"),
    ]  # D cites a table that is not loaded here (trials): skipped, not reported


def test_evidence_keys_parse() -> None:
    assert evidence_keys("pooled:R4f;estimates:P01") == [("pooled", "R4f"), ("estimates", "P01")]
    assert evidence_keys(pd.NA) == [] and evidence_keys("no key") == []


def test_unresolvable_key_is_refused_when_resolving(ledger: pd.DataFrame) -> None:
    broken = ledger.head(1).assign(evidence="pooled:R99")
    with pytest.raises(KeyError, match="R01: evidence key 'pooled:R99' is not a row of pooled"):
        resolved_evidence(broken)


def test_claims_quoted_in_a_row_quote() -> None:
    claims = load("claims")
    facts = load("course_facts").set_index("fact_id")
    quote = facts.loc["roche_ch_ms_drugs_worsen", "quote"]
    assert claims_quoted_in(claims, "seed_roche_ch_nmosd", quote)["claim_id"].tolist() == ["R20", "R21"]
    split = "Within five years / … are practically blind or do not have sufficient vision."
    assert claims_quoted_in(claims, "seed_roche_ch_nmosd", split)["claim_id"].tolist() == ["R15"]
    assert claims_quoted_in(claims, "seed_hsct_news", split).empty


def test_claim_rows_keep_the_order_asked_and_name_unknown_ids() -> None:
    claims = load("claims")
    assert claim_rows(claims, ["R05", "H04", "R03"])["claim_id"].tolist() == ["R05", "H04", "R03"]
    with pytest.raises(KeyError, match="not in the claims ledger: X99, Y1"):
        claim_rows(claims, ["R05", "X99", "Y1"])
