"""Admins add, edit, reorder, retire and bring back the scorecard's indicators on the
product's own pages: choices explained in words, a repeated position flagged, every
problem named, and nobody else may."""

from __future__ import annotations

import pytest

from scorecard.models import Figure, Indicator
from tests.test_scorecard import _text

LIST = "/manage/indicators/"
NEW = {
    "ref": "15", "short_name": "Visits on time", "description": "% of CLA visited within timescale",
    "definition": "Children looked after whose last statutory visit was on time.", "statement": "of children were visited on time",
    "theme": "care_planning", "unit": "percentage", "polarity": "higher", "measure_type": "snapshot",
    "decimals": "1", "display_order": "15", "change_threshold": "10",
}  # fmt: skip


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_form_explains_each_choice_in_words(admin_client, deck):
    text = _text(admin_client.get(f"{LIST}new/"))
    assert "Which way is better" in text
    assert "None (context only): Neither: it describes the service (context), so it has no target and no RAG" in text
    assert "Cumulative in the year: From 1 April up to the end of each quarter: it builds up through the year" in text
    assert "Rate per 10,000 children: A rate for every 10,000 children under 18 living in the area" in text


def test_an_admin_adds_an_indicator_and_the_scorecard_shows_it(admin_client, deck):
    response = admin_client.post(f"{LIST}new/", NEW, follow=True)
    assert "Indicator 15. Visits on time is saved." in _text(response)
    indicator = Indicator.objects.get(ref="15")
    assert (indicator.polarity, indicator.measure_type, indicator.display_order) == ("higher", "snapshot", 15)
    assert 'href="/indicators/15/"' in admin_client.get("/").content.decode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ref": "9"}, "Reference: There is already an indicator with this reference: choose another."),
        ({"display_order": "9"}, "Position on the scorecard: Indicator 9 (Dental checks) is already in position 9"),
        ({"polarity": ""}, "Which way is better: Choose the which way is better."),
        ({"short_name": ""}, "Name: Enter the name."),
    ],
)
def test_a_problem_is_named_and_nothing_is_saved(admin_client, deck, changes, message):
    before = Indicator.objects.count()
    response = admin_client.post(f"{LIST}new/", {**NEW, **changes})
    assert response.status_code == 400
    assert message in _text(response)
    assert Indicator.objects.count() == before


def test_an_admin_edits_an_indicator(admin_client, deck):
    data = {**NEW, "ref": "9", "short_name": "Dental checks (rolling year)", "display_order": "9"}
    admin_client.post(f"{LIST}9/edit/", data)
    assert Indicator.objects.get(ref="9").short_name == "Dental checks (rolling year)"


def test_reordering_saves_every_position_and_refuses_a_repeat(admin_client, deck):
    dental, health = Indicator.objects.get(ref="9"), Indicator.objects.get(ref="10")
    positions = {f"position-{i.pk}": str(i.display_order) for i in Indicator.objects.all()}
    repeat = admin_client.post(LIST, {**positions, f"position-{dental.pk}": str(health.display_order)})
    assert repeat.status_code == 400
    assert f"9. Dental checks: position {health.display_order} is also given to indicator 10." in _text(repeat)
    assert Indicator.objects.get(ref="9").display_order == dental.display_order
    swapped = {**positions, f"position-{dental.pk}": str(health.display_order),
               f"position-{health.pk}": str(dental.display_order)}  # fmt: skip
    response = admin_client.post(LIST, swapped, follow=True)
    assert "The scorecard's order is saved: 2 indicator(s) moved." in _text(response)
    entry = _text(admin_client.get("/periods/2023-24-q4/figures/"))  # the entry page follows the order
    assert entry.index("10. Health checks") < entry.index("9. Dental checks")


def test_a_repeated_position_already_stored_is_flagged(admin_client, deck):
    Indicator.objects.filter(ref="10").update(display_order=Indicator.objects.get(ref="9").display_order)
    text = _text(admin_client.get(LIST))
    assert "Two indicators share a position" in text
    assert admin_client.get(LIST).content.decode().count('<span class="tag tag--locked">Same position</span>') == 2


def test_retiring_takes_it_off_the_scorecard_and_keeps_its_figures(admin_client, deck):
    figures = Figure.objects.filter(indicator__ref="9").count()
    response = admin_client.post(f"{LIST}9/retire/", {"active": "false"}, follow=True)
    assert "Indicator 9. Dental checks is retired: its figures are kept." in _text(response)
    assert 'href="/indicators/9/"' not in admin_client.get("/").content.decode()
    assert Figure.objects.filter(indicator__ref="9").count() == figures
    admin_client.post(f"{LIST}9/retire/", {"active": "true"})
    assert Indicator.objects.get(ref="9").is_active


def test_indicators_are_for_admins_only(client, officer, deck):
    client.force_login(officer)
    assert client.get(LIST).status_code == 403
    assert client.post(f"{LIST}new/", NEW).status_code == 403
    assert client.post(f"{LIST}9/retire/", {"active": "false"}).status_code == 403
    assert Indicator.objects.get(ref="9").is_active and not Indicator.objects.filter(ref="15").exists()
