"""Chart figures, checked on the figure dict: no browser, no database."""

import copy
import json
from decimal import Decimal as D

import plotly.graph_objects as go
import pytest

from national.benchmark import DECILES, NeighbourAverage
from national.charts import benchmark_figure, decile_figure, series_figure
from national.selectors import AreaFigure, Benchmark, CouncilRow, DecileYear, SeriesPoint
from scorecard.charts import BarSeries, ChartPoint, ComparatorLine, grouped_bar_figure, to_json, trend_figure
from scorecard.rag import Rag

POINTS = [
    ChartPoint("2022-23", D("8.2"), Rag.GREEN, D("10")),
    ChartPoint("Q1 2023-24", D("7.5"), Rag.RED, D("2.5")),
    ChartPoint("Q2 2023-24", D("8.6"), Rag.AMBER, D("5")),
    ChartPoint("Q3 2023-24", D("11.8"), Rag.NONE, None),
]
LINES = [
    ComparatorLine("SN average", [D("13"), D("13"), None, D("13")], ["2021/22"] * 4),
    ComparatorLine("England average", [D("11")] * 4, ["2021/22"] * 4),
]


def _trend() -> dict:
    return trend_figure(POINTS, LINES, council="Harrow", unit_title="Per cent", decimals=1)


def test_trend_has_target_comparators_and_council_series_in_that_order():
    assert [trace["name"] for trace in _trend()["data"]] == ["Target", "SN average", "England average", "Harrow"]


def test_target_is_a_step_line_following_phased_targets():
    target = _trend()["data"][0]
    assert target["line"]["shape"] == "hv"
    assert list(target["y"]) == [10.0, 2.5, 5.0, None]
    assert list(target["x"]) == ["2022-23", "Q1 2023-24", "Q2 2023-24", "Q3 2023-24"]


def test_each_point_carries_its_rag_by_shape_and_colour():
    council = _trend()["data"][3]
    assert list(council["y"]) == [8.2, 7.5, 8.6, 11.8]
    assert list(council["marker"]["symbol"]) == ["circle", "triangle-up", "diamond", "square"]
    assert len(set(council["marker"]["color"])) == 4
    assert [rating for _, rating in council["customdata"]] == ["Green: on target", "Red: off target", "Amber: just off target",
                                                           "No RAG"]  # fmt: skip


def test_comparator_lines_differ_by_dash_and_say_their_year():
    sn, england = _trend()["data"][1:3]
    assert list(sn["y"]) == [13.0, 13.0, None, 13.0]
    assert sn["line"]["dash"] != england["line"]["dash"]
    assert list(sn["customdata"]) == ["2021/22"] * 4


def test_no_target_trace_when_there_is_no_target():
    points = [ChartPoint("Q1 2023-24", D("192"), Rag.NONE, None)]
    figure = trend_figure(points, [], council="Harrow", unit_title="Number", decimals=0)
    assert [trace["name"] for trace in figure["data"]] == ["Harrow"]


def test_grouped_bars_differ_by_pattern_and_label_their_values():
    figure = grouped_bar_figure(
        ["Male", "Female"],
        [BarSeries("Harrow latest", [D("59"), D("41")]), BarSeries("SN average", [D("61"), None])],
        y_title="Per cent",
    )
    assert figure["layout"]["barmode"] == "group"
    first, second = figure["data"]
    assert first["marker"]["pattern"]["shape"] != second["marker"]["pattern"]["shape"]
    assert list(first["text"]) == ["59", "41"]
    assert list(second["text"]) == ["61", ""]


# Short tick labels, and no legend entry without a line.


def test_tick_labels_are_short():
    from scorecard.charts import tick_label

    assert tick_label(2023, 1) == "Q1 23/24"
    assert tick_label(2099, 4) == "Q4 99/00"
    assert tick_label(2022, None) == "Year 22/23"


def test_a_comparator_without_any_average_has_no_legend_entry():
    points = [ChartPoint("Q1 2023-24", D("192"), Rag.NONE, None), ChartPoint("Q2 2023-24", D("191"), Rag.NONE, None)]
    lines = [ComparatorLine("SN average", [None, None], ["2021/22"] * 2)]
    figure = trend_figure(points, lines, council="Harrow", unit_title="Number", decimals=0)
    assert [trace["name"] for trace in figure["data"]] == ["Harrow"]


