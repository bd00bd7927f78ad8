from __future__ import annotations

import io
import os
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from scorecard import data_version
from scorecard.models import Comparator, ComparatorValue, Figure, Indicator, Period, Target
from scorecard.roles import ADMIN, OFFICER, PANEL_MEMBER
from tests.oidc import oidc_provider  # noqa: F401 - a real OpenID provider for single sign-on tests
from tests.smtp import mailbox  # noqa: F401 - a real SMTP server for tests that send mail

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# would refuse to run beside it without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """`make run`'s database (the deck and DfE's shipped figures, about 18,000 values), made once
    for a module's tests and emptied after them; each test (with `db`) runs in a transaction
    rolled back. Returns what demo_setup printed."""
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("demo_setup", stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


DECK_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "march_2024_scorecard.json"


@cache
def _deck_rows() -> tuple[tuple[type, tuple[dict, ...]], ...]:
    """The deck's rows, model by model in the fixture's order, read from its file once a run."""
    rows: dict[type, list[dict]] = {}
    for stored in serializers.deserialize("json", DECK_FIXTURE.read_text(encoding="utf-8")):
        obj = stored.object
        rows.setdefault(type(obj), []).append({f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
    return tuple((model, tuple(values)) for model, values in rows.items())


def load_deck() -> None:
    """What `loaddata march_2024_scorecard` leaves (tests/test_fixtures.py compares the two):
    the same rows, written a model at a time, with the sequences moved past them and the data
    version bumped once, as loaddata does row by row. A tenth of loaddata's time, for the
    hundreds of tests that start from the deck."""
    for model, values in _deck_rows():
        rows = model.objects.bulk_create([model(**v) for v in values])
        # bulk_create stamps auto_now(_add) fields with the time now; loaddata keeps the fixture's.
        stamped = [
            f.name
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        if stamped:
            for row, v in zip(rows, values, strict=True):
                for name in stamped:
                    setattr(row, name, v[name])
            model.objects.bulk_update(rows, stamped)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in _deck_rows()]):
            cursor.execute(sql)
    data_version.bump()


@pytest.fixture
def deck(db):
    """The March 2024 scorecard, as `make run` loads it."""
    load_deck()


def make_user(username: str, role: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.capitalize())
    user.groups.add(Group.objects.get(name=role))
    if role == ADMIN:
        user.is_staff = user.is_superuser = True
        user.save()
    return user


@pytest.fixture
def panel_member(db) -> User:
    return make_user("alice", PANEL_MEMBER)


@pytest.fixture
def officer(db) -> User:
    return make_user("bob", OFFICER)


@pytest.fixture
def admin_user(db) -> User:
    return make_user("carol", ADMIN)


@pytest.fixture
def panel_client(client, panel_member):
    client.force_login(panel_member)
    return client


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


# Builders: the smallest valid objects, with what a test cares about passed in.


@pytest.fixture
def make_indicator(db):
    counter = iter(range(1, 10_000))

    def make(**fields) -> Indicator:
        n = next(counter)
        defaults = {
            "ref": f"T{n}",
            "short_name": f"Test indicator {n}",
            "description": f"Test indicator {n}",
            "theme": "health",
            "unit": "percentage",
            "polarity": "higher",
            "measure_type": "snapshot",
            "decimals": 1,
            "display_order": n,
        }
        return Indicator.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def make_period(db):
    def make(financial_year: int = 2023, quarter: int | None = 1) -> Period:
        return Period.objects.get_or_create(financial_year=financial_year, quarter=quarter)[0]

    return make


@pytest.fixture
def make_figure(db):
    def make(indicator, period, numerator=None, denominator=None, value=None, **fields) -> Figure:
        figure = Figure(
            indicator=indicator,
            period=period,
            numerator=numerator,
            denominator=denominator,
            value=Decimal(str(value)) if value is not None else None,
            **fields,
        )
        figure.save()
        return figure

    return make


@pytest.fixture
def make_target(db):
    def make(indicator, value, financial_year=2023, quarter=None, **fields) -> Target:
        return Target.objects.create(
            indicator=indicator, financial_year=financial_year, quarter=quarter, value=Decimal(str(value)), **fields
        )

    return make


@pytest.fixture
def make_comparator_value(db):
    def make(indicator, comparator_name="Statistical neighbours", value=None, year=2021, status="published"):
        comparator, _ = Comparator.objects.get_or_create(
            name=comparator_name, defaults={"short_name": comparator_name[:10]}
        )
        return ComparatorValue.objects.create(
            indicator=indicator,
            comparator=comparator,
            year=year,
            value=Decimal(str(value)) if value is not None else None,
            status=status,
        )

    return make


def empty_cache() -> None:
    """Empty the page cache: local memory (one a worker process), or this worker's keys in the
    Redis database in REDIS_URL (harrow_cla/test_settings.py gives each pytest-xdist worker a
    key prefix of its own; FLUSHDB would empty the other workers' keys too)."""
    from django.conf import settings
    from django.core.cache import cache

    if not settings.REDIS_URL:
        cache.clear()
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty page cache."""
    empty_cache()
