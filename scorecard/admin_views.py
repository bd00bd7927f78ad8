"""Admins' tasks on the product's own pages (not Django admin): a year's targets for
every indicator, and the scorecard's indicators (scorecard/indicator_views.py)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from scorecard import admin_services, target_sheet
from scorecard.models import Indicator, MeasureType, Period, Target
from scorecard.periods import year_label

SET_TARGETS = "scorecard.change_target"  # admins only
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def _year_or_404(text: str) -> int:
    """'2024-25' -> 2024; anything else is not a page."""
    match = _YEAR.match(text)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)) or not 2000 <= int(match.group(1)) < 2100:
        raise Http404("Write the financial year like 2024-25.")
    return int(match.group(1))


def coming_year() -> int:
    """The year after the latest with targets (or with figures, where none has targets)."""
    latest = Target.objects.aggregate(year=Max("financial_year"))["year"]
    if latest is None:
        latest = Period.objects.aggregate(year=Max("financial_year"))["year"]
    return (latest + 1) if latest is not None else 2024


def _lines() -> list[target_sheet.IndicatorLine]:
    return [
        target_sheet.IndicatorLine(
            pk=i.pk,
            ref=i.ref,
            name=f"{i.ref}. {i.short_name}",
            unit=i.unit,
            polarity=i.polarity,
            phased=i.measure_type == MeasureType.CUMULATIVE,
        )
        for i in Indicator.objects.filter(is_active=True)
    ]


def _stored(years: list[int]) -> dict[tuple[int, int], list[target_sheet.StoredTarget]]:
    """Stored targets by (indicator pk, year), for the years asked, in one query."""
    found: dict[tuple[int, int], list[target_sheet.StoredTarget]] = {}
    for t in Target.objects.filter(financial_year__in=years):
        found.setdefault((t.indicator_id, t.financial_year), []).append(
            target_sheet.StoredTarget(t.quarter, t.value, t.tolerance, t.tolerance_kind)
        )
    return found


@login_required
@permission_required(SET_TARGETS, raise_exception=True)
def targets_index(request: HttpRequest) -> HttpResponse:
    return redirect("targets_year", year=year_label(coming_year()))


@login_required
@permission_required(SET_TARGETS, raise_exception=True)
def targets_year(request: HttpRequest, year: str) -> HttpResponse:
    """Every indicator's target for a year on one page, pre-filled from the year's own
    or, where it has none yet, the year before's; saved all or none."""
    financial_year = _year_or_404(year)
    lines = _lines()
    stored = _stored([financial_year, financial_year - 1])
    data: dict[str, str] = {}
    for line in lines:
        own = stored.get((line.pk, financial_year))
        data.update(target_sheet.initial(line, own or stored.get((line.pk, financial_year - 1), [])))
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {key: request.POST.get(key, "") for key in data}
        checked = {}
        for line in filter(target_sheet.has_target, lines):
            targets, row_errors = target_sheet.check_row(line, data)
            errors.update(row_errors)
            checked[line.pk] = targets
        if not errors:
            result = admin_services.targets_save(financial_year=financial_year, targets=checked, by=request.user)
            messages.success(request, f"Targets for {year_label(financial_year)} saved: {result.summary()}.")
            return redirect("targets_year", year=year_label(financial_year))
    rows = [_row(line, data, errors, stored, financial_year) for line in lines]
    context = {
        "year_label": year_label(financial_year),
        "previous_label": year_label(financial_year - 1),
        "previous_slug": year_label(financial_year - 1),
        "next_slug": year_label(financial_year + 1),
        "prefilled_from_previous": not any((line.pk, financial_year) in stored for line in lines),
        "rows": rows,
        "problems": [(f"t-{key}", message) for key, message in errors.items()],
        "kinds": list(target_sheet.TOLERANCE_KINDS.items()),
    }
    return render(request, "scorecard/targets.html", context, status=400 if errors else 200)


def _row(line, data: dict[str, str], errors: dict[str, str], stored, financial_year: int) -> dict:
    keys = [f"q{q}" for q in target_sheet.QUARTERS] if line.phased else ["year"]
    before = stored.get((line.pk, financial_year - 1))
    before_text = ""
    if before:
        checked, _ = target_sheet.check_row(line, target_sheet.initial(line, before))
        before_text = target_sheet.describe(checked, line) if checked else ""
    return {
        "line": line,
        "has_target": target_sheet.has_target(line),
        "unit_suffix": "%" if line.unit == "percentage" else "",
        "fields": [
            {
                "name": f"{line.pk}-{key}",
                "label": f"Q{key[1]}" if line.phased else f"Target for {year_label(financial_year)}",
                "value": data.get(f"{line.pk}-{key}", ""),
                "error": errors.get(f"{line.pk}-{key}", ""),
            }
            for key in keys
        ],
        "tolerance": {
            "name": f"{line.pk}-tolerance",
            "value": data.get(f"{line.pk}-tolerance", ""),
            "error": errors.get(f"{line.pk}-tolerance", ""),
        },
        "kind": {
            "name": f"{line.pk}-kind",
            "value": data.get(f"{line.pk}-kind", ""),
            "error": errors.get(f"{line.pk}-kind", ""),
        },
        "before": before_text,
        "indicator_url": reverse("indicator", args=[line.ref]),
    }
