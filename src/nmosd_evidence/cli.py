"""Command line: ``nmosd-evidence validate | list | render | refs | todo``.

Exit codes: 0 success, 1 invalid data or a failed run, 2 usage error (bad option, parameter or path).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .datapackage.package import default_data_dir, shipped
from .datapackage.problems import DataError

if TYPE_CHECKING:
    from .render.kernels import KernelSession
    from .render.runs import Run

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
SHARED_PLOTLY_RUNS = 20  # larger run sets share one plotly.min.js unless --plotlyjs says otherwise


class UsageError(Exception):
    """A bad option, parameter or path; the message says what is allowed."""


def _data_dir(value: str | None) -> Path:
    path = Path(value).resolve() if value else default_data_dir()
    if not (path / "datapackage.json").is_file():
        raise UsageError(f"--data {value or path}: no datapackage.json in that folder")
    return path


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the data package; print one ``file:row:field: message`` line per problem."""
    from .datapackage.validation import validate_package

    data_dir = _data_dir(args.data)
    problems = validate_package(data_dir, frictionless=not args.no_frictionless)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {data_dir}", file=sys.stderr)
        return EXIT_INVALID
    print(f"data package valid: {data_dir}", file=sys.stderr)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """Each notebook with its title and parameters (name, type, default, allowed values)."""
    from . import params
    from .render import notebooks

    for name, path in notebooks.available().items():
        notebook = notebooks.info(path)
        print(f"{name}: {notebook.title}")
        model = params.model_for(name) if name in params.MODELS else None
        for parameter in notebook.parameters:
            accepts = (
                params.allowed(model, parameter.name)
                if model and parameter.name in model.model_fields
                else "?"
            )
            print(f"  {parameter.name} = {parameter.source}  ({accepts})")
    return EXIT_OK


def _check_writable(folder: Path, given: str) -> None:
    """``UsageError`` naming ``--out`` when reports cannot be written into ``folder``; before any run."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise UsageError(f"--out {given}: cannot write reports there: {exc.strerror or exc}") from None


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= 1")
    return int(text)


def _scheduler(text: str) -> str:
    """``local`` or a Dask scheduler address ``tcp://HOST:PORT``."""
    if text == "local" or re.fullmatch(r"tcp://[^\s/:]+:\d{1,5}", text):
        return text
    raise argparse.ArgumentTypeError(f"{text!r}: expected local or tcp://HOST:PORT (a Dask scheduler)")


def _all_unchanged(runs: list[Run], out_dir: Path, plotly_mode: str) -> bool:
    """When no run needs rendering, print each as skipped and the summary, and return True; checked
    before the render path (papermill, nbconvert, plotly) is imported, which would cost more than the
    check itself."""
    from .render.freeze import all_unchanged
    from .render.progress import RunResult, write_progress, write_summary

    started = time.perf_counter()
    if not all_unchanged(runs, out_dir, plotly_mode):
        return False
    skipped = [RunResult(run, out_dir / f"{run.name}.html", 0.0, skipped=True) for run in runs]
    for done, result in enumerate(skipped, start=1):
        write_progress(sys.stderr, done, len(runs), result)
    write_summary(sys.stderr, skipped, time.perf_counter() - started, out_dir / "index.html")
    return True


def _warm_kernel(args: argparse.Namespace) -> KernelSession | None:
    """A kernel started at once for a render on this machine, importing what the notebooks import while
    this process loads the render path (``KernelSession.warm``); it becomes one of the render's slots
    (``engines.LocalEngine``). None for fresh kernels or a Dask cluster, when a named notebook is unknown
    (reported with the other run errors later), or when the output folder's index is newer than every
    input (the notebooks, the run list, the data): a render that has most likely nothing to do would
    pay for starting and stopping the kernel (about 0.5 s, a third of an unchanged render)."""
    if args.fresh_kernels or args.scheduler != "local":
        return None
    from .render.notebooks import available, info, resolve
    from .render.records import index_newer_than

    try:
        notebooks = [resolve(spec) for spec in args.notebooks] or list(available().values())
    except LookupError:
        return None
    run_list = [] if args.notebooks else [Path(args.config) if args.config else shipped("reports.yml")]
    inputs = [*notebooks, *run_list, default_data_dir()]
    if not notebooks or (not args.force and index_newer_than(Path(args.out), inputs)):
        return None
    from .render.kernels import KernelSession

    modules = dict.fromkeys(module for notebook in notebooks for module in info(notebook).imports)
    session = KernelSession()
    session.warm(notebooks[0].parent, tuple(modules))
    return session


def cmd_render(args: argparse.Namespace) -> int:
    """Render notebooks (or the runs of --config) to HTML reports; exit 1 if any run failed."""
    warm = _warm_kernel(args)
    try:
        return _render(args, warm)
    finally:
        if warm is not None:
            warm.close()  # a no-op once the render has closed it


