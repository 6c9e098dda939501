"""Benchmark: `nmosd-evidence render` versus the naive loop, on the default run set (reports.yml).

The naive loop is what a researcher would write with the stock tools: for each run, the papermill CLI,
then `jupyter nbconvert --to html --no-input`, one run after another. After one untimed warm-up render by
each, the two are timed alternately on the same machine; the script prints both medians, the ratio
(target: <= 0.08 for the default set) and the ratio of each repeat, the per-run time and the report sizes
(inline and directory mode). Then, side by side in the same run: one report (01_epidemiology) by
`nmosd-evidence render` against the naive papermill + nbconvert pair (target <= 0.35), with the floor
beside it (a kernel started and the notebook executed in it, nothing else), and re-rendering the
unchanged default set against rendering it (target <= 0.1). Last, a generated set of ``--large`` runs
(default 200; 0 skips it) in directory mode, on the local pool and on a Dask LocalCluster of as many
one-thread workers, with the per-run cost and output size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402
from run_set import generated_runs  # noqa: E402

from nmosd_evidence.render.runs import load_config  # noqa: E402

RUNS = load_config(ROOT / "reports.yml")


def timed(command: list[list[str]]) -> float:
    started = time.perf_counter()
    for argv in command:
        subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def ours(out: Path, mode: str = "inline") -> list[list[str]]:
    return [
        [
            str(BIN / "nmosd-evidence"),
            "render",
            "--config",
            "reports.yml",
            "--out",
            str(out),
            "--plotlyjs",
            mode,
        ]
    ]


def naive(out: Path) -> list[list[str]]:
    commands = []
    for run in RUNS:
        executed = out / f"{run.name}.ipynb"
        papermill = [
            str(BIN / "papermill"),
            str(run.notebook),
            str(executed),
            "-k",
            "python3",
            "--no-progress-bar",
        ]
        for name, value in run.parameters.items():
            papermill += [
                "-y",
                f"{name}: {value!r}" if isinstance(value, str) else f"{name}: {str(value).lower()}",
            ]
        commands.append(papermill)
        commands.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
    return commands


SINGLE = "01_epidemiology"


def ours_single(out: Path) -> list[list[str]]:
    return [[str(BIN / "nmosd-evidence"), "render", SINGLE, "--out", str(out)]]


def naive_single(out: Path) -> list[list[str]]:
    executed = out / f"{SINGLE}.ipynb"
    notebook = ROOT / "notebooks" / f"{SINGLE}.ipynb"
    return [
        [str(BIN / "papermill"), str(notebook), str(executed), "-k", "python3", "--no-progress-bar"],
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
    ]


def floor_seconds() -> tuple[float, float]:
    """The floor of one report: seconds to start a kernel, and to execute ``SINGLE`` in it (its imports
    and cells), with nothing else (no command line, parameters, export or files)."""
    import nbformat
    from jupyter_client.manager import start_new_kernel
    from nbclient import NotebookClient

    notebook = nbformat.read(ROOT / "notebooks" / f"{SINGLE}.ipynb", as_version=4)
    started = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"))
    kernel = time.perf_counter() - started
    try:
        started = time.perf_counter()
        NotebookClient(notebook, km=manager, kc=client).execute()
        return kernel, time.perf_counter() - started
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def large_set(scratch: Path, count: int, workers: int) -> None:
    """The generated set rendered on the local pool, then on a LocalCluster; per-run cost and size."""
    from distributed import LocalCluster

    config = scratch / "large.yml"
    config.write_text(yaml.safe_dump({"runs": generated_runs(count)}, sort_keys=False))
    base = [str(BIN / "nmosd-evidence"), "render", "--config", str(config), "--plotlyjs", "directory"]
    local = scratch / "large-local"
    seconds = {"local pool": timed([[*base, "--out", str(local), "--jobs", str(workers)]])}
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        address = cluster.scheduler_address
        seconds["LocalCluster"] = timed(
            [[*base, "--out", str(scratch / "large-dask"), "--scheduler", address]]
        )
    html, shared = size_mb(local, "*.html") - size_mb(local, "index.html"), size_mb(local, "plotly.min.js")
    print(f"generated set: {count} runs, directory mode, {workers} workers")
    for label, wall in seconds.items():
        print(f"  {label:12s} {wall:7.1f} s wall, {wall / count:.2f} s per run")
    print(f"  output: {html / count:.2f} MB HTML per run (+ plotly.min.js {shared:.2f} MB once); "
          f"{html:.0f} MB in all, against about {html + count * shared:.0f} MB inline")  # fmt: skip


def warm_up(scratch: Path) -> None:
    """One untimed render by each side first, as benchmark tools warm up: ours renders the default set,
    the naive side one report (papermill + nbconvert, whose work per run is the same every time). The
    first render on a new machine or checkout writes Python's byte-code files and fills the
    validated-table cache, a one-off cost that no repeat pays again."""
    for label, make in {"ours": ours, "naive": naive_single}.items():
        out = scratch / f"warm-up-{label}"
        out.mkdir()
        timed(make(out))


def alternate(scratch: Path, pairs: dict, repeats: int) -> dict[str, list[float]]:
    """Each command of ``pairs`` (label -> command maker) timed ``repeats`` times, alternately."""
    times: dict[str, list[float]] = {label: [] for label in pairs}
    for repeat in range(repeats):
        for label, make in pairs.items():
            out = scratch / f"{label}-{repeat}"
            out.mkdir()
            times[label].append(timed(make(out)))
            print(f"repeat {repeat + 1}: {label:12s} {times[label][-1]:6.1f} s", flush=True)
    return times


def size_mb(folder: Path, pattern: str) -> float:
    return sum(p.stat().st_size for p in folder.glob(pattern)) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--large", type=int, default=200, help="runs in the generated set (0: skip it)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the generated set")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="nmosd-bench-"))
    try:
        warm_up(scratch)
        times = alternate(scratch, {"ours": ours, "naive": naive}, args.repeats)
        single = alternate(scratch, {"ours-single": ours_single, "naive-single": naive_single}, args.repeats)
        again = [timed(ours(scratch / f"ours-{repeat}")) for repeat in range(args.repeats)]  # all current
        directory = scratch / "directory"
        timed(ours(directory, "directory"))
        ours_median, naive_median = statistics.median(times["ours"]), statistics.median(times["naive"])
        inline = scratch / "ours-0"
        print(f"runs: {len(RUNS)}")
        print(f"median ours:  {ours_median:.1f} s ({ours_median / len(RUNS):.2f} s per run)")
        print(f"median naive: {naive_median:.1f} s ({naive_median / len(RUNS):.2f} s per run)")
        print(f"ratio ours/naive: {ours_median / naive_median:.3f} (target <= 0.08)")
        each_repeat = " ".join(f"{o / n:.3f}" for o, n in zip(times["ours"], times["naive"], strict=True))
        print(f"  each repeat, side by side: {each_repeat}")
        ours_one, naive_one = (
            statistics.median(single["ours-single"]),
            statistics.median(single["naive-single"]),
        )
        print(f"one report ({SINGLE}): ours {ours_one:.1f} s, naive papermill + nbconvert {naive_one:.1f} s")
        print(f"ratio one report ours/naive: {ours_one / naive_one:.3f} (target <= 0.35)")
        kernel, executed = floor_seconds()
        print(f"floor of one report: kernel start {kernel:.1f} s + imports and cells {executed:.1f} s "
              f"= {kernel + executed:.1f} s (ours {ours_one:.1f} s)")  # fmt: skip
        unchanged = statistics.median(again)
        print(f"unchanged default set re-rendered: {unchanged:.1f} s (every run skipped)")
        print(f"ratio unchanged/full render: {unchanged / ours_median:.3f} (target <= 0.1)")
        print(
            f"report size inline:    {size_mb(inline, '*.html') / len(RUNS):.2f} MB per report (incl. index)"
        )
        print(
            f"report size directory: {size_mb(directory, '*.html') / len(RUNS):.2f} MB per report"
            f" + plotly.min.js {size_mb(directory, 'plotly.min.js'):.2f} MB once"
        )
        if args.large:
            large_set(scratch, args.large, args.workers)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
