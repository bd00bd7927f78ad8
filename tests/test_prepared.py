"""Prepared reads (scorecard/prepared.py) return what their querysets return."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext

from scorecard import prepared
from scorecard.models import Figure, Period, Target
from scorecard.prepared import PreparedRead


def _figures(period_ids):
    return Figure.objects.filter(period__in=period_ids, indicator__is_active=True).values_list(
        "pk", "value", "published_value", "commentary_checked", "updated_at"
    )


FIGURES = PreparedRead(_figures)


def test_a_prepared_read_returns_the_querysets_rows_converted_as_the_orm_converts_them(deck):
    ids = list(Period.objects.values_list("pk", flat=True))
    for chosen in (ids, ids[:1], ids[1:3], [ids[-1], ids[0]]):
        assert FIGURES(chosen) == list(_figures(chosen))
    pk, value, _, checked, _ = next(row for row in FIGURES(ids) if row[1] is not None)
    assert isinstance(value, Decimal) and isinstance(checked, bool)


def test_an_empty_list_asks_nothing_and_gives_nothing(deck):
    with CaptureQueriesContext(connection) as queries:
        assert FIGURES([]) == []
    assert len(queries) == 0


def test_its_sql_is_written_once_a_shape(deck):
    built = []
    read = PreparedRead(lambda year: built.append(year) or Target.objects.filter(financial_year=year).values_list("pk"))
    for year in (2021, 2022, 2023, 2022):
        assert read(year) == list(Target.objects.filter(financial_year=year).values_list("pk"))
    assert len(built) == 1


def test_an_argument_that_is_not_a_parameter_of_the_sql_is_refused(deck):
    read = PreparedRead(lambda year: Target.objects.values_list("pk"))
    with pytest.raises(ValueError, match="must reach its SQL once"):
        read(2023)


@pytest.mark.django_db(transaction=True)  # no transaction of the test's own holds the tables
def test_each_thread_prepares_on_its_own_connection():
    """Threads have connections of their own: a read prepared on one is not run on another's."""
    FIGURES([1])
    seen = {}

    def elsewhere():
        try:
            try:
                FIGURES([1])
            except OperationalError:  # SQLite's shared in-memory test database may be locked: prepared all the same
                pass
            seen["database"] = connections[DEFAULT_DB_ALIAS]
            seen["prepared"] = set(prepared._PREPARED[seen["database"]])
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert seen["database"] is not connections[DEFAULT_DB_ALIAS]
    assert (id(FIGURES), (1,)) in seen["prepared"] and (id(FIGURES), (1,)) in prepared._PREPARED[
        connections[DEFAULT_DB_ALIAS]
    ]
