"""The admins' targets and indicator pages in a browser: a mistake is summarised at the
top, focused, linked to its box, and axe finds nothing; a correct page saves."""

from __future__ import annotations

import pytest

from scorecard.models import Target
from tests.conftest import load_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_sets_next_years_targets(page, live_server, admin_user, sign_in, axe_violations):
    load_deck()
    sign_in(page, "carol")
    page.get_by_role("link", name="Targets").click()
    page.wait_for_url(f"{live_server.url}/targets/2024-25/")
    assert axe_violations(page) == ""
    box = page.get_by_label("Target for 2024-25 target, 9. Dental checks")
    assert box.input_value() == "90"
    box.fill("ninety")
    page.get_by_role("button", name="Save the targets for 2024-25").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert axe_violations(page) == ""
    page.get_by_role("link", name="9. Dental checks: enter the target as a number, like 90.").click()
    assert page.evaluate("document.activeElement.id") == box.get_attribute("id")
    assert not Target.objects.filter(financial_year=2024).exists()
    box.fill("92")
    page.get_by_role("button", name="Save the targets for 2024-25").click()
    page.wait_for_selector("text=Targets for 2024-25 saved: 15 added")
    assert Target.objects.get(indicator__ref="9", financial_year=2024).value == 92
    assert axe_violations(page) == ""


def test_an_admin_adds_an_indicator_and_a_mistake_is_summarised(page, live_server, admin_user, sign_in, axe_violations):
    load_deck()
    sign_in(page, "carol")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Indicators").click()
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Add an indicator").click()
    page.get_by_label("Reference").fill("15")
    page.get_by_label("Name", exact=True).fill("Visits on time")
    page.get_by_label("Description as the deck writes it").fill("% of CLA visited on time")
    page.get_by_label("Care planning").check()
    page.get_by_label("Percentage: A percentage of a group (a numerator out of a denominator)").check()
    page.get_by_label("Higher is better", exact=True).check()
    page.get_by_label("Snapshot at period end: On the last day of each quarter").check()
    page.get_by_label("Position on the scorecard").fill("9")  # indicator 9's
    page.get_by_role("button", name="Save the indicator").click()
    page.wait_for_selector("[data-error-summary]")
    assert "Indicator 9 (Dental checks) is already in position 9" in page.inner_text("[data-error-summary]")
    assert axe_violations(page) == ""
    page.get_by_label("Position on the scorecard").fill("15")
    page.get_by_role("button", name="Save the indicator").click()
    page.wait_for_selector("text=Indicator 15. Visits on time is saved.")
    assert axe_violations(page) == ""
