"""Executed notebook -> offline HTML report: code hidden, plotly charts drawn, a header of provenance.

Stock nbconvert cannot show ``application/vnd.plotly.v1+json`` (the chart silently disappears) and its
lab template loads require.js and MathJax from a CDN. ``PlotlyToHtml`` turns each plotly output into a
``div`` with a stable id plus ``Plotly.newPlot``; the ``nmosd_report`` template drops the CDN scripts and
puts plotly.js in the page once (inline) or as a sibling ``plotly.min.js`` (directory mode).

Markdown (cells and outputs) and HTML outputs pass through ``safe_html.neutralised`` on the way out: a
last line of defence that drops link targets other than http(s), mailto or relative, event handlers
and script-like elements, which nbconvert would keep (see ``SafeOutputs`` and ``ReportExporter``).
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from functools import cache
from pathlib import Path
from typing import Literal

import nbformat
import plotly.io as pio
from jinja2 import pass_context
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from plotly.offline import get_plotlyjs

from ..present.downloads import DOWNLOAD_MIME
from ..present.text import render_template
from .downloads import DownloadContext, DownloadLinks, output_text
from .files import write_atomic
from .safe_html import neutralised

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS_FILE = "plotly.min.js"
TEMPLATES = Path(__file__).parent / "templates"
NOTICE = (
    "Research information, not medical advice. This report summarises published evidence for research "
    "and education; decisions about diagnosis or treatment belong with qualified clinicians."
)
PlotlyMode = Literal["inline", "directory"]
# The chart toolbar: no Plotly logo, no "Share chart" button (plotly.js 3 shows it by default and it uploads
# the chart to Plotly Cloud), no selection tools; two download buttons of the page's own, named for what
# they give: SVG (vector, for a paper) and PNG for print (300 dpi at 183 mm, a two-column journal figure).
DOWNLOAD_BUTTONS = ("nmosdSvgButton", "nmosdPngButton")  # defined by ``chart_script``
CHART_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "toImage", "select2d", "lasso2d"],
    "modeBarButtonsToAdd": [f"__{name}__" for name in DOWNLOAD_BUTTONS],
}
PNG_PX = 2161  # the print PNG's width: 183 mm at 300 dpi
PRINT_CHART_PX = 1000  # A4 landscape (297 mm) less 12 mm margins each side: 273 mm, about 1,030 CSS px
NARROW_PX, SHORT_LABEL = 640, 16  # below this chart width, row labels are cut to this many characters
MARKUP_MIMES = ("text/html", "image/svg+xml")  # outputs nbconvert puts in the page as they are
PLOTLY_SCRIPT_PLACE = f"<!-- plotly.js {secrets.token_hex(16)} -->"  # data cannot know this process's


class SafeOutputs(Preprocessor):
    """``safe_html.neutralised`` on every HTML (and SVG) output; runs before ``PlotlyToHtml``, whose
    figure JSON is escaped by plotly itself."""

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in MARKUP_MIMES:
                if mime in data:
                    text = data[mime]
                    data[mime] = neutralised(output_text(text))
        return cell, resources


class TitleOnce(Preprocessor):
    """Drop the notebook's own '# Title' line (its first Markdown cell's first line): the report
    header already shows the run's title, and a title twice reads as a mistake."""

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            first, _, rest = cell.source.partition("\n")
            if first.startswith("# "):
                cell.source = rest.lstrip("\n")
            break
        return nb, resources


# What nbconvert's HTMLExporter adds after rendering, by re-parsing the whole page with BeautifulSoup
# (about 1 s per report here, a third of the export): keyboard focus on each cell's input and output,
# and alternative text on images without it. The template writes these tags itself, so plain patterns
# find them; text from cells and data reaches the page escaped and cannot form a tag.
FOCUSABLE = re.compile(
    r'<div class="(?=(?:[^"]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)[\s"])'
    r"(?P<attrs>[^>]*?)(?P<end>/?)>"
)
IMAGE_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)")
MISSING_ALT = 'alt="No description has been provided for this image"'


def _focusable(match: re.Match[str]) -> str:
    attrs = match["attrs"]
    return match[0] if "tabindex=" in attrs else f'<div class="{attrs} tabindex="0"{match["end"]}>'


def accessible(html: str) -> str:
    """``html`` with what nbconvert's post-pass adds: ``tabindex="0"`` on cell inputs and outputs, and
    alternative text on every image that has none."""
    html = FOCUSABLE.sub(_focusable, html)
    return IMAGE_WITHOUT_ALT.sub(f"<img {MISSING_ALT}", html)


class ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter whose Markdown (cells and ``text/markdown`` outputs) is neutralised
    after rendering: mistune keeps any link target, ``javascript:`` included, and raw HTML."""

    @pass_context
    def markdown2html(self, context, source):
        return neutralised(super().markdown2html(context, source))

    def from_notebook_node(self, nb, resources=None, **kw):  # type: ignore[no-untyped-def]
        """``HTMLExporter.from_notebook_node`` (nbconvert 7.17) without its BeautifulSoup pass, whose
        additions ``accessible`` makes directly."""
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        resources = self._init_resources(resources)
        self.register_filter(
            "highlight_code",
            self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
        )
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return accessible(html), resources


class PlotlyToHtml(Preprocessor):
    """Replace every plotly JSON output with HTML that draws it (stable ``div`` ids: fig-<cell>-<n>); the
    rows a chart carries (``layout.meta.download``) are moved beside it for ``DownloadLinks``."""

    def preprocess_cell(self, cell, resources, index):
        for number, output in enumerate(cell.get("outputs", [])):
            figure = output.get("data", {}).get(PLOTLY_MIME)
            if figure is None:
                continue
            layout = figure.get("layout", {})
            meta = layout.get("meta")
            download = meta.pop("download", None) if isinstance(meta, dict) else None
            if meta == {}:
                del layout["meta"]
            height = layout.get("height") or 450
            figure_name = f"{resources.get('report_name', 'chart')}-fig-{index}-{number}"
            markup = pio.to_html(
                figure,
                include_plotlyjs=False,
                full_html=False,
                div_id=f"fig-{index}-{number}",
                default_height=f"{height}px",
                default_width="100%",
                validate=False,
                config={**CHART_CONFIG, "toImageButtonOptions": {"filename": figure_name}},
                post_script="nmosdFootnote(document.getElementById('{plot_id}'));"
                "nmosdNarrow(document.getElementById('{plot_id}'));",
            )
            output["data"] = {"text/html": chart_markup(markup)}
            if download is not None:
                output["data"][DOWNLOAD_MIME] = download
        return cell, resources


def chart_script() -> str:
    """The page's chart helpers (``templates/pages/charts.js.j2``): the toolbar's download buttons, the
    footnote's place, short row labels on a phone and the print layout."""
    return render_template(
        TEMPLATES / "pages",
        "charts.js.j2",
        png_px=PNG_PX,
        print_px=PRINT_CHART_PX,
        narrow_px=NARROW_PX,
        short_label=SHORT_LABEL,
    )


@cache
def plotly_script(mode: PlotlyMode) -> str:
    """The ``<script>`` that provides plotly.js: inline (~4.8 MB) or a sibling ``plotly.min.js``; then
    the chart helpers every chart refers to (``chart_script``). Made once per process: reading and
    decoding plotly.js took about 25 ms a report."""
    if mode == "directory":
        return f'<script src="{PLOTLY_JS_FILE}" charset="utf-8"></script>\n{chart_script()}'
    return f'<script type="text/javascript">{get_plotlyjs()}</script>\n{chart_script()}'


def chart_markup(markup: str) -> str:
    """plotly's chart markup with the placeholders of the download buttons replaced by the page's button
    objects (JavaScript objects with a click function, which JSON config cannot carry)."""
    for name in DOWNLOAD_BUTTONS:
        markup = markup.replace(f'"__{name}__"', f"window.{name}")
    return markup


def write_plotly_js(folder: Path) -> None:
    """Write ``plotly.min.js`` into ``folder`` for directory mode (atomic, under a unique temporary
    name, so renders into one folder at once cannot collide; skipped when current)."""
    target = folder / PLOTLY_JS_FILE
    content = get_plotlyjs().encode("utf-8")
    if target.is_file() and target.read_bytes() == content:
        return
    write_atomic(target, content)


def header_html(
    title: str, parameters: dict[str, object], provenance: dict[str, str], error: str | None
) -> str:
    """The report header: title, the notice, parameters and provenance as a table, and any error."""
    rows = [*((name, json.dumps(value)) for name, value in parameters.items()), *provenance.items()]
    return render_template(
        TEMPLATES / "pages", "header.html.j2", title=title, notice=NOTICE, error=error, rows=rows
    )


class _Owned(nbformat.NotebookNode):
    """A notebook the exporter may change in place: nbconvert deep-copies its input first, which took
    about 0.4 s for a report with charts; ``export_html``'s caller hands over a notebook it no longer
    needs."""

    def __deepcopy__(self, memo: dict) -> _Owned:
        return self


@cache
def _exporter(show_code: bool, thread: int) -> tuple[ReportExporter, DownloadLinks]:
    """The exporter of this thread's reports (and its download-links step, which gets each report's
    context): made once, because it compiles its templates on first use (about 0.3 s a report)."""
    exporter = ReportExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="nmosd_report",
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        optimistic_validation=True,  # the notebook checked once, after every step (not after each)
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"injected-parameters"}, enabled=True), enabled=True
    )
    exporter.register_preprocessor(TitleOnce(enabled=True), enabled=True)
    exporter.register_preprocessor(SafeOutputs(enabled=True), enabled=True)
    exporter.register_preprocessor(PlotlyToHtml(enabled=True), enabled=True)
    links = DownloadLinks(enabled=True)
    exporter.register_preprocessor(links, enabled=True)
    return exporter, links


def export_html(
    notebook: nbformat.NotebookNode,
    title: str,
    header: str,
    plotly_mode: PlotlyMode = "inline",
    show_code: bool = False,
    name: str = "report",
    downloads: DownloadContext | None = None,
) -> str:
    """HTML of an executed notebook: injected-parameters cell dropped, code hidden unless ``show_code``;
    ``name`` (the run name) starts the file names of the charts' image downloads; with ``downloads``
    every chart and table gets its "Download the data" links. ``notebook``'s cells are changed in place
    (outputs rewritten for the page): serialise it first if it is still needed."""
    exporter, links = _exporter(show_code, threading.get_ident())
    links.context = downloads
    resources = {
        "metadata": {"name": title},
        "report_name": name,
        "plotly_script": PLOTLY_SCRIPT_PLACE,
        "report_header": header,
    }
    try:
        body, _ = exporter.from_notebook_node(_Owned(notebook), resources=resources)
    finally:
        links.context = None
    # plotly.js goes in after ``accessible`` has read the page: 4.8 MB it has nothing to find in (about
    # 20 ms a report), and the page's one place for it cannot be written by data
    return body.replace(PLOTLY_SCRIPT_PLACE, plotly_script(plotly_mode), 1)
