"""``nmosd-evidence render``: reports, failures, safety and usage errors, on the pipeline test notebook."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES

CHECK = FIXTURES / "notebooks" / "pipeline_check.ipynb"
PLOTLY_JS_MARK = "plotly.js v"  # the banner at the top of the inlined plotly.min.js


def write_config(folder: Path, runs: str) -> Path:
    config = folder / "runs.yml"
    config.write_text(f"runs:\n{runs}")
    return config


@pytest.fixture(scope="module")
def beta_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from nmosd_evidence import cli

    out = tmp_path_factory.mktemp("beta")
    assert cli.main(["render", str(CHECK), "-p", "label", "beta", "-p", "scale", "2", "--out", str(out)]) == 0
    return out


def test_report_files_and_header(beta_report: Path) -> None:
    html = (beta_report / "pipeline_check--label-beta--scale-2.html").read_text()
    assert (beta_report / "pipeline_check--label-beta--scale-2.ipynb").is_file()
    assert "Research information, not medical advice." in html
    assert "<th>label</th><td>&#34;beta&#34;</td>" in html  # the string parameter, quoted
    assert "<th>scale</th><td>2.0</td>" in html
    assert re.search(r"<th>data version</th><td>[0-9a-f]{12}</td>", html)
    assert "<th>package version</th>" in html


def test_report_has_chart_and_no_code_or_cdn(beta_report: Path) -> None:
    html = (beta_report / "pipeline_check--label-beta--scale-2.html").read_text()
    assert html.count(PLOTLY_JS_MARK) == 1
    assert html.count("Plotly.newPlot(") == 1
    assert '"y":[2.0,4.0]' in html  # the chart's data: scale 2 applied
    assert "hl-ipython3" not in html  # code hidden
    assert "injected-parameters" not in html and 'label = "beta"' not in html
    assert not re.search(r"<script[^>]+src=\"(https?:)?//", html)  # no CDN scripts
    assert "text/x-mathjax-config" not in html and "require.min.js" not in html


def test_index_lists_report_with_parameters(beta_report: Path) -> None:
    index = (beta_report / "index.html").read_text()
    assert '<a href="pipeline_check--label-beta--scale-2.html">Pipeline check</a>' in index
    assert "label=&#34;beta&#34;, scale=2.0, fail=false" in index


def test_same_inputs_give_identical_html(beta_report: Path, tmp_path: Path, run_cli) -> None:
    code, _, _ = run_cli(
        "render", str(CHECK), "-p", "label", "beta", "-p", "scale", "2", "--out", str(tmp_path)
    )
    assert code == 0
    name = "pipeline_check--label-beta--scale-2.html"
    assert (tmp_path / name).read_bytes() == (beta_report / name).read_bytes()


def test_directory_mode_shares_one_plotly_js(tmp_path: Path, run_cli) -> None:
    code, _, _ = run_cli("render", str(CHECK), "--out", str(tmp_path), "--plotlyjs", "directory")
    assert code == 0
    html = (tmp_path / "pipeline_check.html").read_text()
    assert '<script src="plotly.min.js" charset="utf-8"></script>' in html
    assert PLOTLY_JS_MARK not in html
    assert PLOTLY_JS_MARK in (tmp_path / "plotly.min.js").read_text()[:200]
    assert len(html) < 500_000  # the inline report is ~5 MB


def test_a_set_of_more_than_20_runs_shares_one_plotly_js_by_default(tmp_path: Path, run_cli) -> None:
    lines = "".join(f"  - {{name: r{i}, notebook: {CHECK}, parameters: {{scale: {i}}}}}\n" for i in range(21))
    config = write_config(tmp_path, lines)
    code, _, err = run_cli(
        "render", "--config", str(config), "--out", str(tmp_path / "shared"), "--jobs", "2"
    )
    assert code == 0, err
    assert (tmp_path / "shared" / "plotly.min.js").is_file()
    assert all(PLOTLY_JS_MARK not in (tmp_path / "shared" / f"r{i}.html").read_text() for i in range(21))


def test_failing_run_goes_to_failed_and_keeps_good_report(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "reports"
    good = write_config(tmp_path, f"  - {{name: check, notebook: {CHECK}}}\n")
    assert run_cli("render", "--config", str(good), "--out", str(out))[0] == 0
    before = (out / "check.html").read_bytes()
    bad = write_config(
        tmp_path,
        f"  - {{name: check, notebook: {CHECK}, parameters: {{fail: true}}}}\n"
        f"  - {{name: other, notebook: {CHECK}, parameters: {{label: beta}}}}\n",
    )
    code, _, err = run_cli("render", "--config", str(bad), "--out", str(out), "--jobs", "2")
    assert code == 1
    assert "run 'check' failed in cell 5 (execution count 5): RuntimeError: asked to fail" in err
    assert "1 done, 1 failed" in err
    assert (out / "check.html").read_bytes() == before  # the good report is untouched
    failed = (out / "failed" / "check.html").read_text()
    assert "This run failed." in failed and "asked to fail" in failed
    assert "hl-ipython3" in failed  # inputs shown for diagnosis
    assert (out / "failed" / "check.ipynb").is_file()
    assert (out / "other.html").is_file()
    assert not list(out.glob(".*.tmp"))


def test_working_directory_does_not_matter(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("render", str(CHECK), "--out", "here")[0] == 0
    assert (tmp_path / "here" / "pipeline_check.html").is_file()


USAGE_ERRORS = {
    "unknown name": (
        ["-p", "colour", "red"],
        "nmosd-evidence render: unknown parameter 'colour' for pipeline_check;"
        " its parameters: fail, label, scale",
    ),
    "wrong type": (
        ["-p", "scale", "abc"],
        "nmosd-evidence render: parameter 'scale' of pipeline_check: 'abc' is not allowed; expected a number",
    ),
    "value not allowed": (
        ["-p", "label", "gamma"],
        "nmosd-evidence render: parameter 'label' of pipeline_check: 'gamma' is not allowed;"
        " expected one of: alpha, beta",
    ),
}


@pytest.mark.parametrize("case", sorted(USAGE_ERRORS))
def test_bad_parameters_are_refused_before_any_kernel(case: str, tmp_path: Path, run_cli) -> None:
    args, message = USAGE_ERRORS[case]
    code, _out, err = run_cli("render", str(CHECK), *args, "--out", str(tmp_path / "r"))
    assert (code, err.strip()) == (2, message)
    assert not (tmp_path / "r").exists()  # nothing started, nothing written


def test_unknown_notebook_names_the_known_ones(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli("render", "99_nothing", "--out", str(tmp_path))
    assert code == 2
    assert err.startswith("nmosd-evidence render: unknown notebook '99_nothing'; notebooks: ")


def test_run_name_escaping_out_is_refused(tmp_path: Path, run_cli) -> None:
    config = write_config(tmp_path, f"  - {{name: ../escape, notebook: {CHECK}}}\n")
    code, _, err = run_cli("render", "--config", str(config), "--out", str(tmp_path / "r"))
    assert code == 2
    assert err.strip() == (
        "nmosd-evidence render: runs.yml run 1 (../escape): run name '../escape' is not allowed (it must stay"
        " inside --out): use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit"
    )
    assert not (tmp_path / "escape.html").exists()


def test_jobs_must_be_positive(run_cli) -> None:
    code, _, err = run_cli("render", str(CHECK), "--jobs", "0")
    assert code == 2
    assert "argument --jobs: '0' is not a whole number >= 1" in err


def test_config_with_unknown_key_is_refused(tmp_path: Path, run_cli) -> None:
    config = write_config(tmp_path, f"  - {{name: a, notebook: {CHECK}, params: {{}}}}\n")
    code, _, err = run_cli("render", "--config", str(config))
    assert (code, err.strip()) == (
        2,
        "nmosd-evidence render: runs.yml run 1: unknown key 'params'; keys: name, notebook, parameters",
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_plain_lines_off_a_terminal_and_live_on_one(tmp_path: Path) -> None:
    from nmosd_evidence.render.batch import render_runs
    from nmosd_evidence.render.runs import command_line_runs

    runs = command_line_runs([str(CHECK)], [])
    plain, terminal = io.StringIO(), _Terminal()
    render_runs(runs, tmp_path / "a", jobs=1, stream=plain)
    render_runs(runs, tmp_path / "b", jobs=1, stream=terminal)
    lines = plain.getvalue().splitlines()
    assert lines[0] == f"rendering 1 run(s), 1 at a time, into {tmp_path / 'a'}"
    assert re.fullmatch(r"\[1/1\] pipeline_check: ok \(\d+\.\d s\) -> .*pipeline_check\.html", lines[1])
    assert re.fullmatch(r"1 done, 0 failed, in \d+\.\d s; index: .*index\.html", lines[2])
    assert "\033" not in plain.getvalue()
    assert "\r\033[K0/1 done, 1 to go" in terminal.getvalue()


def test_list_shows_each_notebook_with_parameters_and_allowed_values(run_cli) -> None:
    code, out, _ = run_cli("list")
    assert code == 0
    lines = out.splitlines()
    titles = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    assert titles == ["00_overview", "01_epidemiology", "02_progression", "03_hsct_outcomes", "04_treatment"]
    assert '  criteria = "any"  (one of: any, W2006, IPND2015)' in lines
    assert "  population = 1000000  (a whole number >= 1 and <= 10000000000)" in lines
    assert "  horizon_years = 5.0  (one of: 5, 10)" in lines  # read from the data
    assert "  include_autologous = True  (true or false)" in lines
    region = next(line for line in lines if line.startswith("  region = "))
    assert region.startswith('  region = "All"  (one of: All, Caribbean, East Asia, Europe,')


def test_reused_and_fresh_kernels_give_identical_reports(tmp_path: Path, run_cli) -> None:
    config = write_config(
        tmp_path,
        f"  - {{name: first, notebook: {CHECK}, parameters: {{label: beta, scale: 3}}}}\n"
        f"  - {{name: second, notebook: {CHECK}}}\n",
    )
    for mode in ("reused", "fresh"):
        extra = ["--fresh-kernels"] if mode == "fresh" else []
        assert (
            run_cli("render", "--config", str(config), "--jobs", "1", "--out", str(tmp_path / mode), *extra)[
                0
            ]
            == 0
        )
    for name in ("first", "second"):
        assert (tmp_path / "reused" / f"{name}.html").read_bytes() == (
            tmp_path / "fresh" / f"{name}.html"
        ).read_bytes()
    second = json.loads((tmp_path / "reused" / "second.ipynb").read_text())
    assert [c["execution_count"] for c in second["cells"] if c["cell_type"] == "code"] == [1, 2, 3, 4]


def test_run_names_keep_parameter_values_apart() -> None:
    from nmosd_evidence.render.runs import command_line_runs, value_slug

    assert [value_slug(v) for v in ("AQP4+", "AQP4-", "all", "not traceable", 2.5, "freeman-tukey")] == [
        "aqp4-pos", "aqp4-neg", "all", "not-traceable", "2.5", "freeman-tukey",
    ]  # fmt: skip
    positive = command_line_runs(["01_epidemiology"], [("serostatus", "AQP4+")])[0].name
    negative = command_line_runs(["01_epidemiology"], [("serostatus", "AQP4-")])[0].name
    assert (positive, negative) == (
        "01_epidemiology--serostatus-aqp4-pos", "01_epidemiology--serostatus-aqp4-neg",
    )  # fmt: skip


def test_a_name_collision_in_one_batch_is_refused(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli("render", str(CHECK), str(CHECK), "--out", str(tmp_path / "r"))
    assert code == 2
    assert err.strip() == (
        f"nmosd-evidence render: {CHECK}: run name 'pipeline_check' is already taken in this batch "
        "(notebook given twice?)"
    )
    assert not (tmp_path / "r").exists()


def test_the_largest_notebooks_start_first_and_equal_ones_keep_their_order() -> None:
    from nmosd_evidence.render.batch import longest_first
    from nmosd_evidence.render.runs import load_config

    runs = load_config(Path(__file__).parents[1] / "reports.yml")
    ordered = longest_first(runs)
    sizes = [run.notebook.stat().st_size for run in ordered]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    assert ordered[0].notebook.name == "01_epidemiology.ipynb"  # the longest runs of the default set
    for notebook in {run.notebook for run in runs}:
        listed = [run.name for run in runs if run.notebook == notebook]
        assert [run.name for run in ordered if run.notebook == notebook] == listed
