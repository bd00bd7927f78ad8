"""A read-only JSON and CSV feed of a period's scorecard for other council systems,
with the same permissions as the pages."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from scorecard import selectors
from scorecard.models import Period
from scorecard.periods import period_label
from scorecard.roles import reader_required
from scorecard.views import period_or_404

CSV_FIELDS = [
    "period", "ref", "indicator", "description", "unit", "polarity", "measure_type", "value", "numerator",
    "denominator", "status", "target", "rag", "direction", "previous_period", "previous_value",
]  # fmt: skip


def scorecard_records(period: Period) -> tuple[list[dict], list[str]]:
    """One record per active indicator, with numbers as strings (exact decimals), and
    the comparator names that head the comparator fields."""
    card = selectors.scorecard_for(period)
    comparators = [(c.comparator, c.year) for c in card.comparator_columns]
    records = []
    for row in card.rows:
        indicator, cell = row["indicator"], row.get(f"period_{period.pk}")
        previous = row["previous"]
        records.append(
            {
                "period": period.label,
                "ref": indicator.ref,
                "indicator": indicator.short_name,
                "description": indicator.description,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "measure_type": indicator.measure_type,
                "value": _number(cell.shown if cell else None),
                "numerator": cell.numerator if cell else None,
                "denominator": cell.denominator if cell else None,
                "status": cell.status if cell else None,
                "target": _number(row["target"].value),
                "rag": row["rag"].value,
                "direction": row["direction"].value,
                "previous_period": period_label(previous[0]) if previous else None,
                "previous_value": _number(previous[1]) if previous else None,
                "comparators": [
                    {
                        "name": comparator.name,
                        "year": year,
                        "value": _number(row[f"comparator_{comparator.pk}"].value)
                        if row[f"comparator_{comparator.pk}"]
                        else None,
                        "comparison": row[f"versus_{comparator.pk}"].value,
                    }
                    for comparator, year in comparators
                ],
            }
        )
    return records, [c.short_name for c, _ in comparators]


def _number(value) -> str | None:
    return None if value is None else f"{value.normalize():f}"


@reader_required
def scorecard_json(request: HttpRequest, period: str) -> HttpResponse:
    chosen = period_or_404(period)
    records, _ = scorecard_records(chosen)
    return JsonResponse(
        {
            "period": {"label": chosen.label, "slug": chosen.slug, "start": chosen.start_date, "end": chosen.end_date},
            "generated_at": timezone.now(),
            "indicators": records,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@reader_required
def scorecard_csv(request: HttpRequest, period: str) -> HttpResponse:
    chosen = period_or_404(period)
    records, comparator_names = scorecard_records(chosen)
    out = io.StringIO()
    writer = csv.writer(out)
    comparator_fields = [f"{name}_{part}" for name in comparator_names for part in ("year", "value", "comparison")]
    writer.writerow(CSV_FIELDS + comparator_fields)
    for record in records:
        comparators = [c[part] for c in record["comparators"] for part in ("year", "value", "comparison")]
        writer.writerow([record[field] for field in CSV_FIELDS] + comparators)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="scorecard-{chosen.slug}.csv"'
    return response
