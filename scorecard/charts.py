"""Plotly figures, built from plain data: never the request or the ORM.

A figure is a plain dict in Plotly's shape ({"data": [traces], "layout": {...}}),
not a plotly.graph_objects Figure: the tests check every builder's output against
Plotly's schema, so a page render does no Plotly validation (half a cold indicator
page's time) and embeds no plotly.py default template (about 6.5 KB a chart).

Colours alone never carry meaning: RAG points also differ in marker shape,
series differ in dash or bar pattern, and every chart sits above a table of
its data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from scorecard import rag

if TYPE_CHECKING:
    from scorecard.read_model import TrendPoint

FONT = "Arial, Helvetica, sans-serif"
INK = "#0b0c0c"
COUNCIL_BLUE = "#1d70b8"

# The same colours and shapes as the scorecard's RAG badges.
RAG_STYLE = {
    rag.Rag.GREEN: {"color": "#00703c", "symbol": "circle"},
    rag.Rag.AMBER: {"color": "#947200", "symbol": "diamond"},
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
    label: str  # 'Q1 2023-24', for hover text
    value: Decimal | None
    rag: rag.Rag
    target: Decimal | None
    tick: str = ""  # the axis label, 'Q1 23/24'; the label where not given
    financial_year: int | None = None  # for cumulative indicators: which year's line
    quarter: int | None = None  # None for a year-end outturn

    @property
    def axis_label(self) -> str:
        return self.tick or self.label


@dataclass(frozen=True)
class ComparatorLine:
    name: str  # 'SN average'
    values: list[Decimal | None]  # one per point, the average in force then
    years: list[str]  # one per point, which year's average it is ('2021/22')


def short_year(financial_year: int) -> str:
    """'23/24' for the financial year starting April 2023."""
    return f"{financial_year % 100:02d}/{(financial_year + 1) % 100:02d}"


def tick_label(financial_year: int, quarter: int | None) -> str:
    """An axis label short enough not to overlap its neighbours on a phone:
    'Q1 23/24' for a quarter, 'Year 22/23' for a year-end outturn."""
    if quarter is None:
        return f"Year {short_year(financial_year)}"
    return f"Q{quarter} {short_year(financial_year)}"


# What json_script escapes (<, >, &), so that no name in a chart (an indicator, comparator,
# council or category, entered by staff) can close the <script> the chart's JSON is printed
# in; and / as plotly.py's to_json did, so a tick label such as 'Q1 23/24' reads to the
# privacy audit's crawl of the page no more like a count 'n/d' than it did before.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "/": "\\u002f"})


def to_json(figure: dict) -> str:
    """The figure as JSON for a <script type="application/json"> (printed with |safe):
    compact, with <, >, & and / escaped; NaN refused, as JSON.parse would refuse it in
    the browser."""
    return json.dumps(figure, separators=(",", ":"), allow_nan=False).translate(_SCRIPT_SAFE)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# The few settings of plotly.py's default template these charts relied on, now that no
# template is sent (plotly.js's own defaults differ): no grid across the x axis, the y
# axis's title clear of its labels, hover text left-aligned, bar patterns drawn over the
# bar's colour (plotly.js would draw them instead of it: white bars).
AXIS_TITLE_STANDOFF = 15
BAR_PATTERN = {"fillmode": "overlay", "size": 10}


def _layout(*, y_title: str, height: int) -> dict:
    return {
        "font": {"family": FONT, "size": 15, "color": INK},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
        "yaxis": {
            "title": {"text": y_title, "standoff": AXIS_TITLE_STANDOFF},
            "gridcolor": "#dddddd",
            "zeroline": False,
            "rangemode": "tozero",
            "automargin": True,
        },
        # Plotly turns the labels when they would overlap; short labels rarely need it.
        "xaxis": {
            "type": "category",
            "linecolor": INK,
            "automargin": True,
            "tickfont": {"size": 13},
            "showgrid": False,
        },
        "hoverlabel": {"font": {"family": FONT}, "align": "left"},
    }


def _ticks(labels: list[str]) -> dict:
    """Each period's label on two lines ('Q1' over '23/24'), narrow enough for six or
    more periods side by side on a phone without Plotly turning them."""
    return {"tickmode": "array", "tickvals": labels, "ticktext": [label.replace(" ", "<br>") for label in labels]}


def _has_values(values) -> bool:
    """A legend entry only for a line that is drawn."""
    return any(v is not None for v in values)


def _rag_marker(points: list[ChartPoint]) -> dict:
    return {
        "size": 16,
        "color": [RAG_STYLE[p.rag]["color"] for p in points],
        "symbol": [RAG_STYLE[p.rag]["symbol"] for p in points],
        "line": {"color": "#ffffff", "width": 1.5},
    }


def trend_figure(
    points: list[ChartPoint], comparators: list[ComparatorLine], *, council: str, unit_title: str, decimals: int
) -> dict:
    """The indicator's figures over time, RAG-marked, with its target as a step
    line and the comparator averages as lines."""
    labels = [p.axis_label for p in points]
    value_format = f".{decimals}f"
    data = []
    if any(p.target is not None for p in points):
        data.append(
            {
                "type": "scatter",
                "x": labels,
                "y": [_number(p.target) for p in points],
                "name": "Target",
                "mode": "lines",
                "line": {"shape": "hv", "color": INK, "dash": "dash", "width": 2},
                "connectgaps": False,
                "hovertemplate": "Target: %{y}<extra></extra>",
            }
        )
    for i, line in enumerate(comparators):
        if not _has_values(line.values):
            continue
        style = COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)]
        data.append(
            {
                "type": "scatter",
                "x": labels,
                "y": [_number(v) for v in line.values],
                "customdata": line.years,
                "name": line.name,
                "mode": "lines",
                "line": {"color": style["color"], "dash": style["dash"], "width": 2},
                "hovertemplate": f"{line.name} %{{customdata}}: %{{y:{value_format}}}<extra></extra>",
            }
        )
    data.append(
        {
            "type": "scatter",
            "x": labels,
            "y": [_number(p.value) for p in points],
            "customdata": [[p.label, p.rag.label] for p in points],
            "name": council,
            "mode": "lines+markers",
            "line": {"color": COUNCIL_BLUE, "width": 3},
            "marker": _rag_marker(points),
            "hovertemplate": f"%{{customdata[0]}}: %{{y:{value_format}}}<br>%{{customdata[1]}}<extra></extra>",
        }
    )
    layout = _layout(y_title=unit_title, height=420)
    layout["xaxis"] = {**layout["xaxis"], **_ticks(labels)}
    return {"data": data, "layout": layout}


YEAR_TO_DATE_NOTE = (
    "Year-to-date figures build up over the year and start again each April: "
    "they are not comparable with full-year figures or averages until Q4."
)
YEAR_STYLES = [  # the newest year first
    {"color": COUNCIL_BLUE, "dash": "solid", "width": 3},
    {"color": "#505a5f", "dash": "dash", "width": 2},
    {"color": "#505a5f", "dash": "dot", "width": 2},
]


def cumulative_trend_figure(
    points: list[ChartPoint], comparators: list[ComparatorLine], *, council: str, unit_title: str, decimals: int
) -> dict:
    """A figure that builds up over the year (cumulative): the year-end outturns on
    the left as one line, then each financial year's year-to-date quarters as a line
    of its own, so the April reset is never drawn as a fall. Comparator averages
    are full-year figures: drawn against the outturns and each year's Q4 only."""
    full_years = [p for p in points if p.quarter is None]
    quarters = [p for p in points if p.quarter is not None]
    ordered = full_years + quarters
    labels = [p.axis_label for p in ordered]
    value_format = f".{decimals}f"
    data = []

    def comparable(point: ChartPoint) -> bool:
        return point.quarter in (None, 4)

    if any(p.target is not None for p in ordered):
        for group, show in ((full_years, True), (quarters, not any(p.target is not None for p in full_years))):
            data.append(
                {
                    "type": "scatter",
                    "x": [p.axis_label for p in group],
                    "y": [_number(p.target) for p in group],
                    "name": "Target",
                    "legendgroup": "target",
                    "showlegend": show and any(p.target is not None for p in group),
                    "mode": "lines+markers",  # a mark at each target, so a lone one still shows
                    "marker": {"symbol": "line-ew-open", "size": 14, "line": {"width": 2, "color": INK}},
                    "line": {"shape": "hv", "color": INK, "dash": "dash", "width": 2},
                    "hovertemplate": "Target: %{y}<extra></extra>",
                }
            )
    position = {id(p): i for i, p in enumerate(points)}
    for i, line in enumerate(comparators):
        values = [line.values[position[id(p)]] if comparable(p) else None for p in ordered]
        if not _has_values(values):
            continue
        style = COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)]
        data.append(
            {
                "type": "scatter",
                "x": labels,
                "y": [_number(v) for v in values],
                "customdata": [line.years[position[id(p)]] for p in ordered],
                "name": f"{line.name} (full year)",
                "mode": "lines+markers",
                "marker": {"symbol": "line-ew-open", "size": 14, "line": {"width": 3, "color": style["color"]}},
                "line": {"color": style["color"], "dash": style["dash"], "width": 2},
                "connectgaps": False,
                "hovertemplate": f"{line.name} %{{customdata}}: %{{y:{value_format}}}<extra></extra>",
            }
        )

    def council_line(group: list[ChartPoint], name: str, style: dict) -> dict:
        return {
            "type": "scatter",
            "x": [p.axis_label for p in group],
            "y": [_number(p.value) for p in group],
            "customdata": [[p.label, p.rag.label] for p in group],
            "name": name,
            "mode": "lines+markers",
            "line": style,
            "marker": _rag_marker(group),
            "hovertemplate": f"%{{customdata[0]}}: %{{y:{value_format}}}<br>%{{customdata[1]}}<extra></extra>",
        }

    if full_years:
        data.append(council_line(full_years, f"{council}, full year", {"color": INK, "width": 3}))
    years = sorted({p.financial_year for p in quarters}, reverse=True)
    for n, year in enumerate(years):
        group = [p for p in quarters if p.financial_year == year]
        style = YEAR_STYLES[min(n, len(YEAR_STYLES) - 1)]
        data.append(council_line(group, f"{council}, {short_year(year)} year to date", style))

    layout = _layout(y_title=unit_title, height=440)
    layout["margin"] = {**layout["margin"], "t": 50}
    if full_years and quarters:
        # A rule between the two kinds of figure, each side named above the plot.
        split = len(full_years) - 0.5
        layout["shapes"] = [
            {"type": "line", "xref": "x", "yref": "paper", "x0": split, "x1": split, "y0": 0, "y1": 1,
             "line": {"color": INK, "width": 1, "dash": "dot"}}
        ]  # fmt: skip
        layout["annotations"] = [
            {"xref": "x", "yref": "paper", "x": split, "y": 1.02, "xanchor": "right", "yanchor": "bottom",
             "text": "Full year  ", "showarrow": False, "font": {"size": 13}},
            {"xref": "x", "yref": "paper", "x": split, "y": 1.02, "xanchor": "left", "yanchor": "bottom",
             "text": "  Year to date (from April)", "showarrow": False, "font": {"size": 13}},
        ]  # fmt: skip
    layout["xaxis"] = {**layout["xaxis"], "categoryorder": "array", "categoryarray": labels, **_ticks(labels)}
    return {"data": data, "layout": layout}


