"""The shared chart builders: what a figure's JSON says about footnotes, legends, markers, whiskers,
reference lines and colours (the things every report's charts rely on)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from nmosd_evidence.present import charts, colours

LONG_EXTRA = (
    "Whiskers: Wilson 95% interval from the printed count, or from the one count that reproduces the "
    "printed percentage with the cohort's n; points without whiskers have neither. Follow-up differs by "
    "cohort and is given in the hover text of every point."
)


def frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows (label, value, ci_lower, ci_upper, group, status) in the shape ``interval_chart`` takes."""
    out = pd.DataFrame(rows, columns=["label", "value", "ci_lower", "ci_upper", "group", "status"])
    return out.assign(hover=out["label"])


@pytest.fixture
def mixed() -> pd.DataFrame:
    """Two groups; group A's first point is unverified; B has a point without an interval."""
    return frame(
        [
            ("a1", 40.0, None, None, "A", "unverified"),
            ("a2", 50.0, 30.0, 70.0, "A", "verified"),
            ("a3", 45.0, 35.0, 60.0, "A", "unverified"),
            ("b1", 20.0, 10.0, 35.0, "B", "secondary"),
            ("b2", 25.0, None, None, "B", "verified"),
        ]
    )


def points(fig: go.Figure, name: str) -> go.Scatter:
    return next(t for t in fig.data if t.name == name and t.mode == "markers")


def whisker_traces(fig: go.Figure) -> list[go.Scatter]:
    return [t for t in fig.data if t.mode == "lines+markers"]


def footnote(fig: go.Figure) -> go.layout.Annotation:
    return fig.layout.annotations[-1]


# --- footnote -------------------------------------------------------------------------------------


def test_a_long_footnote_is_wrapped_on_words_and_the_margin_holds_its_lines(mixed: pd.DataFrame) -> None:
    sources = [f"source_{i:02d}_with_a_long_slug" for i in range(12)]
    fig = charts.interval_chart(mixed, "Title", "Patients (%)", charts.source_footnote(sources, LONG_EXTRA))
    lines = footnote(fig).text.split("<br>")
    assert len(lines) >= 4
    assert all(len(line) <= charts.FOOTNOTE_CHARS for line in lines)
    words = " ".join(lines).split()
    assert words[:2] == ["Sources:", "source_00_with_a_long_slug;"]  # no word broken or lost
    assert " ".join(lines).replace("<br>", " ").count("source_") == 12
    # the footnote starts under the x-axis title and the bottom margin holds every line
    note = footnote(fig)
    assert (note.yref, note.y, note.yanchor) == ("paper", 0, "top")
    assert fig.layout.margin.b >= -note.yshift + charts.FOOTNOTE_LINE_PX * len(lines)
    # and the figure grows with it: the plotting area keeps its height
    short = charts.interval_chart(mixed, "Title", "Patients (%)", "Source: a.")
    plot_area = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    short_area = short.layout.height - short.layout.margin.t - short.layout.margin.b
    assert plot_area == short_area
    assert fig.layout.margin.b - short.layout.margin.b == charts.FOOTNOTE_LINE_PX * (
        len(lines) - len(footnote(short).text.split("<br>"))
    )


def test_wrapped_keeps_line_breaks_and_escapes_on_request() -> None:
    assert charts.wrapped("one two three", 7) == "one two<br>three"
    assert charts.wrapped("first<br>second part", 6) == "first<br>second<br>part"
    assert charts.wrapped("p < 0.05", 80, escape=True) == "p &lt; 0.05"
    assert charts.wrapped(None) == "" and charts.wrapped(float("nan")) == ""
    assert charts.wrapped("a-very-long-hyphenated-word", 5) == "a-very-long-hyphenated-word"


