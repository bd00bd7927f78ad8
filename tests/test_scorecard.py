"""The scorecard page: what a panel member and an officer see."""

from __future__ import annotations

import html as html_module
import re

import pytest
from django.urls import reverse

from scorecard import selectors
from scorecard.audience import Audience
from scorecard.models import Period
from scorecard.periods import PeriodKey
from scorecard.tables import indicator_links
from tests.conftest import PASSWORD


def _text(response) -> str:
    """The page's text without tags, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_it_requires_log_in(client, deck):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/login/?next=/"


def test_it_shows_the_latest_quarter_by_default(panel_client, deck):
    text = _text(panel_client.get("/"))
    assert "Children looked after and care leavers, Q3 2023-24" in text
    assert "1 October 2023 to 31 December 2023" in text
    for heading in ["SN average 2021/22", "England average 2021/22", "Harrow 2020-21", "Harrow 2022-23",
                    "Q1 2023-24", "Q2 2023-24", "Q3 2023-24", "Target Q3 2023-24", "RAG Q3 2023-24",
                    "vs SN", "vs England", "Direction of travel"]:  # fmt: skip
        assert heading in text


def test_it_shows_values_with_their_counts(panel_client, deck):
    text = _text(panel_client.get("/"))
    assert "82.1 (92/112)" in text
    assert "80.9 (89/110)" in text
    assert "Not published" in text and "Not applicable" in text


def test_rows_are_grouped_by_theme_in_deck_order_within_each(panel_client, deck):
    html = panel_client.get("/").content.decode()
    refs = re.findall(r'<a class="indicator-link" href="/indicators/(\d+)/">', html)
    assert refs == ["1", "3", "4", "5", "6", "13", "9", "10", "14", "11", "12", "2", "7", "8"]
    themes = re.findall(r'<tr class="theme-row"><th scope="rowgroup" colspan="\d+">([^<]+)</th></tr>', html)
    assert themes == ["Children in care", "Care planning", "Placements", "Health", "Safeguarding", "Permanence",
                      "Care leavers"]  # fmt: skip


def test_sorting_by_a_column_lists_every_indicator_without_themes(panel_client, deck):
    html = panel_client.get("/?sort=ref").content.decode()
    refs = re.findall(r'<a class="indicator-link" href="/indicators/(\d+)/">', html)
    assert refs == [str(n) for n in range(1, 15)]
    assert 'class="theme-row"' not in html


def test_rag_is_a_labelled_badge_with_its_reason(panel_client, deck):
    html = panel_client.get("/?period=2023-24-q1").content.decode()
    dental = re.search(r'<a class="indicator-link" href="/indicators/9/">.*?</tr>', html, re.S).group(0)
    assert 'class="rag rag--red"' in dental
    assert "rag__shape--triangle" in dental
    assert ">Red<" in dental
    assert "82.1% is 7.9 below the target of 90%, beyond the tolerance of 4.5 (5% of the target)." in dental


def test_direction_of_travel_has_a_text_alternative(panel_client, deck):
    html = panel_client.get("/?period=2023-24-q1").content.decode()
    dental = re.search(r'<a class="indicator-link" href="/indicators/9/">.*?</tr>', html, re.S).group(0)
    assert "Declining" in dental
    assert 'Declining:<span class="visually-hidden"> down from 91.1% in 2022-23 (worse)</span>' in dental


def test_summary_counts_each_rag(panel_client, deck):
    text = _text(panel_client.get("/?period=2023-24-q1"))
    assert "Red 2 indicators Amber 4 indicators Green 3 indicators No RAG 5 indicators" in text


def test_period_selector_lists_every_period_with_figures(panel_client, deck):
    html = panel_client.get("/").content.decode()
    options = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', html)
    assert [(value, label) for value, _, label in options] == [
        ("2023-24-q3", "Q3 2023-24"),
        ("2023-24-q2", "Q2 2023-24"),
        ("2023-24-q1", "Q1 2023-24"),
        ("2022-23", "2022-23 (year end)"),
        ("2021-22", "2021-22 (year end)"),
        ("2020-21", "2020-21 (year end)"),
    ]
    assert [value for value, selected, _ in options if selected] == ["2023-24-q3"]


def test_choosing_a_quarter_shows_the_quarters_up_to_it(panel_client, deck):
    html = panel_client.get("/?period=2023-24-q2").content.decode()
    headings = [
        " ".join(re.sub(r"<[^>]+>", " ", h).split())
        for h in re.findall(r'class="sort-link"[^>]*>(.*?)<span class="visually-hidden">, sort', html)
    ]
    assert headings[2:11] == [
        "Harrow 2020-21", "Harrow 2021-22", "Harrow 2022-23", "Target Q2 2023-24", "Q1 2023-24", "Q2 2023-24",
        "RAG Q2 2023-24", "vs SN average 2021/22", "vs England average 2021/22",
    ]  # fmt: skip
    assert '<span class="nowrap">Q2 2023-24</span>' in html  # a heading never breaks at the hyphen
    assert "Children looked after and care leavers, <strong>Q2 2023-24</strong>" in html
    assert "83.3 (90/108)" in html
    assert "80.9 (89/110)" not in html


def test_a_year_end_can_be_chosen(panel_client, deck):
    text = _text(panel_client.get("/?period=2022-23"))
    assert "Children looked after and care leavers, 2022-23" in text
    assert "RAG 2022-23" in text


def test_an_unknown_period_is_not_found(panel_client, deck):
    response = panel_client.get("/?period=2030-31-q1")
    assert response.status_code == 404


@pytest.mark.parametrize("sort, first_ref", [("rag", "9"), ("-ref", "14"), ("ref", "1")])
def test_it_sorts(panel_client, deck, sort, first_ref):
    html = panel_client.get(f"/?period=2023-24-q1&sort={sort}").content.decode()
    assert re.findall(r'<a class="indicator-link" href="/indicators/(\d+)/">', html)[0] == first_ref


def test_sorted_column_is_announced(panel_client, deck):
    html = panel_client.get("/?sort=-ref").content.decode()
    assert 'aria-sort="descending"' in html


def test_data_quality_warnings_are_for_officers(client, panel_member, officer, deck):
    warning = "Published as 21.4, but 31/146 gives 21.2. RAG uses the published value."
    client.force_login(panel_member)
    assert warning not in _text(client.get("/"))
    client.force_login(officer)
    officer_text = _text(client.get("/"))
    assert "Data-quality warnings" in officer_text
    assert warning in officer_text


def test_empty_database_says_so(panel_client):
    assert "There are no figures yet." in _text(panel_client.get("/"))


def test_public_scorecard_lets_anonymous_visitors_read(client, deck, settings):
    settings.PUBLIC_SCORECARD = True
    response = client.get("/")
    assert response.status_code == 200
    assert "82.1 (92/112)" in _text(response)
    assert "Data-quality warnings" not in _text(response)


def test_log_in_then_see_the_scorecard(client, panel_member, deck):
    response = client.post("/login/", {"login": "alice", "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Signed in as Alice" in _text(response)


def test_a_period_without_figures_keeps_its_own_column(deck):
    """The feed answers for any period created: its scorecard has the period's column, every figure empty."""
    period = Period.objects.create(financial_year=2024, quarter=1)
    card = selectors.scorecard_for(period, Audience.OFFICER)
    assert card.in_year_periods[-1].key == PeriodKey(2024, 1)
    assert card.rows and all(row.current.state == "empty" and row.figures[-1].text == "–" for row in card.rows)


@pytest.mark.parametrize("ref", ["9", "12a", "2.3", "ref", "a b", "é&?#%", "~:@!$'()*+,;="])
def test_a_rows_link_is_what_reverse_gives(ref):
    assert indicator_links()(ref) == reverse("indicator", args=[ref])
