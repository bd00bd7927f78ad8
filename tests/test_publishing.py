"""Publishing is all or nothing and says truthfully what happened: the publication
commits first, then its PDFs are printed (a page says so while they are); a PDF that
cannot be printed or stored now is printed when first downloaded, never a 500; a
second click never publishes twice."""

from __future__ import annotations

import pytest

from scorecard import services
from scorecard.audience import Audience
from scorecard.models import PanelReport, Period, ReportVersion
from tests.test_reports import REPORT, needs_chromium
from tests.test_scorecard import _text

PRINTING = f"{REPORT}printing/"


@pytest.fixture
def draft(deck, officer) -> PanelReport:
    return services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """A MEDIA_ROOT that cannot be written (its parent is a file: even root cannot make it)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    return settings.MEDIA_ROOT


def test_publishing_commits_then_shows_that_the_pdfs_are_being_printed(officer_client, draft, settings):
    settings.REPORT_PDFS_AT_PUBLISH = True
    response = officer_client.post(f"{REPORT}publish/")
    assert response.status_code == 302 and response["Location"] == PRINTING
    assert PanelReport.objects.get(pk=draft.pk).is_published
    page = officer_client.get(PRINTING)
    html = page.content.decode()
    assert "The Q3 2023-24 report is published" in _text(page)
    assert "Printing its PDFs" in _text(page)
    assert f'<meta http-equiv="refresh" content="0; url={PRINTING}?print=1">' in html


@needs_chromium
def test_pdfs_that_cannot_be_stored_leave_the_report_published_and_say_so(
    officer_client, draft, settings, unwritable_media
):
    settings.REPORT_PDFS_AT_PUBLISH = True
    officer_client.post(f"{REPORT}publish/")
    response = officer_client.get(f"{PRINTING}?print=1", follow=True)
    text = _text(response)
    assert response.status_code == 200
    assert "The Q3 2023-24 report is published. Its figures are now frozen." in text
    assert "Its PDFs could not be stored now" in text and "they are printed when first downloaded" in text
    assert "nothing has been saved" not in text
    version = ReportVersion.objects.get(report=draft)
    assert not version.pdf and not version.public_pdf

    pdf = officer_client.get(f"{REPORT}report.pdf")  # printed on request, served though it cannot be kept
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")


def test_a_stored_pdf_lost_from_disk_is_printed_again_not_a_500(officer_client, draft, officer, settings, tmp_path,
                                                                 monkeypatch):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    version = services.report_publish(report=draft, by=officer)
    services.report_version_pdf_store(version=version, audience=Audience.OFFICER, pdf=b"%PDF-1.7 kept")
    (tmp_path / version.pdf.name).unlink()
    monkeypatch.setattr("scorecard.pdf.CHROMIUM", "/nowhere/chromium")
    response = officer_client.get(f"{REPORT}report.pdf")
    assert response.status_code == 503
    assert "PDF downloads need Chromium at /nowhere/chromium" in _text(response)


def test_a_second_click_does_not_publish_twice(officer_client, draft):
    assert officer_client.post(f"{REPORT}publish/").status_code == 302
    again = officer_client.post(f"{REPORT}publish/", follow=True)
    assert "This report is already published." in _text(again)
    assert ReportVersion.objects.filter(report=draft).count() == 1


def test_a_second_click_does_not_amend_twice(client, admin_user, draft, officer):
    services.report_publish(report=draft, by=officer)
    client.force_login(admin_user)
    form = client.get(f"{REPORT}amend/").context["form"]
    assert 'name="after" value="1"' in client.get(f"{REPORT}amend/").content.decode()
    data = {**form.initial, "reason": "Dental checks corrected."}
    first = client.post(f"{REPORT}amend/", data, follow=True)
    assert "Version 2 of the report is published." in _text(first)
    second = client.post(f"{REPORT}amend/", data, follow=True)
    assert "This amendment is already published as version 2." in _text(second)
    assert ReportVersion.objects.filter(report=draft).count() == 2
