from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from accounts import audit
from scorecard import charts, exports, page_cache, panel_report, selectors
from scorecard.audience import Audience, audience_for
from scorecard.models import Indicator, MeasureType, Period, Unit
from scorecard.periods import PeriodKey, parse_period, period_label
from scorecard.roles import reader_required
from scorecard.scorecard_export import scorecard_sheet
from scorecard.tables import ScorecardTable

UNIT_TITLES = {Unit.PERCENTAGE: "Per cent", Unit.RATE_PER_10000: "Rate per 10,000 children", Unit.COUNT: "Number"}


def period_key_or_404(slug: str) -> PeriodKey:
    """A period named in a URL ('2023-24-q3'), which may not have been created yet."""
    key = parse_period(slug)
    if key is None or not 2000 <= key.financial_year <= 2100:
        raise Http404(f"“{slug}” is not a period.")
    return key


def period_or_404(slug: str) -> Period:
    """A period that has been created; for one that has not, a 404 that says so in words
    (a shared link to a quarter not yet reported is a reader's mistake, not a broken site)."""
    key = period_key_or_404(slug)
    period = Period.objects.filter(financial_year=key.financial_year, quarter=key.quarter).first()
    if period is None:
        raise Http404(
            f"There are no figures for {period_label(key)} yet: they have not been entered, "
            "so there is no scorecard or report for it."
        )
    return period


class NoFiguresForPeriod(Exception):
    def __init__(self, slug: str):
        self.slug = slug


def _chosen_period(request: HttpRequest, periods: list):
    slug = request.GET.get("period")
    if not slug:
        return selectors.default_period(periods)
    key = parse_period(slug)
    for period in periods:
        if period.key == key:
            return period
    raise NoFiguresForPeriod(slug)


def _sorted_periods(periods: list) -> list:
    return sorted(periods, key=lambda p: p.key.sort_key(), reverse=True)


@reader_required
@page_cache.conditional_page
def scorecard(request: HttpRequest) -> HttpResponse:
    """The scorecard of a period. Its body is built once per change of data for each
    audience and URL (sort, period); the page around it carries what is personal."""
    audience = audience_for(request)
    periods = selectors.periods_with_figures()
    try:
        period = _chosen_period(request, periods)
    except NoFiguresForPeriod as missing:
        key = parse_period(missing.slug)
        context = {"asked": period_label(key) if key else missing.slug, "periods": _sorted_periods(periods)}
        return render(request, "scorecard/no_figures.html", context, status=404)
    if period is None:
        return render(request, "scorecard/empty.html")

    export_format = request.GET.get("_export")
    if export_format in exports.FORMATS:
        content = page_cache.cached_fragment(
            request, f"scorecard.{export_format}", lambda: _export(request, period, periods, audience, export_format)
        )
        filename = f"scorecard-{period.slug}{_version_suffix(audience)}.{export_format}"
        if audience == Audience.OFFICER:
            audit.record(audit.Kind.EXPORT, request=request, detail=filename)
        return exports.file_response(content, file_format=export_format, filename=filename)

    body = page_cache.cached_fragment(
        request, "scorecard.body", lambda: _body(request, period, periods, audience).encode()
    )
    return page_cache.render_around(request, "scorecard/scorecard.html", {"period": period}, body)


def _table(request: HttpRequest, card, audience: Audience) -> ScorecardTable:
    return ScorecardTable(
        card,
        council=settings.COUNCIL_SHORT_NAME,
        show_warnings=audience is Audience.OFFICER,
        sort=request.GET.get("sort"),
        query=request.GET,
    )


def _export(
    request: HttpRequest, period: Period, periods: list[Period], audience: Audience, export_format: str
) -> bytes:
    card = selectors.scorecard_for(period, audience, periods=periods)
    shown = replace(card, rows=tuple(_table(request, card, audience).rows))  # as sorted
    headers, rows = scorecard_sheet(shown, council=settings.COUNCIL_SHORT_NAME)
    dataset = exports.export_dataset(title=f"Scorecard {period.label}", headers=headers, rows=rows)
    return exports.export_bytes(dataset, export_format)


def _body(request: HttpRequest, period: Period, periods: list[Period], audience: Audience) -> str:
    card = selectors.scorecard_for(period, audience, periods=periods)
    report, corrected = selectors.corrections_since_report(period, card)
    context = {
        "report": report,
        "corrected": corrected,
        "card": card,
        "table": _table(request, card, audience),
        "periods": _sorted_periods(periods),
        "warnings": [(row.ref, w) for row in card.rows for w in row.warnings] if audience is Audience.OFFICER else [],
        "rag_counts": card.rag_counts(),
        "public": audience.suppresses,
    }
    return render_to_string("scorecard/scorecard_body.html", context, request)


def _version_suffix(audience: Audience) -> str:
    return "-public" if audience.suppresses else ""


@reader_required
@page_cache.conditional_page
def indicator(request: HttpRequest, ref: str) -> HttpResponse:
    audience = audience_for(request)
    indicator = get_object_or_404(Indicator, ref=ref)
    points, chart_json = page_cache.cached_fragment(request, "indicator.trend", lambda: _trend(indicator, audience))
    officer = audience is Audience.OFFICER
    context = {
        "indicator": indicator,
        "points": points,
        "latest": points[-1] if points else None,
        "comparator_names": [r.name for r in points[0].comparators] if points else [],
        "chart_json": chart_json,
        "commentaries": [p for p in reversed(points) if p.commentary],
        "history": selectors.figure_history(indicator) if officer else None,
        "show_warnings": officer,
        "officer": officer,
        "public": audience.suppresses,
        "cumulative": indicator.measure_type == MeasureType.CUMULATIVE,
        "year_to_date_note": charts.YEAR_TO_DATE_NOTE,
    }
    return render(request, "scorecard/indicator.html", context)


def _trend(indicator: Indicator, audience: Audience) -> tuple[list, str | None]:
    """The indicator's points and its chart's JSON: built once per change of data for each audience."""
    points = selectors.indicator_trend(indicator, audience)
    if not points:
        return points, None
    chart = charts.indicator_trend_figure(
        points,
        council=settings.COUNCIL_SHORT_NAME,
        unit_title=UNIT_TITLES[indicator.unit],
        decimals=indicator.decimals,
        cumulative=indicator.measure_type == MeasureType.CUMULATIVE,
    )
    return points, charts.to_json(chart)


@reader_required
@page_cache.conditional_page
def demographics(request: HttpRequest) -> HttpResponse:
    audience = audience_for(request)
    sections = page_cache.cached_fragment(request, "demographics.sections", lambda: _profile_html(audience).encode())
    return page_cache.render_around(request, "scorecard/demographics.html", {}, sections)


def _profile_html(audience: Audience) -> str:
    sections = panel_report.profile_sections(panel_report.profile_for(audience))
    return render_to_string("includes/profile_sections.html", {"sections": sections})
