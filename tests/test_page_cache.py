"""The data version that every write bumps, the fragment cache keyed by it, and
conditional GET (ETag, Last-Modified, 304, Cache-Control)."""

from __future__ import annotations

import os

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scorecard import data_version, page_cache, services
from scorecard.models import DataVersion, DemographicSeries, Figure
from tests.conftest import empty_cache

FEED = "/api/scorecard/2023-24-q3.json"


def _counter() -> int:
    return data_version.current().counter


# The data version


def test_every_model_of_the_app_is_tracked():
    tracked = set(data_version.tracked_models())
    expected = {m for label in ("scorecard", "national") for m in apps.get_app_config(label).get_models()} - {
        DataVersion
    }
    assert tracked == expected
    assert Figure in tracked and Figure.history.model in tracked


def test_another_app_registers_its_models_by_setting(settings):
    settings.DATA_VERSION_MODELS = ["auth.Group"]
    assert Group in data_version.tracked_models()


def test_a_save_and_a_delete_bump_it(make_indicator):
    start = _counter()
    indicator = make_indicator()
    assert _counter() == start + 1
    indicator.delete()
    assert _counter() == start + 2


def test_loaddata_bumps_it_with_raw_saves(db):
    start = data_version.current()
    call_command("loaddata", "march_2024_scorecard", verbosity=0)
    after = data_version.current()
    assert after.counter > start.counter and after.token != start.token and after.changed_at >= start.changed_at


def test_it_goes_back_with_a_rolled_back_write(make_indicator):
    start = data_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_indicator()
        assert _counter() == start.counter + 1  # the writer sees its own bump
        raise RuntimeError
    assert data_version.current() == start


def test_a_bulk_update_in_a_service_bumps_it(officer, deck):
    start = _counter()
    shares = {"ethnicity": {"White": 100}, "age": {"Under 1": 100}, "gender": {"Male": 100}}
    services.demographic_snapshot_create(name="Snapshot", as_at="2024-03-31", cohort_size=10, shares=shares, by=officer)
    assert _counter() > start
    assert list(
        DemographicSeries.objects.filter(counts_children=True, in_charts=True).values_list("name", flat=True)
    ) == ["Snapshot"]


def test_a_flushed_database_starts_again(db):
    DataVersion.objects.all().delete()
    assert data_version.current().counter == 0
    data_version.bump()
    assert data_version.current().counter == 1


def test_it_says_when_the_data_last_changed(db):
    data_version.bump()
    changed_at = data_version.current().changed_at
    assert changed_at.tzinfo is not None and abs((timezone.now() - changed_at).total_seconds()) < 60


def test_it_is_read_in_one_query(db):
    with CaptureQueriesContext(connection) as queries:
        data_version.current()
    assert len(queries) == 1


# The fragment cache


def test_a_fragment_is_built_once_per_data_version(rf, officer, deck):
    built = []

    def build():
        built.append(1)
        return f"built {len(built)}"

    def fetch(url="/demographics/"):
        request = rf.get(url)
        request.user = officer
        return page_cache.cached_fragment(request, "test", build)

    assert fetch() == fetch() == "built 1"
    assert fetch("/demographics/?x=1") == "built 2"  # another URL
    data_version.bump()
    assert fetch() == "built 3"


def test_a_fragment_is_kept_apart_by_audience(rf, officer, panel_member, deck):
    from django.contrib.auth.models import AnonymousUser

    def fetch(user, query=""):
        request = rf.get("/" + query)
        request.user = user
        return page_cache.cached_fragment(request, "test", lambda: f"for {user}{query}")

    assert fetch(officer) == f"for {officer}"
    assert fetch(AnonymousUser()) == "for AnonymousUser"
    assert fetch(officer, "?version=public") == f"for {officer}?version=public"  # a preview is kept apart too
    assert fetch(officer) == f"for {officer}"