def _render(args: argparse.Namespace, warm: KernelSession | None) -> int:
    from .render import runs as run_config

    out_dir = Path(args.out).resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {args.out}: exists and is not a folder")
    try:
        if args.notebooks:
            if args.config:
                raise UsageError("give notebooks or --config, not both")
            selected = run_config.command_line_runs(args.notebooks, args.param or [])
        else:
            if args.param:
                raise UsageError("-p needs the NOTEBOOK it applies to")
            selected = run_config.load_config(Path(args.config) if args.config else shipped("reports.yml"))
    except run_config.RunError as exc:
        raise UsageError(str(exc)) from None
    _check_writable(out_dir, args.out)
    plotly_mode = args.plotlyjs or ("directory" if len(selected) > SHARED_PLOTLY_RUNS else "inline")
    if not (args.force or args.pdf) and _all_unchanged(selected, out_dir, plotly_mode):
        return EXIT_OK
    from .render.batch import RenderInterrupted, default_jobs, render_runs
    from .render.pdf import PdfError, chromium

    if args.pdf:
        try:
            chromium()
        except PdfError as exc:
            raise UsageError(str(exc)) from None

    engine = None  # this machine: worker processes, and this process on the warm kernel
    if args.scheduler != "local":
        from .render.distributed import DaskEngine, SchedulerError

        try:
            engine = DaskEngine(args.scheduler)
        except SchedulerError as exc:
            raise UsageError(str(exc)) from None
    try:
        results = render_runs(
            selected,
            out_dir,
            args.jobs or default_jobs(),
            plotly_mode,
            fresh_kernels=args.fresh_kernels,
            cell_timeout=args.cell_timeout,
            pdf=args.pdf,
            force=args.force,
            engine=engine,
            warm=warm,
        )
    except RenderInterrupted as stop:
        print(f"nmosd-evidence render: {stop}", file=sys.stderr)
        return stop.exit_code
    return EXIT_OK if all(r.ok for r in results) else EXIT_INVALID


def cmd_refs(args: argparse.Namespace) -> int:
    """Print the sources (all, or those NOTEBOOK's report cites) as BibTeX, CSL-JSON or Markdown."""
    from .datapackage import load
    from .present.citations import export

    sources = load("sources")
    if args.used_by is not None:
        from . import params
        from .render.notebooks import resolve
        from .reports.catalogue import report_evidence

        try:
            notebook = resolve(args.used_by).stem
            evidence = report_evidence(notebook, **params.check(notebook, {}).model_dump())
        except (LookupError, params.ParameterError) as exc:
            raise UsageError(str(exc).strip("'\"")) from None
        sources = sources[sources["source_id"].isin(evidence["source_id"])]
    sys.stdout.write(export(sources, args.format))
    return EXIT_OK


def _choices(option: str, given: list[str] | None, allowed: list[str]) -> list[str]:
    """``given`` (default: every allowed value); ``UsageError`` naming the first value not allowed."""
    for value in given or []:
        if value not in allowed:
            raise UsageError(f"{option} {value!r} is not allowed; expected one of: {', '.join(allowed)}")
    return list(given or allowed)


def cmd_todo(args: argparse.Namespace) -> int:
    """Print every evidence row below ``verified``, with the record to read and how to raise it, as CSV."""
    from .core.curation import below_verified, needs_checking
    from .core.vocabulary import STATUS_ORDER
    from .datapackage import load, table_names
    from .datapackage.layout import status_tables
    from .datapackage.package import resource

    data_dir = _data_dir(args.data)
    present = [name for name in status_tables() if name in table_names(data_dir)]
    tables = _choices("--table", args.table, present)
    statuses = _choices("--status", args.status, [s for s in STATUS_ORDER if below_verified(s)])
    frames = {name: load(name, data_dir) for name in tables}
    files = {name: resource(name, data_dir)["path"] for name in tables}
    todo = needs_checking(frames, load("sources", data_dir), files)
    todo = todo[todo["status"].isin(statuses)]
    sys.stdout.write(todo.to_csv(index=False, lineterminator="\n"))
    return EXIT_OK


