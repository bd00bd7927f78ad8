"""Checking free text for publication. Commentary, a report's key points and its
details reach the public version only once an officer has ticked them; before the
tick, the page lists every small number the text contains, in figures or in words,
so the officer confirms each one knowingly."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from scorecard import services
from scorecard.audience import small_numbers
from scorecard.models import Figure, PanelReport, ReportKeyPoint
from scorecard.roles import EDIT_REPORT, ENTER_FIGURES
from scorecard.suppression import small_numbers_in_text
from scorecard.views import period_or_404


def _check(request: HttpRequest, *, item, checked_now: bool, texts: list[tuple[str, str]], what: str,
           back: str) -> HttpResponse:  # fmt: skip
    if request.method == "POST":
        publish = request.POST.get("decision") == "publish"
        services.publication_check(item=item, checked=publish, by=request.user)
        messages.success(request, f"The {what} {'will' if publish else 'will not'} appear in public versions.")
        return redirect(back)
    rule = small_numbers()
    found = [(label, text, small_numbers_in_text(text, rule)) for label, text in texts]
    context = {
        "what": what, "texts": found, "checked_now": checked_now, "back": back,
        "numbers": [n for _, _, numbers in found for n in numbers], "high": rule.high,
    }  # fmt: skip
    return render(request, "scorecard/publication_check.html", context)


@login_required
@permission_required(ENTER_FIGURES, raise_exception=True)
def check_commentary(request: HttpRequest, figure_id: int) -> HttpResponse:
    figure = get_object_or_404(Figure.objects.select_related("indicator", "period"), pk=figure_id)
    return _check(
        request,
        item=figure,
        checked_now=figure.commentary_checked,
        texts=[(f"Commentary, {figure.indicator.short_name}, {figure.period.label}", figure.commentary)],
        what=f"{figure.period.label} commentary on {figure.indicator.short_name.lower()}",
        back=reverse("indicator", args=[figure.indicator.ref]) + "#commentary-heading",
    )


@login_required
@permission_required(EDIT_REPORT, raise_exception=True)
def check_key_point(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_object_or_404(ReportKeyPoint.objects.select_related("report__period"), pk=point_id)
    return _check(
        request,
        item=point,
        checked_now=point.checked_for_publication,
        texts=[("Key point", point.text)],
        what="key point",
        back=reverse("report", args=[point.report.period.slug]),
    )


@login_required
@permission_required(EDIT_REPORT, raise_exception=True)
def check_report_details(request: HttpRequest, period: str) -> HttpResponse:
    report = get_object_or_404(PanelReport.objects.select_related("period"), period=period_or_404(period))
    return _check(
        request,
        item=report,
        checked_now=report.details_checked,
        texts=[
            ("Report for", report.committee),
            ("Title", report.title),
            ("Responsible officer", report.responsible_officer),
            ("Summary", report.summary),
        ],  # fmt: skip
        what="report's committee, title, responsible officer and summary",
        back=reverse("report", args=[report.period.slug]),
    )
