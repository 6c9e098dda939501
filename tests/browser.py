"""Opening a report in headless Chromium (Debian's package) with every non-``file:`` request aborted."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nmosd_evidence.render.pdf import BROWSER_FLAGS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [*BROWSER_FLAGS, "--disable-quic"]


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
    dialogs: list[str] = field(default_factory=list)
    link_protocols: list[str] = field(default_factory=list)
    tables: int = 0
    tags: dict[str, int] = field(default_factory=dict)
    text: str = ""
    figure_strings: list[str] = field(default_factory=list)
    toolbars: list[list[str]] = field(default_factory=list)  # each chart's toolbar buttons, by title
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (file name, href) of data downloads


# Element counts by tag name outside the plotly charts (whose SVG depends on text lengths).
TAGS_SCRIPT = """() => {
    const counts = {};
    for (const element of document.querySelectorAll("body *")) {
        if (element.closest(".plotly-graph-div")) continue;
        const tag = element.tagName.toLowerCase();
        counts[tag] = (counts[tag] || 0) + 1;
    }
    return counts;
}"""
# Every string of every chart's data and layout (hover text, tick labels, names, titles, annotations).
FIGURE_STRINGS_SCRIPT = """() => {
    const found = [];
    const walk = (value, depth) => {
        if (typeof value === "string") found.push(value);
        else if (value && typeof value === "object" && depth < 12)
            for (const key of Object.keys(value)) if (key !== "_input") walk(value[key], depth + 1);
    };
    for (const div of document.querySelectorAll(".plotly-graph-div")) {
        walk(div.data, 0);
        walk(div.layout, 0);
    }
    return found;
}"""


TOOLBARS_SCRIPT = """() => [...document.querySelectorAll(".plotly-graph-div")].map(
    div => [...div.querySelectorAll(".modebar-btn")].map(button => button.getAttribute("data-title")))"""


def open_offline(browser, path: Path) -> PageCheck:
    """Open ``path`` from disk; record errors, requests and dialogs (dismissed); count plotly figures,
    drawn ones, tables and elements by tag; collect links (as written and the protocol the browser
    resolves), the visible text and the strings of the charts."""
    result = PageCheck()
    page = browser.new_page()

    def dialog(dialog_) -> None:
        result.dialogs.append(f"{dialog_.type}: {dialog_.message}")
        dialog_.dismiss()

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
    page.on("dialog", dialog)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    result.figures = page.locator(".plotly-graph-div").count()
    result.drawn_figures = page.locator(".plotly-graph-div:has(.main-svg)").count()
    # The "Download the data" links (data: URIs the renderer writes) are collected apart from the others.
    links = "a[href]:not(.nmosd-download > a[download])"
    result.links = page.eval_on_selector_all(links, "links => links.map(a => a.getAttribute('href'))")
    result.link_protocols = page.eval_on_selector_all(links, "links => links.map(a => a.protocol)")
    result.downloads = page.eval_on_selector_all(
        ".nmosd-download > a[download]", "links => links.map(a => [a.getAttribute('download'), a.href])"
    )
    result.tables = page.locator("table").count()
    result.tags = page.evaluate(TAGS_SCRIPT)
    result.text = page.evaluate("() => document.body.innerText")
    result.figure_strings = page.evaluate(FIGURE_STRINGS_SCRIPT)
    result.toolbars = page.evaluate(TOOLBARS_SCRIPT)
    page.close()
    return result
