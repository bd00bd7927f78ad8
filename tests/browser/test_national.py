"""The benchmark page and the indicator page's national section in a real browser: the
charts draw, the table sorts, and axe-core finds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from national import services
from tests.conftest import load_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DATA = Path(__file__).resolve().parent.parent / "data" / "national"


@pytest.fixture
def national_live(live_server):
    load_deck()
    call_command("loaddata", "national_sources", verbosity=0)
    files = [(path.name, path.read_bytes()) for path in sorted(DATA.glob("*.csv"))]
    services.national_import(plan=services.national_import_plan(files=files), by=None)
    return live_server


def test_benchmark_page_draws_its_chart_sorts_and_passes_axe(page, national_live, panel_member, sign_in,
                                                              axe_violations):  # fmt: skip
    sign_in(page, "alice")
    page.goto(f"{national_live.url}/indicators/9/benchmark/2025/")
    page.wait_for_selector("#benchmark-chart[data-rendered=true]")
    assert page.locator("#benchmark-chart svg.main-svg").first.is_visible()
    table = page.get_by_role("table", name="Dental checks, 2024/25: every council, best first")
    assert "This council" in table.get_by_role("row").filter(has_text="Harrow").inner_text()
    assert axe_violations(page) == ""
    page.locator("th a.sort-link", has_text="Council").click()
    page.wait_for_url("**/benchmark/2025/?sort=council")
    assert page.locator("th[aria-sort=ascending]").count() == 1
    assert axe_violations(page) == ""


def test_indicator_page_draws_the_national_series_and_passes_axe(page, national_live, panel_member, sign_in,
                                                                 axe_violations):  # fmt: skip
    sign_in(page, "alice")
    page.goto(f"{national_live.url}/indicators/9/")
    page.wait_for_selector("#national-chart[data-rendered=true]")
    assert page.get_by_role("table", name="Dental checks: DfE's published figures by year").is_visible()
    assert axe_violations(page) == ""


def test_import_page_passes_axe(page, national_live, admin_user, sign_in, axe_violations):
    sign_in(page, "carol")
    page.goto(f"{national_live.url}/national/import/")
    assert page.get_by_role("table", name="The latest files loaded, newest first").is_visible()
    assert axe_violations(page) == ""
