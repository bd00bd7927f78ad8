"""Officers enter and correct a period's figures: check, preview, save all or none."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard.entry_selectors import entry_rows
from scorecard.forms import PeriodFiguresForm
from scorecard.models import Figure, Period
from scorecard.periods import PeriodKey
from tests.test_scorecard import _text

Q3, Q4 = PeriodKey(2023, 3), PeriodKey(2023, 4)
URL_Q3, URL_Q4 = "/periods/2023-24-q3/figures/", "/periods/2023-24-q4/figures/"

# Q4 2023-24 for all 14 indicators, made up but plausible; big movers carry a commentary.
Q4_FIGURES = {
    "1": {"value": "183"}, "2": {"value": "190"}, "3": {"value": "31.0"},
    "4": {"numerator": "170", "denominator": "183"}, "5": {"numerator": "12", "denominator": "183"},
    "6": {"numerator": "30", "denominator": "38"}, "7": {"numerator": "118", "denominator": "125"},
    "8": {"numerator": "43", "denominator": "125"}, "9": {"numerator": "95", "denominator": "111"},
    "10": {"numerator": "104", "denominator": "111"}, "11": {"numerator": "4", "denominator": "70"},
    "12": {"numerator": "7", "denominator": "70"}, "13": {"numerator": "30", "denominator": "150"},
    "14": {"numerator": "35", "denominator": "262"},
}  # fmt: skip


def form_data(key: PeriodKey, changes: dict[str, dict[str, str]] | None = None, action: str = "save") -> dict:
    """What the entry page posts if the officer types `changes` over what is shown."""
    form = PeriodFiguresForm(entry_rows(key))
    data = {name: "" if field.initial is None else str(field.initial) for name, field in form.fields.items()}
    for ref, fields in (changes or {}).items():
        for field, value in fields.items():
            data[f"{ref}-{field}"] = value
    data["action"] = action
    return data


def test_it_is_for_officers(client, panel_member, deck):
    assert client.get(URL_Q4).status_code == 302
    client.force_login(panel_member)
    assert client.get(URL_Q4).status_code == 403
    assert client.post(URL_Q4, form_data(Q4, Q4_FIGURES)).status_code == 403
    assert not Period.objects.filter(financial_year=2023, quarter=4).exists()


def test_it_lists_every_indicator_with_what_is_stored(officer_client, deck):
    response = officer_client.get(URL_Q3)
    html = response.content.decode()
    assert html.count('<th scope="row">') == 14
    assert 'name="9-numerator" value="89"' in html and 'name="9-denominator" value="110"' in html
    assert 'name="1-value" value="180"' in html
    assert 'name="1-numerator"' not in html  # a count has only a value
    assert "Saved now" in _text(response) and "80.9 (89/110)" in _text(response)


def test_the_next_quarter_is_offered(officer_client, deck):
    text = _text(officer_client.get("/figures/"))
    assert "Q4 2023-24 (new quarter)" in text and "Q3 2023-24" in text


def test_preview_shows_the_result_and_saves_nothing(officer_client, deck):
    response = officer_client.post(URL_Q4, form_data(Q4, Q4_FIGURES, action="preview"))
    assert response.status_code == 200
    text = _text(response)
    assert "14 figures will change." in text
    assert "85.6 (95/111)" in text  # dental checks
    assert "Red" in text and "Amber" in text
    assert not Figure.objects.filter(period__quarter=4).exists()
    assert 'name="9-numerator" value="95"' in response.content.decode()  # carried to the save button


def test_saving_a_new_quarter_puts_it_on_the_scorecard(officer_client, officer, deck):
    response = officer_client.post(URL_Q4, form_data(Q4, Q4_FIGURES))
    assert response.status_code == 302
    assert response.url == "/?period=2023-24-q4"
    assert Figure.objects.filter(period__financial_year=2023, period__quarter=4).count() == 14
    dental = Figure.objects.get(indicator__ref="9", period__quarter=4, period__financial_year=2023)
    assert (dental.numerator, dental.denominator, dental.value) == (95, 111, Decimal("85.585586"))
    assert dental.updated_by == officer and dental.version == 1 and dental.status == "provisional"
    page = _text(officer_client.get(response.url))
    assert "Q4 2023-24 saved: 14 added, 0 changed, 0 unchanged." in page
    assert "85.6 (95/111)" in page


def test_saving_the_same_figures_again_changes_nothing(officer_client, deck):
    officer_client.post(URL_Q4, form_data(Q4, Q4_FIGURES))
    history = Figure.history.count()
    response = officer_client.post(URL_Q4, form_data(Q4), follow=True)
    assert "Q4 2023-24 saved: 0 added, 0 changed, 14 unchanged." in _text(response)
    assert Figure.history.count() == history


def test_bad_figures_are_explained_next_to_the_field_and_nothing_is_saved(officer_client, deck):
    bad = {**Q4_FIGURES, "9": {"numerator": "120", "denominator": "111"}, "1": {"value": "lots"}}
    response = officer_client.post(URL_Q4, form_data(Q4, bad))
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert "There are problems: nothing has been saved" in text
    assert (
        "Indicator 9, Dental checks, numerator: The numerator (120) cannot be more than the denominator (111)." in text
    )
    assert '<a href="#id_9-numerator">' in html
    assert 'id="id_9-numerator-error"' in html and 'aria-invalid="true"' in html
    assert "Indicator 1, Children looked after, value: Enter the value as a number, like 192." in text
    assert 'value="lots"' in html  # what was typed is kept
    assert not Figure.objects.filter(period__quarter=4).exists()


def test_a_big_unexplained_change_is_refused(officer_client, deck):
    response = officer_client.post(URL_Q3, form_data(Q3, {"9": {"numerator": "109", "denominator": "110"}}))
    text = _text(response)
    assert "This figure is 15.8 points higher than in Q2 2023-24 (83.3). A change of more than 10 points needs a " \
           "commentary explaining it." in text  # fmt: skip
    assert Figure.objects.get(indicator__ref="9", period__quarter=3).numerator == 89
    explained = {"9": {"numerator": "109", "denominator": "110", "commentary": "Dental sessions in every home."}}
    assert officer_client.post(URL_Q3, form_data(Q3, explained)).status_code == 302
    assert Figure.objects.get(indicator__ref="9", period__quarter=3).numerator == 109


def test_untouched_figures_need_no_new_commentary(officer_client, deck):
    # Q1's reviews moved 25.8 points from 2022-23 with no commentary; saving Q1 unchanged is fine.
    response = officer_client.post("/periods/2023-24-q1/figures/", form_data(PeriodKey(2023, 1)))
    assert response.status_code == 302


def test_a_final_figure_is_locked(officer_client, deck):
    Figure.objects.filter(indicator__ref="9", period__quarter=3).update(status="final")
    html = officer_client.get(URL_Q3).content.decode()
    assert "Final: locked" in html
    assert 'name="9-numerator" value="89" inputmode="decimal" class="input--number" disabled' in html
    tampered = form_data(Q3, {"9": {"numerator": "100", "denominator": "110", "status": "provisional"}})
    assert officer_client.post(URL_Q3, tampered).status_code == 302
    figure = Figure.objects.get(indicator__ref="9", period__quarter=3)
    assert (figure.numerator, figure.status) == (89, "final")


def test_a_figure_changed_by_someone_else_meanwhile_is_not_overwritten(client, officer, admin_user, deck):
    client.force_login(officer)
    mine = form_data(Q3, {"9": {"numerator": "90", "denominator": "110"}})  # page loaded at version 0
    client.force_login(admin_user)
    assert client.post(URL_Q3, form_data(Q3, {"9": {"numerator": "91", "denominator": "110"}})).status_code == 302

    client.force_login(officer)
    response = client.post(URL_Q3, mine)
    assert response.status_code == 409
    text = _text(response)
    assert "Carol changed this figure to 82.7 (91/110) at" in text
    assert "Nothing was saved: check the figure and save again." in text
    assert 'name="9-numerator" value="90"' in response.content.decode()  # the officer's typing is kept
    assert Figure.objects.get(indicator__ref="9", period__quarter=3).numerator == 91
    # Saving again from this page is a deliberate overwrite, and works.
    again = {name: value for name, value in response.context["form"].data.items()}
    assert client.post(URL_Q3, again).status_code == 302
    assert Figure.objects.get(indicator__ref="9", period__quarter=3).numerator == 90


def test_clearing_a_saved_figure_is_refused(officer_client, deck):
    response = officer_client.post(URL_Q3, form_data(Q3, {"9": {"numerator": "", "denominator": ""}}))
    assert response.status_code == 409
    assert "A saved figure cannot be emptied here. Ask an administrator to remove it." in _text(response)
    assert Figure.objects.filter(indicator__ref="9", period__quarter=3).exists()


def test_an_impossible_period_is_not_found(officer_client, deck):
    assert officer_client.get("/periods/next-year/figures/").status_code == 404
    assert officer_client.get("/periods/1999-00-q1/figures/").status_code == 404


@pytest.mark.parametrize("action", ["edit"])
def test_change_figures_goes_back_to_the_form_with_the_typing_kept(officer_client, deck, action):
    response = officer_client.post(URL_Q4, form_data(Q4, Q4_FIGURES, action=action))
    assert 'name="9-numerator" value="95"' in response.content.decode()
    assert "Check and preview" in _text(response)
    assert not Figure.objects.filter(period__quarter=4).exists()


@pytest.mark.parametrize("case", range(6))
def test_the_entry_fields_are_the_html_django_would_render(case):
    """Made in Python for speed (scorecard/forms.py), byte for byte as Django's widget templates."""
    from django import forms

    from scorecard import forms as f

    cases = [
        (
            f._TextInput(attrs={"inputmode": "decimal", "class": "input--number"}),
            forms.TextInput(attrs={"inputmode": "decimal", "class": "input--number"}),
            "89",
            {"id": "id_9-numerator", "disabled": True, "aria-invalid": "true"},
        ),
        (
            f._TextInput(attrs={"inputmode": "decimal"}),
            forms.TextInput(attrs={"inputmode": "decimal"}),
            None,
            {"id": "x", "disabled": False},
        ),
        (f._TextInput(), forms.TextInput(), 'a"<b>&', {"id": "x"}),
        (f._HiddenInput(), forms.HiddenInput(), 3, {"id": "id_9-version"}),
        (f._Textarea(attrs={"rows": 2}), forms.Textarea(attrs={"rows": 2}), "Three <children>\nrefused", {"id": "c"}),
        (f._Textarea(attrs={"rows": 2}), forms.Textarea(attrs={"rows": 2}), "", {"id": "c"}),
    ]
    fast, slow, value, attrs = cases[case]
    assert fast.render("n", value, dict(attrs)) == slow.render("n", value, dict(attrs))
