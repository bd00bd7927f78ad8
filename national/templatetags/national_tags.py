"""The indicator page's national statistics section, so the scorecard's view need not know of them."""

from __future__ import annotations

from django import template
from django.conf import settings

from national import charts, selectors
from scorecard.charts import to_json
from scorecard.views import UNIT_TITLES

register = template.Library()


@register.inclusion_tag("national/indicator_section.html", takes_context=True)
def national_section(context, indicator):
    source = _source(indicator)
    points = selectors.indicator_series(indicator)
    council = settings.COUNCIL_SHORT_NAME
    chart = charts.series_figure(points, y_title=UNIT_TITLES[indicator.unit], council=council) if points else None
    return {
        "on_scorecard": selectors.loaded_averages(indicator) if points else [],
        "indicator": indicator,
        "source": source,
        "denominator_text": source.describe_filters(source.denominator_filters) if source else "",
        "points": points,
        "latest": points[-1] if points else None,
        "chart_json": to_json(chart) if chart else None,
        "council_short_name": context.get("council_short_name", council),
    }


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
