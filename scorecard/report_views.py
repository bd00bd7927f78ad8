"""The panel's quarter report: read, draft, edit, publish, and download as PDF or xlsx."""

from __future__ import annotations

import tablib
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.forms import inlineformset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from scorecard import panel_report, rag, selectors, services
from scorecard.models import PanelReport, Period, ReportKeyPoint
from scorecard.pdf import PdfUnavailable, html_to_pdf
from scorecard.roles import is_officer, reader_required
from scorecard.suppression import SUPPRESSED
from scorecard.tables import RAG_SHORT
from scorecard.views import period_or_404

EDIT = "scorecard.change_panelreport"
PUBLISH = "scorecard.publish_panelreport"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report_data(request: HttpRequest, period: Period) -> dict | None:
    """What the report shows this reader: frozen if published; live (a draft, or what
    a draft would say) for officers; nothing for others before publication."""
    report = PanelReport.objects.filter(period=period).select_related("published_by").first()
    public = request.GET.get("version") == "public"
    if report and report.is_published:
        content, points = report.snapshot["content"], report.snapshot["key_points"]
    elif is_officer(request.user):
        card = selectors.scorecard_for(period)
        content = panel_report.report_content(period, card)
        points = services.key_points_data(report) if report else [
            {"ref": p.ref, "text": p.text} for p in panel_report.drafted_key_points(period, card)
        ]  # fmt: skip
    else:
        return None
    if public:
        content, points = panel_report.public_version(content, points)
    commentary = {row["ref"]: row["commentary"] for row in content["scorecard"]["rows"]}
    return {
        "period": period,
        "report": report,
        "content": content,
        "points": [{**p, "commentary": commentary.get(p.get("ref"), "")} for p in points],
        "sections": panel_report.profile_sections(content["profile"]),
        "public": public,
        "details": report or PanelReport(period=period),
    }


@reader_required
def reports_index(request: HttpRequest) -> HttpResponse:
    periods = sorted(selectors.periods_with_figures(), key=lambda p: p.key.sort_key(), reverse=True)
    reports = {r.period_id: r for r in PanelReport.objects.filter(period__in=periods)}
    rows = [(p, reports.get(p.pk)) for p in periods if not p.is_year_end]
    return render(request, "scorecard/reports.html", {"rows": rows})


@reader_required
def report_detail(request: HttpRequest, period: str) -> HttpResponse:
    data = _report_data(request, period_or_404(period))
    if data is None:
        return render(request, "scorecard/report_unpublished.html", {"period": period_or_404(period)})
    return render(request, "scorecard/report.html", {**data, "base_template": "base.html"})


@reader_required
def report_pdf(request: HttpRequest, period: str) -> HttpResponse:
    data = _report_data(request, period_or_404(period))
    if data is None:
        raise Http404("This report has not been published yet.")
    html = render_to_string("scorecard/report.html", {**data, "base_template": "report_print.html"}, request)
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailable as unavailable:
        return render(request, "scorecard/pdf_unavailable.html", {"message": str(unavailable)}, status=503)
    version = "-public" if data["public"] else ""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="panel-report-{data["period"].slug}{version}.pdf"'
    return response


@reader_required
def report_xlsx(request: HttpRequest, period: str) -> HttpResponse:
    """The report's scorecard table, as frozen or live as the report itself."""
    data = _report_data(request, period_or_404(period))
    if data is None:
        raise Http404("This report has not been published yet.")
    table = data["content"]["scorecard"]
    dataset = tablib.Dataset(title=f"Scorecard {data['period'].label}")
    dataset.headers = (
        ["Ref", "Indicator"]
        + [c["heading"] for c in table["columns"]]
        + [f"RAG {data['period'].label}"]
        + [v["heading"] for v in table["versus"]]
        + ["Direction of travel"]
    )
    for row in table["rows"]:
        cells = [(row["cells"].get(c["key"]) or {"text": "–"})["text"] for c in table["columns"]]
        versus = [_label(rag.Comparison, v["comparison"]) for v in row["versus"]]
        dataset.append(
            [
                row["ref"],
                row["description"],
                *cells,
                _label(rag.Rag, row["rag"]),
                *versus,
                _label(rag.Direction, row["direction"]),
            ]
        )
    version = "-public" if data["public"] else ""
    response = HttpResponse(dataset.export("xlsx"), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="scorecard-{data["period"].slug}{version}.xlsx"'
    return response


def _label(signal, value: str) -> str:
    """A signal's words in an export ('Red', 'No comparison'), or 'c' where suppressed."""
    if value == SUPPRESSED:
        return value
    member = signal(value)
    return RAG_SHORT[member] if signal is rag.Rag else member.label


@require_POST
@login_required
@permission_required(EDIT, raise_exception=True)
def report_start(request: HttpRequest, period: str) -> HttpResponse:
    report = services.report_start(period=period_or_404(period), by=request.user)
    messages.success(request, f"The {report.period.label} report is drafted. Check the key points and edit them.")
    return redirect("report_edit", period=report.period.slug)


class ReportDetailsForm(forms.ModelForm):
    class Meta:
        model = PanelReport
        fields = ["committee", "title", "meeting_date", "responsible_officer", "summary"]
        widgets = {
            "meeting_date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"committee": "Report for"}


KeyPointFormSet = inlineformset_factory(
    PanelReport,
    ReportKeyPoint,
    fields=["position", "text"],
    extra=1,
    can_delete=True,
    widgets={
        "text": forms.Textarea(attrs={"rows": 3}),
        "position": forms.NumberInput(attrs={"class": "input--narrow"}),
    },
    labels={"position": "Order", "text": "Key point"},
)


@login_required
@permission_required(EDIT, raise_exception=True)
def report_edit(request: HttpRequest, period: str) -> HttpResponse:
    report = get_object_or_404(PanelReport.objects.select_related("period"), period=period_or_404(period))
    if report.is_published:
        messages.error(request, "This report is published and can no longer be changed.")
        return redirect("report", period=report.period.slug)
    details = ReportDetailsForm(request.POST or None, instance=report)
    points = KeyPointFormSet(
        request.POST or None, instance=report, queryset=report.key_points.select_related("indicator")
    )
    if request.method == "POST" and details.is_valid() and points.is_valid():
        services.report_save(report=report, details=details, points=points, by=request.user)
        messages.success(request, "The draft report is saved.")
        return redirect("report", period=report.period.slug)
    return render(request, "scorecard/report_edit.html", {"report": report, "details": details, "points": points})


@require_POST
@login_required
@permission_required(EDIT, raise_exception=True)
def report_redraft(request: HttpRequest, period: str) -> HttpResponse:
    report = get_object_or_404(PanelReport, period=period_or_404(period))
    try:
        services.report_redraft_key_points(report=report, by=request.user)
    except services.ReportNotChanged as refused:
        messages.error(request, str(refused))
        return redirect("report", period=report.period.slug)
    messages.success(request, "The key points are drafted again from the latest figures.")
    return redirect("report_edit", period=report.period.slug)


@require_POST
@login_required
@permission_required(PUBLISH, raise_exception=True)
def report_publish(request: HttpRequest, period: str) -> HttpResponse:
    report = get_object_or_404(PanelReport, period=period_or_404(period))
    try:
        services.report_publish(report=report, by=request.user)
    except services.ReportNotChanged as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"The {report.period.label} report is published. Its figures are now frozen.")
    return redirect("report", period=report.period.slug)
