"""The panel's quarter report: read, draft, edit, publish (after a confirmation),
amend, and download as PDF or xlsx. Every reader gets the version for their
audience (scorecard/audience.py): anonymous visitors only ever the public one."""

from __future__ import annotations

import logging
from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.forms import inlineformset_factory
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from accounts import audit
from scorecard import exports, page_cache, panel_report, selectors, services, snapshots
from scorecard.audience import Audience, audience_for
from scorecard.models import PanelReport, Period, ReportKeyPoint, ReportVersion
from scorecard.pdf import PdfUnavailable, html_to_pdf
from scorecard.roles import AMEND_REPORT, EDIT_REPORT, PUBLISH_REPORT, is_officer, reader_required
from scorecard.scorecard_export import scorecard_sheet
from scorecard.views import period_or_404

log = logging.getLogger(__name__)
# An amendment's reason is an admin's free text, often quoting the corrected figures: the
# public version says that the report was amended, and the panel's version says why.
PUBLIC_AMENDMENT_REASON = "figures or wording were corrected; the panel's version of the report gives the reason."


def _version(report: PanelReport | None, number: int | None) -> ReportVersion | None:
    """The version asked for, or the latest; None for a report not yet published."""
    if report is None or not report.is_published:
        if number is not None:
            raise Http404("This report has not been published.")
        return None
    versions = report.versions.select_related("published_by")
    if number is None:
        return versions.order_by("-number").first()
    return get_object_or_404(versions, number=number)


def _report_data(request: HttpRequest, period: Period, number: int | None = None) -> dict | None:
    """What the report shows this reader: a frozen version if published; live (a
    draft, or what a draft would say) for officers; nothing for others before publication."""
    audience = audience_for(request)
    report = PanelReport.objects.filter(period=period).select_related("published_by").first()
    version = _version(report, number)
    if version is not None:
        content = snapshots.content(version.snapshot, panel_report.frozen_audience(audience))
    elif is_officer(request.user):
        content = panel_report.report_content(period, audience, report)
    else:
        return None
    versions = list(report.versions.order_by("number")) if version else []
    version_path = f"v{version.number}/" if number is not None else ""
    return _context(content, period, report, version, versions, audience, version_path=version_path)


def _context(
    content: dict,
    period: Period,
    report: PanelReport | None,
    version: ReportVersion | None,
    versions: list[ReportVersion],
    audience: Audience,
    *,
    version_path: str = "",
) -> dict:
    """The report template's context, for the page and the PDF alike: a report's content (live
    or frozen) and the version shown; `versions`, the report's versions listed on the page."""
    return {
        **_shown(content),
        "period": period,
        "report": report,
        "version": version,
        "versions": versions,
        "latest": versions[-1] if versions else version,
        "public": audience.suppresses,
        "public_amendment_reason": PUBLIC_AMENDMENT_REASON,
        "audience": audience,
        "version_path": version_path,
    }


def _shown(content: dict) -> dict:
    """What the report template reads from a report's content (live or frozen)."""
    card = snapshots.scorecard_from_data(content["scorecard"])
    commentary = {row.ref: row.commentary for row in card.rows}
    details = content["details"]
    meeting = details["meeting_date"] and date.fromisoformat(details["meeting_date"])
    return {
        "content": content,
        "card": card,
        "details": {**details, "meeting_date": meeting},
        "points": [{**p, "commentary": commentary.get(p["ref"], "")} for p in content["key_points"]],
        "sections": panel_report.profile_sections(content["profile"]),
    }


@reader_required
@page_cache.not_shared
def reports_index(request: HttpRequest) -> HttpResponse:
    periods = sorted(selectors.periods_with_figures(), key=lambda p: p.key.sort_key(), reverse=True)
    reports = {r.period_id: r for r in PanelReport.objects.filter(period__in=periods)}
    rows = [(p, reports.get(p.pk)) for p in periods if not p.is_year_end]
    return render(request, "scorecard/reports.html", {"rows": rows})


@reader_required
@page_cache.not_shared
def report_detail(request: HttpRequest, period: str, number: int | None = None) -> HttpResponse:
    data = _report_data(request, period_or_404(period), number)
    if data is None:
        return render(request, "scorecard/report_unpublished.html", {"period": period_or_404(period)})
    return render(request, "scorecard/report.html", {**data, "base_template": "base.html"})


