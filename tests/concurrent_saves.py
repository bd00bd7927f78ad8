"""Concurrent saves through the whole stack against a SQLite *file* database, as
`make run` uses (run as a script by tests/test_lock_contention.py, so that the database
is a real file with real locks, not the test run's in-memory one).

    python tests/concurrent_saves.py migrate DB_PATH              # once: a migrated database
    python tests/concurrent_saves.py DB_PATH WRITERS HOLD_SECONDS  # on a copy of it

One thread holds the database's write lock for HOLD_SECONDS (or until every request has
been answered, if that is sooner) while WRITERS officers save the same quarter at once and
an anonymous reader loads the scorecard. Prints
JSON: every response's status, whether a Retry-After came with each 503, and the
figure left in the database."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(db_path: str) -> None:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{db_path}", PUBLIC_SCORECARD="true", DEBUG="false", ALLOWED_HOSTS="testserver",
        SECRET_KEY="concurrent-saves-" + "k" * 40, SECURE_SSL_REDIRECT="false", DJANGO_SETTINGS_MODULE="harrow_cla.settings",
    )  # fmt: skip
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def migrate(db_path: str) -> None:
    _setup(db_path)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main(db_path: str, writers: int, hold: float) -> None:
    _setup(db_path)
    from django.conf import settings

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from scorecard.models import Figure
    from tests.test_entry import Q4, Q4_FIGURES, form_data

    call_command("loaddata", "march_2024_scorecard", verbosity=0)
    officers = []
    for n in range(writers):
        user = User.objects.create_user(f"officer{n}")  # signed in with force_login: no password to hash
        user.groups.add(Group.objects.get(name="Officers"))
        officers.append(user)
    data = [
        form_data(Q4, {**Q4_FIGURES, "9": {"numerator": str(90 + n), "denominator": "111"}}) for n in range(writers)
    ]
    connections.close_all()

    results: list[dict] = []
    start = threading.Barrier(writers + 2)
    locked, answered = threading.Event(), threading.Event()

    def hold_the_lock():
        holder = sqlite3.connect(db_path, timeout=30)
        start.wait()
        holder.execute("BEGIN IMMEDIATE")
        locked.set()
        answered.wait(hold)  # by then the saves that waited longer than their timeout have all been told
        holder.rollback()
        holder.close()

    def request(kind: str, n: int = 0):
        client = Client()
        if kind == "save":
            client.force_login(officers[n])
        start.wait()
        locked.wait(5)
        try:
            response = client.post("/periods/2023-24-q4/figures/", data[n]) if kind == "save" else client.get("/")
            results.append({"kind": kind, "status": response.status_code, "retry_after": response.get("Retry-After")})
            if len(results) == writers + 1:
                answered.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hold_the_lock), threading.Thread(target=request, args=("read",))]
    threads += [threading.Thread(target=request, args=("save", n)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    dental = Figure.objects.filter(indicator__ref="9", period__financial_year=2023, period__quarter=4).first()
    print(json.dumps({"results": results, "dental": None if dental is None else [dental.numerator, dental.version]}))


if __name__ == "__main__":
    if sys.argv[1] == "migrate":
        migrate(sys.argv[2])
    else:
        main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
