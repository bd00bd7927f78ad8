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
    assert [rating for _, rating in council["customdata"]] == ["Green: on target", "Red: off target", "Amber: just off target",
                                                           "No RAG"]  # fmt: skip


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


# Short tick labels, and no legend entry without a line.


def test_tick_labels_are_short():
    from scorecard.charts import tick_label

    assert tick_label(2023, 1) == "Q1 23/24"
    assert tick_label(2099, 4) == "Q4 99/00"
    assert tick_label(2022, None) == "Year 22/23"


def test_a_comparator_without_any_average_has_no_legend_entry():
    points = [ChartPoint("Q1 2023-24", D("192"), Rag.NONE, None), ChartPoint("Q2 2023-24", D("191"), Rag.NONE, None)]
    lines = [ComparatorLine("SN average", [None, None], ["2021/22"] * 2)]
    figure = trend_figure(points, lines, council="Harrow", unit_title="Number", decimals=0).to_plotly_json()
    assert [trace["name"] for trace in figure["data"]] == ["Harrow"]


def test_axis_shows_the_tick_and_hover_the_full_period():
    points = [ChartPoint("Q1 2023-24", D("7.5"), Rag.RED, None, tick="Q1 23/24")]
    council = trend_figure(points, [], council="Harrow", unit_title="Per cent", decimals=1).to_plotly_json()["data"][0]
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

    return cumulative_trend_figure(
        CUMULATIVE, CUMULATIVE_LINES, council="Harrow", unit_title="Per cent", decimals=1
    ).to_plotly_json()


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
    xaxis = trend_figure(points, [], council="Harrow", unit_title="Per cent", decimals=1).to_plotly_json()["layout"]
    assert list(xaxis["xaxis"]["tickvals"]) == ["Q1 23/24"] and list(xaxis["xaxis"]["ticktext"]) == ["Q1<br>23/24"]
