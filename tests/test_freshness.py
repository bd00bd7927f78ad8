"""No page is ever stale: after every kind of write, every page is built afresh (a new
ETag, never a 304 for the old copy) and shows the new data, with the page cache on
(local memory, or Redis when REDIS_URL is set)."""

from __future__ import annotations

import json

import pytest
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from scorecard import data_version, services
from scorecard.models import DemographicShare, Figure, Period, Target
from tests.test_entry import Q3, URL_Q3, form_data
from tests.test_scorecard import _text

PAGES = [
    "/",
    "/?period=2023-24-q3",
    "/indicators/9/",
    "/demographics/",
    "/api/scorecard/2023-24-q3.json",
    "/api/scorecard/2023-24-q3.csv",
    "/reports/",
    "/reports/2023-24-q3/",
]


def _dental_q3() -> Figure:
    return Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)


def _seen(client) -> dict:
    """Every page as the reader has it, each fetched twice: the second time from the cache,
    and answered 304 where the reader's copy is current."""
    seen = {}
    for url in PAGES:
        first = client.get(url)
        assert first.status_code == 200, url
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]) if first.has_header("ETag") else client.get(url)
        assert again.status_code == (304 if first.has_header("ETag") else 200), url
        seen[url] = first
    return seen


def _assert_fresh(client, before: dict, shows: dict[str, str] | None = None, hides: dict[str, str] | None = None):
    for url, old in before.items():
        headers = {"HTTP_IF_NONE_MATCH": old["ETag"]} if old.has_header("ETag") else {}
        new = client.get(url, **headers)
        assert new.status_code == 200, f"{url} answered {new.status_code} after the write"
        if new.has_header("ETag"):  # none on the page that shows the write's message
            assert new["ETag"] != old["ETag"], url
    for url, text in (shows or {}).items():
        assert text not in _text(before[url]), f"{url} showed {text!r} before the write"
        assert text in _text(client.get(url)), f"{url} does not show {text!r} after the write"
    for url, text in (hides or {}).items():
        assert text in _text(before[url]), f"{url} did not show {text!r} before the write"
        assert text not in _text(client.get(url)), f"{url} still shows {text!r} after the write"


@pytest.fixture
def officer_in(client, officer, deck):
    client.force_login(officer)
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    return client


@pytest.fixture
def admin_in(client, admin_user, officer, deck):
    client.force_login(admin_user)
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    return client


def test_an_entry_save_shows_everywhere(officer_in):
    before = _seen(officer_in)
    assert officer_in.post(URL_Q3, form_data(Q3, {"9": {"numerator": "92", "denominator": "110"}})).status_code == 302
    _assert_fresh(
        officer_in,
        before,
        shows={
            "/": "83.6 (92/110)",
            "/indicators/9/": "83.6 (92/110)",
            "/api/scorecard/2023-24-q3.json": '"numerator": 92',
            "/api/scorecard/2023-24-q3.csv": "83.6,92,110",
        },
    )


def test_an_upload_confirmed_shows_everywhere(officer_in):
    before = _seen(officer_in)
    upload = "ref,indicator,unit,numerator,denominator,value,status,commentary\n9,,,93,110,,provisional,\n"
    preview = officer_in.post("/periods/2023-24-q3/upload/", {"file": SimpleUploadedFile("q3.csv", upload.encode())})
    assert preview.status_code == 200
    officer_in.post("/periods/2023-24-q3/upload/confirm/", {"token": preview.context["token"]})
    assert _dental_q3().numerator == 93
    _assert_fresh(
        officer_in,
        before,
        shows={
            "/": "84.5 (93/110)",
            "/indicators/9/": "84.5 (93/110)",
            "/api/scorecard/2023-24-q3.json": '"numerator": 93',
        },
    )


def test_an_admin_change_shows_everywhere(admin_in):
    before = _seen(admin_in)
    target = Target.objects.get(indicator__ref="9", financial_year=2023)
    response = admin_in.post(
        f"/admin/scorecard/target/{target.pk}/change/",
        {"indicator": target.indicator_id, "financial_year": 2023, "quarter": "", "value": "77",
         "tolerance": "0.05", "tolerance_kind": "relative"},
    )  # fmt: skip
    assert response.status_code == 302
    _assert_fresh(admin_in, before, shows={"/api/scorecard/2023-24-q3.json": '"target": "77"'})