@dataclass(frozen=True)
class BarSeries:
    name: str
    values: list[Decimal | None]  # one per category


def grouped_bar_figure(categories: list[str], series: list[BarSeries], *, y_title: str) -> dict:
    data = []
    for i, bars in enumerate(series):
        style = BAR_STYLES[i % len(BAR_STYLES)]
        data.append(
            {
                "type": "bar",
                "x": categories,
                "y": [_number(v) for v in bars.values],
                "name": bars.name,
                "text": [f"{_number(v):g}" if v is not None else "" for v in bars.values],
                "textposition": "outside",
                "marker": {
                    "color": style["color"],
                    "pattern": {"shape": style["pattern"], "fgcolor": "#ffffff", "solidity": 0.3, **BAR_PATTERN},
                    "line": {"color": INK, "width": 1},
                },
                "hovertemplate": f"{bars.name}, %{{x}}: %{{y}}%<extra></extra>",
            }
        )
    return {"data": data, "layout": {**_layout(y_title=y_title, height=400), "barmode": "group"}}


def indicator_trend_figure(
    points: list[TrendPoint], *, council: str, unit_title: str, decimals: int, cumulative: bool = False
) -> dict:
    """The trend chart of an indicator page, from the read model's points: a
    suppressed figure is a gap, with no RAG marker. A cumulative indicator's
    year-to-date quarters are drawn apart from its full years."""
    chart_points = [
        ChartPoint(
            p.period.label,
            p.cell.shown,
            p.rag,
            p.target_value,
            tick=tick_label(p.period.financial_year, p.period.quarter),
            financial_year=p.period.financial_year,
            quarter=p.period.quarter,
        )
        for p in points
    ]
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
    build = cumulative_trend_figure if cumulative else trend_figure
    return build(chart_points, lines, council=council, unit_title=unit_title, decimals=decimals)
