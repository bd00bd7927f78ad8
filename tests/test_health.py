"""Operating faults: Redis down is logged once per interval, not a traceback per request,
and pages are served uncached meanwhile; /healthz says how the database, cache, storage
and Chromium are, for load balancers, without signing in and without secrets."""

from __future__ import annotations

import json
import logging

import pytest
from django.conf import settings as django_settings

from tests.private_postgres import free_port


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": django_settings.CACHES["default"].get("OPTIONS", {}),
        }
    }


def _health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def test_redis_down_is_logged_once_and_every_page_is_served(client, deck, settings, redis_down, caplog):
    settings.PUBLIC_SCORECARD = True
    with caplog.at_level(logging.WARNING):
        for _ in range(20):
            assert client.get("/?period=2023-24-q3").status_code == 200
            assert client.get("/indicators/9/").status_code == 200
    outage = [r for r in caplog.records if "cache" in r.getMessage().lower()]
    assert len(outage) == 1, [r.getMessage() for r in outage]
    assert outage[0].exc_info is None  # one line, not a traceback
    assert "serving pages uncached" in outage[0].getMessage()


def test_healthz_says_the_cache_is_down_and_the_site_still_serves(client, db, redis_down):
    status, health = _health(client)
    assert status == 200  # every worker shares the cache: a load balancer must not take them all out
    assert health["status"] == "degraded"
    assert health["checks"]["cache"]["ok"] is False
    assert health["checks"]["database"]["ok"] is True


def test_healthz_when_all_is_well(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    status, health = _health(client)
    assert status == 200
    assert {name: check["ok"] for name, check in health["checks"].items() if name != "chromium"} == {
        "database": True, "cache": True, "storage": True,
    }  # fmt: skip
    assert "chromium" in health["checks"]
    assert list(tmp_path.glob("media/**/*.*")) == []  # the storage probe leaves nothing behind


def test_healthz_says_storage_cannot_be_written(client, db, settings, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    status, health = _health(client)
    assert status == 200 and health["status"] == "degraded"
    assert health["checks"]["storage"] == {"ok": False, "detail": "report PDFs cannot be written"}


def test_healthz_gives_no_secrets_and_needs_no_sign_in_nor_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz")
    assert response.status_code == 200  # a load balancer probes over plain HTTP, signed out
    body = response.content.decode()
    for secret in (settings.SECRET_KEY, str(settings.MEDIA_ROOT), settings.DATABASES["default"]["NAME"]):
        assert str(secret) not in body
    assert "no-store" in response["Cache-Control"]
