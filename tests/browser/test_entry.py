"""An officer enters Q4 2023-24 in the browser, checks it, saves it and sees it on the scorecard."""

from __future__ import annotations

import pytest

from scorecard.models import Figure
from tests.conftest import load_deck
from tests.test_entry import Q4_FIGURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_enters_a_quarter_and_sees_it_on_the_scorecard(page, live_server, officer, sign_in, axe_violations):
    load_deck()
    sign_in(page, "bob")
    page.get_by_role("link", name="Enter figures").click()
    page.get_by_role("link", name="Q4 2023-24 (new quarter)").click()
    assert axe_violations(page) == ""

    # A mistake first: it is explained by the field and nothing is saved.
    page.get_by_label("Dental checks, numerator").fill("120")
    page.get_by_label("Dental checks, denominator").fill("111")
    page.get_by_role("button", name="Check and preview").click()
    summary = page.get_by_role("alert")
    assert "The numerator (120) cannot be more than the denominator (111)." in summary.inner_text()
    assert axe_violations(page) == ""
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "9-numerator"

    for ref, fields in Q4_FIGURES.items():
        row = page.locator("table.entry-table tbody tr").nth(int(ref) - 1)
        for field, value in fields.items():
            row.locator(f"[name='{ref}-{field}']").fill(value)
    page.get_by_role("button", name="Check and preview").click()
    assert "14 figures will change." in page.locator("main").inner_text()
    assert axe_violations(page) == ""
    assert not Figure.objects.filter(period__quarter=4).exists()

    page.get_by_role("button", name="Save these figures").click()
    page.wait_for_url("**/?period=2023-24-q4")
    assert "Q4 2023-24 saved: 14 added, 0 changed, 0 unchanged." in page.get_by_role("status").inner_text()
    table = page.get_by_role("table", name="Performance scorecard, Q4 2023-24")
    dental = table.get_by_role("row").filter(has_text="Dental checks")
    assert "85.6 (95/111)" in dental.inner_text()
    assert axe_violations(page) == ""


def test_upload_page_passes_axe(page, live_server, officer, sign_in, axe_violations, tmp_path):
    load_deck()
    sign_in(page, "bob")
    page.goto(f"{live_server.url}/periods/2023-24-q4/upload/")
    assert axe_violations(page) == ""
    bad = tmp_path / "q4.csv"
    bad.write_text("ref,numerator,denominator,value\n9,120,111,\n")
    page.get_by_label("Figures file (CSV or Excel)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    assert "Row 2, column B (numerator): The numerator (120) cannot be more than the denominator (111)." in (
        page.get_by_role("alert").inner_text()
    )
    assert axe_violations(page) == ""
