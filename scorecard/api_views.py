"""A read-only JSON and CSV feed of a period's scorecard for other council systems,
with the same permissions and the same audience rules as the pages. Machines get
machine answers: 401 or 403 with a JSON body, never the HTML sign-in page."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from scorecard import exports, page_cache, selectors
from scorecard.audience import audience_for
from scorecard.models import Period
from scorecard.read_model import FigureCell, Scorecard, ScorecardRow, Versus
from scorecard.roles import READ_SCORECARD
from scorecard.views import period_or_404

CSV_FIELDS = [
    "period", "ref", "indicator", "description", "unit", "polarity", "measure_type", "state", "value", "numerator",
    "denominator", "status", "target", "rag", "direction", "previous_period", "previous_value",
]  # fmt: skip


def feed_reader_required(view):
    """Reading needs a log-in and the read permission unless the scorecard is public;
    refusals are JSON (401 with WWW-Authenticate, or 403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PUBLIC_SCORECARD:
            if not request.user.is_authenticated:
                response = JsonResponse({"error": "Sign in to read this feed."}, status=401)
                response["WWW-Authenticate"] = 'Session realm="scorecard"'
                return response
            if not request.user.has_perm(READ_SCORECARD):
                return JsonResponse({"error": "Your account may not read the scorecard."}, status=403)
        try:
            return view(request, *args, **kwargs)
        except Http404 as missing:
            return JsonResponse({"error": str(missing)}, status=404)

    return wrapper


def _number(value) -> str | None:
    """Exact decimals as strings, so no reader rounds them through a float."""
    return None if value is None else f"{value.normalize():f}"


def _figure(cell: FigureCell) -> dict:
    """`state` tells a suppressed figure ('suppressed': value and counts withheld)
    from one that does not exist ('empty')."""
    return {
        "state": cell.state.value,
        "text": cell.text,
        "value": _number(cell.shown),
        "numerator": cell.numerator,
        "denominator": cell.denominator,
        "status": cell.status or None,
    }


def _comparator(heading, versus: Versus) -> dict:
    """`status` keeps 'not_published' and 'not_applicable' apart from 'missing'."""
    return {
        "name": heading.name,
        "year": versus.year,
        "status": versus.status,
        "value": _number(versus.average),
        "comparison": None if versus.withheld else versus.comparison.value,
        "withheld": versus.withheld,
    }


def scorecard_records(card: Scorecard) -> list[dict]:
    """One record per active indicator, from the read model for the request's audience."""
    return [_record(card, row) for row in card.rows]


def _record(card: Scorecard, row: ScorecardRow) -> dict:
    return {
        "period": card.period.label,
        "ref": row.ref,
        "indicator": row.name,
        "description": row.description,
        "unit": row.unit,
        "polarity": row.polarity,
        "measure_type": row.measure_type,
        **_figure(row.current),
        "target": _number(row.target.value),
        "rag": None if row.withheld else row.rag.value,
        "direction": None if row.direction_withheld else row.direction.value,
        "withheld": row.withheld,
        "previous_period": row.previous_label,
        "previous_value": _number(row.previous_value),
        "commentary": row.commentary,
        "comparators": [_comparator(h, v) for h, v in zip(card.comparators, row.versus, strict=True)],
    }


def _card(request: HttpRequest, chosen: Period) -> Scorecard:
    return selectors.scorecard_for(chosen, audience_for(request))


@feed_reader_required
@page_cache.conditional_page
def scorecard_json(request: HttpRequest, period: str) -> HttpResponse:
    chosen = period_or_404(period)
    body = page_cache.cached_fragment(request, "feed.json", lambda: _json_body(_card(request, chosen), chosen))
    return HttpResponse(body, content_type="application/json")


def _json_body(card: Scorecard, chosen: Period) -> bytes:
    """The feed's body, built once per change of data: `generated_at` is when it was built."""
    return JsonResponse(
        {
            "period": {"label": chosen.label, "slug": chosen.slug, "start": chosen.start_date, "end": chosen.end_date},
            "audience": card.audience.value,
            "generated_at": timezone.now(),
            "indicators": scorecard_records(card),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    ).content


@feed_reader_required
@page_cache.conditional_page
def scorecard_csv(request: HttpRequest, period: str) -> HttpResponse:
    chosen = period_or_404(period)
    body = page_cache.cached_fragment(request, "feed.csv", lambda: _csv_body(_card(request, chosen)))
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[exports.CSV])
    response["Content-Disposition"] = f'inline; filename="scorecard-{chosen.slug}.csv"'
    return response


def _csv_body(card: Scorecard) -> bytes:
    comparator_fields = [
        f"{c.short_name}_{part}" for c in card.comparators for part in ("year", "status", "value", "comparison")
    ]
    rows = []
    for record in scorecard_records(card):
        comparators = [c[part] for c in record["comparators"] for part in ("year", "status", "value", "comparison")]
        rows.append([record[field] for field in CSV_FIELDS] + comparators)
    dataset = exports.export_dataset(title=f"Scorecard {card.period.label}", headers=CSV_FIELDS + comparator_fields,
                                     rows=rows)  # fmt: skip
    return exports.export_bytes(dataset, exports.CSV)