def test_loaddata_shows_everywhere(officer_in, tmp_path):
    before = _seen(officer_in)
    figure = _dental_q3()
    figure.numerator = 94
    figure.value = figure.computed_value
    share = DemographicShare.objects.filter(series__counts_children=True, breakdown="gender").first()
    share.percentage = 51.25
    fixture = tmp_path / "correction.json"
    fixture.write_text(serializers.serialize("json", [figure, share]))
    call_command("loaddata", str(fixture), verbosity=0)
    _assert_fresh(
        officer_in,
        before,
        shows={"/": "85.5 (94/110)", "/api/scorecard/2023-24-q3.json": '"numerator": 94', "/demographics/": "51.25"},
    )


def test_a_history_restore_shows_everywhere(client, officer, admin_user, deck):
    client.force_login(officer)
    client.post(URL_Q3, form_data(Q3, {"9": {"numerator": "92", "denominator": "110"}}))
    original = _dental_q3().history.order_by("history_date").first()
    client.force_login(admin_user)
    before = _seen(client)
    assert client.post(f"/figures/history/{original.history_id}/restore/").status_code == 302
    _assert_fresh(
        client,
        before,
        shows={"/": "80.9 (89/110)", "/api/scorecard/2023-24-q3.json": '"numerator": 89'},
    )


def test_a_comparator_import_shows_everywhere(admin_in):
    before = _seen(admin_in)
    content = "ref,indicator,comparator,year,value,status\n9,,SN,2021/22,77.25,\n"
    preview = admin_in.post("/comparators/upload/", {"file": SimpleUploadedFile("averages.csv", content.encode())})
    admin_in.post("/comparators/upload/confirm/", {"token": preview.context["token"]})
    _assert_fresh(
        admin_in,
        before,
        shows={"/": "77.3", "/indicators/9/": "77.3", "/api/scorecard/2023-24-q3.json": '"value": "77.25"'},
    )


def test_an_unlock_shows_everywhere(admin_in):
    Figure.objects.filter(pk=_dental_q3().pk).update(status="final")
    data_version.bump()  # QuerySet.update sends no signal
    before = _seen(admin_in)
    assert admin_in.post(f"/figures/{_dental_q3().pk}/unlock/").status_code == 302
    _assert_fresh(admin_in, before, hides={"/indicators/9/": "Unlock Q3 2023-24"})
    records = {r["ref"]: r for r in json.loads(admin_in.get("/api/scorecard/2023-24-q3.json").content)["indicators"]}
    assert records["9"]["status"] == "provisional"


def test_a_report_published_shows_everywhere(officer_in):
    before = _seen(officer_in)
    assert officer_in.post("/reports/2023-24-q3/publish/").status_code == 302
    _assert_fresh(officer_in, before, hides={"/reports/2023-24-q3/": "Publish the report"})


def test_a_profile_snapshot_shows_everywhere(officer_in):
    before = _seen(officer_in)
    data = {"name": "Harrow, 31 March 2024", "as_at": "2024-03-31", "cohort_size": "183"}
    shares = {"ethnicity": ["27", "22", "20", "16", "15"], "age": ["5", "8", "12", "30", "45"], "gender": ["60", "40"]}
    for breakdown, values in shares.items():
        data.update({f"{breakdown}-{i}": value for i, value in enumerate(values)})
    assert officer_in.post("/demographics/new/", data).status_code == 302
    _assert_fresh(officer_in, before, shows={"/demographics/": "Harrow, 31 March 2024"})


def test_a_public_reader_sees_a_save_at_once(client, officer, deck, settings):
    """Anonymous pages are kept whole: the next read after a write is made afresh."""
    from django.test import Client

    settings.PUBLIC_SCORECARD = True
    urls = ["/", "/indicators/9/", "/api/scorecard/2023-24-q3.json"]
    before = {url: client.get(url) for url in urls}
    assert all(client.get(url).content == before[url].content for url in urls)  # kept
    officer_browser = Client()
    officer_browser.force_login(officer)
    assert (
        officer_browser.post(URL_Q3, form_data(Q3, {"9": {"numerator": "92", "denominator": "110"}})).status_code == 302
    )
    _assert_fresh(client, before, shows={"/": "83.6 (92/110)", "/indicators/9/": "83.6 (92/110)"})
