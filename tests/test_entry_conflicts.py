"""Officers entering the same quarter at once: a conflict is per figure, so each saves
the rows they changed; only a figure someone else changed since it was opened stops a
save, and a rule about a figure the officer did not touch never does."""

from __future__ import annotations

from django.test import Client

from scorecard.models import Figure
from tests.test_entry import Q3, URL_Q3, form_data
from tests.test_scorecard import _text
from tests.test_upload import HEADER, confirm, upload

Q3_UPLOAD = "/periods/2023-24-q3/upload/"
Q3_CONFIRM = "/periods/2023-24-q3/upload/confirm/"


def _q3(ref: str) -> Figure:
    return Figure.objects.get(indicator__ref=ref, period__financial_year=2023, period__quarter=3)


def test_saving_my_row_succeeds_when_someone_else_saved_another(client, officer, admin_user, deck):
    client.force_login(officer)
    mine = form_data(Q3, {"10": {"numerator": "101"}})  # opened before Carol saved
    client.force_login(admin_user)
    assert client.post(URL_Q3, form_data(Q3, {"9": {"numerator": "91"}})).status_code == 302

    client.force_login(officer)
    response = client.post(URL_Q3, mine, follow=True)
    assert "Q3 2023-24 saved: 0 added, 1 changed" in _text(response)
    assert (_q3("9").numerator, _q3("10").numerator) == (91, 101)  # Carol's figure is not put back


def test_a_rule_about_a_figure_i_did_not_touch_does_not_block_my_save(client, officer, admin_user, deck):
    client.force_login(officer)
    mine = form_data(Q3, {"10": {"numerator": "101"}})
    client.force_login(admin_user)
    explained = {"1": {"value": "240", "commentary": "Sixty children arrived together."}}
    assert client.post(URL_Q3, form_data(Q3, explained)).status_code == 302

    client.force_login(officer)
    response = client.post(URL_Q3, mine, follow=True)
    text = _text(response)
    assert "needs a commentary" not in text
    assert "Q3 2023-24 saved" in text
    one = _q3("1")
    assert (one.value, one.commentary, _q3("10").numerator) == (240, "Sixty children arrived together.", 101)


def test_only_the_row_changed_by_both_is_a_conflict_shown_on_that_row(client, officer, admin_user, deck):
    client.force_login(officer)
    mine = form_data(Q3, {"9": {"numerator": "90"}, "10": {"numerator": "101"}})
    client.force_login(admin_user)
    assert client.post(URL_Q3, form_data(Q3, {"9": {"numerator": "91"}, "11": {"numerator": "5"}})).status_code == 302

    client.force_login(officer)
    response = client.post(URL_Q3, mine)
    assert response.status_code == 409
    errors = response.context["form"].errors
    assert list(errors) == ["9-numerator"]
    assert "Carol changed this figure to 82.7 (91/110)" in errors["9-numerator"][0]
    assert (_q3("9").numerator, _q3("10").numerator, _q3("11").numerator) == (91, 100, 5)  # all or none
    page = response.content.decode()
    assert 'name="9-numerator" value="90"' in page and 'name="11-numerator" value="5"' in page
    # Saving again overwrites the one conflict deliberately, and leaves Carol's other figure alone.
    assert client.post(URL_Q3, dict(response.context["form"].data.items())).status_code == 302
    assert (_q3("9").numerator, _q3("10").numerator, _q3("11").numerator) == (90, 101, 5)


def test_an_upload_touches_only_the_rows_it_changes(client, officer, admin_user, deck):
    client.force_login(officer)
    template = client.get("/periods/2023-24-q3/template.csv").content.decode("utf-8-sig")
    rows = [HEADER.strip()]
    for cells in (line.split(",") for line in template.strip().splitlines()[1:]):
        if cells[0] == "10":
            cells[3] = "101"
        rows.append(",".join(cells))
    preview = upload(client, "\n".join(rows) + "\n", url=Q3_UPLOAD)
    assert "1 figure will change." in _text(preview)
    carol = Client()
    carol.force_login(admin_user)
    assert carol.post(URL_Q3, form_data(Q3, {"9": {"numerator": "91"}})).status_code == 302

    response = confirm(client, preview, url=Q3_CONFIRM)
    assert "Q3 2023-24 saved from q4.csv: 0 added, 1 changed, 13 unchanged." in _text(response)
    assert (_q3("9").numerator, _q3("10").numerator) == (91, 101)
