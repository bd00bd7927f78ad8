"""Publishing in a real browser: the confirmation, the checks on free text, an
amendment and the public pages all read well and pass axe."""

from __future__ import annotations

import pytest

from scorecard import services
from scorecard.models import Figure, Period
from tests.conftest import load_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deck_live(live_server):
    load_deck()
    return live_server


def test_an_officer_checks_commentary_then_publishes_after_the_confirmation(
    page, deck_live, officer, sign_in, axe_violations
):
    figure = Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)
    figure.commentary = "Three children refused checks."
    figure.save()
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    sign_in(page, "bob")

    page.goto(f"{deck_live.url}/indicators/9/")
    page.get_by_role("link", name="Check it for publication (Q3 2023-24)").click()
    assert page.locator("mark").all_inner_texts() == ["Three"]
    assert axe_violations(page) == ""
    page.get_by_label("I have checked these numbers: the text may be published").check()
    page.get_by_role("button", name="Save").click()
    assert "will appear in public versions" in page.locator("main").inner_text()

    page.goto(f"{deck_live.url}/reports/2023-24-q3/")
    page.get_by_role("link", name="Publish the report").click()
    assert page.get_by_role("heading", name="What the public version suppresses").is_visible()
    assert page.get_by_role("table", name="Figures shown as “c” in the public version").is_visible()
    assert axe_violations(page) == ""
    page.get_by_role("button", name="Publish the report").click()
    assert "Published" in page.locator(".report-status").inner_text()
    assert axe_violations(page) == ""


def test_an_admin_amends_and_the_first_version_stays_readable(page, deck_live, officer, admin_user, sign_in,
                                                               axe_violations):  # fmt: skip
    report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    services.report_publish(report=report, by=officer)
    sign_in(page, "carol")
    page.goto(f"{deck_live.url}/reports/2023-24-q3/amend/")
    page.get_by_role("button", name="Publish the amendment").click()
    assert page.get_by_role("alert").filter(has_text="There is a problem").is_visible()
    assert axe_violations(page) == ""
    page.get_by_label("Why is the report amended?").fill("Dental checks corrected.")
    page.get_by_role("button", name="Publish the amendment").click()
    assert "Amended on" in page.locator(".amendment-notice").inner_text()
    page.get_by_role("link", name="Version 1").click()
    assert page.url.endswith("/reports/2023-24-q3/v1/")
    assert axe_violations(page) == ""


def test_the_public_site_and_a_link_to_a_quarter_without_figures(page, deck_live, settings, axe_violations):
    settings.PUBLIC_SCORECARD = True
    page.goto(f"{deck_live.url}/?period=2023-24-q1")
    assert "c (c/21)" in page.locator("main").inner_text()
    assert page.locator(".public-version-banner").is_visible()
    assert axe_violations(page) == ""
    response = page.goto(f"{deck_live.url}/?period=2024-25-q1")
    assert response.status == 404
    assert page.get_by_role("heading", name="There are no figures for Q1 2024-25").is_visible()
    assert page.get_by_role("link", name="Q3 2023-24").is_visible()
    assert axe_violations(page) == ""


def test_drafting_the_key_points_again_asks_first(page, deck_live, officer, sign_in, axe_violations):
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    sign_in(page, "bob")
    page.goto(f"{deck_live.url}/reports/2023-24-q3/edit/")
    page.get_by_role("link", name="Draft the key points again from the latest figures").click()
    assert page.get_by_role("heading", name="Draft the key points of the Q3 2023-24 report again?").is_visible()
    assert axe_violations(page) == ""


def test_publishing_shows_the_pdfs_being_printed_then_the_report(
    page, deck_live, officer, sign_in, axe_violations, settings, monkeypatch
):
    settings.REPORT_PDFS_AT_PUBLISH = True
    monkeypatch.setattr("scorecard.pdf.CHROMIUM", "/nowhere/chromium")  # printing fails fast: said, not a 500
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    sign_in(page, "bob")
    # The page's refresh asks for the PDFs to be printed; answered 204 first, it stays to be checked.
    asked = []
    page.route("**/printing/?print=1", lambda route: (asked.append(route.request.url), route.fulfill(status=204)))
    page.goto(f"{deck_live.url}/reports/2023-24-q3/publish/")
    page.get_by_role("button", name="Publish the report").click()
    page.wait_for_url("**/printing/")
    assert "Printing its PDFs" in page.locator("main").inner_text()
    assert axe_violations(page) == ""
    assert asked, "the page asks for the PDFs to be printed"
    page.unroute("**/printing/?print=1")
    page.goto(asked[0])
    page.wait_for_url("**/reports/2023-24-q3/")
    text = page.locator("main").inner_text()
    assert "The Q3 2023-24 report is published. Its figures are now frozen." in text
    assert "Its PDFs could not be printed now (PDF downloads need Chromium at /nowhere/chromium." in text
    assert axe_violations(page) == ""
