"""Plotly figures for the national pages, from the selectors' dataclasses; never the
request or the ORM. Ours and our neighbours differ by pattern as well as colour, and
every chart sits above a table of its data."""

from __future__ import annotations

import plotly.graph_objects as go

from national.selectors import Benchmark, SeriesPoint
from scorecard.charts import COMPARATOR_STYLES, COUNCIL_BLUE, FONT, INK

OTHER_GREY = "#b1b4b6"
NEIGHBOUR_PURPLE = "#4c2c92"


def _layout(figure: go.Figure, *, y_title: str, height: int) -> None:
    figure.update_layout(
        font={"family": FONT, "color": INK, "size": 14},
        height=height,
        margin={"l": 60, "r": 20, "t": 20, "b": 60},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        legend={"orientation": "h", "y": -0.12},
        yaxis={"title": {"text": y_title}, "gridcolor": "#dddddd", "rangemode": "tozero"},
    )


def benchmark_figure(result: Benchmark, *, y_title: str, council: str) -> go.Figure:
    """Every council with a value as a bar, best first; ours and our neighbours as their own
    traces (solid blue; purple with a hatch), England as a dashed line."""
    shown = [row for row in result.rows if row.value is not None]
    figure = go.Figure()
    groups = [
        ("Other councils", [r for r in shown if not r.is_ours and not r.neighbour_position], OTHER_GREY, ""),
        ("Statistical neighbours", [r for r in shown if r.neighbour_position and not r.is_ours], NEIGHBOUR_PURPLE, "/"),
        (council, [r for r in shown if r.is_ours], COUNCIL_BLUE, ""),
    ]
    order = [r.name for r in shown]
    for name, rows, colour, pattern in groups:
        if not rows:
            continue
        figure.add_trace(
            go.Bar(
                name=name,
                x=[r.name for r in rows],
                y=[float(r.value) for r in rows],
                marker={"color": colour, "pattern": {"shape": pattern}},
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        )
    if result.england is not None and result.england.value is not None:
        figure.add_hline(
            y=float(result.england.value), line={"color": INK, "dash": "dash", "width": 2},
            annotation_text=f"England {result.england.value.normalize():f}", annotation_position="top left",
        )  # fmt: skip
    _layout(figure, y_title=y_title, height=420)
    figure.update_layout(
        barmode="overlay", bargap=0.1,
        xaxis={"categoryorder": "array", "categoryarray": order, "showticklabels": False,
               "title": {"text": "Councils, best first"}},
    )  # fmt: skip
    return figure


def series_figure(points: list[SeriesPoint], *, y_title: str, council: str) -> go.Figure:
    """Our council against the neighbour average, the region and England, by year."""
    labels = [p.label for p in points]
    figure = go.Figure()
    sn_style, region_style, england_style = ({**style, "width": 2} for style in COMPARATOR_STYLES[:3])
    lines = [
        (council, [p.ours for p in points], {"color": COUNCIL_BLUE, "width": 3}, "circle"),
        ("Statistical neighbours", [p.neighbours.value for p in points], sn_style, "diamond"),
        ("Region", [p.region for p in points], region_style, "square"),
        ("England", [p.england for p in points], england_style, "triangle-up"),
    ]  # fmt: skip
    for name, values, line, symbol in lines:
        figure.add_trace(
            go.Scatter(
                name=name, x=labels, y=[None if v is None else float(v) for v in values], mode="lines+markers",
                line=line, marker={"symbol": symbol, "size": 9, "color": line["color"]}, connectgaps=False,
            )
        )  # fmt: skip
    _layout(figure, y_title=y_title, height=360)
    return figure
