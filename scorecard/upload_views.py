"""Officers' bulk upload of a period's figures: template, upload, preview, confirm."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scorecard import entry_selectors, services
from scorecard.entry import Entry
from scorecard.exports import export_response
from scorecard.importers.figures_file import TEMPLATE_COLUMNS, check_figures_file, read_figures_file, template_rows
from scorecard.importers.files import MAX_UPLOAD_BYTES
from scorecard.models import ChangeMeans
from scorecard.periods import period_label, period_slug
from scorecard.roles import ENTER_FIGURES
from scorecard.views import period_key_or_404


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Figures file (CSV or Excel)",
        allow_empty_file=True,  # the file reader says so in its own words
        error_messages={"required": "Choose the CSV or Excel (xlsx) file to upload."},
    )


@login_required
@permission_required(ENTER_FIGURES, raise_exception=True)
def download_template(request: HttpRequest, period: str, file_format: str) -> HttpResponse:
    key = period_key_or_404(period)
    return export_response(
        title=period_label(key),
        headers=TEMPLATE_COLUMNS,
        rows=template_rows(entry_selectors.entry_rows(key)),
        file_format=file_format,
        filename=f"figures-{period_slug(key)}.{file_format}",
    )


@login_required
@permission_required(ENTER_FIGURES, raise_exception=True)
def upload_figures(request: HttpRequest, period: str) -> HttpResponse:
    """Read and check an uploaded file; if every row is valid, show what would change."""
    key = period_key_or_404(period)
    context = {"period_label": period_label(key), "period_slug": period_slug(key), "max_mb": MAX_UPLOAD_BYTES >> 20}
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return render(request, "scorecard/upload.html", context, status=400 if request.method == "POST" else 200)

    upload = form.cleaned_data["file"]
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    rows = entry_selectors.entry_rows(key)
    entries, problems = check_figures_file(read_figures_file(upload.name, content), rows)
    if problems:
        context.update(problems=problems, filename=upload.name)
        return render(request, "scorecard/upload.html", context, status=400)

    token = secrets.token_urlsafe(16)
    request.session[f"upload-{token}"] = {"period": period_slug(key), "file": upload.name, "entries": _dump(entries)}
    previews = [
        entry_selectors.entry_preview(row, entries[row.indicator.ref][0], key)
        for row in rows
        if row.indicator.ref in entries
    ]
    context.update(previews=previews, changes=sum(p.changed for p in previews), token=token, filename=upload.name)
    return render(request, "scorecard/upload_preview.html", context)


@require_POST
@login_required
@permission_required(ENTER_FIGURES, raise_exception=True)
def confirm_upload(request: HttpRequest, period: str) -> HttpResponse:
    key = period_key_or_404(period)
    pending = request.session.pop(f"upload-{request.POST.get('token', '')}", None)
    if pending is None or pending["period"] != period_slug(key):
        messages.error(request, "That upload has already been saved or has expired. Upload the file again.")
        return redirect("upload_figures", period=period_slug(key))
    try:
        result = services.figures_save(
            period_key=key, entries=_load(pending["entries"]), by=request.user, means=ChangeMeans.UPLOAD
        )
    except services.FiguresNotSaved as refused:
        for ref, problem in refused.problems.items():
            messages.error(request, f"Indicator {ref}: {problem}")
        return redirect("upload_figures", period=period_slug(key))
    messages.success(request, f"{period_label(key)} saved from {pending['file']}: {result.summary()}.")
    return redirect(f"{reverse('scorecard')}?period={period_slug(key)}")


def _dump(entries: dict[str, tuple[Entry, int]]) -> dict:
    return {
        ref: {
            "numerator": e.numerator,
            "denominator": e.denominator,
            "value": None if e.value is None else str(e.value),
            "status": e.status,
            "commentary": e.commentary,
            "version": version,
        }
        for ref, (e, version) in entries.items()
    }


def _load(stored: dict) -> dict[str, tuple[Entry, int]]:
    return {
        ref: (
            Entry(
                e["numerator"],
                e["denominator"],
                None if e["value"] is None else Decimal(e["value"]),
                e["status"],
                e["commentary"],
            ),
            e["version"],
        )
        for ref, e in stored.items()
    }