def test_chart_text_escapes_data_for_plotly_markup() -> None:
    text = '<script>alert("s")</script><b>bold & <br> O\'Brien'
    assert (
        charts.chart_text(text)
        == '&lt;script&gt;alert("s")&lt;/script&gt;&lt;b&gt;bold &amp; &lt;br&gt; O\'Brien'
    )
    assert charts.chart_text(None) == "" and charts.chart_text(pd.NA) == ""
    assert charts.wrapped("a <br> b", 80, escape=True) == "a &lt;br&gt; b"


def test_interval_chart_escapes_group_names(mixed: pd.DataFrame) -> None:
    fig = charts.interval_chart(mixed.assign(group="<b>x</b> & y"), "Title", "x", "")
    assert {trace.name for trace in fig.data if trace.showlegend is not False} == {
        "&lt;b&gt;x&lt;/b&gt; &amp; y"
    }


def test_house_style_puts_the_legend_between_title_and_plot(mixed: pd.DataFrame) -> None:
    fig = charts.interval_chart(mixed, "Title", "Patients (%)", "Source: a.")
    legend, title = fig.layout.legend, fig.layout.title
    assert (title.yref, title.y, title.yanchor) == ("container", 1, "top")
    assert (legend.orientation, legend.yref, legend.yanchor) == ("h", "container", "top")
    # the legend's top is below the title band, the plot's top below the legend's estimated rows
    assert legend.y * fig.layout.height == pytest.approx(fig.layout.height - charts.TITLE_PX, abs=1)
    assert fig.layout.margin.t >= charts.TITLE_PX + charts.LEGEND_ROW_PX
    assert fig.layout.showlegend is True


def test_legend_rows_grow_with_long_names_and_stacked_groups() -> None:
    assert charts.legend_rows([("", ["A"]), ("", ["B"])]) == 1
    long = [("", [f"After AQP4-IgG testing and preventive treatment · estimate {i}"]) for i in range(3)]
    assert charts.legend_rows(long) == 3
    # a titled group stacks its entries under the title; groups stand side by side
    assert charts.legend_rows([("Benefit", ["a", "b", "c"]), ("Risk", ["d", "e", "f", "g", "h", "i"])]) == 7


def test_legend_groups_of_a_panel_chart() -> None:
    fig = go.Figure()
    for name, side in (("relapse-free", "Benefit"), ("survival", "Benefit"), ("deaths", "Risk")):
        rows = frame([("p", 50.0, 40.0, 60.0, name, "verified")])
        fig.add_traces(
            charts.interval_traces(
                rows, [0], name, "#000000", legendgroup=side, legendgrouptitle={"text": side}
            )
        )
    assert charts.legend_groups(fig) == [("Benefit", ["relapse-free", "survival"]), ("Risk", ["deaths"])]


def test_a_single_group_shows_no_legend_unless_asked(mixed: pd.DataFrame) -> None:
    one = mixed[mixed["group"] == "A"]
    assert charts.interval_chart(one, "T", "x", "").layout.showlegend is False
    asked = charts.interval_chart(one, "T", "x", "", show_legend=True)
    assert asked.layout.showlegend is True
    assert asked.layout.margin.t > charts.interval_chart(one, "T", "x", "").layout.margin.t


# --- legend, markers, whiskers --------------------------------------------------------------------


def test_legend_shows_one_coloured_line_per_group_not_a_status_marker(mixed: pd.DataFrame) -> None:
    fig = charts.interval_chart(mixed, "Title", "Patients (%)", "Source: a.")
    legend = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in legend] == ["A", "B"]
    assert all(t.mode == "lines" and t.x == (None,) for t in legend)  # a swatch, no data
    assert [t.line.color for t in legend] == colours.PALETTE[:2]
    # the points stay out of the legend but toggle with their group
    assert points(fig, "A").showlegend is False
    assert {t.legendgroup for t in fig.data if t.name.startswith("A")} == {"A"}


