"""The Notifications page and the unsubscribe pages in Chromium, each passing axe."""

from __future__ import annotations

import pytest

from alerts import sending
from alerts.models import AlertKind, AlertPreference

pytestmark = pytest.mark.browser


def test_an_officer_chooses_alerts_on_a_page_that_passes_axe(page, live_server, officer, sign_in, axe_violations):
    sign_in(page, "bob")
    page.goto(f"{live_server.url}/notifications/")
    assert page.get_by_role("heading", level=1).inner_text() == "Notifications"
    assert axe_violations(page) == ""
    assert page.get_by_label("When figures are due").is_checked()
    page.get_by_label("Changes that matter").check()
    page.get_by_label("In one email a week").check()
    page.get_by_role("button", name="Save my choice").click()
    page.wait_for_selector("text=Your choice of alerts is saved.")
    assert axe_violations(page) == ""
    preference = AlertPreference.objects.get(user=officer)
    assert (preference.figures_due, preference.changes, preference.frequency) == (True, True, "weekly")


def test_unsubscribing_in_the_browser_passes_axe(page, live_server, panel_member, axe_violations):
    token = sending.unsubscribe_token(panel_member, AlertKind.PUBLISHED)
    page.goto(f"{live_server.url}/notifications/unsubscribe/{token}/")
    assert axe_violations(page) == ""
    page.get_by_role("button", name="Stop alerts of report published").click()
    page.wait_for_selector("text=You will not be emailed alerts of report published")
    assert axe_violations(page) == ""
    assert not AlertPreference.objects.get(user=panel_member).published
