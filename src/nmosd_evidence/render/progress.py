"""What became of each run, and the lines a render prints about it (also for a set found unchanged
before the render path is even imported, ``cli.cmd_render``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .runs import Run

SKIPPED = "unchanged since its last render, skipped (--force renders it)"


@dataclass(frozen=True)
class RunResult:
    """What became of a run: ``error`` is None on success; ``html`` is where its report went (``None``
    when nothing could be written)."""

    run: Run
    html: Path | None
    seconds: float
    error: str | None = None
    skipped: bool = False  # its inputs had not changed since its last good report (``render.freeze``)

    @property
    def ok(self) -> bool:
        return self.error is None


def write_progress(stream: TextIO, done: int, total: int, result: RunResult) -> None:
    """``[done/total] name: state -> where`` for a finished (or skipped) run."""
    html = result.html
    where = "nothing written" if html is None or not html.is_file() else html
    if isinstance(where, Path) and where.is_relative_to(Path.cwd()):
        where = where.relative_to(Path.cwd())
    state = "ok" if result.ok else f"FAILED in {result.error}"
    state += f" ({result.seconds:.1f} s)"
    if result.skipped:
        state = SKIPPED
    stream.write(f"[{done}/{total}] {result.run.name}: {state} -> {where}\n")
    stream.flush()


def write_summary(stream: TextIO, results: list[RunResult], seconds: float, index: Path) -> None:
    """The closing lines: counts, time, the index, and each failed run with its error."""
    failed = [r for r in results if not r.ok]
    skipped = sum(r.skipped for r in results)
    unchanged_note = f" ({skipped} unchanged, skipped)" if skipped else ""
    stream.write(
        f"{len(results) - len(failed)} done{unchanged_note}, {len(failed)} failed, in {seconds:.1f} s; "
        f"index: {index}\n"
    )
    for result in failed:
        stream.write(f"run {result.run.name!r} failed in {result.error}\n")