def test_unverified_points_keep_their_group_colour_and_differ_by_shape(mixed: pd.DataFrame) -> None:
    fig = charts.interval_chart(mixed, "Title", "Patients (%)", "Source: a.")
    a = points(fig, "A")
    assert list(a.marker.symbol) == ["x-thin-open", "circle", "x-thin-open"]
    assert list(a.marker.color) == [colours.PALETTE[0]] * 3
    assert list(a.marker.line.color) == [colours.PALETTE[0]] * 3
    # an unverified point's whisker is in its group's colour too, dotted
    dotted = next(t for t in whisker_traces(fig) if t.line.dash == "dot")
    assert dotted.line.color == colours.PALETTE[0]
    assert list(dotted.x) == [35.0, 60.0, None]
    assert colours.GREY not in {t.line.color for t in fig.data}


def test_status_marker_keeps_a_chosen_outline_except_for_unverified() -> None:
    marker = charts.status_marker(["verified", "unverified", "inferred"], "#0072B2", 11, outline="#333333")
    assert marker["line"]["color"] == ["#333333", "#0072B2", "#333333"]
    assert marker["symbol"] == ["circle", "x-thin-open", "circle-open"]
    assert marker["size"] == 11


def test_a_point_without_an_interval_gets_no_whisker(mixed: pd.DataFrame) -> None:
    fig = charts.interval_chart(mixed, "Title", "Patients (%)", "Source: a.")
    assert all(t.error_x.array is None for t in fig.data)  # no error bars: no zero-width caps
    b = points(fig, "B")
    b_whiskers = next(t for t in whisker_traces(fig) if t.legendgroup == "B")
    assert list(b_whiskers.x) == [10.0, 35.0, None]  # b1 only
    assert list(b_whiskers.y) == [b.y[0], b.y[0], None]
    drawn_rows = {y for t in whisker_traces(fig) for y in t.y if y is not None}
    no_interval = {points(fig, "A").y[0], b.y[1]}
    assert not drawn_rows & no_interval
    # a group with no interval at all has no whisker trace
    bare = frame([("x", 1.0, None, None, "C", "verified"), ("y", 2.0, None, None, "D", "verified")])
    assert whisker_traces(charts.interval_chart(bare, "T", "x", "")) == []


def test_status_key_names_the_markers_shown_strongest_first(mixed: pd.DataFrame) -> None:
    assert charts.status_key(["unverified", "verified"]) == (
        "Markers: circle = verified in the source's own record; x = unverified (a lead, not a finding; "
        "dotted whisker)."
    )
    assert charts.status_key([]) == ""
    fig = charts.interval_chart(mixed, "Title", "Patients (%)", "Source: a.")
    text = footnote(fig).text
    assert text.startswith("Source: a.<br>Markers: circle = verified")
    assert "square = secondary" in text and "x = unverified" in text and "diamond" not in text


# --- reference line, colours, axes ----------------------------------------------------------------


def test_reference_line_is_visible(mixed: pd.DataFrame) -> None:
    fig = charts.interval_chart(mixed, "Title", "Ratio (log scale)", "", log_x=True, reference_line=1)
    (line,) = fig.layout.shapes
    assert line.x0 == line.x1 == 1
    # the simple_white template's shapes have line width 0 and opacity 0.3: both set explicitly
    template = fig.layout.template.layout.shapedefaults
    assert template.line.width == 0 and template.opacity == pytest.approx(0.3)
    assert line.line.width >= 1 and line.opacity == 1 and line.layer == "above"
    assert line.line.dash == "dot"


def test_more_than_eight_groups_stay_distinguishable() -> None:
    rows = frame([(f"row {i}", 1.0 + i, 0.5 + i, 1.5 + i, f"group {i}", "verified") for i in range(15)])
    fig = charts.interval_chart(rows, "Title", "x", "")
    legend = [t for t in fig.data if t.showlegend is not False]
    styles = [(t.line.color, t.line.dash) for t in legend]
    assert len(legend) == 15 and len(set(styles)) == 15
    assert len({colour for colour, _ in styles[:12]}) == 12  # twelve colours before any repeats
    assert styles[12] == (colours.PALETTE[0], "dash")  # then dashed
    assert colours.GREY not in colours.PALETTE  # grey is for unverified only
    # the points of the ninth group are in its own colour, not the first group's
    ninth = points(fig, "group 8")
    assert list(ninth.marker.color) == [colours.PALETTE[8]] != [colours.PALETTE[0]]


