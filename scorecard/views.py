from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from scorecard import charts, panel_report, selectors
from scorecard.models import Indicator, Period, Unit
from scorecard.periods import PeriodKey, comparator_year_label, parse_period
from scorecard.rag import Rag
from scorecard.roles import is_officer, reader_required
from scorecard.tables import ScorecardTable

EXPORT_FORMATS = ("csv", "xlsx")
UNIT_TITLES = {Unit.PERCENTAGE: "Per cent", Unit.RATE_PER_10000: "Rate per 10,000 children", Unit.COUNT: "Number"}


def period_key_or_404(slug: str) -> PeriodKey:
    """A period named in a URL ('2023-24-q3'), which may not have been created yet."""
    key = parse_period(slug)
    if key is None or not 2000 <= key.financial_year <= 2100:
        raise Http404(f"“{slug}” is not a period.")
    return key


def period_or_404(slug: str) -> Period:
    key = period_key_or_404(slug)
    return get_object_or_404(Period, financial_year=key.financial_year, quarter=key.quarter)


def _chosen_period(request: HttpRequest, periods: list):
    slug = request.GET.get("period")
    if not slug:
        return selectors.default_period(periods)
    key = parse_period(slug)
    for period in periods:
        if period.key == key:
            return period
    raise Http404(f"There are no figures for the period “{slug}”.")


@reader_required
def scorecard(request: HttpRequest) -> HttpResponse:
    periods = selectors.periods_with_figures()
    period = _chosen_period(request, periods)
    if period is None:
        return render(request, "scorecard/empty.html")
    card = selectors.scorecard_for(period)
    officer = is_officer(request.user)
    table = ScorecardTable(card, council=settings.COUNCIL_SHORT_NAME, show_warnings=officer)
    RequestConfig(request, paginate=False).configure(table)

    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        title = f"Scorecard {period.label}"
        exporter = TableExport(export_format, table, dataset_kwargs={"title": title})
        return exporter.response(filename=f"scorecard-{period.slug}.{export_format}")

    report, corrected = selectors.corrections_since_report(card)
    context = {
        "report": report,
        "corrected": corrected,
        "card": card,
        "table": table,
        "periods": sorted(periods, key=lambda p: p.key.sort_key(), reverse=True),
        "warnings": [(row["ref"], w) for row in card.rows for w in row["warnings"]] if officer else [],
        "rag_counts": _rag_counts(card.rows),
    }
    return render(request, "scorecard/scorecard.html", context)


def _rag_counts(rows: list[dict]) -> list[tuple[Rag, int]]:
    """How many indicators are red, amber, green and without RAG, for the summary line."""
    order = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NONE]
    return [(rating, sum(1 for row in rows if row["rag"] is rating)) for rating in order]


@reader_required
def indicator(request: HttpRequest, ref: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator, ref=ref)
    points = selectors.indicator_trend(indicator)
    chart = charts.indicator_trend_figure(
        points,
        council=settings.COUNCIL_SHORT_NAME,
        unit_title=UNIT_TITLES[indicator.unit],
        decimals=indicator.decimals,
    )
    context = {
        "indicator": indicator,
        "points": points,
        "latest": points[-1] if points else None,
        "comparator_names": [r.name for r in points[0].comparators] if points else [],
        "chart_json": chart.to_json() if points else None,
        "commentaries": [p for p in reversed(points) if p.figure.commentary],
        "history": selectors.figure_history(indicator) if is_officer(request.user) else None,
        "neighbour_years": _neighbour_years(points),
    }
    return render(request, "scorecard/indicator.html", context)


def _neighbour_years(points) -> list[tuple[int, str]]:
    """The comparator years read on the indicator page, newest first, for links to the council-by-council view."""
    years = {r.year for p in points for r in p.comparators if r.year is not None}
    return [(year, comparator_year_label(year)) for year in sorted(years, reverse=True)]


@reader_required
def demographics(request: HttpRequest) -> HttpResponse:
    sections = panel_report.profile_sections(selectors.demographic_profile())
    return render(request, "scorecard/demographics.html", {"sections": sections})
