"""The indicator page's national statistics section, so the scorecard's view need not know of them."""

from __future__ import annotations

from django import template
from django.conf import settings

from national import charts, library, selectors
from scorecard.charts import to_json
from scorecard.views import UNIT_TITLES

register = template.Library()


@register.inclusion_tag("national/indicator_section.html", takes_context=True)
def national_section(context, indicator):
    source = selectors.source_for(indicator)
    points = selectors.indicator_series(indicator)
    council = settings.COUNCIL_SHORT_NAME
    chart = charts.series_figure(points, y_title=UNIT_TITLES[indicator.unit], council=council) if points else None
    return {
        "on_scorecard": selectors.loaded_averages(indicator) if points else [],
        "own_averages": selectors.own_averages(indicator) if points else [],
        "indicator": indicator,
        "source": source,
        "denominator_text": source.describe_filters(source.denominator_filters) if source else "",
        "points": points,
        "latest": points[-1] if points else None,
        "chart_json": to_json(chart) if chart else None,
        "council_short_name": context.get("council_short_name", council),
    }


@register.inclusion_tag("national/library_definition.html")
def library_definition(indicator):
    """The indicator library's reviewed definition: why it matters, its source, who checked it and when."""
    return {"definition": library.for_ref(indicator.ref), "indicator": indicator}