def test_axis_shows_the_tick_and_hover_the_full_period():
    points = [ChartPoint("Q1 2023-24", D("7.5"), Rag.RED, None, tick="Q1 23/24")]
    council = trend_figure(points, [], council="Harrow", unit_title="Per cent", decimals=1)["data"][0]
    assert list(council["x"]) == ["Q1 23/24"]
    assert council["customdata"][0][0] == "Q1 2023-24"


# Cumulative indicators: full years apart from each year's year-to-date line.

CUMULATIVE = [
    ChartPoint("2021-22", D("8.8"), Rag.NONE, None, tick="2021/22", financial_year=2021),
    ChartPoint("2022-23", D("9.5"), Rag.GREEN, D("10"), tick="2022/23", financial_year=2022),
    ChartPoint("Q1 2022-23", D("2.0"), Rag.GREEN, D("2.5"), tick="Q1 22/23", financial_year=2022, quarter=1),
    ChartPoint("Q4 2022-23", D("9.5"), Rag.GREEN, D("10"), tick="Q4 22/23", financial_year=2022, quarter=4),
    ChartPoint("Q1 2023-24", D("1.0"), Rag.GREEN, D("2.5"), tick="Q1 23/24", financial_year=2023, quarter=1),
    ChartPoint("Q2 2023-24", D("5.5"), Rag.RED, D("5"), tick="Q2 23/24", financial_year=2023, quarter=2),
]
CUMULATIVE_LINES = [ComparatorLine("SN average", [D("13")] * 6, ["2021/22"] * 6)]


def _cumulative() -> dict:
    from scorecard.charts import cumulative_trend_figure

    return cumulative_trend_figure(CUMULATIVE, CUMULATIVE_LINES, council="Harrow", unit_title="Per cent", decimals=1)


def _traces(figure: dict) -> dict:
    return {trace["name"]: trace for trace in figure["data"]}


def test_cumulative_full_years_and_each_year_to_date_are_separate_lines():
    traces = _traces(_cumulative())
    assert list(traces["Harrow, full year"]["x"]) == ["2021/22", "2022/23"]
    assert list(traces["Harrow, 22/23 year to date"]["x"]) == ["Q1 22/23", "Q4 22/23"]
    assert list(traces["Harrow, 23/24 year to date"]["y"]) == [1.0, 5.5]
    # The April reset (9.5 at year end, then 1.0 in Q1) is never one line.
    for trace in traces.values():
        ys = [y for y in trace["y"] if y is not None]
        assert not (9.5 in ys and 1.0 in ys), trace["name"]


def test_cumulative_newest_year_is_drawn_strongest():
    traces = _traces(_cumulative())
    assert traces["Harrow, 23/24 year to date"]["line"]["width"] > traces["Harrow, 22/23 year to date"]["line"]["width"]


def test_cumulative_axis_puts_full_years_first_then_quarters_with_a_rule_between():
    figure = _cumulative()
    order = figure["layout"]["xaxis"]["categoryarray"]
    assert list(order) == ["2021/22", "2022/23", "Q1 22/23", "Q4 22/23", "Q1 23/24", "Q2 23/24"]
    (rule,) = figure["layout"]["shapes"]
    assert rule["x0"] == rule["x1"] == 1.5
    assert [a["text"].strip() for a in figure["layout"]["annotations"]] == ["Full year", "Year to date (from April)"]


def test_cumulative_comparator_averages_only_against_full_years_and_q4():
    sn = _traces(_cumulative())["SN average (full year)"]
    assert list(sn["y"]) == [13.0, 13.0, None, 13.0, None, None]


def test_cumulative_target_has_one_legend_entry():
    targets = [t for t in _cumulative()["data"] if t["name"] == "Target"]
    assert len(targets) == 2 and [t["showlegend"] for t in targets].count(True) == 1


def test_ticks_are_two_short_lines():
    points = [ChartPoint("Q1 2023-24", D("7.5"), Rag.RED, None, tick="Q1 23/24")]
    xaxis = trend_figure(points, [], council="Harrow", unit_title="Per cent", decimals=1)["layout"]
    assert list(xaxis["xaxis"]["tickvals"]) == ["Q1 23/24"] and list(xaxis["xaxis"]["ticktext"]) == ["Q1<br>23/24"]


