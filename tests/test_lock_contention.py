"""Concurrent writers never see a server error. On SQLite (a real file, in a separate
process: tests/concurrent_saves.py) saves queue behind a held write lock, readers are
not blocked at all (WAL), and a wait that runs out is the "busy" page with Retry-After.
On PostgreSQL, threads save at once through the whole stack, and a row lock held past
lock_timeout is the same "busy" page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client

from scorecard.models import Figure
from tests.test_entry import Q4, Q4_FIGURES, URL_Q4, form_data

ROOT = Path(__file__).resolve().parent.parent


SCRIPT = str(ROOT / "tests" / "concurrent_saves.py")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A SQLite file database with every migration applied, made once for the module's runs."""
    path = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    result = subprocess.run([sys.executable, SCRIPT, "migrate", str(path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=180)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return path


def _run(migrated: Path, tmp_path, writers: int, hold: float, busy_seconds: int) -> dict:
    database = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated, database)  # migrate closed its connection: the WAL is checkpointed into the file
    env = {**os.environ, "SQLITE_BUSY_SECONDS": str(busy_seconds)}
    result = subprocess.run(
        [sys.executable, SCRIPT, str(database), str(writers), str(hold)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_saves_queue_behind_a_held_lock_and_readers_do_not_wait(migrated, tmp_path):
    outcome = _run(migrated, tmp_path, writers=5, hold=2, busy_seconds=20)
    statuses = sorted((r["kind"], r["status"]) for r in outcome["results"])
    assert statuses == [("read", 200), ("save", 302), ("save", 409), ("save", 409), ("save", 409), ("save", 409)]
    assert outcome["dental"][1] == 1  # one save won; the others were told, not lost


def test_sqlite_a_wait_that_runs_out_is_the_busy_page_not_an_error(migrated, tmp_path):
    outcome = _run(migrated, tmp_path, writers=3, hold=10, busy_seconds=1)
    saves = [r for r in outcome["results"] if r["kind"] == "save"]
    assert [(r["status"], r["retry_after"]) for r in saves] == [(503, "5")] * 3
    assert [r["status"] for r in outcome["results"] if r["kind"] == "read"] == [200]
    assert outcome["dental"] is None  # nothing half-saved


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's locks")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_simultaneous_saves_through_the_site_never_error(officer, admin_user):
    call_command("loaddata", "march_2024_scorecard", verbosity=0)
    users = [officer, admin_user] * 3
    statuses: list[int] = []
    start = threading.Barrier(len(users))

    def save(n: int):
        client = Client()
        client.force_login(users[n])
        data = form_data(Q4, {**Q4_FIGURES, "9": {"numerator": str(90 + n), "denominator": "111"}})
        try:
            start.wait()
            statuses.append(client.post(URL_Q4, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [302] + [409] * (len(users) - 1)
    assert Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=4).version == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_a_lock_held_past_the_timeout_is_the_busy_page(officer, admin_user):
    call_command("loaddata", "march_2024_scorecard", verbosity=0)
    client = Client()
    client.force_login(officer)
    client.post(URL_Q4, form_data(Q4, Q4_FIGURES))  # Q4 saved once, so there are rows to lock
    data = form_data(Q4, Q4_FIGURES)
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                list(Figure.objects.select_for_update().filter(period__quarter=4, period__financial_year=2023))
                locked.set()
                release.wait(20)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        data["9-numerator"] = "96"
        response = client.post(URL_Q4, data)
    finally:
        release.set()
        holder.join(20)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert 'name="9-numerator" value="96"' in response.content.decode()