def test_a_cache_that_is_down_costs_speed_not_the_page(rf, db, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert page_cache.cached_fragment(request, "test", lambda: "built") == "built"


def test_the_profile_and_the_feed_are_read_from_the_cache(officer_client, deck):
    for url in ("/demographics/", FEED, "/api/scorecard/2023-24-q3.csv"):
        with CaptureQueriesContext(connection) as first:
            body = officer_client.get(url).content
        with CaptureQueriesContext(connection) as second:
            again = officer_client.get(url).content
        if "api" in url:  # the page itself carries a new masked CSRF token each time
            assert again == body  # generated_at included: it is when the body was built
        assert len(second) < len(first), url


def test_redis_is_the_cache_when_redis_url_is_set():
    if not os.environ.get("REDIS_URL"):
        assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
        pytest.skip("REDIS_URL is not set: the cache is local memory")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    cache.set("redis-check", {"a": 1})
    assert cache.get("redis-check") == {"a": 1}


def test_emptying_the_cache_between_tests_leaves_other_workers_keys():
    """Test workers share REDIS_URL's database: each empties only its own keys (a prefix each)."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: each worker's cache is its own process's memory")
    import redis

    other = redis.Redis.from_url(settings.REDIS_URL)
    try:
        other.set("harrow_cla_test_another_worker:1:kept", "1", ex=60)
        cache.set("ours", 1)
        empty_cache()
        assert cache.get("ours") is None
        assert other.get("harrow_cla_test_another_worker:1:kept") == b"1"
    finally:
        other.delete("harrow_cla_test_another_worker:1:kept")
        other.close()


# Conditional GET


@pytest.mark.parametrize("url", ["/", "/?period=2023-24-q1", "/indicators/9/", "/demographics/", FEED])
def test_an_unchanged_page_is_not_modified(officer_client, deck, url):
    first = officer_client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache" and "Cookie" in first["Vary"]
    assert first.has_header("Last-Modified")
    again = officer_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "private, no-cache"
    assert officer_client.head(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_change_of_data_makes_a_new_page(officer_client, deck):
    first = officer_client.get("/")
    data_version.bump()
    again = officer_client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_the_etag_differs_by_user_and_query(client, panel_member, officer, deck):
    client.force_login(panel_member)
    member = client.get("/")["ETag"]
    assert client.get("/?period=2023-24-q1")["ETag"] != member
    client.force_login(officer)
    officer_page = client.get("/", HTTP_IF_NONE_MATCH=member)
    assert officer_page.status_code == 200 and officer_page["ETag"] != member


def test_if_modified_since_alone_is_not_enough_for_a_signed_in_page(officer_client, deck):
    first = officer_client.get("/")
    assert officer_client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def _request(rf, user, **headers):
    request = rf.get("/somewhere/", **headers)
    request.user, request.session = user, {}
    request.META["CSRF_COOKIE"] = "s" * 32
    request._messages = FallbackStorage(request)
    return request


def test_a_page_with_a_pending_message_is_shown_not_answered_not_modified(rf, officer, deck):
    view = page_cache.conditional_page(lambda request: HttpResponse("the page"))
    etag = view(_request(rf, officer))["ETag"]
    assert view(_request(rf, officer, HTTP_IF_NONE_MATCH=etag)).status_code == 304

    with_message = _request(rf, officer, HTTP_IF_NONE_MATCH=etag)
    messages.info(with_message, "Saved.")
    response = view(with_message)
    assert response.status_code == 200 and not response.has_header("ETag")


def test_permissions_come_before_not_modified(client, officer, deck):
    client.force_login(officer)
    etag = client.get("/")["ETag"]
    client.logout()
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 302


def test_an_anonymous_public_page_may_be_revalidated_but_not_kept_private(client, deck, settings):
    settings.PUBLIC_SCORECARD = True
    first = client.get("/")
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache" and "Cookie" in first["Vary"]
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_writes_are_never_answered_not_modified(officer_client, deck):
    first = officer_client.get("/")
    assert officer_client.post("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code != 304


def test_the_indicator_page_trend_and_chart_are_read_from_the_cache(officer_client, deck, monkeypatch):
    first = officer_client.get("/indicators/9/")
    assert first.status_code == 200

    def never(*args, **kwargs):
        raise AssertionError("built again for the same data")

    monkeypatch.setattr("scorecard.views.selectors.indicator_trend", never)
    monkeypatch.setattr("scorecard.views.charts.indicator_trend_figure", never)
    again = officer_client.get("/indicators/9/")
    assert again.status_code == 200
    assert again.context["chart_json"] == first.context["chart_json"]
    assert "80.9 (89/110)" in again.content.decode()


def test_a_restart_with_a_new_small_number_rule_never_serves_pages_made_under_the_old(client, deck, settings):
    """The cache (Redis) outlives a restart; a page made while counts up to 5 were withheld
    must not be served once the council withholds up to 10, nor the other way round."""
    settings.PUBLIC_SCORECARD = True
    settings.SMALL_NUMBER_MAX = 0  # nothing withheld
    page_cache.release.cache_clear()
    assert "(1/21)" in client.get("/").content.decode()
    settings.SMALL_NUMBER_MAX = 5  # the restart with the council's rule
    page_cache.release.cache_clear()
    assert "(1/21)" not in client.get("/").content.decode()
    page_cache.release.cache_clear()


def test_an_anonymous_public_page_is_made_once_per_change_of_data(client, deck, settings, monkeypatch):
    settings.PUBLIC_SCORECARD = True
    made = []
    first = client.get("/")
    monkeypatch.setattr("scorecard.views.selectors.periods_with_figures", lambda: made.append(1) or [])
    again = client.get("/")
    assert (again.status_code, again.content) == (200, first.content) and not made
    assert again["Content-Type"] == first["Content-Type"]
    data_version.bump()
    assert client.get("/").status_code == 200 and made == [1]  # made afresh: nothing kept for this version


def test_an_anonymous_page_that_set_a_cookie_or_a_csrf_token_is_not_kept(rf, deck):
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csrf import get_token

    made = []

    @page_cache.conditional_page
    def with_token(request):
        made.append(1)
        return HttpResponse(f"<form>{get_token(request)}</form>")

    @page_cache.conditional_page
    def with_cookie(request):
        made.append(1)
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    for view in (with_token, with_cookie):
        made.clear()
        for _ in range(2):
            request = rf.get(f"/{view.__name__}/")
            request.user = AnonymousUser()
            assert view(request).status_code == 200
        assert made == [1, 1], view.__name__


def test_a_signed_in_page_is_never_kept_whole(officer_client, deck, monkeypatch):
    officer_client.get("/")
    made = []
    monkeypatch.setattr("scorecard.views.selectors.periods_with_figures", lambda: made.append(1) or [])
    officer_client.get("/")
    assert made == [1]  # the page around the cached body is made for each signed-in reader


def test_a_cached_body_is_put_in_its_page_as_it_was_kept(panel_client, deck):
    """render_around: the page around a fragment is rendered, the fragment's text goes in
    unchanged, once, in the template's place for it."""
    page = panel_client.get("/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("<h1>Corporate Parenting performance scorecard</h1>") == 1
    assert "the page's cached fragment" not in page
    request = panel_client.get("/").wsgi_request  # a signed-in reader's request, as the views get it
    fragment = "<p>Ünïcode – “kept” as bytes</p>".encode()
    response = page_cache.render_around(request, "scorecard/scorecard.html", {"period": None}, fragment)
    assert response.content.count(fragment) == 1
    assert response.content.index(b"<main") < response.content.index(fragment) < response.content.index(b"</main>")


def test_a_save_of_many_figures_is_one_change_bumped_last(officer, deck):
    """The version's row is locked from its UPDATE to the commit: last, so savers do not queue for it."""
    from scorecard.entry import Entry
    from scorecard.models import ChangeMeans
    from scorecard.periods import PeriodKey

    figures = {f.indicator.ref: f for f in Figure.objects.filter(period__financial_year=2023, period__quarter=3,
                                                                 indicator__ref__in=["9", "10"])}  # fmt: skip
    entries = {ref: (Entry(f.numerator + 1, f.denominator, None), f.version) for ref, f in figures.items()}
    before = _counter()
    with CaptureQueriesContext(connection) as queries:
        services.figures_save(period_key=PeriodKey(2023, 3), entries=entries, by=officer, means=ChangeMeans.FORM)
    assert _counter() == before + 1
    writes = [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert sum("scorecard_dataversion" in sql for sql in writes) == 1
    assert "scorecard_dataversion" in writes[-1]
