"""What `demo_setup` adds to the deck so that a fresh demo shows the product at work: an
officer's commentary on the red and amber indicators of the in-year quarters (every word
marked as demonstration text, never presented as the council's own), and the Q3 2023-24
panel report drafted, checked and published through the product's own services. Added once:
a report or commentary that exists (a user's, or the demo's from an earlier run) is left alone."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.test import RequestFactory

from scorecard import pdf, services
from scorecard.models import ChangeMeans, Figure, PanelReport, Period

PREFIX = "[Demonstration text]"
REPORT_PERIOD = (2023, 3)
# (financial year, quarter, indicator ref): what an officer might write about a red or amber figure.
COMMENTARY = {
    (2023, 1, "4"): "Two reviews slipped when an independent reviewing officer left; cover is now in place.",
    (2023, 1, "6"): "Two long-term placements ended in the quarter; both children are now settled with relatives.",
    (2023, 1, "9"): "The community dental service had a waiting list; looked-after children are now seen first.",
    (2023, 1, "10"): "Ten health assessments were late, most for children placed outside the borough.",
    (2023, 1, "13"): "Local foster carers were full; two new carers are being assessed to bring children closer.",
    (2023, 1, "14"): "Most episodes involve four young people; each has a safety plan agreed with the police.",
    (2023, 2, "4"): "Reviewing officers were short-staffed over the summer; an agency officer starts in October.",
    (2023, 2, "9"): "Improving: the dental pathway agreed with the health board is taking effect.",
    (2023, 2, "10"): "Assessments for children placed out of area wait on other areas' health teams.",
    (2023, 2, "14"): "Episodes rose over the summer holidays; return interviews were offered within 72 hours.",
    (2023, 3, "4"): "The review schedule is being rebuilt; we expect to be back above 95% by the end of March.",
    (2023, 3, "8"): "Three care leavers finished courses in December; the virtual school is helping them apply.",
    (2023, 3, "9"): "Some children declined dental checks; carers are being supported to encourage them.",
    (2023, 3, "10"): "Improving: a dedicated nurse now books assessments for children placed outside the borough.",
    (
        2023,
        3,
        "14",
    ): "A small number of young people account for most episodes; each is known to the exploitation panel.",
}


def demo_commentary_add(*, by) -> int:
    """Write the demonstration commentary where a figure has none and never had any of the
    demo's; returns how many figures it was written on."""
    written = 0
    figures = {
        (f.period.financial_year, f.period.quarter, f.indicator.ref): f
        for f in Figure.objects.select_related("period", "indicator").filter(
            period__financial_year__in={y for y, _, _ in COMMENTARY}
        )
    }
    had_demo = set(
        Figure.history.filter(commentary__startswith=PREFIX).values_list("id", flat=True)
    )  # a user who removed the demo's words is not overruled
    for key, text in COMMENTARY.items():
        figure = figures.get(key)
        if figure is None or figure.commentary or figure.pk in had_demo or figure.status == "final":
            continue
        if figure.published_value is not None:
            continue  # saving would put the value its counts give in place of the one published with them
        ref = key[2]
        entry = dataclasses.replace(figure.as_entry(), commentary=f"{PREFIX} {text}")
        services.figures_save(
            period_key=figure.period.key, entries={ref: (entry, figure.version)}, by=by, means=ChangeMeans.COMMAND
        )
        figure.refresh_from_db()
        services.publication_check(item=figure, checked=True, by=by)
        written += 1
    return written


def demo_report_publish(*, drafted_by, published_by):
    """Draft, check and publish the Q3 2023-24 report, unless it has a report already;
    returns the version published, or None. Its PDFs are printed where Chromium is present."""
    year, quarter = REPORT_PERIOD
    period = Period.objects.filter(financial_year=year, quarter=quarter).first()
    if period is None or PanelReport.objects.filter(period=period).exists():
        return None
    with transaction.atomic():
        report = services.report_start(period=period, by=drafted_by)
        for point in report.key_points.all():
            services.publication_check(item=point, checked=True, by=drafted_by)
        services.publication_check(item=report, checked=True, by=drafted_by)
        version = services.report_publish(report=report, by=published_by)
    if Path(pdf.CHROMIUM).exists() and settings.REPORT_PDFS_AT_PUBLISH:
        from scorecard.report_views import published_pdfs_print

        request = RequestFactory().get(f"/reports/{period.slug}/")
        request.user = published_by
        published_pdfs_print(request, version)
    return version