# Plain dicts, checked against Plotly's schema here so that a page render need not check them.


def _benchmark(england: D | None = D("59")) -> Benchmark:
    def row(code, name, value, *, ours=False, neighbour=None):
        return CouncilRow(code, f"E0{code}", name, "London", value, None, None, "published", None, ours, neighbour)

    rows = [row("307", "Ealing", D("91"), neighbour=1), row("310", "Harrow", D("79"), ours=True),
            row("313", "Hounslow", D("68")), row("317", "Redbridge", None, neighbour=2)]  # fmt: skip
    neighbours = NeighbourAverage(D("91"), "mean", ("307",), ("317",), 1)
    return Benchmark(
        indicator=None, year=2025, group_year=2025, our_code="310", rows=rows, neighbours=neighbours, rank=None,
        england=None if england is None else AreaFigure("England", england, None, None, "published"),
        region=None, rank_within_neighbours=None,
    )  # fmt: skip


def _series() -> list[SeriesPoint]:
    average = NeighbourAverage(D("32"), "mean", ("307",), (), 1)
    none = NeighbourAverage(None, "mean", (), ("307",), 1)
    return [SeriesPoint(2024, D("58"), average, D("37"), D("38"), None),
            SeriesPoint(2025, D("79"), none, None, D("59"), None)]  # fmt: skip


def _deciles() -> list[DecileYear]:
    def year(y, ours, shift):
        return DecileYear(y, {p: D(p + shift) for p in DECILES}, 150, ours, None, "")

    return [year(2024, D("58"), 0), year(2025, None, 5)]


def _every_figure() -> dict[str, dict]:
    no_target = [ChartPoint("Q1 2023-24", D("192"), Rag.NONE, None), ChartPoint("Q2 2023-24", None, Rag.NONE, None)]
    bars = [BarSeries("Harrow latest", [D("59"), D("41")]), BarSeries("SN average", [D("61"), None])]
    return {
        "trend": _trend(),
        "trend without a target": trend_figure(no_target, [], council="Harrow", unit_title="Number", decimals=0),
        "cumulative": _cumulative(),
        "grouped bars": grouped_bar_figure(["Male", "Female"], bars, y_title="Per cent"),
        "benchmark": benchmark_figure(_benchmark(), y_title="Per cent", council="Harrow"),
        "benchmark without England": benchmark_figure(_benchmark(None), y_title="Per cent", council="Harrow"),
        "series": series_figure(_series(), y_title="Per cent", council="Harrow"),
        "deciles": decile_figure(_deciles(), y_title="Per cent", council="Harrow"),
    }


@pytest.mark.parametrize("name", list(_every_figure()))
def test_every_figure_is_valid_against_plotlys_schema(name):
    figure = _every_figure()[name]
    # Any property Plotly does not know, or a value it would refuse, raises ValueError here.
    checked = go.Figure(copy.deepcopy(figure), skip_invalid=False).to_plotly_json()
    checked["layout"].pop("template")
    assert checked == figure
    assert [trace["type"] for trace in figure["data"]] == [trace["type"] for trace in checked["data"]]


def test_the_england_line_is_what_plotlys_add_hline_draws():
    layout = benchmark_figure(_benchmark(), y_title="Per cent", council="Harrow")["layout"]
    plotly = go.Figure()
    box = {"bgcolor": "#ffffff", "bordercolor": "#0b0c0c", "borderwidth": 1, "borderpad": 3,
           "font": {"color": "#0b0c0c", "size": 14}}  # fmt: skip
    plotly.add_hline(y=59.0, line={"color": "#0b0c0c", "dash": "dash", "width": 2}, annotation_text="England 59",
                     annotation_position="top right", annotation=box)  # fmt: skip
    expected = plotly.to_plotly_json()["layout"]
    assert layout["shapes"] == expected["shapes"] and layout["annotations"] == expected["annotations"]
    assert "shapes" not in benchmark_figure(_benchmark(None), y_title="Per cent", council="Harrow")["layout"]


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_label_on_the_every_council_chart_reads_at_4_5_to_1():
    """The bug: 'England 59' was drawn black straight over the dark hatched bars, unreadable."""
    layout = benchmark_figure(_benchmark(), y_title="Per cent", council="Harrow")["layout"]
    (england,) = layout["annotations"]
    assert _contrast(england["font"]["color"], england["bgcolor"]) >= 4.5
    assert england["bgcolor"] == "#ffffff" and england["borderwidth"] >= 1  # a box of its own over any bar
    assert _contrast(layout["xaxis"]["tickfont"]["color"], layout["paper_bgcolor"]) >= 4.5  # names under the bars


