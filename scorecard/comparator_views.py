"""Comparator averages: admins load them from a file (template, upload, preview,
confirm) or enter statistical neighbours council by council."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from scorecard import page_cache, selectors, services
from scorecard.audience import audience_for
from scorecard.entry import IndicatorRules, parse_value
from scorecard.exports import export_response
from scorecard.importers.comparators_file import COLUMNS, AverageEntry, check_comparator_file, read_comparator_file
from scorecard.importers.files import MAX_UPLOAD_BYTES
from scorecard.models import ChangeMeans, Comparator, ComparatorValue, Figure, Indicator, NeighbourValue
from scorecard.periods import comparator_year_label
from scorecard.roles import reader_required

LOAD_AVERAGES = "scorecard.change_comparatorvalue"


class AveragesUploadForm(forms.Form):
    file = forms.FileField(
        label="Comparator averages file (CSV or Excel)",
        allow_empty_file=True,
        error_messages={"required": "Choose the CSV or Excel (xlsx) file to upload."},
    )


def _accepted_names() -> dict[str, str]:
    names = {}
    for comparator in Comparator.objects.all():
        for spelling in (comparator.name, comparator.short_name, comparator.sentence_name):
            if spelling:
                names[spelling.lower()] = comparator.name
    return names


@login_required
@permission_required(LOAD_AVERAGES, raise_exception=True)
def averages_template(request: HttpRequest, file_format: str) -> HttpResponse:
    """Every active indicator and comparator for a year (?year=2022), filled with what is stored."""
    latest = ComparatorValue.objects.order_by("-year").values_list("year", flat=True).first()
    try:
        year = int(request.GET.get("year") or (latest + 1 if latest else 2022))
    except ValueError as error:
        raise Http404("Give the year like ?year=2022.") from error
    stored = {(v.indicator_id, v.comparator_id): v for v in ComparatorValue.objects.filter(year=year)}
    comparators = list(Comparator.objects.all())
    rows = []
    for indicator in Indicator.objects.filter(is_active=True):
        for comparator in comparators:
            value = stored.get((indicator.pk, comparator.pk))
            published = value is not None and value.value is not None
            rows.append(
                [
                    indicator.ref,
                    indicator.short_name,
                    comparator.name,
                    comparator_year_label(year),
                    value.value.normalize() if published else None,
                    value.get_status_display() if value is not None and not published else "",
                ]
            )
    return export_response(
        title=comparator_year_label(year),
        headers=COLUMNS,
        rows=rows,
        file_format=file_format,
        filename=f"comparator-averages-{year}.{file_format}",
    )


@login_required
@permission_required(LOAD_AVERAGES, raise_exception=True)
def upload_averages(request: HttpRequest) -> HttpResponse:
    form = AveragesUploadForm(request.POST, request.FILES) if request.method == "POST" else AveragesUploadForm()
    context = {"form": form, "max_mb": MAX_UPLOAD_BYTES >> 20}
    if request.method != "POST" or not form.is_valid():
        return render(
            request, "scorecard/averages_upload.html", context, status=400 if request.method == "POST" else 200
        )
    upload = form.cleaned_data["file"]
    read = read_comparator_file(upload.name, upload.read(MAX_UPLOAD_BYTES + 1))
    units = dict(Indicator.objects.values_list("ref", "unit"))
    entries, problems = check_comparator_file(read, units=units, comparators=_accepted_names())
    if problems:
        context.update(problems=problems, filename=upload.name)
        return render(request, "scorecard/averages_upload.html", context, status=400)

    token = secrets.token_urlsafe(16)
    request.session[f"averages-{token}"] = {
        "file": upload.name,
        "entries": [
            [e.ref, e.comparator, e.year, None if e.value is None else str(e.value), e.status] for e in entries
        ],
    }
    context.update(changes=_changes(entries), token=token, filename=upload.name)
    return render(request, "scorecard/averages_preview.html", context)


def _changes(entries: list[AverageEntry]) -> list[dict]:
    stored = {
        (v.indicator.ref, v.comparator.name, v.year): v
        for v in ComparatorValue.objects.filter(year__in={e.year for e in entries}).select_related(
            "indicator", "comparator"
        )
    }
    rows = []
    for entry in entries:
        old = stored.get((entry.ref, entry.comparator, entry.year))
        old_text = _average_text(old.value, old.status) if old else "–"
        new_text = _average_text(entry.value, entry.status)
        rows.append({"entry": entry, "year": comparator_year_label(entry.year), "old": old_text, "new": new_text,
                     "changed": old_text != new_text, "loaded": bool(old and old.is_loaded)})  # fmt: skip
    return rows


def _average_text(value: Decimal | None, status: str) -> str:
    return f"{value.normalize():f}" if value is not None else status.replace("_", " ").capitalize()


@require_POST
@login_required
@permission_required(LOAD_AVERAGES, raise_exception=True)
def confirm_averages(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(f"averages-{request.POST.get('token', '')}", None)
    if pending is None:
        messages.error(request, "That upload has already been saved or has expired. Upload the file again.")
        return redirect("upload_averages")
    entries = [AverageEntry(r, c, y, None if v is None else Decimal(v), s) for r, c, y, v, s in pending["entries"]]
    result = services.comparator_values_save(entries=entries, by=request.user, means=ChangeMeans.UPLOAD)
    messages.success(request, f"Comparator averages saved from {pending['file']}: {result.summary()}.")
    return redirect("upload_averages")


class NeighbourValuesForm(forms.Form):
    """Each neighbour council's value for an indicator and year; empty where not known."""

    def __init__(self, sheet: selectors.NeighbourSheet, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.rules = IndicatorRules(sheet.indicator.unit, sheet.indicator.decimals)
        for council in sheet.councils:
            value = sheet.values.get(council.pk)
            self.fields[f"council_{council.pk}"] = forms.CharField(
                label=council.name,
                required=False,
                initial="" if value is None else f"{value.normalize():f}",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--number"}),
            )

    def clean(self):
        cleaned = super().clean()
        self.values = {}
        for council in self.sheet.councils:
            name = f"council_{council.pk}"
            value, message = parse_value(cleaned.get(name, ""), self.rules)
            if message:
                self.add_error(name, message)
            self.values[council.pk] = value
        return cleaned


@reader_required
@page_cache.not_shared
def neighbour_values(request: HttpRequest, ref: str, year: int) -> HttpResponse:
    """The statistical neighbours council by council for one indicator and year: the
    average they give, who is missing, and this council's rank. Admins enter the values."""
    indicator = get_object_or_404(Indicator, ref=ref)
    years = _neighbour_years(indicator, year)
    chosen = request.GET.get("year", "")
    if chosen.isdigit() and int(chosen) != year and int(chosen) in dict(years):  # the year control
        return redirect("neighbour_values", ref=ref, year=int(chosen))
    sheet = selectors.neighbour_sheet(indicator, year, audience_for(request))
    if sheet is None:
        raise Http404("No statistical-neighbour councils have been set up.")
    can_edit = request.user.has_perm(LOAD_AVERAGES)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = NeighbourValuesForm(sheet, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        saved = services.neighbour_values_save(sheet=sheet, values=form.values, by=request.user)
        average = saved.average
        shown = (
            "not published (too few councils have a value)"
            if average.value is None
            else f"{average.value.normalize():f}"
        )
        if saved.kept:
            messages.warning(
                request, f"Saved the councils' values. The statistical-neighbour average for {sheet.year_label} "
                f"stays {shown}: {saved.kept}."
            )  # fmt: skip
        else:
            messages.success(
                request, f"Saved. The statistical-neighbour average for {sheet.year_label} is now {shown}."
            )
        return redirect("neighbour_values", ref=ref, year=year)
    rows = [(council, form[f"council_{council.pk}"], sheet.values.get(council.pk)) for council in sheet.councils]
    return render(
        request,
        "scorecard/neighbours.html",
        {"sheet": sheet, "form": form, "rows": rows, "can_edit": can_edit, "years": years},
    )


def _neighbour_years(indicator: Indicator, year: int) -> list[tuple[int, str]]:
    """The years a reader can choose, newest first: each year with an average, a
    neighbour's value or this council's outturn for the indicator, and the one shown."""
    years = {year}
    years.update(ComparatorValue.objects.filter(indicator=indicator).values_list("year", flat=True))
    years.update(NeighbourValue.objects.filter(indicator=indicator).values_list("year", flat=True))
    years.update(
        Figure.objects.filter(indicator=indicator, period__quarter=None).values_list(
            "period__financial_year", flat=True
        )
    )
    return [(y, comparator_year_label(y)) for y in sorted(years, reverse=True)]
