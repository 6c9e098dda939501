"""A PDF beside an HTML report, printed by headless Chromium (Debian's ``chromium``) on A4 landscape
(the report's ``@page`` rule: forest plots with their row labels and the wide tables need the width).

The page is laid out at the width of the printed page (``PAGE_WIDTH_PX``) so that every chart is drawn
to fit it; the report's print stylesheet wraps tables and leaves the chart toolbar and the download
links off the paper. Written under a temporary name and renamed, so a failed print leaves any earlier
PDF as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# A4 landscape less the 12 mm margins of the report's @page rule: 273 mm at 96 CSS px per inch.
PAGE_WIDTH_PX = 1032
# Debian's Chromium headless, without network side-traffic (the browser checks use the same flags).
BROWSER_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CHROMIUM_FLAGS = (
    "--headless",
    *BROWSER_FLAGS,
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=10000",  # let every chart finish drawing before the page is printed
)
PRINT_TIMEOUT_S = 180.0


class PdfError(RuntimeError):
    """The PDF could not be printed; the message says why in one line."""


def chromium() -> str:
    """The Chromium executable (``$NMOSD_EVIDENCE_CHROMIUM``, else ``chromium`` on the PATH)."""
    found = os.environ.get("NMOSD_EVIDENCE_CHROMIUM") or shutil.which("chromium")
    if not found:
        raise PdfError("--pdf needs Chromium: install it with 'sudo apt-get install chromium'")
    return found


def write_pdf(html: Path) -> Path:
    """Print ``html`` to ``html`` with the suffix ``.pdf`` (A4); return the PDF's path."""
    target = html.with_suffix(".pdf")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".pdf.tmp", dir=target.parent)
    os.close(handle)
    profile = tempfile.mkdtemp(prefix="nmosd-chromium-")
    command = [
        chromium(),
        *CHROMIUM_FLAGS,
        f"--window-size={PAGE_WIDTH_PX},1100",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={temporary}",
        html.resolve().as_uri(),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False)
        if done.returncode != 0 or Path(temporary).stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise PdfError(f"Chromium could not print {html.name} (exit {done.returncode}): {last}")
        os.replace(temporary, target)
    except subprocess.TimeoutExpired:
        raise PdfError(f"Chromium took longer than {PRINT_TIMEOUT_S:g} s to print {html.name}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
        shutil.rmtree(profile, ignore_errors=True)
    return target
