"""Chart figures, checked on the figure dict: no browser, no database."""

from decimal import Decimal as D

from scorecard.charts import BarSeries, ChartPoint, ComparatorLine, grouped_bar_figure, trend_figure
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
    return trend_figure(POINTS, LINES, council="Harrow", unit_title="Per cent", decimals=1).to_plotly_json()


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
    assert list(council["customdata"]) == ["Green: on target", "Red: off target", "Amber: just off target", "No RAG"]


def test_comparator_lines_differ_by_dash_and_say_their_year():
    sn, england = _trend()["data"][1:3]
    assert list(sn["y"]) == [13.0, 13.0, None, 13.0]
    assert sn["line"]["dash"] != england["line"]["dash"]
    assert list(sn["customdata"]) == ["2021/22"] * 4


def test_no_target_trace_when_there_is_no_target():
    points = [ChartPoint("Q1 2023-24", D("192"), Rag.NONE, None)]
    figure = trend_figure(points, [], council="Harrow", unit_title="Number", decimals=0).to_plotly_json()
    assert [trace["name"] for trace in figure["data"]] == ["Harrow"]


def test_grouped_bars_differ_by_pattern_and_label_their_values():
    figure = grouped_bar_figure(
        ["Male", "Female"],
        [BarSeries("Harrow latest", [D("59"), D("41")]), BarSeries("SN average", [D("61"), None])],
        y_title="Per cent",
    ).to_plotly_json()
    assert figure["layout"]["barmode"] == "group"
    first, second = figure["data"]
    assert first["marker"]["pattern"]["shape"] != second["marker"]["pattern"]["shape"]
    assert list(first["text"]) == ["59", "41"]
    assert list(second["text"]) == ["61", ""]
