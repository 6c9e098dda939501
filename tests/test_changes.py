"""``nmosd-evidence changes OLD NEW`` on two data folders: rows added, removed and changed field by
field, sources added, statuses raised or lowered, and the headline figures that moved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from nmosd_evidence.datapackage import data_version
from nmosd_evidence.datapackage.compare import compare_tables, status_changes
from nmosd_evidence.datapackage.package import default_data_dir
from nmosd_evidence.datapackage.releases import Release, releases


def _edit(path: Path, change) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame).to_csv(path, index=False)


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """The shipped data (old) and a copy with known changes (new)."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(default_data_dir(), old)
    shutil.copytree(default_data_dir(), new)
    estimates = new / "epidemiology" / "estimates.csv"

    def estimates_change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["estimate_id"] == "P75", "status"] = "secondary"  # lowered
        frame.loc[frame["estimate_id"] == "P40a", "status"] = "verified"  # raised (a fixture, not data)
        return frame[frame["estimate_id"] != "P43"]  # removed

    _edit(estimates, estimates_change)

    def sources_change(frame: pd.DataFrame) -> pd.DataFrame:
        row = frame[frame["source_id"] == "kim2020"].assign(source_id="kim2099")
        return pd.concat([frame, row], ignore_index=True)

    _edit(new / "sources.csv", sources_change)
    return old, new


def test_compare_finds_rows_fields_and_statuses(versions) -> None:
    old, new = versions
    tables = {t.table: t for t in compare_tables(old, new)}
    assert tables["estimates"].removed == ["P43"] and tables["estimates"].added == []
    assert tables["estimates"].changed == {
        "P40a": [("status", "secondary", "verified")],
        "P75": [("status", "verified", "secondary")],
    }
    assert tables["sources"].added == ["kim2099"] and tables["sources"].changed == {}
    assert not tables["claims"].any
    moves = {(s.key, s.direction) for s in status_changes(list(tables.values()))}
    assert moves == {("P40a", "raised"), ("P75", "lowered")}


def test_changes_command_reports_the_effect_on_the_headline_figures(run_cli, versions) -> None:
    old, new = versions
    code, out, err = run_cli("changes", str(old), str(new))
    assert code == 0 and err == ""
    assert "| estimates | 0 | 1 | 2 |" in out and "| sources | 1 | 0 | 0 |" in out
    assert "- removed: `P43`" in out
    assert "- changed `P75`: status: “verified” → “secondary”" in out
    assert "## Sources added\n\n`kim2099`" in out
    assert "- raised: estimates `P40a` secondary → verified" in out
    assert "- lowered: estimates `P75` verified → secondary" in out
    # P75 stays in the pool as secondary; nothing else the headlines read moved
    assert "All " in out.split("## Headline figures")[1] and "headline figures unchanged." in out


def test_a_status_threshold_change_moves_the_pooled_prevalence(run_cli, versions) -> None:
    old, new = versions

    def unverify(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["estimate_id"] == "P09", "status"] = "unverified"  # unverified rows are not pooled
        return frame

    _edit(new / "epidemiology" / "estimates.csv", unverify)
    code, out, _ = run_cli("changes", str(old), str(new))
    headlines = out.split("## Headline figures")[1]
    assert code == 0
    assert "| pooled prevalence, all regions (per 100,000) | 1.84 (95% CI 1.33–2.54), k = 18 |" in headlines
    assert "k = 17 |" in headlines


def test_an_unknown_version_is_refused_with_what_is_allowed(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("changes", str(tmp_path / "nowhere"), str(default_data_dir()))
    assert code == 2 and out == "" and "neither a data folder" in err and "Traceback" not in err


def test_releases_are_read_from_the_changelog(tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(
        "# Data releases\n\n## data-v2 (2027-01-05)\n\nData version `aaaaaaaaaaaa`.\n\n"
        "## data-v1 (2026-12-02)\n\nThe first: data version `14e9ed34d299` (package 0.1.0).\n",
        encoding="utf-8",
    )
    assert releases(changelog) == [
        Release("data-v2", "2027-01-05", "aaaaaaaaaaaa"),
        Release("data-v1", "2026-12-02", "14e9ed34d299"),
    ]
    assert releases(tmp_path / "missing.md") == []


def test_the_shipped_changelog_records_the_first_release() -> None:
    first = releases()[-1]
    assert (first.tag, first.date, first.data_version) == ("data-v1", "2026-12-02", "14e9ed34d299")
    assert len(data_version()) == len(first.data_version)