def test_this_council_and_its_neighbours_are_named_under_their_bars():
    xaxis = benchmark_figure(_benchmark(), y_title="Per cent", council="Harrow")["layout"]["xaxis"]
    assert xaxis["showticklabels"] is True
    assert (
        xaxis["tickvals"] == xaxis["ticktext"] == ["Ealing", "Harrow"]
    )  # Hounslow is no neighbour; Redbridge has no bar


def test_the_benchmark_keeps_every_layout_setting_beside_its_own():
    layout = benchmark_figure(_benchmark(), y_title="Per cent", council="Harrow")["layout"]
    assert layout["barmode"] == "overlay" and layout["bargap"] == 0.1 and layout["height"] == 520
    assert layout["yaxis"]["title"]["text"] == "Per cent" and layout["legend"]["orientation"] == "h"
    assert layout["legend"]["yanchor"] == "bottom" and layout["legend"]["y"] > 1  # above: never over the names
    assert layout["xaxis"]["categoryarray"] == ["Ealing", "Harrow", "Hounslow"]
    assert layout["xaxis"]["showgrid"] is False


def test_the_decile_chart_has_nine_percentile_lines_the_median_bold_and_ours():
    figure = decile_figure(_deciles(), y_title="Per cent", council="Harrow")
    lines, ours = figure["data"][:9], figure["data"][9]
    assert [line["y"] for line in lines] == [[float(p), float(p + 5)] for p in DECILES]
    median = lines[4]
    assert median["line"]["width"] > max(line["line"]["width"] for line in lines if line is not median)
    assert median["line"]["dash"] == "solid" and {line["line"]["dash"] for line in lines if line is not median} == {
        "dash"
    }
    assert [line["showlegend"] for line in lines].count(True) == 2  # the deciles once, the median once
    assert (ours["name"], ours["y"], ours["x"]) == ("Harrow", [58.0, None], ["2023-24", "2024-25"])
    assert ours["marker"]["symbol"] == "circle"  # ours differs by marker as well as colour
    for line in figure["data"]:
        assert _contrast(line["line"]["color"], "#ffffff") >= 3  # graphical objects: 3:1


def test_no_plotly_template_is_sent_pages_are_lighter():
    for name, figure in _every_figure().items():
        assert "template" not in figure["layout"], name
        assert '"template"' not in to_json(figure), name


def test_bar_patterns_are_drawn_over_the_bars_colour():
    # plotly.js would otherwise draw the pattern instead of the colour (plotly.py's template said overlay).
    figures = _every_figure()
    for trace in figures["grouped bars"]["data"] + figures["benchmark"]["data"]:
        assert trace["marker"]["pattern"]["fillmode"] == "overlay", trace["name"]


def test_to_json_never_closes_the_script_it_is_printed_in():
    name = "</script><script>alert(1)</script> & co"
    lines = [ComparatorLine(name, [D("13")], ["2021/22"])]
    figure = trend_figure(POINTS[:1], lines, council=name, unit_title="<b>Per cent</b>", decimals=1)
    text = to_json(figure)
    assert "<" not in text and ">" not in text and "&" not in text and "/" not in text
    assert "\\u003c\\u002fscript\\u003e" in text
    assert [trace["name"] for trace in json.loads(text)["data"]] == ["Target", name, name]
    assert json.loads(text) == figure
    assert " " not in to_json({"data": [], "layout": {"a": 1}})  # compact


def test_to_json_refuses_nan():
    with pytest.raises(ValueError):
        to_json({"data": [{"type": "scatter", "y": [float("nan")]}], "layout": {}})
