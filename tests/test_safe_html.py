"""The HTML export's last line of defence (``render.safe_html``): script links, event handlers and
script-like elements in Markdown and HTML outputs are made harmless; everything else is kept as is."""

from __future__ import annotations

import nbformat
import pytest

from nmosd_evidence.render.html import export_html
from nmosd_evidence.render.safe_html import neutralised, safe_url


@pytest.mark.parametrize(
    ("url", "image", "safe"),
    [
        ("https://doi.org/10.1/x", False, True),
        ("http://example.org", False, True),
        ("mailto:a@b.org", False, True),
        ("other.html", False, True),
        ("#section", False, True),
        ("javascript:alert(1)", False, False),
        (" JaVa\tScript:alert(1)", False, False),
        ("vbscript:x", False, False),
        ("doi:10.1/x", False, False),
        ("data:text/html,x", False, False),
        ("data:image/png;base64,AAA", True, True),
        ("data:image/png;base64,AAA", False, False),
    ],
)
def test_safe_url(url: str, image: bool, safe: bool) -> None:
    assert safe_url(url, image=image) is safe


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<p><a href="javascript:alert(1)">x</a></p>', "<p><a>x</a></p>"),
        ('<a title=">" href="java&#09;script:x">t</a>', '<a title="&gt;">t</a>'),
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ('<img src="data:text/html,x" alt="i" />', '<img alt="i" />'),
        (
            "<p>a <script>alert(1)<img src=x onerror=alert(2)></script> b</p>",
            "<p>a &lt;script&gt;alert(1)&lt;img src=x onerror=alert(2)&gt;&lt;/script&gt; b</p>",
        ),
        ('<IFRAME SRC="x"></IFRAME>', '&lt;IFRAME SRC="x"&gt;&lt;/IFRAME&gt;'),
        ("<td>x <script</td><td>y</td>", "<td>x &lt;script&lt;/td&gt;<td>y</td>"),
        ("text\nmore <script", "text\nmore &lt;script"),
    ],
)
def test_neutralised_makes_markup_harmless(markup: str, expected: str) -> None:
    assert neutralised(markup) == expected


def test_neutralised_keeps_safe_markup_byte_for_byte() -> None:
    markup = (
        '<h2 id="a">A<a class="anchor-link" href="#a">¶</a></h2>\n<p>p&lt;0.001 &amp; <b>x</b> '
        '<a href="https://doi.org/10.1/x" target="_blank">d</a> <a href="mailto:a@b">m</a></p>'
        '<img src="data:image/png;base64,AAA" alt="i" /><style>td { color: red; }</style>'
    )
    assert neutralised(markup) == markup


def test_export_neutralises_markdown_and_html_outputs() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("[cell](javascript:alert(1)) [ok](https://example.org)"),
        nbformat.v4.new_code_cell(
            "",
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data={"text/markdown": "[out](JavaScript:alert(2)) <b onclick=x>b</b>"}
                ),
                nbformat.v4.new_output("display_data", data={"text/html": "<img src=x onerror=alert(3)>"}),
            ],
        ),
    ]
    body = export_html(notebook, "t", "", plotly_mode="directory").split("<body", 1)[1]
    assert "javascript:" not in body.lower()
    assert "onerror" not in body and "onclick" not in body
    assert '<a href="https://example.org">ok</a>' in body and "<a>cell</a>" in body and "<a>out</a>" in body
