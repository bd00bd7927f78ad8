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


@pytest.fixture
def sign_in(live_server):
    def sign_in(page, username: str):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

    return sign_in