def test_log_ticks_run_1_2_5_per_decade_past_both_ends() -> None:
    assert charts.log_ticks(0.018, 1.0) == [0.02, 0.05, 0.1, 0.2, 0.5, 1.0]
    assert charts.log_ticks(0.001, 4.78) == [
        0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0,
    ]  # fmt: skip


def test_log_chart_gets_1_2_5_ticks_covering_data_and_reference_line(mixed: pd.DataFrame) -> None:
    fig = charts.interval_chart(mixed, "T", "Ratio", "", log_x=True, reference_line=100)
    assert fig.layout.xaxis.type == "log"
    assert list(fig.layout.xaxis.tickvals) == [10, 20, 50, 100]  # data 10-70, line at 100
    assert list(fig.layout.xaxis.ticktext) == ["10", "20", "50", "100"]


def test_rows_with_multi_line_labels_get_taller(mixed: pd.DataFrame) -> None:
    assert charts.row_px(["one line"]) == 24
    assert charts.row_px(["one", "two<br><i>lines</i><br>three"]) == 10 + 3 * charts.FOOTNOTE_LINE_PX
    tall = mixed.assign(label=mixed["label"] + "<br>second<br>third")
    single = charts.interval_chart(mixed, "T", "x", "")
    triple = charts.interval_chart(tall, "T", "x", "")
    assert triple.layout.height > single.layout.height


def test_empty_figure_says_why_and_has_no_footnote() -> None:
    fig = charts.empty_figure("Title", "Nothing matches.")
    assert [a.text for a in fig.layout.annotations] == ["Nothing matches."]
    assert fig.layout.title.text == "Title" and fig.layout.xaxis.visible is False


def test_a_region_has_one_colour_in_every_chart() -> None:
    from nmosd_evidence.datapackage.fields import REGIONS
    from nmosd_evidence.present.colours import REGION_COLOURS

    assert set(REGION_COLOURS) == set(REGIONS)
    assert len(set(REGION_COLOURS.values())) == len(REGIONS)

    def colours(groups: list[str]) -> dict[str, str]:
        rows = pd.DataFrame(
            {
                "label": [f"row {g}" for g in groups],
                "value": [1.0] * len(groups),
                "ci_lower": [0.5] * len(groups),
                "ci_upper": [2.0] * len(groups),
                "group": groups,
                "status": ["verified"] * len(groups),
                "hover": [""] * len(groups),
            }
        )
        fig = charts.interval_chart(rows, "t", "x", "")
        return {trace.name: trace.line.color for trace in fig.data if trace.x == (None,)}  # legend lines

    first = colours(["Europe", "North America", "East Asia"])
    second = colours(["North America", "Caribbean", "Europe"])
    assert first["North America"] == second["North America"] == "#E69F00"
    assert first["Europe"] == second["Europe"] == "#0072B2"


def test_hover_text_shows_the_rows_quote_in_short_form(mixed: pd.DataFrame) -> None:
    quotes = ["5 of 20 <b>patients</b> (25%)", "x " * 120, None, "y", "z"]
    rows = mixed.assign(quote=quotes)
    rows.loc[3, "hover"] = "b1<br>Quote: already here"
    fig = charts.interval_chart(rows, "Title", "Patients (%)", "Source: a.")
    hovers = [h for t in fig.data if t.mode == "markers" and t.hovertext for h in t.hovertext]
    assert "a1<br>Quote: “5 of 20 &lt;b&gt;patients&lt;/b&gt; (25%)”" in hovers  # data text escaped
    cut = next(h for h in hovers if h.startswith("a2"))
    assert cut.endswith("…”") and len(cut) < 200  # long quotes in short form, the appendix has them whole
    assert "a3" in hovers  # no quote, no line
    assert "b1<br>Quote: already here" in hovers  # a hover that quotes already is left as it is
