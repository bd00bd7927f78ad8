"""Admins set a year's targets on one page: pre-filled from the year before, phased by
quarter where the indicator builds up through the year, tolerances as a percentage of
the target or points, saved all or none with history, every problem named."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from scorecard.models import Indicator, Target
from tests.test_scorecard import _text

URL = "/targets/2024-25/"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _pk(ref: str) -> int:
    return Indicator.objects.get(ref=ref).pk


def _form(response) -> dict[str, str]:
    """What the page's boxes hold, as a browser would post them."""
    import re

    html = response.content.decode()
    data = dict(
        re.findall(
            r'<input type="text" inputmode="decimal" class="input" name="([^"]+)" id="[^"]+" value="([^"]*)"', html
        )
    )
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        data[name] = re.search(r'<option value="([^"]+)" selected', body).group(1)
    return data


def test_the_coming_year_opens_pre_filled_from_the_current_year(admin_client, deck):
    response = admin_client.get("/targets/", follow=True)
    assert response.redirect_chain[-1][0] == URL
    text = _text(response)
    assert "Targets for 2024-25" in text
    assert "No targets are set for 2024-25 yet: the boxes are filled in with 2023-24's." in text
    data = _form(response)
    assert data[f"{_pk('9')}-year"] == "90"
    assert data[f"{_pk('9')}-tolerance"] == "5" and data[f"{_pk('9')}-kind"] == "percent"  # not 0.0500
    assert [data[f"{_pk('14')}-q{q}"] for q in (1, 2, 3, 4)] == ["2.5", "5", "7.5", "10"]  # phased by quarter
    assert f"{_pk('1')}-year" not in data  # a context indicator has no target
    assert "Q1 2.5%, Q2 5%, Q3 7.5%, Q4 10%; amber within 5% of the target" in text


def test_saving_sets_every_target_for_the_year_with_history(admin_client, admin_user, deck):
    data = _form(admin_client.get(URL))
    data[f"{_pk('9')}-year"] = "92"
    data[f"{_pk('4')}-tolerance"], data[f"{_pk('4')}-kind"] = "2", "points"
    response = admin_client.post(URL, data, follow=True)
    assert "Targets for 2024-25 saved: 15 added, 0 changed, 0 unchanged." in _text(response)
    dental = Target.objects.get(indicator__ref="9", financial_year=2024)
    assert (dental.value, dental.tolerance, dental.tolerance_kind) == (D("92"), D("0.05"), "relative")
    reviews = Target.objects.get(indicator__ref="4", financial_year=2024)
    assert (reviews.tolerance, reviews.tolerance_kind) == (D("2"), "points")
    assert Target.objects.filter(indicator__ref="14", financial_year=2024).count() == 4
    record = dental.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (admin_user, "form")
    # Saving again changes nothing; a change is one change.
    data[f"{_pk('9')}-year"] = "93"
    again = admin_client.post(URL, data, follow=True)
    assert "saved: 0 added, 1 changed, 14 unchanged." in _text(again)
    assert "No targets are set for 2024-25 yet" not in _text(again)


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("9-year", "ninety", "9. Dental checks: enter the target as a number, like 90."),
        ("9-year", "120", "9. Dental checks: the target is a percentage, so it cannot be more than 100."),
        ("9-tolerance", "-1", "9. Dental checks: the tolerance must be 0 or more."),
        ("14-q2", "", "14. Children with a missing episode: enter the Q2 target too, or only Q4 for one target for the year, or none for no target."),
        ("14-q3", "4", "14. Children with a missing episode: the Q3 target (4) is below Q2's (5); a year-to-date target builds up through the year."),
    ],
)  # fmt: skip
def test_a_problem_anywhere_saves_nothing_and_is_named(admin_client, deck, field, typed, message):
    data = _form(admin_client.get(URL))
    ref, key = field.split("-")
    data[f"{_pk(ref)}-{key}"] = typed
    response = admin_client.post(URL, data)
    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem: nothing has been saved" in text and message in text
    assert f'href="#t-{_pk(ref)}-{key}"' in response.content.decode()  # the summary links to the box
    assert "Constraint" not in text
    assert not Target.objects.filter(financial_year=2024).exists()


def test_an_empty_target_means_none_this_year(admin_client, deck):
    admin_client.post(URL, _form(admin_client.get(URL)))
    data = _form(admin_client.get(URL))
    data[f"{_pk('9')}-year"] = ""
    admin_client.post(URL, data)
    assert not Target.objects.filter(indicator__ref="9", financial_year=2024).exists()
    assert Target.objects.filter(indicator__ref="4", financial_year=2024).exists()


@pytest.mark.parametrize("year", ["2024", "2024-26", "24-25", "2024-2025"])
def test_a_year_is_written_like_2024_25(admin_client, deck, year):
    assert admin_client.get(f"/targets/{year}/").status_code == 404


def test_targets_are_for_admins_only(client, officer, deck):
    client.force_login(officer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403
    assert not Target.objects.filter(financial_year=2024).exists()
