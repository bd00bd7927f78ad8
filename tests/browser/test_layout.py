"""Every page at a phone's, a tablet's, a council laptop's and a desktop's width:
nothing scrolls sideways (document.documentElement.scrollWidth never exceeds the
viewport) and axe-core finds nothing, at each width. One browser page is reused and
the widths looped, to keep the suite quick."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard import services
from scorecard.entry import Entry
from scorecard.models import ChangeMeans, Period
from scorecard.periods import PeriodKey
from tests.conftest import load_deck
from tests.test_entry import Q4_FIGURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 768, 1366, 1920]
ADMIN_PAGES = [
    "/",
    "/#full-table",  # the whole table, reached from the cards on a phone
    "/?period=2023-24-q1&sort=rag",
    "/?period=2023-24-q1&version=public",
    "/?period=2031-32-q1",  # a quarter with no figures
    "/indicators/14/",  # cumulative: full years and year to date
    "/indicators/1/",
    "/indicators/9/benchmark/2022/neighbours/",
    "/demographics/",
    "/demographics/new/",
    "/figures/",
    "/periods/2023-24-q4/figures/",
    "/periods/2023-24-q4/upload/",
    "/reports/",
    "/reports/2023-24-q3/",
    "/reports/2023-24-q3/?version=public",
    "/reports/2023-24-q3/edit/",
    "/reports/2023-24-q3/redraft/",
    "/reports/2023-24-q3/publish/",
    "/reports/2023-24-q3/check/",
    "/comparators/upload/",
    "/targets/2024-25/",
    "/manage/indicators/",
    "/manage/indicators/new/",
    "/manage/indicators/9/edit/",
    "/reports/2030-31-q1/",  # not found, in words
    "/accessibility/",
    "/privacy/",
]
ANONYMOUS_PAGES = ["/login/", "/accessibility/", "/privacy/"]
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-scroll, .js-plotly-plot'))
    .slice(0, 3).map(e => `${e.tagName}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`);
  return {scroll: document.documentElement.scrollWidth, width: window.innerWidth, wide};
}"""


def _check(page, url: str, axe_violations) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        if page.locator("script[data-chart]").count():
            page.wait_for_selector("[data-rendered=true]")
        measured = page.evaluate(OVERFLOW)
        if measured["scroll"] > measured["width"]:
            problems.append(f"{url} at {width}px is {measured['scroll']}px wide: {measured['wide']}")
        report = axe_violations(page)
        if report:
            problems.append(f"{url} at {width}px: {report}")
    return problems


@pytest.fixture
def pages_live(live_server, admin_user, officer):
    load_deck()
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    return live_server


def test_no_anonymous_page_scrolls_sideways_or_fails_axe_at_any_width(page, pages_live, axe_violations):
    problems = []
    for path in ANONYMOUS_PAGES:
        problems += _check(page, f"{pages_live.url}{path}", axe_violations)
    # A failed sign-in: the error summary, focused, at each width.
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{pages_live.url}/login/")
        page.get_by_label("Username").fill("nobody")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("[data-error-summary]")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"failed sign-in at {width}px scrolls sideways")
        if report := axe_violations(page):
            problems.append(f"failed sign-in at {width}px: {report}")
    assert problems == []


# The admin's pages in groups of a few, so that parallel workers share them out (make test).
ADMIN_PAGE_GROUPS = [ADMIN_PAGES[i : i + 5] for i in range(0, len(ADMIN_PAGES), 5)]


@pytest.mark.parametrize("paths", ADMIN_PAGE_GROUPS, ids=lambda paths: paths[0])
def test_no_admin_page_scrolls_sideways_or_fails_axe_at_any_width(page, pages_live, sign_in, axe_violations, paths):
    sign_in(page, "carol")
    problems = []
    for path in paths:
        problems += _check(page, f"{pages_live.url}{path}", axe_violations)
    assert problems == []


CLIPPED_CAPTIONS = """() => [...document.querySelectorAll('.table-scroll caption')]
  .filter(c => c.getClientRects().length)  // shown
  .map(c => {
    const box = c.closest('.table-scroll').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(c);
    const lines = [...range.getClientRects()].filter(r => r.width > 0);
    const out = lines.filter(r => r.left < box.left - 1 || r.right > box.right + 1);
    return out.length ? `${c.textContent.trim().slice(0, 40)}: text ${Math.round(out[0].left)} to ` +
      `${Math.round(out[0].right)}, box ${Math.round(box.left)} to ${Math.round(box.right)}` : '';
  }).filter(Boolean)"""


def test_no_table_caption_is_cut_off_inside_its_scroll_box_on_a_phone(page, pages_live, sign_in):
    sign_in(page, "carol")
    problems = []
    for width in (390, 768):
        page.set_viewport_size({"width": width, "height": 844})
        for path in [p for p in ADMIN_PAGES if p != "/"] + ["/?period=2023-24-q1&version=public#full-table"]:
            page.goto(f"{pages_live.url}{path}")
            # before and after the table is scrolled to its far end
            problems += [f"{path} at {width}px: {c}" for c in page.evaluate(CLIPPED_CAPTIONS)]
            page.evaluate("document.querySelectorAll('.table-scroll').forEach(b => b.scrollLeft = b.scrollWidth)")
            problems += [f"{path} at {width}px, scrolled: {c}" for c in page.evaluate(CLIPPED_CAPTIONS)]
    assert not problems, "\n".join(problems)


