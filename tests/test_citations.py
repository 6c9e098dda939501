"""``nmosd-evidence refs``: BibTeX, CSL-JSON and Markdown exports that parse back; sources per report."""

from __future__ import annotations

import json
import re

import bibtexparser
import pandas as pd
import pytest
from conftest import ROOT

from nmosd_evidence import load
from nmosd_evidence.present.citations import (
    csl_item,
    export,
    latex_escaped,
    parsed_authors,
    to_bibtex,
    to_csl_json,
    to_markdown,
)
from nmosd_evidence.present.references import short_citation

# CSL 1.0.2 item types the export may use.
CSL_TYPES = {"article-journal", "paper-conference", "article-newspaper", "webpage", "report", "document"}
LATEX_UNESCAPE = {r"\%": "%", r"\&": "&", r"\#": "#", r"\_": "_", r"\$": "$", r"\{": "{", r"\}": "}"}


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return load("sources")


def unescaped(value: str) -> str:
    """A BibTeX field value back to plain text (the inverse of the export's escaping)."""
    return re.sub(r"\\[%&#_${}]", lambda m: LATEX_UNESCAPE[m.group(0)], value)


def text_or_none(value: object) -> str | None:
    return None if pd.isna(value) else str(value)


def test_bibtex_round_trip(sources: pd.DataFrame) -> None:
    library = bibtexparser.parse_string(to_bibtex(sources))
    assert library.failed_blocks == []
    entries = {entry.key: entry for entry in library.entries}
    assert sorted(entries) == sorted(sources["source_id"])
    for source in sources.itertuples():
        fields = entries[source.source_id].fields_dict
        assert unescaped(fields["title"].value) == "{" + source.title + "}", source.source_id
        for column in ("doi", "pmid", "url"):
            value = text_or_none(getattr(source, column))
            assert (fields[column].value if column in fields else None) == value, (source.source_id, column)
        year = None if pd.isna(source.year) else str(source.year)
        assert (fields["year"].value if "year" in fields else None) == year


def test_bibtex_entry_types_and_names(sources: pd.DataFrame) -> None:
    entries = {e.key: e for e in bibtexparser.parse_string(to_bibtex(sources)).entries}
    assert entries["pittock2019_prevent"].entry_type == "article"
    assert entries["seed_roche_ch_nmosd"].entry_type == "misc"
    assert entries["seed_roche_ch_nmosd"].fields_dict["author"].value == "{Roche Switzerland}"
    assert entries["marrie2013"].fields_dict["author"].value == "Marrie, R. A. and Gryba, C."
    assert entries["papp2021"].fields_dict["author"].value.endswith(" and others")
    asgari = entries["asgari2011"].fields_dict
    assert [asgari[name].value for name in ("journal", "volume", "number", "pages")] == [
        "Neurology", "76", "18", "1589--95",
    ]  # fmt: skip


def test_short_citation_is_vancouver_style(sources: pd.DataFrame) -> None:
    row = sources.set_index("source_id").loc["asgari2011"]
    assert short_citation(row).endswith(
        "(2011). A population-based study of neuromyelitis optica in Caucasians. Neurology 76(18):1589-95."
    )


def test_placeholders_are_not_exported_as_data(sources: pd.DataFrame) -> None:
    row = sources.iloc[[0]].assign(
        source_id="placeholder2020", authors="(authors not captured)", journal="(journal not captured)",
        source_type="cohort",
    )  # fmt: skip
    entry = bibtexparser.parse_string(to_bibtex(row)).entries[0]
    assert "author" not in entry.fields_dict and "journal" not in entry.fields_dict
    assert entry.entry_type == "misc"  # no journal: not an @article


def test_latex_escaping_and_author_parsing() -> None:
    assert latex_escaped("50% of A&B_c {x}") == r"50\% of A\&B\_c \{x\}"
    assert parsed_authors("Papp V, Magyari M, … Illes Z") == (
        [
            {"family": "Papp", "given": "V."},
            {"family": "Magyari", "given": "M."},
            {"family": "Illes", "given": "Z."},
        ],
        True,
    )
    assert parsed_authors("Cree BAC, et al.") == ([{"family": "Cree", "given": "B. A. C."}], True)
    assert parsed_authors("Kleiter I, Aktas O (NEMOS)") == (
        [{"family": "Kleiter", "given": "I."}, {"family": "Aktas", "given": "O."}],
        False,
    )
    assert parsed_authors("Physician's Weekly") == ([{"literal": "Physician's Weekly"}], False)
    assert parsed_authors("(authors not captured)") == ([], False)


