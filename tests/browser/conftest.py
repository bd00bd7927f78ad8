"""Browser tests: Debian's Chromium driven by Playwright against the live server.

Skipped where Chromium is not installed, except under CI=true, where a missing
browser is a failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from scorecard.pdf import ARGS, CHROMIUM
from tests.conftest import PASSWORD

# WCAG 2.2 A and AA, and axe's best practices.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: install Debian's chromium.")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture
def axe_violations():
    def run(page) -> str:
        """'' when the page passes axe-core, else the report of what fails."""
        results = Axe().run(page, options=AXE_OPTIONS)
        return "" if results.violations_count == 0 else results.generate_report()

    return run


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.fixture
def sign_in(live_server):
    def sign_in(page, username: str):
        """Signs in as a person would: officers and admins with a code from their authenticator app."""
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
        from django.contrib.auth.models import User

        from accounts.roles import mfa_required_for

        user = User.objects.get(username=username)
        secret = None
        if mfa_required_for(user):
            totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
            secret = totp.wrap().instance.data["secret"] if totp else generate_totp_secret()
            if not totp:
                TOTP.activate(user, secret)
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        if secret:
            page.wait_for_url("**/accounts/2fa/authenticate/")
            page.get_by_label("Code", exact=True).fill(totp_code(secret))
            page.get_by_label("Code", exact=True).press("Enter")
        page.wait_for_url(f"{live_server.url}/")

    return sign_in
