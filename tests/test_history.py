"""Every change to a figure is kept: who, when, how, before and after; admins unlock and restore."""

from __future__ import annotations

import re

from django.core.management import call_command

from scorecard.models import ChangeMeans, Figure, Target
from tests.test_entry import Q3, URL_Q3, form_data
from tests.test_scorecard import _text


def _dental_q3() -> Figure:
    return Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)


def test_a_form_change_is_recorded_with_who_how_before_and_after(client, officer, deck):
    client.force_login(officer)
    client.post(URL_Q3, form_data(Q3, {"9": {"numerator": "92", "denominator": "110"}}))
    first, second = _dental_q3().history.order_by("history_date")
    assert first.history_change_reason == ChangeMeans.BEFORE_HISTORY and first.numerator == 89
    assert second.history_user == officer and second.history_change_reason == "form" and second.numerator == 92

    text = _text(client.get("/indicators/9/"))
    assert "History of changes" in text
    assert re.search(r"Q3 2023-24 Bob Form 80\.9 \(89/110\), provisional 83\.6 \(92/110\), provisional", text)


def test_history_is_for_officers(client, panel_member, deck):
    client.force_login(panel_member)
    assert "History of changes" not in _text(client.get("/indicators/9/"))


def test_admin_unlocks_a_final_figure_and_the_unlock_is_recorded(client, officer, admin_user, deck):
    Figure.objects.filter(pk=_dental_q3().pk).update(status="final")
    client.force_login(officer)
    assert client.post(f"/figures/{_dental_q3().pk}/unlock/").status_code == 403
    assert "Unlock" not in _text(client.get("/indicators/9/"))

    client.force_login(admin_user)
    assert "Unlock Q3 2023-24" in _text(client.get("/indicators/9/"))
    response = client.post(f"/figures/{_dental_q3().pk}/unlock/", follow=True)
    assert "Indicator 9, Q3 2023-24 is unlocked: officers can correct it." in _text(response)
    assert _dental_q3().status == "provisional"
    latest = _dental_q3().history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason, latest.status) == (admin_user, "unlock", "provisional")
    assert re.search(r"Carol Unlock 80\.9 \(89/110\), final 80\.9 \(89/110\), provisional", _text(response))


def test_unlock_is_a_post(client, admin_user, deck):
    client.force_login(admin_user)
    assert client.get(f"/figures/{_dental_q3().pk}/unlock/").status_code == 405


def test_admin_restores_an_earlier_version_and_the_restore_is_recorded(client, officer, admin_user, deck):
    client.force_login(officer)
    client.post(URL_Q3, form_data(Q3, {"9": {"numerator": "92", "denominator": "110"}}))
    original = _dental_q3().history.order_by("history_date").first()

    client.force_login(admin_user)
    page = client.get("/indicators/9/").content.decode()
    assert f'action="/figures/history/{original.history_id}/restore/"' in page
    response = client.post(f"/figures/history/{original.history_id}/restore/", follow=True)
    assert "Indicator 9, Q3 2023-24 is restored to an earlier version." in _text(response)
    figure = _dental_q3()
    assert (figure.numerator, figure.denominator, figure.version) == (89, 110, 3)
    latest = figure.history.latest("history_date")
    assert latest.history_user == admin_user and latest.history_change_reason.startswith("restore of the version of")


def test_officers_cannot_restore(client, officer, deck):
    client.force_login(officer)
    record = Figure.history.first() or _dental_q3().history.first()
    assert client.post(f"/figures/history/{record.history_id if record else 1}/restore/").status_code == 403


def test_admin_changes_are_recorded_as_admin(client, admin_user, deck):
    client.force_login(admin_user)
    target = Target.objects.get(indicator__ref="9", financial_year=2023)
    response = client.post(
        f"/admin/scorecard/target/{target.pk}/change/",
        {"indicator": target.indicator_id, "financial_year": 2023, "quarter": "", "value": "92",
         "tolerance": "0.05", "tolerance_kind": "relative"},
    )  # fmt: skip
    assert response.status_code == 302
    latest = target.history.latest("history_date")
    assert (latest.value, latest.history_user, latest.history_change_reason) == (92, admin_user, "admin")


def test_fixture_loads_leave_figures_ready_for_history(deck):
    call_command("loaddata", "march_2024_scorecard", verbosity=0)
    assert not Figure.history.exists()  # recorded at the first change instead, as 'as loaded before history'