@reader_required
@page_cache.not_shared
def report_pdf(request: HttpRequest, period: str, number: int | None = None) -> HttpResponse:
    """A published version's PDF is printed once and then served as a file, without
    building the report again; a draft's is printed on each request, for officers."""
    chosen = period_or_404(period)
    audience = audience_for(request)
    report = PanelReport.objects.filter(period=chosen).first()
    version = _version(report, number)
    stored = None if version is None else version.public_pdf if audience.suppresses else version.pdf
    filename = _pdf_filename(chosen, version, audience.suppresses)
    if stored:
        try:
            return _pdf_file(stored, filename)
        except OSError as error:  # the file is gone (MEDIA_ROOT lost, not restored): print it again
            log.warning("Stored report PDF %s unreadable (%s); printing it again", stored.name, error)
    data = _report_data(request, chosen, number)
    if data is None:
        raise Http404("This report has not been published yet.")
    try:
        pdf = _print(request, data)
    except PdfUnavailable as unavailable:
        return _pdf_unavailable(request, unavailable)
    if version is not None and _pdf_kept(version, audience, pdf):
        return _pdf_file(version.public_pdf if audience.suppresses else version.pdf, filename)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf_kept(version: ReportVersion, audience: Audience, pdf: bytes) -> bool:
    """Keep a version's PDF as a file; False (and said in the log) when storage refuses it,
    as a full or unwritable MEDIA_ROOT does: the PDF is then printed again when next asked for."""
    try:
        services.report_version_pdf_store(version=version, audience=audience, pdf=pdf)
    except OSError as error:
        log.error("Report PDF not stored in MEDIA_ROOT (%s); it is printed again when next downloaded", error)
        return False
    return True


