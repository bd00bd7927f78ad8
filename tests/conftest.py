from __future__ import annotations

import os
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from scorecard.models import Comparator, ComparatorValue, Figure, Indicator, Period, Target
from scorecard.roles import ADMIN, OFFICER, PANEL_MEMBER

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# would refuse to run beside it without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"


@pytest.fixture
def deck(db):
    """The March 2024 scorecard, as `make run` loads it."""
    call_command("loaddata", "march_2024_scorecard", verbosity=0)


def _user(username: str, role: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.capitalize())
    user.groups.add(Group.objects.get(name=role))
    if role == ADMIN:
        user.is_staff = user.is_superuser = True
        user.save()
    return user


@pytest.fixture
def panel_member(db) -> User:
    return _user("alice", PANEL_MEMBER)


@pytest.fixture
def officer(db) -> User:
    return _user("bob", OFFICER)


@pytest.fixture
def admin_user(db) -> User:
    return _user("carol", ADMIN)


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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty page cache (local memory, or the Redis database in REDIS_URL)."""
    from django.core.cache import cache

    from scorecard.page_cache import outage

    outage.reset()  # a cache a test took down is tried again at once
    cache.clear()
