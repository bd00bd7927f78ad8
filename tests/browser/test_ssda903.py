"""An officer computes Q3 2023-24 from a 903 extract in the browser, compares it with
what is saved, and accepts a figure; each page passes axe."""

from __future__ import annotations

import pytest

from scorecard.models import Figure
from tests.conftest import load_deck
from tests.test_ssda903_page import LOOKUP, extract

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_computes_a_quarter_from_the_903_extract(page, live_server, officer, sign_in, axe_violations):
    load_deck()
    sign_in(page, "bob")
    page.goto(f"{live_server.url}/periods/2023-24-q3/figures/")
    page.get_by_role("link", name="compute from the 903 extract").click()
    assert axe_violations(page) == ""

    # nothing chosen: the error summary links to the field
    page.get_by_role("button", name="Compute and compare").click()
    assert "Choose the 903 extract's files" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == ""

    files = [{"name": f.name, "mimeType": "text/csv", "buffer": f.read()} for f in extract()]
    page.get_by_label("903 extract: the tables as CSV files, or the 903 XML file").set_input_files(files)
    page.get_by_label("Child population aged 0 to 17 (for the rate per 10,000)").fill("60452")
    page.get_by_label("Postcode lookup (CSV of postcode, easting, northing), for distances").set_input_files(
        {"name": "postcodes.csv", "mimeType": "text/csv", "buffer": LOOKUP}
    )
    page.get_by_role("button", name="Compute and compare").click()
    table = page.get_by_role("table", name="Figures computed from the 903 extract beside those saved, Q3 2023-24")
    far = table.get_by_role("row").filter(has_text="Placed more than 20 miles from home")
    assert "21.2 (31/146)" in far.inner_text() and "Differs" in far.inner_text()
    far.get_by_text("31 children").click()  # the children behind the figure
    assert "SYN000" in far.inner_text()
    assert axe_violations(page) == ""

    boxes = page.locator("input[name=accept]")
    for n in range(boxes.count()):
        boxes.nth(n).uncheck()
    page.get_by_label("Accept Long-term placement stability").check()
    page.get_by_role("button", name="Accept the chosen figures as provisional").click()
    page.wait_for_url("**/?period=2023-24-q3")
    assert "1 figure computed from the 903 extract saved as provisional" in page.get_by_role("status").inner_text()
    figure = Figure.objects.get(indicator__ref="6", period__financial_year=2023, period__quarter=3)
    assert (figure.numerator, figure.denominator) == (180, 180)
    assert axe_violations(page) == ""