def _pdf_file(stored, filename: str) -> FileResponse:
    return FileResponse(stored.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")


def _pdf_filename(period: Period, version: ReportVersion | None, public: bool) -> str:
    amendment = f"-v{version.number}" if version is not None and version.is_amendment else ""
    return f"panel-report-{period.slug}{amendment}{'-public' if public else ''}.pdf"


def _print(request: HttpRequest, data: dict) -> bytes:
    html = render_to_string("scorecard/report.html", {**data, "base_template": "report_print.html"}, request)
    return html_to_pdf(html)


def _pdf_unavailable(request: HttpRequest, unavailable: Exception) -> HttpResponse:
    return render(request, "scorecard/pdf_unavailable.html", {"message": str(unavailable)}, status=503)


def _suffix(data: dict) -> str:
    version = f"-v{data['version'].number}" if data["version"] and data["version"].is_amendment else ""
    return version + ("-public" if data["public"] else "")


def published_pdfs_print(request: HttpRequest, version: ReportVersion) -> str:
    """Print and keep a published version's PDFs (the panel's and the public one) not kept
    yet, so readers are served files. Returns '' when both are kept, else why not, for the
    officer: a PDF not kept is printed when first downloaded."""
    for audience in panel_report.FROZEN_AUDIENCES:
        if version.public_pdf if audience.suppresses else version.pdf:
            continue
        content = snapshots.content(version.snapshot, audience)
        data = _context(content, version.report.period, version.report, version, [], audience)
        try:
            pdf = _print(request, data)
        except PdfUnavailable as unavailable:
            log.warning("Report PDFs not printed at publishing: %s", unavailable)
            return f"Its PDFs could not be printed now ({unavailable}): they are printed when first downloaded."
        if not _pdf_kept(version, audience, pdf):
            return (
                "Its PDFs could not be stored now (the server's file storage refused them; the log says why): "
                "they are printed when first downloaded."
            )
    return ""


@login_required
@permission_required(PUBLISH_REPORT, raise_exception=True)
def report_printing(request: HttpRequest, period: str) -> HttpResponse:
    """After publishing (which commits first): a page saying the report is published and its
    PDFs are being printed, which asks again (print=1) to print them, then goes to the report."""
    report = get_object_or_404(PanelReport.objects.select_related("period"), period=period_or_404(period))
    version = _version(report, None)
    if version is None:
        raise Http404("This report has not been published.")
    if not request.GET.get("print"):
        return render(request, "scorecard/report_printing.html", {"report": report, "version": version})
    why = published_pdfs_print(request, version)
    messages.success(request, _published_message(version))
    if why:
        messages.warning(request, why)
    else:
        messages.success(request, "Its PDFs are ready to download.")
    return redirect("report", period=report.period.slug)


def _published_message(version: ReportVersion) -> str:
    if version.is_amendment:
        return f"Version {version.number} of the report is published. Earlier versions stay readable."
    return f"The {version.report.period.label} report is published. Its figures are now frozen."


def _published(request: HttpRequest, version: ReportVersion) -> HttpResponse:
    """Published and committed: print its PDFs next (a page says so meanwhile), or not at all."""
    if settings.REPORT_PDFS_AT_PUBLISH:
        return redirect("report_printing", period=version.report.period.slug)
    messages.success(request, _published_message(version))
    return redirect("report", period=version.report.period.slug)


@reader_required
@page_cache.not_shared
def report_xlsx(request: HttpRequest, period: str, number: int | None = None) -> HttpResponse:
    """The report's scorecard table, as frozen or live as the report itself."""
    data = _report_data(request, period_or_404(period), number)
    if data is None:
        raise Http404("This report has not been published yet.")
    headers, rows = scorecard_sheet(data["card"], council=settings.COUNCIL_SHORT_NAME)
    return exports.export_response(
        title=f"Scorecard {data['period'].label}",
        headers=headers,
        rows=rows,
        file_format=exports.XLSX,
        filename=f"scorecard-{data['period'].slug}{_suffix(data)}.xlsx",
    )


@require_POST
@login_required
@permission_required(EDIT_REPORT, raise_exception=True)
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
KeyPointFormSet.form.base_fields["position"].required = False
KeyPointFormSet.form.base_fields["position"].help_text = "Leave empty to add the point at the end."


def _may_edit(user, report: PanelReport) -> bool:
    """Drafts by officers; a published report's words by admins, to amend it."""
    return not report.is_published or user.has_perm(AMEND_REPORT)


@login_required
@permission_required(EDIT_REPORT, raise_exception=True)
def report_edit(request: HttpRequest, period: str) -> HttpResponse:
    report = get_object_or_404(PanelReport.objects.select_related("period"), period=period_or_404(period))
    if not _may_edit(request.user, report):
        messages.error(request, "This report is published and can no longer be changed.")
        return redirect("report", period=report.period.slug)
    details = ReportDetailsForm(request.POST or None, instance=report)
    points = KeyPointFormSet(
        request.POST or None, instance=report, queryset=report.key_points.select_related("indicator")
    )
    if request.method == "POST" and details.is_valid() and points.is_valid():
        services.report_save(report=report, details=details, points=points, by=request.user)
        done = (
            "Saved. Issue an amendment to publish these changes."
            if report.is_published
            else "The draft report is saved."
        )
        messages.success(request, done)
        return redirect("report", period=report.period.slug)
    return render(request, "scorecard/report_edit.html", {"report": report, "details": details, "points": points})


@login_required
@permission_required(EDIT_REPORT, raise_exception=True)
def report_redraft(request: HttpRequest, period: str) -> HttpResponse:
    """Drafting the key points again replaces them, edits included: asked first."""
    report = get_object_or_404(PanelReport.objects.select_related("period"), period=period_or_404(period))
    if request.method == "POST":
        try:
            services.report_redraft_key_points(report=report, by=request.user)
        except services.ReportNotChanged as refused:
            messages.error(request, str(refused))
            return redirect("report", period=report.period.slug)
        messages.success(request, "The key points are drafted again from the latest figures.")
        return redirect("report_edit", period=report.period.slug)
    points = list(report.key_points.all())
    context = {"report": report, "points": points, "edited": [p for p in points if not p.drafted]}
    return render(request, "scorecard/report_redraft.html", context)


@login_required
@permission_required(PUBLISH_REPORT, raise_exception=True)
def report_publish(request: HttpRequest, period: str) -> HttpResponse:
    """Publishing freezes the report: a confirmation page first says what will be
    frozen and what the public version suppresses or leaves out."""
    report = get_object_or_404(PanelReport.objects.select_related("period"), period=period_or_404(period))
    if report.is_published:
        messages.error(request, "This report is already published.")
        return redirect("report", period=report.period.slug)
    if request.method == "POST":
        try:
            version = services.report_publish(report=report, by=request.user)
        except services.ReportNotChanged as refused:
            messages.error(request, str(refused))
            return redirect("report", period=report.period.slug)
        audit.record(
            audit.Kind.REPORT_PUBLISHED, request=request, detail=f"{report.period.label}, version {version.number}"
        )
        return _published(request, version)
    return render(request, "scorecard/report_publish.html", _publication_preview(report))


def _publication_preview(report: PanelReport) -> dict:
    full = panel_report.report_content(report.period, Audience.MEMBER, report)
    public = panel_report.report_content(report.period, Audience.PUBLIC, report)
    card = snapshots.scorecard_from_data(public["scorecard"])
    suppressed = [
        (row, [p.label for p, cell in zip(card.figure_periods, row.figures, strict=True) if cell.is_suppressed])
        for row in card.rows
    ]
    return {
        "report": report,
        "points": len(full["key_points"]),
        "indicators": len(card.rows),
        "suppressed": [(row, labels) for row, labels in suppressed if labels],
        "withheld_signals": [row for row in card.rows if row.withheld or row.direction_withheld],
        "withheld_points": [p for p in public["key_points"] if p["withheld"]],
        "details_checked": report.details_checked,
    }


class AmendmentForm(forms.Form):
    reason = forms.CharField(
        label="Why is the report amended?",
        help_text=(
            "The panel's version shows this beside the date, e.g. “Q3 dental checks corrected from 82.1 to 84.0”; "
            "the public version says only that figures or wording were corrected."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    # The version this amendment follows: a second click of the same form amends nothing more.
    after = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


@login_required
@permission_required(AMEND_REPORT, raise_exception=True)
def report_amend(request: HttpRequest, period: str) -> HttpResponse:
    report = get_object_or_404(PanelReport.objects.select_related("period"), period=period_or_404(period))
    if not report.is_published:
        messages.error(request, "Only a published report can be amended.")
        return redirect("report", period=report.period.slug)
    form = AmendmentForm(request.POST or None, initial={"after": report.versions.count()})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.report_amend(
                report=report, reason=form.cleaned_data["reason"], after=form.cleaned_data["after"], by=request.user
            )
        except services.ReportNotChanged as refused:
            messages.error(request, str(refused))
            return redirect("report", period=report.period.slug)
        audit.record(
            audit.Kind.REPORT_AMENDED, request=request, detail=f"{report.period.label}, version {version.number}"
        )
        return _published(request, version)
    return render(request, "scorecard/report_amend.html", {"report": report, "form": form,
                                                           **_publication_preview(report)})  # fmt: skip
