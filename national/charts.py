"""Plotly figures for the national pages, as plain dicts (see scorecard.charts), from the
selectors' dataclasses; never the request or the ORM. Ours and our neighbours differ by
pattern as well as colour, and every chart sits above a table of its data."""

from __future__ import annotations

from national.benchmark import DECILES
from national.selectors import Benchmark, DecileYear, SeriesPoint
from scorecard.charts import AXIS_TITLE_STANDOFF, BAR_PATTERN, COMPARATOR_STYLES, COUNCIL_BLUE, FONT, INK

OTHER_GREY = "#b1b4b6"
LABEL_BACKGROUND = "#ffffff"
NEIGHBOUR_PURPLE = "#4c2c92"


def _layout(*, y_title: str, height: int) -> dict:
    return {
        "font": {"family": FONT, "color": INK, "size": 14},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.12},
        "yaxis": {"title": {"text": y_title, "standoff": AXIS_TITLE_STANDOFF}, "gridcolor": "#dddddd",
                  "rangemode": "tozero", "zeroline": False, "automargin": True},
        "xaxis": {"showgrid": False, "automargin": True},
        "hoverlabel": {"align": "left"},
        # As plotly.py's template had it: a year or council name that looks like a number stays a category.
        "autotypenumbers": "strict",
    }  # fmt: skip


def benchmark_figure(result: Benchmark, *, y_title: str, council: str) -> dict:
    """Every council with a value as a bar, best first; ours and our neighbours as their own
    traces (solid blue; purple with a hatch), England as a dashed line."""
    shown = [row for row in result.rows if row.value is not None]
    data = []
    groups = [
        ("Other councils", [r for r in shown if not r.is_ours and not r.neighbour_position], OTHER_GREY, ""),
        ("Statistical neighbours", [r for r in shown if r.neighbour_position and not r.is_ours], NEIGHBOUR_PURPLE, "/"),
        (council, [r for r in shown if r.is_ours], COUNCIL_BLUE, ""),
    ]
    order = [r.name for r in shown]
    for name, rows, colour, pattern in groups:
        if not rows:
            continue
        data.append(
            {
                "type": "bar",
                "name": name,
                "x": [r.name for r in rows],
                "y": [float(r.value) for r in rows],
                # The thin pale outline and the hatch's solidity are as plotly.py's template drew them.
                "marker": {
                    "color": colour,
                    "pattern": {"shape": pattern, "solidity": 0.2, **BAR_PATTERN},
                    "line": {"color": "#e5ecf6", "width": 0.5},
                },
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        )
    layout = _layout(y_title=y_title, height=420)
    if result.england is not None and result.england.value is not None:
        # What Plotly's add_hline(annotation_position="top left") makes: a line across
        # the plot's width at England's value, its label above the line's left end.
        england = float(result.england.value)
        layout["shapes"] = [
            {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": england, "y1": england,
             "line": {"color": INK, "dash": "dash", "width": 2}}
        ]  # fmt: skip
        # On a white box with an ink border, so it reads at 21:1 over any bar or hatch.
        layout["annotations"] = [
            {"showarrow": False, "text": f"England {result.england.value.normalize():f}", "xref": "x domain", "x": 1,
             "xanchor": "right", "yref": "y", "y": england, "yanchor": "bottom", "bgcolor": LABEL_BACKGROUND,
             "bordercolor": INK, "borderwidth": 1, "borderpad": 3, "font": {"color": INK, "size": 14}}
        ]  # fmt: skip
    # Only this council and its neighbours are named under their bars (ink on the white paper);
    # every council is named in the table below the chart.
    named = [r.name for r in shown if r.is_ours or r.neighbour_position]
    layout.update(
        barmode="overlay", bargap=0.1, height=520,
        margin={**layout["margin"], "t": 50, "b": 140},
        # Above the plot: below it, the legend would cover the slanted names.
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        xaxis={**layout["xaxis"], "categoryorder": "array", "categoryarray": order, "showticklabels": bool(named),
               "tickmode": "array", "tickvals": named, "ticktext": named, "tickangle": -60,
               "tickfont": {"color": INK, "size": 12},
               "title": {"text": "Councils, best first (this council and its neighbours named)",
                         "standoff": AXIS_TITLE_STANDOFF}},
    )  # fmt: skip
    return {"data": data, "layout": layout}


def series_figure(points: list[SeriesPoint], *, y_title: str, council: str) -> dict:
    """Our council against the neighbour average, the region and England, by year."""
    labels = [p.label for p in points]
    sn_style, region_style, england_style = ({**style, "width": 2} for style in COMPARATOR_STYLES[:3])
    lines = [
        (council, [p.ours for p in points], {"color": COUNCIL_BLUE, "width": 3}, "circle"),
        ("Statistical neighbours", [p.neighbours.value for p in points], sn_style, "diamond"),
        ("Region", [p.region for p in points], region_style, "square"),
        ("England", [p.england for p in points], england_style, "triangle-up"),
    ]  # fmt: skip
    data = [
        {"type": "scatter", "name": name, "x": labels, "y": [None if v is None else float(v) for v in values],
         "mode": "lines+markers", "line": line, "marker": {"symbol": symbol, "size": 9, "color": line["color"]},
         "connectgaps": False}
        for name, values, line, symbol in lines
    ]  # fmt: skip
    return {"data": data, "layout": _layout(y_title=y_title, height=360)}


DECILE_GREY = "#6f777b"  # 4.5:1 on white: lines need 3:1


def decile_figure(years: list[DecileYear], *, y_title: str, council: str) -> dict:
    """Our council's figure by year against the deciles of every council's, as OpenPrescribing
    draws its measures: the 10th to 90th percentiles as thin dashed lines, the median solid
    and bold, ours solid blue with circles, so the lines differ by more than colour."""
    labels = [y.label for y in years]
    data = []
    for p in DECILES:
        median = p == 50
        data.append(
            {
                "type": "scatter", "mode": "lines", "x": labels, "y": [float(y.deciles[p]) for y in years],
                "name": "Median of all councils" if median else "Deciles of all councils (10th to 90th)",
                "legendgroup": "median" if median else "deciles",
                "showlegend": median or p == 10,
                "line": {"color": INK if median else DECILE_GREY, "width": 4 if median else 1.5,
                         "dash": "solid" if median else "dash"},
                "hovertemplate": f"{p}th percentile, %{{x}}: %{{y}}<extra></extra>",
            }
        )  # fmt: skip
    data.append(
        {
            "type": "scatter", "mode": "lines+markers", "name": council, "x": labels,
            "y": [None if y.ours is None else float(y.ours) for y in years],
            "line": {"color": COUNCIL_BLUE, "width": 3},
            "marker": {"symbol": "circle", "size": 9, "color": COUNCIL_BLUE},
            "connectgaps": False, "hovertemplate": f"{council}, %{{x}}: %{{y}}<extra></extra>",
        }
    )  # fmt: skip
    return {"data": data, "layout": _layout(y_title=y_title, height=380)}
