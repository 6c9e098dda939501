"""Template rendering: data text is escaped for its context; numbers are formatted by filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError

from nmosd_evidence.present.text import cite, code_span, markdown_escaped, render_template


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    (tmp_path / "line.md.j2").write_text("{{ name }}: {{ rate | significant }} per 100,000 {{ cite(*ids) }}")
    (tmp_path / "cell.html.j2").write_text("<td>{{ name }}</td>")
    return tmp_path


def test_markdown_template_escapes_data_text_and_formats_numbers(templates: Path) -> None:
    text = render_template(
        templates, "line.md.j2", name="[x](javascript:alert(1)) <b>O'Brien</b>", rate=2.0712, ids=["a_b"]
    )
    assert text == r"\[x\](javascript:alert(1)) &lt;b&gt;O'Brien&lt;/b&gt;: 2.07 per 100,000 [`a_b`]"


def test_html_template_autoescapes(templates: Path) -> None:
    text = render_template(templates, "cell.html.j2", name='<img src=x onerror="alert(1)">')
    assert text == "<td>&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</td>"


def test_a_missing_context_value_is_an_error(templates: Path) -> None:
    with pytest.raises(UndefinedError):
        render_template(templates, "line.md.j2", rate=1.0, ids=[])


def test_markdown_escaped_and_code_spans() -> None:
    assert markdown_escaped("*bold* _it_ # [a] `c` | x & y") == r"\*bold\* \_it\_ \# \[a\] \`c\` \| x &amp; y"
    assert code_span("seed_hsct_news") == "`seed_hsct_news`"
    assert code_span("a`b") == "`` a`b ``"
    assert cite("a", "b", "a", "") == "[`a`; `b`]"
