"""Officers add a new snapshot of the profile of children looked after."""

from decimal import Decimal

import pytest

from scorecard.models import DemographicSeries, DemographicShare
from tests.test_scorecard import _text

URL = "/demographics/new/"
# Ethnicity (White, Mixed, Asian, Black, Other), age (under 1 .. 16-plus), gender (male, female).
GOOD = {"ethnicity": ["27", "22", "20", "16", "15"], "age": ["5", "8", "12", "30", "45"], "gender": ["60", "40"]}


def _data(name="Harrow, 31 March 2024", cohort="183", **changes):
    data = {"name": name, "as_at": "2024-03-31", "cohort_size": cohort}
    for breakdown, values in {**GOOD, **changes}.items():
        for index, value in enumerate(values):
            data[f"{breakdown}-{index}"] = value
    return data


def test_it_is_for_officers(client, panel_member, deck):
    client.force_login(panel_member)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data()).status_code == 403


def test_an_officer_adds_a_snapshot_and_it_becomes_the_charted_one(officer_client, officer, deck):
    response = officer_client.post(URL, _data(), follow=True)
    assert "“Harrow, 31 March 2024” is added to the profile." in _text(response)
    series = DemographicSeries.objects.get(name="Harrow, 31 March 2024")
    assert (series.cohort_size, series.counts_children, series.in_charts, series.display_order) == (183, True, True, 0)
    assert DemographicShare.objects.filter(series=series).count() == 12
    assert DemographicShare.objects.get(series=series, category="16-plus").percentage == Decimal("45")
    assert not DemographicSeries.objects.get(name="Harrow latest").in_charts  # earlier snapshots stay in the tables
    share = DemographicShare.objects.get(series=series, category="Asian")
    assert share.history.latest("history_date").history_user == officer
    text = _text(response)
    assert "Ethnicity Harrow, 31 March 2024 Harrow latest Harrow 2023 Harrow population SN average 2023" in text
    assert "Asian 20% 19% 25% 49% 15%" in text


def test_a_breakdown_that_does_not_add_up_is_refused(officer_client, deck):
    response = officer_client.post(URL, _data(gender=["60", "45"]))
    assert "Gender: Male: Gender adds up to 105%: it should be 100% (within 1 for rounding)." in _text(response)
    assert not DemographicSeries.objects.filter(name="Harrow, 31 March 2024").exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"age": ["five", "8", "12", "30", "45"]}, "Age: Under 1: Enter the value as a number, like 32.5."),
        ({"age": ["", "8", "12", "30", "45"]}, "Age: Under 1: Enter the percentage for Under 1, or 0."),
        ({"age": ["-5", "18", "12", "30", "45"]}, "Age: Under 1: The value must be 0 or more."),
        ({"name": "Harrow latest"}, "Name: There is already a column with this name. Choose another."),
        ({"cohort": "0"}, "Number of children looked after: Ensure this value is greater than or equal to 1."),
    ],
)
def test_each_problem_is_explained_and_nothing_saved(officer_client, deck, changes, message):
    name = changes.pop("name", "Harrow, 31 March 2024")
    cohort = changes.pop("cohort", "183")
    before = DemographicShare.objects.count()
    response = officer_client.post(URL, _data(name=name, cohort=cohort, **changes))
    assert message in _text(response)
    assert DemographicShare.objects.count() == before
