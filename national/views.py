"""National statistics: admins load DfE's files (upload, preview, confirm); readers see
every council's figures for an indicator and year, ranked; machines read the same as JSON."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from national import charts, feed, importer, selectors, services
from national.forms import NationalFilesForm
from national.models import NationalImport, PendingFile
from national.tables import BenchmarkTable
from scorecard import page_cache
from scorecard.api_views import feed_reader_required
from scorecard.charts import to_json
from scorecard.models import Indicator
from scorecard.roles import LOAD_NATIONAL, reader_required
from scorecard.views import UNIT_TITLES


@login_required
@permission_required(LOAD_NATIONAL, raise_exception=True)
def import_files(request: HttpRequest) -> HttpResponse:
    """Upload DfE's files; they are checked and previewed, and loaded only once confirmed."""
    form = NationalFilesForm(request.POST, request.FILES) if request.method == "POST" else NationalFilesForm()
    context = {"form": form, "max_mb": importer.MAX_FILE_BYTES >> 20, "imports": NationalImport.objects.all()[:20]}
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "national/import.html", context, status=status)
    files = [(upload.name, upload.read(importer.MAX_FILE_BYTES + 1)) for upload in form.cleaned_data["files"]]
    plan = services.national_import_plan(files=files)
    if not plan.ok:
        context["plan"] = plan
        return render(request, "national/import.html", context, status=400)
    token = secrets.token_hex(16)
    PendingFile.objects.filter(uploaded_by=request.user).delete()  # one pending upload per admin
    PendingFile.objects.bulk_create(
        PendingFile(token=token, file_name=name, content=content, uploaded_by=request.user) for name, content in files
    )
    return render(request, "national/import_preview.html", {"plan": plan, "token": token})


@require_POST
@login_required
@permission_required(LOAD_NATIONAL, raise_exception=True)
def confirm_import(request: HttpRequest) -> HttpResponse:
    pending = list(PendingFile.objects.filter(token=request.POST.get("token", ""), uploaded_by=request.user))
    if not pending:
        messages.error(request, "That upload has already been loaded or has expired. Upload the files again.")
        return redirect("national_import")
    plan = services.national_import_plan(files=[(p.file_name, bytes(p.content)) for p in pending])
    PendingFile.objects.filter(pk__in=[p.pk for p in pending]).delete()
    if not plan.ok:  # a source changed since the preview
        form = NationalFilesForm()
        context = {"form": form, "plan": plan, "max_mb": importer.MAX_FILE_BYTES >> 20,
                   "imports": NationalImport.objects.all()[:20]}  # fmt: skip
        return render(request, "national/import.html", context, status=400)
    loaded = services.national_import(plan=plan, by=request.user)
    if loaded:
        summary = "; ".join(
            f"{r.file_name}: {r.values_created} new, {r.values_changed} changed, {r.values_unchanged} unchanged"
            for r in loaded
        )
        messages.success(request, f"Loaded {summary}. The scorecard's England and neighbour averages follow.")
    else:
        messages.success(request, "These files were loaded before and nothing in them has changed: nothing to do.")
    return redirect("national_import")


def _indicator_and_year(ref: str, year: int) -> Indicator:
    if not 2000 <= year <= 2100:
        raise Http404("Give the year as its end: 2025 for 2024/25.")
    return get_object_or_404(Indicator, ref=ref)


@reader_required
@page_cache.conditional_page
def benchmark_page(request: HttpRequest, ref: str, year: int) -> HttpResponse:
    """Every council's figure for the indicator and year, ranked, against England, the
    region and our statistical neighbours: a chart and the same as a sortable table."""
    indicator = _indicator_and_year(ref, year)
    chosen = request.GET.get("year", "")
    if chosen.isdigit() and int(chosen) != year and int(chosen) in selectors.loaded_years(indicator):  # the picker
        return redirect("benchmark", ref=ref, year=int(chosen))
    body = page_cache.cached_fragment(
        request, "national.benchmark", lambda: _benchmark_body(request, indicator, year).encode()
    )
    context = {"indicator": indicator, "year": year, "year_label": selectors.year_label(year)}
    return page_cache.render_around(request, "national/benchmark.html", context, body)


def _benchmark_body(request: HttpRequest, indicator: Indicator, year: int) -> str:
    result = selectors.benchmark_for(indicator, year)
    context = {"indicator": indicator, "year_label": selectors.year_label(year), "result": result,
               "years": [(y, selectors.year_label(y)) for y in selectors.loaded_years(indicator)],
               "source": selectors.source_for(indicator)}  # fmt: skip
    context["year"] = year
    if result is not None:
        council = settings.COUNCIL_SHORT_NAME
        table = BenchmarkTable(result, council=council)
        RequestConfig(request, paginate=False).configure(table)
        unit_title = UNIT_TITLES[indicator.unit]
        context.update(
            table=table,
            chart_json=to_json(charts.benchmark_figure(result, y_title=unit_title, council=council)),
            with_values=sum(1 for r in result.rows if r.value is not None),
        )
    return render_to_string("national/benchmark_body.html", context, request)


@feed_reader_required
def councils_json(request: HttpRequest, ref: str, year: int) -> HttpResponse:
    """Every council's figure for the indicator and year (DfE's year end: 2025 for 2024/25)."""
    year = int(year)
    indicator = _indicator_and_year(ref, year)
    result = selectors.benchmark_for(indicator, year)
    if result is None:
        raise Http404(f"No national figures are loaded for indicator {ref} in {selectors.year_label(year)}.")
    return JsonResponse(feed.councils_document(result), json_dumps_params={"ensure_ascii": False})
