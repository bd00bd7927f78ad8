"""Every kind of page under the Content-Security-Policy: no violation reported in the
browser (script, style, image, font, connection, frame), charts still drawn."""

from __future__ import annotations

import pytest

from scorecard import services
from scorecard.models import Period
from tests.conftest import load_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collect what the browser reports: securitypolicyviolation events from the first moment.
_LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`));
"""

PAGES = [
    ("/", None),
    ("/indicators/14/", "#trend-chart[data-rendered=true]"),
    ("/demographics/", "#ethnicity-chart[data-rendered=true]"),
    ("/periods/2023-24-q4/figures/", None),
    ("/periods/2023-24-q4/upload/", None),
    ("/reports/2023-24-q3/", "#ethnicity-chart-report[data-rendered=true]"),
    ("/reports/2023-24-q3/edit/", None),
    ("/indicators/9/benchmark/2022/neighbours/", None),
    ("/demographics/new/", None),
    ("/comparators/upload/", None),
    ("/admin/", None),
]


def test_no_page_breaks_the_content_security_policy(page, live_server, admin_user, sign_in):
    load_deck()
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=admin_user)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(_LISTEN)
    sign_in(page, "carol")
    for path, drawn in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        if drawn:
            page.wait_for_selector(drawn)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__cspViolations") == [], path
    assert not [line for line in console if "Content Security Policy" in line], console
