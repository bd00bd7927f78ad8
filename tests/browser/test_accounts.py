"""The account pages in Chromium, each passing axe: sign-in, setting up an authenticator
app, the users page, the security log and the page for an account without a role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from accounts import audit
from tests.browser.conftest import totp_code
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_an_officer_sets_up_an_authenticator_app_on_a_page_that_passes_axe(page, live_server, officer, axe_violations):
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == ""
    page.get_by_label("Username").fill("bob")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert axe_violations(page) == ""
    secret = page.evaluate("document.querySelector('img').alt").strip()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_label("Authenticator code").press("Enter")
    page.wait_for_url("**/accounts/2fa/recovery-codes/**")
    assert axe_violations(page) == ""
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert "/accounts/2fa/" not in page.url
    # The next sign-in asks for a code, on a page that passes axe too.
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
    page.get_by_label("Username").fill("bob")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert axe_violations(page) == ""


def test_the_users_page_and_security_log_pass_axe(page, live_server, admin_user, panel_member, sign_in, axe_violations):
    audit.record(audit.Kind.EXTRACT_UPLOADED, user=panel_member, detail="Q3 2023-24: header.csv (1,024 bytes)")
    sign_in(page, "carol")
    page.goto(f"{live_server.url}/users/")
    assert axe_violations(page) == ""
    page.get_by_role("button", name="Send invitation").click()  # nothing filled: the error summary
    page.wait_for_selector("[data-error-summary]")
    assert axe_violations(page) == ""
    page.goto(f"{live_server.url}/security-log/")
    assert page.get_by_role("table").filter(has_text="header.csv (1,024 bytes)").is_visible()
    assert axe_violations(page) == ""


def test_the_no_role_page_passes_axe(page, live_server, admin_user, sign_in, axe_violations):
    User.objects.create_user("nobody", password=PASSWORD)
    sign_in_page = f"{live_server.url}/login/"
    page.goto(sign_in_page)
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Your account has no role yet").is_visible()
    assert page.get_by_role("link", name="Go to the scorecard").count() == 0
    assert axe_violations(page) == ""
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
