"""Two officers saving the same figure at the same moment: one wins, the other is
refused with the winner's value, and no update is lost. Real row locks need
PostgreSQL; SQLite runs one writer at a time anyway."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from scorecard.entry import Entry
from scorecard.models import ChangeMeans, Figure
from scorecard.periods import PeriodKey
from scorecard.services import FiguresNotSaved, figures_save

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
]
Q3 = PeriodKey(2023, 3)


def _dental() -> Figure:
    return Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)


def _save(numerator: int, version: int, by, outcome: dict, start: threading.Barrier | None = None):
    try:
        if start:
            start.wait()
        figures_save(
            period_key=Q3, entries={"9": (Entry(numerator, 110, None), version)}, by=by, means=ChangeMeans.FORM
        )
        outcome[numerator] = "saved"
    except FiguresNotSaved as refused:
        outcome[numerator] = refused.problems["9"]
    finally:
        connections.close_all()


def test_a_save_waits_for_the_one_in_progress_and_is_then_refused(officer, admin_user):
    call_command("loaddata", "march_2024_scorecard", verbosity=0)
    version = _dental().version
    outcome: dict = {}
    locked, release = threading.Event(), threading.Event()

    def first_officer():
        try:
            with transaction.atomic():
                figure = Figure.objects.select_for_update().get(pk=_dental().pk)
                locked.set()
                release.wait(10)
                figure.numerator, figure.version, figure.updated_by = 91, figure.version + 1, admin_user
                figure.save()
        finally:
            connections.close_all()

    first = threading.Thread(target=first_officer)
    first.start()
    locked.wait(10)
    second = threading.Thread(target=_save, args=(95, version, officer, outcome))
    second.start()
    time.sleep(0.5)
    assert second.is_alive()  # waiting on the row lock, not overwriting
    release.set()
    first.join(10)
    second.join(10)

    assert outcome[95].startswith("Carol changed this figure to 82.7 (91/110) at")
    assert _dental().numerator == 91


def test_simultaneous_saves_from_the_same_version_keep_exactly_one(officer, admin_user):
    call_command("loaddata", "march_2024_scorecard", verbosity=0)
    for attempt in range(5):
        version = _dental().version
        outcome: dict = {}
        start = threading.Barrier(2)
        threads = [
            threading.Thread(target=_save, args=(90 + attempt, version, officer, outcome, start)),
            threading.Thread(target=_save, args=(100 + attempt, version, admin_user, outcome, start)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert sorted(v == "saved" for v in outcome.values()) == [False, True], outcome
        winner = next(n for n, v in outcome.items() if v == "saved")
        figure = _dental()
        assert (figure.numerator, figure.version) == (winner, version + 1)
