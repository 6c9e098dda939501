"""Opening a report in headless Chromium (Debian's package) with every non-``file:`` request aborted."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass
class PageCheck:
    """What a page did when opened offline."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    figures: int = 0
    drawn_figures: int = 0
    links: list[str] = field(default_factory=list)


def open_offline(browser, path: Path) -> PageCheck:
    """Open ``path`` from disk; record errors and requests; count plotly figures and drawn ones."""
    result = PageCheck()
    page = browser.new_page()

    def route(route_) -> None:
        if route_.request.url.startswith("file:"):
            route_.continue_()
        else:
            result.blocked_requests.append(route_.request.url)
            route_.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda message: result.console_errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: result.page_errors.append(str(error)))
    page.on("requestfailed", lambda request: result.failed_requests.append(request.url))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    result.figures = page.locator(".plotly-graph-div").count()
    result.drawn_figures = page.locator(".plotly-graph-div:has(.main-svg)").count()
    result.links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    page.close()
    return result
