"""Statistical neighbours council by council (national/sheet.py): typed in for a year DfE has not
published, DfE's own where it has; the average, who is missing, the rank; the old address."""

from decimal import Decimal

import pytest

from national.models import EnteredValue, Neighbour
from scorecard.models import ComparatorValue
from tests.test_scorecard import _text

URL = "/indicators/9/benchmark/2022/neighbours/"  # 2021-22, by DfE's year ending 31 March


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _values(**by_name) -> dict:
    data = {}
    for link in Neighbour.objects.filter(council__old_code="310", group_year=2021).select_related("neighbour"):
        data[f"council_{link.neighbour_id}"] = by_name.get(link.neighbour.name.replace(" ", "_"), "")
    return data


def test_the_2021_group_is_listed_for_2021_22(panel_client, deck):
    text = _text(panel_client.get(URL))
    assert "Statistical neighbours as grouped by DfE's model in 2021." in text
    assert "when at least 7 of the 10 have one" in text
    assert "1 Redbridge 317" in text and "10 Brent 304" in text and "Reading" not in text
    assert "No council has a value yet" in text
    assert "Save and work out the average" not in text  # panel members read, admins enter


def test_the_2025_group_applies_from_2024_25_as_national_statistics_apply_it(panel_client, deck):
    assert "Milton Keynes 826" in _text(panel_client.get("/indicators/9/benchmark/2026/neighbours/"))
    assert "Milton Keynes 826" in _text(panel_client.get("/indicators/9/benchmark/2025/neighbours/"))
    assert "Brent 304" in _text(panel_client.get("/indicators/9/benchmark/2024/neighbours/"))


def test_a_new_grouping_is_a_file_and_a_registry_row(panel_client, deck, tmp_path, monkeypatch):
    """Bringing the 2025 grouping in a year later is one cell of national/data/groupings.csv, not code."""
    from national import councils

    registry = tmp_path / "groupings.csv"
    registry.write_text(councils.REGISTRY.read_text().replace("wide,2025", "wide,2026"))
    monkeypatch.setattr(councils, "REGISTRY", registry)
    assert "Brent 304" in _text(panel_client.get("/indicators/9/benchmark/2025/neighbours/"))
    assert "Milton Keynes 826" in _text(panel_client.get("/indicators/9/benchmark/2026/neighbours/"))


def test_an_admin_enters_values_and_the_average_rank_and_missing_councils_follow(admin_client, admin_user, deck):
    data = _values(Redbridge="80", Ealing="70", Hounslow="75", Hillingdon="72.5", Barnet="78", Merton="74",
                   Kingston_upon_Thames="76", Slough="", Sutton="71", Brent="")  # fmt: skip
    response = admin_client.post(URL, data, follow=True)
    text = _text(response)
    assert "Saved. The statistical-neighbour average for 2021-22 is now 74.5625." in text
    assert "from 8 councils" in text
    assert "Missing Slough, Brent" in text
    # Harrow's 2021-22 outturn was 91.5, better than all eight: first of nine.
    assert "Harrow 2021-22 91.5: ranked 1 of 9 (quartile A) among these councils and Harrow" in text
    assert "(A is the best quarter, D the worst; equal figures share a rank)" in text
    average = ComparatorValue.objects.get(indicator__ref="9", comparator__short_name="SN", year=2021)
    assert (average.value, average.status) == (Decimal("74.5625"), "published")
    assert average.history.latest("history_date").history_user == admin_user
    entered = EnteredValue.objects.filter(indicator__ref="9", value__isnull=False)
    assert {v.year for v in entered} == {2022} and entered.count() == 8
    assert entered.get(council__name="Redbridge").history.latest().history_user == admin_user


def test_bad_values_are_explained_and_nothing_saved(admin_client, deck):
    response = admin_client.post(URL, _values(Redbridge="lots", Ealing="120"))
    text = _text(response)
    assert "Redbridge: Enter the value as a number, like 32.5." in text
    assert "Ealing: A percentage cannot be more than 100." in text
    assert not EnteredValue.objects.exists()
    assert ComparatorValue.objects.get(indicator__ref="9", comparator__short_name="SN", year=2021).value == Decimal(
        "75"
    )


def test_officers_and_panel_members_cannot_enter_values(client, officer, deck):
    client.force_login(officer)
    assert client.post(URL, _values(Redbridge="80")).status_code == 403


def test_the_indicator_page_links_to_the_council_by_council_view(panel_client, deck):
    assert (
        '<a href="/indicators/9/benchmark/2022/neighbours/">2021-22</a>'
        in panel_client.get("/indicators/9/").content.decode()
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/indicators/9/neighbours/2021/", "/indicators/9/benchmark/2022/neighbours/"),
        ("/indicators/9/neighbours/2024/?year=2025", "/indicators/9/benchmark/2025/neighbours/?year=2025"),
    ],
)
def test_the_old_address_with_the_start_year_moved_for_good(panel_client, deck, old, new):
    response = panel_client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)


def test_the_year_control_moves_to_the_chosen_year(panel_client, deck):
    response = panel_client.get(URL, {"year": "2023"})
    assert (response.status_code, response["Location"]) == (302, "/indicators/9/benchmark/2023/neighbours/")


def test_two_of_ten_councils_never_replace_the_stored_average(admin_client, deck):
    """The bug: entering 2 of 10 neighbours silently replaced the stored 75.0 with 61.0 'from 2 councils',
    changing every period's "vs SN" judgement, and showed 'ranked 1 of 3 (top quartile)'."""
    response = admin_client.post(URL, _values(Redbridge="80", Ealing="42"), follow=True)
    text = _text(response)
    assert "The statistical-neighbour average for 2021-22 stays 75: 2 of 10 councils have a value and an " \
        "average needs 7." in text  # fmt: skip
    assert "None: 2 of 10 councils have a value, and an average needs 7" in text
    assert "ranked" not in text
    average = ComparatorValue.objects.get(indicator__ref="9", comparator__short_name="SN", year=2021)
    assert (average.value, average.status) == (Decimal("75"), "published")
    assert not average.history.filter(history_change_reason__startswith="form").exists()
    assert EnteredValue.objects.filter(indicator__ref="9", year=2022, value__isnull=False).count() == 2


def test_seven_of_ten_councils_do_give_the_average(admin_client, deck):
    data = _values(Redbridge="80", Ealing="70", Hounslow="75", Hillingdon="72", Barnet="78", Merton="74", Sutton="71")
    admin_client.post(URL, data)
    average = ComparatorValue.objects.get(indicator__ref="9", comparator__short_name="SN", year=2021)
    assert average.value == Decimal("74.2857")


def test_an_average_loaded_from_national_statistics_is_kept(admin_client, deck):
    average = ComparatorValue.objects.get(indicator__ref="9", comparator__short_name="SN", year=2021)
    average.source = "DfE national statistics: mean of 9 of 10 neighbours, grouped by DfE in 2021"
    average.save()
    data = _values(Redbridge="80", Ealing="70", Hounslow="75", Hillingdon="72", Barnet="78", Merton="74",
                   Sutton="71", Brent="10")  # fmt: skip
    text = _text(admin_client.post(URL, data, follow=True))
    assert "stays 75: it was loaded from national statistics (DfE national statistics: mean of 9 of 10" in text
    average.refresh_from_db()
    assert average.value == Decimal("75") and average.is_loaded
