"""Comparator averages: admins load them from a file (template, upload, preview, confirm).
Statistical neighbours council by council are national's (national/neighbour_views.py)."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from scorecard import services
from scorecard.exports import export_response
from scorecard.importers.comparators_file import COLUMNS, AverageEntry, check_comparator_file, read_comparator_file
from scorecard.importers.files import MAX_UPLOAD_BYTES
from scorecard.models import ChangeMeans, Comparator, ComparatorValue, Indicator
from scorecard.periods import comparator_year_label
from scorecard.roles import LOAD_AVERAGES


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
