"""The pages in a real browser: they render, their charts draw, and axe-core finds nothing."""

from __future__ import annotations

import pytest

from scorecard import services
from scorecard.entry import Entry
from scorecard.models import ChangeMeans, Period
from scorecard.periods import PeriodKey
from scorecard.services import figures_save
from tests.conftest import load_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deck_live(live_server):
    load_deck()
    return live_server


def test_scorecard_reads_well_and_passes_axe(page, deck_live, officer, sign_in, axe_violations):
    sign_in(page, "bob")
    assert page.title() == "Scorecard Q3 2023-24 – Corporate Parenting scorecard – London Borough of Harrow"
    table = page.get_by_role("table", name="Performance scorecard, Q3 2023-24")
    assert table.locator("tbody tr:not(.theme-row):not(.commentary-row)").count() == 14
    dental = table.get_by_role("row").filter(has_text="Dental Checks")
    assert "80.9 (89/110)" in dental.inner_text()
    assert dental.locator(".rag").inner_text().startswith("Red")
    assert page.get_by_role("heading", name="Data-quality warnings").is_visible()
    assert axe_violations(page) == ""


def test_period_selector_and_sorting_in_the_browser(page, deck_live, panel_member, sign_in, axe_violations):
    sign_in(page, "alice")
    page.get_by_label("Period").select_option("2023-24-q1")
    page.get_by_role("button", name="Show period").click()
    page.wait_for_url("**/?period=2023-24-q1")
    page.get_by_role("columnheader", name="RAG Q1 2023-24").get_by_role("link").click()
    page.wait_for_url("**/?period=2023-24-q1&sort=rag")
    first_row = page.locator("table.scorecard tbody tr").first
    assert "Red" in first_row.locator(".rag").inner_text()
    assert page.locator("th[aria-sort]").count() == 1
    assert axe_violations(page) == ""


def test_indicator_page_draws_its_chart_and_passes_axe(page, deck_live, panel_member, sign_in, axe_violations):
    sign_in(page, "alice")
    page.goto(f"{deck_live.url}/indicators/14/")
    page.wait_for_selector("#trend-chart[data-rendered=true]")
    svg = page.locator("#trend-chart svg.main-svg").first
    assert svg.is_visible()
    # Six periods, each a RAG-shaped marker: three full years, then this year's three quarters to date.
    council = page.locator("#trend-chart .scatterlayer .trace")
    assert council.nth(-2).locator("path.point").count() == 3 and council.last.locator("path.point").count() == 3
    assert page.get_by_role("table", name="Children with a missing episode: figures by period").is_visible()
    assert axe_violations(page) == ""


def test_demographic_profile_draws_three_charts_and_passes_axe(page, deck_live, panel_member, sign_in, axe_violations):
    sign_in(page, "alice")
    page.goto(f"{deck_live.url}/demographics/")
    for chart in ("ethnicity", "age", "gender"):
        page.wait_for_selector(f"#{chart}-chart[data-rendered=true]")
        assert page.locator(f"#{chart}-chart .barlayer .point").count() > 0
    assert axe_violations(page) == ""


def test_sign_in_errors_pass_axe(page, live_server, axe_violations):
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/login/?next=/")
    assert axe_violations(page) == ""
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").filter(has_text="There is a problem").is_visible()
    assert axe_violations(page) == ""


def test_skip_link_is_the_first_thing_to_tab_to(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"


def test_indicator_history_for_admins_passes_axe(page, deck_live, admin_user, sign_in, axe_violations):
    figures_save(
        period_key=PeriodKey(2023, 3), entries={"9": (Entry(92, 110, None, "final"), 1)}, by=admin_user,
        means=ChangeMeans.FORM,
    )  # fmt: skip
    sign_in(page, "carol")
    page.goto(f"{deck_live.url}/indicators/9/")
    history = page.get_by_role("table", name="Changes to Dental checks")
    assert history.locator("tbody tr").count() == 2
    assert page.get_by_role("button", name="Unlock Q3 2023-24").is_visible()
    assert axe_violations(page) == ""


def test_report_page_passes_axe_draft_and_public(page, deck_live, officer, sign_in, axe_violations):
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    sign_in(page, "bob")
    page.goto(f"{deck_live.url}/reports/2023-24-q3/")
    page.wait_for_selector("#ethnicity-chart-report[data-rendered=true]")
    assert page.get_by_role("heading", name="Key points").is_visible()
    rows = page.get_by_role("table", name="Performance scorecard, Q3 2023-24").locator("tbody tr:not(.theme-row)")
    assert rows.count() == 14
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Public version").click()
    page.wait_for_selector("#gender-chart-report[data-rendered=true]")
    assert "c (c/53)" in page.locator("main").inner_text()
    assert axe_violations(page) == ""
    page.goto(f"{deck_live.url}/reports/2023-24-q3/edit/")
    assert axe_violations(page) == ""


@pytest.mark.parametrize(
    "path",
    [
        "/indicators/9/benchmark/2022/neighbours/",
        "/comparators/upload/",
        "/demographics/new/",
        "/reports/",
        "/figures/",
    ],
)
def test_admin_pages_pass_axe(page, deck_live, admin_user, sign_in, axe_violations, path):
    sign_in(page, "carol")
    page.goto(f"{deck_live.url}{path}")
    assert axe_violations(page) == ""
