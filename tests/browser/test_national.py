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
    table = page.get_by_role("table", name="Dental checks, 2024-25: every council, best first")
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
    page.wait_for_selector("#deciles-chart[data-rendered=true]")
    assert page.locator("#deciles-chart svg.main-svg").first.is_visible()
    deciles = page.get_by_role("table", name="Dental checks: Harrow and every council's deciles by year")
    assert "Median" in deciles.inner_text() and "of councils in 2024-25" in deciles.inner_text()
    assert axe_violations(page) == ""


def test_benchmark_year_picker_and_the_neighbour_sheet_pass_axe(page, national_live, panel_member, sign_in,
                                                                axe_violations):  # fmt: skip
    sign_in(page, "alice")
    page.goto(f"{national_live.url}/indicators/9/benchmark/2025/")
    page.get_by_label("Year").select_option("2024")
    page.get_by_role("button", name="Show year").click()
    page.wait_for_url("**/benchmark/2024/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dental checks: every council, 2023-24"
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Statistical neighbours, 2023-24").click()
    page.wait_for_url("**/benchmark/2024/neighbours/")
    assert page.get_by_role("table", name="Values for 2023-24").is_visible()
    assert axe_violations(page) == ""


def test_import_page_passes_axe(page, national_live, admin_user, sign_in, axe_violations):
    sign_in(page, "carol")
    page.goto(f"{national_live.url}/national/import/")
    assert page.get_by_role("table", name="The latest files loaded, newest first").is_visible()
    assert axe_violations(page) == ""