def cmd_changes(args: argparse.Namespace) -> int:
    """Print, as Markdown, what changed between two data versions (folders or git revisions)."""
    import tempfile

    from .datapackage.compare import VersionError, compare_tables, data_folder, status_changes
    from .datapackage.package import shipped
    from .present.changes import changes_markdown
    from .reports.headlines import headline_figures

    repository = Path(args.repo).resolve() if args.repo else shipped("data").parent
    with tempfile.TemporaryDirectory(prefix="nmosd-changes-") as scratch:
        try:
            old, new = (data_folder(v, repository, Path(scratch)) for v in (args.old, args.new))
        except VersionError as exc:
            raise UsageError(str(exc)) from None
        tables = compare_tables(old, new)
        headlines = []
        for label, folder in ((args.old, old), (args.new, new)):
            try:
                headlines.append(headline_figures(folder))
            except DataError as exc:
                first = exc.problems[0] if exc.problems else "unknown problem"
                headlines.append(
                    f"Headline figures of {label} not computed: its data does not pass today's checks "
                    f"({first})."
                )
            except (KeyError, ValueError, TypeError) as exc:  # an older layout than today's code reads
                headlines.append(
                    f"Headline figures of {label} not computed: its tables predate what today's reports "
                    f"read ({type(exc).__name__}: {exc})."
                )
        sys.stdout.write(
            changes_markdown(args.old, args.new, tables, status_changes(tables), tuple(headlines))
        )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nmosd-evidence",
        description="Sourced NMOSD evidence tables and reports. Research information, not medical advice.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check the data package (exit 0 valid, 1 invalid, 2 usage)")
    validate.add_argument("--data", metavar="DIR", help="data package folder (default: the shipped data/)")
    validate.add_argument(
        "--no-frictionless", action="store_true", help="skip the Frictionless pass (faster)"
    )
    validate.set_defaults(func=cmd_validate)

    listing = sub.add_parser("list", help="notebooks with their titles and parameters")
    listing.set_defaults(func=cmd_list)

    render = sub.add_parser("render", help="render notebooks to offline HTML reports (exit 1 if a run fails)")
    render.add_argument(
        "notebooks", nargs="*", metavar="NOTEBOOK", help="notebook stems or paths (default: --config runs)"
    )
    render.add_argument(
        "-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), help="a parameter for NOTEBOOK"
    )
    render.add_argument("--config", metavar="FILE", help="named runs (default: the collection's reports.yml)")
    render.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports)")
    render.add_argument(
        "--jobs", type=_positive_int, default=None, metavar="N", help="parallel runs (default: cores)"
    )
    render.add_argument(
        "--plotlyjs",
        choices=["inline", "directory"],
        default=None,
        help="plotly.js inline in each report (about 5 MB each), or one shared plotly.min.js beside them "
        f"(default: inline, or directory for more than {SHARED_PLOTLY_RUNS} runs)",
    )
    render.add_argument(
        "--scheduler",
        type=_scheduler,
        default="local",
        metavar="local|tcp://HOST:PORT",
        help="where runs execute: this machine's worker processes (local, the default), or the workers "
        "of a Dask scheduler (needs the [dask] extra; --jobs is then the cluster's)",
    )
    render.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="a new kernel for every run (default: each worker reuses one kernel, reset between runs)",
    )
    render.add_argument(
        "--cell-timeout",
        type=_positive_seconds,
        default=300.0,
        metavar="SECONDS",
        help="a cell running longer fails its run; its kernel is replaced (default: 300)",
    )
    render.add_argument(
        "--force",
        action="store_true",
        help="render every run, also those whose inputs have not changed since their last good report",
    )
    render.add_argument(
        "--pdf",
        action="store_true",
        help="also print each report to an A4 PDF beside its HTML (needs Debian's chromium)",
    )
    render.set_defaults(func=cmd_render)

    refs = sub.add_parser("refs", help="export the cited sources as BibTeX, CSL-JSON or Markdown")
    refs.add_argument("--format", choices=["bibtex", "csl-json", "markdown"], default="bibtex")
    refs.add_argument(
        "--used-by",
        metavar="NOTEBOOK",
        help="only the sources in that notebook's reference list (its report)",
    )
    refs.set_defaults(func=cmd_refs)

    todo = sub.add_parser(
        "todo", help="evidence rows below verified, with the record to read and how to raise them (CSV)"
    )
    todo.add_argument("--data", metavar="DIR", help="data package folder (default: the shipped data/)")
    todo.add_argument("--table", action="append", metavar="NAME", help="only this table (repeatable)")
    todo.add_argument(
        "--status", action="append", metavar="STATUS", help="only rows with this status (repeatable)"
    )
    todo.set_defaults(func=cmd_todo)

    changes = sub.add_parser(
        "changes",
        help="what changed between two data versions: rows, sources, statuses, headline figures (Markdown)",
    )
    changes.add_argument("old", metavar="OLD", help="a data folder or a git revision (e.g. the tag data-v1)")
    changes.add_argument("new", metavar="NEW", help="a data folder or a git revision (e.g. HEAD or data/)")
    changes.add_argument(
        "--repo", metavar="DIR", help="the git repository of the revisions (default: this checkout)"
    )
    changes.set_defaults(func=cmd_changes)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"nmosd-evidence {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        shown = "; ".join(str(p) for p in exc.problems[:3]) + ("; …" if len(exc.problems) > 3 else "")
        print(
            f"nmosd-evidence {args.command}: the data package is invalid ({len(exc.problems)} problem(s): "
            f"{shown}); run `nmosd-evidence validate` for the full list",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"nmosd-evidence {args.command}: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