def test_csl_json_parses_back_with_its_fields(sources: pd.DataFrame) -> None:
    items = json.loads(to_csl_json(sources))
    assert [item["id"] for item in items] == list(sources["source_id"])
    by_id = {item["id"]: item for item in items}
    for item in items:
        assert item["type"] in CSL_TYPES
        assert isinstance(item["title"], str) and item["title"]
        for name in item.get("author", []):
            assert set(name) in ({"family", "given"}, {"family"}, {"literal"})
    prevent = by_id["pittock2019_prevent"]
    assert prevent["type"] == "article-journal"
    assert prevent["DOI"] == "10.1056/NEJMoa1900866" and prevent["PMID"] == "31050279"
    assert prevent["issued"] == {"date-parts": [[2019]]}
    assert by_id["seed_hsct_news"]["type"] == "article-newspaper"
    assert "issued" not in by_id["seed_roche_ch_nmosd"]  # undated page: no invented date


def test_csl_item_leaves_out_empty_variables(sources: pd.DataFrame) -> None:
    item = csl_item(sources.set_index("source_id", drop=False).loc["seed_roche_ch_nmosd"])
    assert set(item) == {"id", "type", "title", "author", "container-title", "URL", "annote"}


def test_markdown_lists_every_source_with_doi_and_pmid_links(sources: pd.DataFrame) -> None:
    lines = to_markdown(sources).splitlines()
    assert lines[0] == f"# Sources ({len(sources)})"
    items = [line for line in lines if re.match(r"\d+\. `", line)]
    assert len(items) == len(sources)
    scirep = next(line for line in items if "`akaishi2020_scirep`" in line)
    assert "DOI [10.1038/s41598-020-70919-w](https://doi.org/10.1038/s41598-020-70919-w)" in scirep
    assert "PMID [32807848](https://pubmed.ncbi.nlm.nih.gov/32807848/)" in scirep


def test_cli_refs_formats(run_cli, sources: pd.DataFrame) -> None:
    code, out, _ = run_cli("refs")
    assert code == 0 and len(bibtexparser.parse_string(out).entries) == len(sources)
    code, out, _ = run_cli("refs", "--format", "csl-json")
    assert code == 0 and len(json.loads(out)) == len(sources)
    code, out, _ = run_cli("refs", "--format", "markdown")
    assert code == 0 and out.startswith(f"# Sources ({len(sources)})")


REFERENCE_LIST = re.compile(r'<ol class="references">(.*?)</ol>', re.S)
REFERENCE_ID = re.compile(r"<li><code>([^<]+)</code>")
NOTEBOOKS = ["00_overview", "01_epidemiology", "02_progression", "03_hsct_outcomes", "04_treatment"]


def reference_list_ids(notebook: str) -> list[str]:
    """The source ids of the reference list in a committed, executed notebook."""
    import nbformat

    for cell in nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4).cells:
        for output in cell.get("outputs", []):
            markup = output.get("data", {}).get("text/html", "")
            found = REFERENCE_LIST.search("".join(markup) if isinstance(markup, list) else markup)
            if found:
                return sorted(REFERENCE_ID.findall(found.group(1)))
    raise AssertionError(f"{notebook} has no reference list")


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_used_by_gives_the_reports_reference_list(run_cli, notebook: str) -> None:
    code, out, _ = run_cli("refs", "--used-by", notebook, "--format", "csl-json")
    assert code == 0
    ids = [item["id"] for item in json.loads(out)]
    assert ids == reference_list_ids(notebook)
    assert len(ids) >= 5


def test_used_by_unknown_notebook_is_a_usage_error(run_cli) -> None:
    code, out, err = run_cli("refs", "--used-by", "99_nothing")
    assert (code, out) == (2, "")
    assert err.startswith("nmosd-evidence refs: unknown notebook '99_nothing'; notebooks: 00_overview")


def test_unknown_format_names_the_formats(sources: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="formats: bibtex, csl-json, markdown"):
        export(sources, "ris")
