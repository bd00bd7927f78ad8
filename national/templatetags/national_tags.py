"""The indicator page's national statistics section, so the scorecard's view need not know of them."""

from __future__ import annotations

from django import template
from django.conf import settings

from national import benchmark, charts, library, selectors, shapes
from scorecard.charts import to_json
from scorecard.views import UNIT_TITLES

register = template.Library()


@register.inclusion_tag("national/indicator_section.html", takes_context=True)
def national_section(context, indicator):
    source = _source(indicator)
    points = selectors.indicator_series(indicator)
    council = settings.COUNCIL_SHORT_NAME
    unit_title = UNIT_TITLES[indicator.unit]
    chart = charts.series_figure(points, y_title=unit_title, council=council) if points else None
    decile_years = selectors.decile_series(indicator) if points else []
    decile_chart = charts.decile_figure(decile_years, y_title=unit_title, council=council) if decile_years else None
    return {
        "on_scorecard": selectors.loaded_averages(indicator) if points else [],
        "own_averages": selectors.own_averages(indicator) if points else [],
        "indicator": indicator,
        "source": source,
        "denominator_text": source.describe_filters(source.denominator_filters) if source else "",
        "points": points,
        "latest": points[-1] if points else None,
        "chart_json": to_json(chart) if chart else None,
        "decile_years": decile_years,
        "decile_latest": decile_years[-1] if decile_years else None,
        "decile_chart_json": to_json(decile_chart) if decile_chart else None,
        "sheet_years": [(y, benchmark.year_label(y)) for y in _sheet_years(context.get("points") or [], points)],
        "council_short_name": context.get("council_short_name", council),
    }


@register.inclusion_tag("national/library_definition.html")
def library_definition(indicator):
    """The indicator library's reviewed definition: why it matters, its source, who checked it and when."""
    definition = library.for_ref(indicator.ref)
    source = (definition or {}).get("dfe_source") or {}
    shape = shapes.SHAPES.get(source.get("file", "").removesuffix(".csv"))
    return {"definition": definition, "indicator": indicator, "dfe_title": shape.title if shape else "",
            "caveat": source.get("caveat", "")}  # fmt: skip


def _sheet_years(trend, series) -> list[int]:
    """The years of the neighbour sheet worth a link, newest first, from what the page has read
    already (no query of its own): DfE's loaded years, and each year-end outturn or comparator
    average on the scorecard's trend (kept by the year they start in: DfE's is the year after)."""
    years = {point.year for point in series}
    for point in trend:
        if point.period.quarter is None and point.cell.is_shown:
            years.add(point.period.financial_year + 1)
        years.update(r.year + 1 for r in point.comparators if r.year is not None)
    return sorted(years, reverse=True)


@register.simple_tag
def dfe_source(indicator):
    """Where DfE's figure for the indicator is found (file, row, columns), for the indicator
    page's "How this is worked out" (national/source_rows.html); None where there is no source."""
    source = _source(indicator)
    if source is None:
        return None
    return {"source": source, "denominator_text": source.describe_filters(source.denominator_filters)}


def _source(indicator):
    """The indicator's DfE source, read once for the page's national section and its
    "How this is worked out" both."""
    if not hasattr(indicator, "_dfe_source"):
        indicator._dfe_source = selectors.source_for(indicator)
    return indicator._dfe_source
