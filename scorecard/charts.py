"""Plotly figures, built from plain data: never the request or the ORM.

Colours alone never carry meaning: RAG points also differ in marker shape,
series differ in dash or bar pattern, and every chart sits above a table of
its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from scorecard import rag

if TYPE_CHECKING:
    from scorecard.read_model import TrendPoint

FONT = "Arial, Helvetica, sans-serif"
INK = "#0b0c0c"
COUNCIL_BLUE = "#1d70b8"

# The same colours and shapes as the scorecard's RAG badges.
RAG_STYLE = {
    rag.Rag.GREEN: {"color": "#00703c", "symbol": "circle"},
    rag.Rag.AMBER: {"color": "#b35900", "symbol": "diamond"},
    rag.Rag.RED: {"color": "#d4351c", "symbol": "triangle-up"},
    rag.Rag.NONE: {"color": COUNCIL_BLUE, "symbol": "square"},
}
COMPARATOR_STYLES = [
    {"color": "#4c2c92", "dash": "dot"},
    {"color": "#505a5f", "dash": "dashdot"},
    {"color": "#6f3f1f", "dash": "longdash"},
]
BAR_STYLES = [
    {"color": COUNCIL_BLUE, "pattern": ""},
    {"color": "#85994b", "pattern": "/"},
    {"color": "#4c2c92", "pattern": "x"},
    {"color": "#b35900", "pattern": "."},
    {"color": "#505a5f", "pattern": "-"},
]


@dataclass(frozen=True)
class ChartPoint:
    label: str  # 'Q1 2023-24'
    value: Decimal | None
    rag: rag.Rag
    target: Decimal | None


@dataclass(frozen=True)
class ComparatorLine:
    name: str  # 'SN average'
    values: list[Decimal | None]  # one per point, the average in force then
    years: list[str]  # one per point, which year's average it is ('2021/22')


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _layout(*, y_title: str, height: int) -> dict:
    return {
        "font": {"family": FONT, "size": 15, "color": INK},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        "yaxis": {"title": {"text": y_title}, "gridcolor": "#dddddd", "zeroline": False, "rangemode": "tozero"},
        "xaxis": {"type": "category", "tickangle": 0, "linecolor": INK},
        "hoverlabel": {"font": {"family": FONT}},
    }


def trend_figure(
    points: list[ChartPoint], comparators: list[ComparatorLine], *, council: str, unit_title: str, decimals: int
) -> go.Figure:
    """The indicator's figures over time, RAG-marked, with its target as a step
    line and the comparator averages as lines."""
    labels = [p.label for p in points]
    value_format = f".{decimals}f"
    figure = go.Figure()
    if any(p.target is not None for p in points):
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=[_number(p.target) for p in points],
                name="Target",
                mode="lines",
                line={"shape": "hv", "color": INK, "dash": "dash", "width": 2},
                connectgaps=False,
                hovertemplate="Target: %{y}<extra></extra>",
            )
        )
    for i, line in enumerate(comparators):
        style = COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)]
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=[_number(v) for v in line.values],
                customdata=line.years,
                name=line.name,
                mode="lines",
                line={"color": style["color"], "dash": style["dash"], "width": 2},
                hovertemplate=f"{line.name} %{{customdata}}: %{{y:{value_format}}}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=[_number(p.value) for p in points],
            customdata=[p.rag.label for p in points],
            name=council,
            mode="lines+markers",
            line={"color": COUNCIL_BLUE, "width": 3},
            marker={
                "size": 16,
                "color": [RAG_STYLE[p.rag]["color"] for p in points],
                "symbol": [RAG_STYLE[p.rag]["symbol"] for p in points],
                "line": {"color": "#ffffff", "width": 1.5},
            },
            hovertemplate=f"%{{x}}: %{{y:{value_format}}}<br>%{{customdata}}<extra></extra>",
        )
    )
    figure.update_layout(**_layout(y_title=unit_title, height=420))
    return figure


@dataclass(frozen=True)
class BarSeries:
    name: str
    values: list[Decimal | None]  # one per category


def grouped_bar_figure(categories: list[str], series: list[BarSeries], *, y_title: str) -> go.Figure:
    figure = go.Figure()
    for i, bars in enumerate(series):
        style = BAR_STYLES[i % len(BAR_STYLES)]
        figure.add_trace(
            go.Bar(
                x=categories,
                y=[_number(v) for v in bars.values],
                name=bars.name,
                text=[f"{_number(v):g}" if v is not None else "" for v in bars.values],
                textposition="outside",
                marker={
                    "color": style["color"],
                    "pattern": {"shape": style["pattern"], "fgcolor": "#ffffff", "solidity": 0.3},
                    "line": {"color": INK, "width": 1},
                },
                hovertemplate=f"{bars.name}, %{{x}}: %{{y}}%<extra></extra>",
            )
        )
    figure.update_layout(**_layout(y_title=y_title, height=400), barmode="group")
    return figure


def indicator_trend_figure(points: list[TrendPoint], *, council: str, unit_title: str, decimals: int) -> go.Figure:
    """The trend chart of an indicator page, from the read model's points: a
    suppressed figure is a gap, with no RAG marker."""
    chart_points = [ChartPoint(p.period.label, p.cell.shown, p.rag, p.target_value) for p in points]
    lines = []
    for i, name in enumerate(r.name for r in (points[0].comparators if points else [])):
        readings = [p.comparators[i] for p in points]
        lines.append(
            ComparatorLine(
                name=name,
                values=[r.value for r in readings],
                years=[r.year_label for r in readings],
            )
        )
    return trend_figure(chart_points, lines, council=council, unit_title=unit_title, decimals=decimals)