def _q4(by) -> None:
    entries = {}
    for ref, fields in Q4_FIGURES.items():
        numerator, denominator = fields.get("numerator"), fields.get("denominator")
        value = Decimal(fields["value"]) if "value" in fields else None
        entry = Entry(int(numerator) if numerator else None, int(denominator) if denominator else None, value, "final")
        entries[ref] = (entry, 0)
    services.figures_save(period_key=PeriodKey(2023, 4), entries=entries, by=by, means=ChangeMeans.FORM)


def test_the_whole_scorecard_fits_a_council_laptop_with_four_quarters(page, pages_live, admin_user, sign_in):
    _q4(admin_user)
    sign_in(page, "carol")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{pages_live.url}/?period=2023-24-q4")
    region = page.locator(".scorecard-full .table-scroll")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth"), "the table scrolls inside its box"
    headers = page.locator("table.scorecard thead th")
    assert headers.count() == 14  # Ref, Indicator, 3 years, target, 4 quarters, RAG, vs SN, vs England, direction
    last = headers.last.bounding_box()
    assert last["x"] + last["width"] <= 1366 and headers.last.inner_text().strip() == "Direction of travel"
    assert page.locator("table.scorecard .cards, .scorecard-cards").first.is_hidden()


def test_a_phone_shows_cards_and_the_full_table_one_tap_away(page, pages_live, sign_in, axe_violations):
    sign_in(page, "carol")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{pages_live.url}/")
    assert page.locator("table.scorecard").is_hidden()
    dental = page.locator(".card").filter(has_text="Dental checks")
    assert dental.is_visible()
    text = dental.inner_text()
    assert "80.9" in text and "(89/110)" in text and "Red" in text and "Target" in text
    box = dental.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.get_by_role("link", name="Show the full table").click()
    assert page.locator("table.scorecard").is_visible()
    assert page.locator(".scorecard-cards").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Back to one card per indicator").click()
    assert page.locator("table.scorecard").is_hidden()


def test_chart_tick_labels_never_overlap_on_a_phone(page, pages_live, sign_in):
    sign_in(page, "carol")
    page.set_viewport_size({"width": 390, "height": 844})
    for ref in ("14", "13", "1"):
        page.goto(f"{pages_live.url}/indicators/{ref}/")
        page.wait_for_selector("#trend-chart[data-rendered=true]")
        boxes = page.locator("#trend-chart .xtick text").evaluate_all(
            "ts => ts.map(t => { const b = t.getBoundingClientRect(); return [b.left, b.right, b.top, b.bottom]; })"
        )
        assert len(boxes) == 6, ref
        for (_, r1, t1, b1), (l2, _, t2, b2) in zip(boxes, boxes[1:], strict=False):
            assert r1 <= l2 + 0.5 or b1 <= t2 or b2 <= t1, f"indicator {ref}: tick labels overlap"
        labels = page.locator("#trend-chart .xtick text").evaluate_all("ts => ts.map(t => t.textContent)")
        assert all(len(label) <= 9 for label in labels), labels  # "Q1 23/24" over two lines: "Q123/24"
        rotated = page.locator("#trend-chart .xtick text").evaluate_all(
            "ts => ts.filter(t => (t.getAttribute('transform') || '').includes('rotate')).length"
        )
        assert rotated == 0, f"indicator {ref}: Plotly had to turn the labels"


def test_the_legend_has_no_entry_without_a_line(page, pages_live, sign_in):
    sign_in(page, "carol")
    page.goto(f"{pages_live.url}/indicators/1/")  # a context indicator: no averages published
    page.wait_for_selector("#trend-chart[data-rendered=true]")
    assert page.locator("#trend-chart .legend .traces").count() == 0


def test_focus_lands_on_the_error_summary_after_a_failed_form(page, pages_live, sign_in):
    sign_in(page, "carol")
    page.goto(f"{pages_live.url}/periods/2023-24-q4/figures/")
    page.get_by_label("Dental checks, numerator").fill("120")
    page.get_by_label("Dental checks, denominator").fill("111")
    page.get_by_role("button", name="Check and preview").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.goto(f"{pages_live.url}/indicators/9/benchmark/2022/neighbours/")
    page.locator("input[name^=council_]").first.fill("lots")
    page.get_by_role("button", name="Save and work out the average").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "There is a problem" in page.evaluate("document.activeElement.innerText")


def test_leaving_edited_key_points_for_a_redraft_asks_first(page, pages_live, sign_in):
    sign_in(page, "carol")
    page.goto(f"{pages_live.url}/reports/2023-24-q3/edit/")
    page.get_by_label("Key point").first.fill("My own words.")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("link", name="Draft the key points again from the latest figures").click()
    assert asked and "without saving" in asked[0]
    assert page.url.endswith("/reports/2023-24-q3/edit/")
