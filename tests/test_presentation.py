"""What makes the product read as finished: the scorecard's cards and theme groups,
commentary under red and amber rows, the provisional mark, friendly error pages, the
neighbours page's wording and year control, the profile's dates and numbers, the
footer's accessibility statement and privacy notice, and quiet start-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client

from scorecard import data_version, services
from scorecard.models import Figure
from tests.test_scorecard import _text

ROOT = Path(__file__).resolve().parent.parent


def _cards(html: str) -> str:
    return html[html.index('<div class="scorecard-cards" id="cards">') :]


def test_each_indicator_is_a_card_with_its_quarter_rag_target_comparisons_and_direction(panel_client, deck):
    html = panel_client.get("/").content.decode()
    cards = re.findall(r'<li class="card card--[a-z]+">.*?</li>', _cards(html), re.S)
    assert len(cards) == 14
    dental = next(card for card in cards if 'href="/indicators/9/"' in card)
    text = " ".join(re.sub(r"<[^>]+>", " ", dental).split())
    assert "Dental checks (indicator 9)" in text
    assert "Q3 2023-24: 80.9 (89/110) P (provisional)" in text
    assert "Red" in text and "Target 90%" in text
    assert "vs SN average 2021/22 + Better average 75.0" in text
    assert "vs England average 2021/22 + Better average 70.0" in text
    assert "Direction of travel Declining: down from 83.3% in Q2 2023-24 (worse)" in text
    assert 'class="card card--red"' in dental


def test_the_full_table_is_one_tap_from_the_cards(panel_client, deck):
    html = panel_client.get("/").content.decode()
    assert '<a href="#full-table">Show the full table' in html
    assert '<div class="scorecard-full" id="full-table">' in html


def test_officer_commentary_shows_under_red_and_amber_rows_only(officer_client, deck):
    Figure.objects.filter(indicator__ref="9", period__quarter=3).update(commentary="Two practices closed.")
    Figure.objects.filter(indicator__ref="6", period__quarter=3).update(commentary="Stable all year.")  # green
    html = officer_client.get("/").content.decode()
    rows = re.findall(r'<tr class="commentary-row">.*?</tr>', html, re.S)
    assert len(rows) == 1 and "Two practices closed." in rows[0]
    assert 'Officer commentary<span class="visually-hidden"> on Dental checks</span>:' in rows[0]
    assert "Stable all year." not in html


def test_the_public_scorecard_shows_only_commentary_checked_for_publication(client, settings, deck, officer):
    settings.PUBLIC_SCORECARD = True
    Figure.objects.filter(indicator__ref="9", period__quarter=3).update(commentary="Checked words.")
    Figure.objects.filter(indicator__ref="4", period__quarter=3).update(commentary="Unchecked words.")
    assert "Checked words." not in client.get("/").content.decode()
    Figure.objects.filter(indicator__ref="9", period__quarter=3).update(commentary_checked=True)
    data_version.bump()  # QuerySet.update sends no signal; the page cache follows the data version
    html = client.get("/").content.decode()
    assert "Checked words." in html and "Unchecked words." not in html


def test_provisional_figures_carry_a_visible_p_with_a_key(panel_client, deck):
    html = panel_client.get("/").content.decode()
    assert '80.9 (89/110)</span><abbr class="provisional" title="provisional">P</abbr>' in html
    assert "(provisional)</span>" in html
    assert "a provisional figure: it may change before it is marked final." in _text(panel_client.get("/"))
    final = panel_client.get("/?period=2022-23").content.decode()
    assert "91.1</span></span>" in final  # a final figure has no mark


def test_a_report_link_to_a_quarter_without_figures_is_a_page_that_says_so(panel_client, deck, settings):
    settings.DEBUG = False
    response = panel_client.get("/reports/2030-31-q1/")
    assert response.status_code == 404
    text = _text(response)
    assert "There are no figures for Q1 2030-31 yet" in text
    assert "go to the scorecard" in text and "Skip to main content" in text


def test_an_officer_on_an_admin_page_is_told_it_is_for_administrators(officer_client, deck):
    response = officer_client.get("/comparators/upload/")
    assert response.status_code == 403
    text = _text(response)
    assert "This is for administrators. Your account has the officer role" in text
    assert "give your account the officer role" not in text


def test_a_panel_member_is_told_to_ask_for_the_officer_role(panel_client, deck):
    text = _text(panel_client.get("/figures/"))
    assert "Your account can read the scorecard but not change it." in text
    assert "give your account the officer role" in text


def test_the_server_error_page_needs_no_request_or_database():
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert "/static/css/site.css" in html


def test_the_neighbours_page_says_what_the_scorecard_compares_with(panel_client, deck):
    text = _text(panel_client.get("/indicators/9/benchmark/2022/neighbours/"))
    assert "stored:" not in text
    assert "On the scorecard" in text and "the 2021-22 average" in text


def test_the_comparator_year_is_chosen_with_a_control(panel_client, deck):
    html = panel_client.get("/indicators/9/benchmark/2022/neighbours/").content.decode()
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', html)
    assert ("2022", " selected", "2021-22") in options and ("2023", "", "2022-23") in options
    response = panel_client.get("/indicators/9/benchmark/2022/neighbours/?year=2023")
    assert response.status_code == 302 and response.url == "/indicators/9/benchmark/2023/neighbours/"
    # A year that is not offered is not followed.
    assert panel_client.get("/indicators/9/benchmark/2022/neighbours/?year=1999").status_code == 200


def test_the_profile_gives_each_snapshot_its_date_and_number_of_children(officer, officer_client, deck):
    shares = {
        "ethnicity": {"White": 30, "Mixed": 20, "Asian": 20, "Black": 20, "Other": 10},
        "age": {"Under 1": 5, "1 to 4": 10, "5 to 9": 15, "10 to 15": 30, "16-plus": 40},
        "gender": {"Male": 60, "Female": 40},
    }
    shares = {b: {c: Decimal(v) for c, v in categories.items()} for b, categories in shares.items()}
    services.demographic_snapshot_create(name="Harrow 31 March 2024", as_at=date(2024, 3, 31), cohort_size=182,
                                         shares=shares, by=officer)  # fmt: skip
    text = _text(officer_client.get("/demographics/"))
    assert "Harrow 31 March 2024: 31 March 2024, 182 children" in text
    assert "Harrow latest: date and number of children not recorded" in text


def test_every_page_links_the_accessibility_statement_and_privacy_notice(panel_client, deck):
    anonymous = Client()
    for response in (anonymous.get("/login/"), panel_client.get("/"), panel_client.get("/indicators/9/")):
        html = response.content.decode()
        assert '<a href="/accessibility/">Accessibility statement</a>' in html
        assert '<a href="/privacy/">Privacy notice</a>' in html


def test_the_accessibility_statement_and_privacy_notice_say_what_is_true(client, settings, db):
    settings.SERVICE_CONTACT_EMAIL = "bi@example.gov.uk"
    statement = _text(client.get("/accessibility/"))
    assert "Accessibility statement for the Corporate Parenting scorecard" in statement
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA" in statement
    assert "Equality and Human Rights Commission" in statement and "bi@example.gov.uk" in statement
    notice = _text(client.get("/privacy/"))
    assert "holds no information about any individual child" in notice
    assert "after 5 failures the account is locked on that device for 15 minutes" in notice
    assert "shows any count from 1 to 5" in notice
    assert "Information Commissioner's Office" in notice


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def test_a_command_without_secret_key_says_so_in_one_line():
    result = _manage("import_figures")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["Not started: Set SECRET_KEY (or DEBUG=true for local development)."]
    assert "Traceback" not in result.stderr


def test_axes_introduces_itself_only_in_the_server_when_asked_to_be_quiet(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    quiet = _manage("check", DEBUG="true", AXES_QUIET_SETUP="true", DATABASE_URL=database)
    assert "AXES: BEGIN" not in quiet.stdout + quiet.stderr
    server = _manage("check", DEBUG="true", AXES_QUIET_SETUP="true", RUN_MAIN="true", DATABASE_URL=database)
    assert (server.stdout + server.stderr).count("AXES: BEGIN") == 1


@pytest.mark.parametrize("sort", ["", "?sort=-rag"])
def test_headings_keep_each_period_on_one_line(panel_client, deck, sort):
    html = panel_client.get(f"/{sort}").content.decode()
    assert '<span class="nowrap">Q3 2023-24</span>' in html


def test_an_officers_added_key_point_lands_last(officer_client, officer, deck):
    from scorecard.models import Period
    from tests.test_reports import _edit_data

    report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    data = _edit_data(report)
    n = report.key_points.count()
    data.update({"key_points-TOTAL_FORMS": str(n + 1), f"key_points-{n}-report": report.pk,
                 f"key_points-{n}-position": "", f"key_points-{n}-text": "The panel asked for a dental update."})  # fmt: skip
    assert officer_client.post("/reports/2023-24-q3/edit/", data).status_code == 302
    assert [p.text for p in report.key_points.all()][-1] == "The panel asked for a dental update."
    text = _text(officer_client.get("/reports/2023-24-q3/"))
    assert text.index("The panel asked for a dental update.") > text.index("Key points")
    assert text.index("The panel asked for a dental update.") < text.index("Performance scorecard, Q3 2023-24")


def test_the_redraft_link_asks_before_leaving_unsaved_edits(officer_client, officer, deck):
    from scorecard.models import Period

    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    html = officer_client.get("/reports/2023-24-q3/edit/").content.decode()
    assert '<form method="post" novalidate data-unsaved-warning>' in html
    assert 'data-confirm-unsaved="You have changed this page without saving.' in html
    assert '<script src="/static/js/site.js"></script>' in html
