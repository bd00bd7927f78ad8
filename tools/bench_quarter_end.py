"""Quarter end: readers reading while officers save, as production runs it.

    python tools/bench_quarter_end.py [--readers 20] [--officers 10] [--seconds 20] [--threads 1]

Also run by `make bench` (tools/bench_http.py), when PostgreSQL is reachable at
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres: a throwaway
database is made there and dropped after) and Redis at REDIS_URL (default
redis://127.0.0.1:6379/14; keys under a prefix of the run's own). The site is served by
gunicorn, 2 workers (sync, or gthread with --threads N), DEBUG off, PUBLIC_SCORECARD=true, with the March 2024 fixtures.

First N anonymous readers alone (the public scorecard, indicator pages and the feed, in
turn), then the same readers while M officers save continuously through the entry page
(each: open the Q3 2023-24 page, change its own indicator's figure by one, save). Prints
the readers' throughput in both phases, their p99 while officers save, and the saves'
p50 and p99, against the goals: readers keep >= 70% of their throughput, p99 < 1 s,
a save < 300 ms at p50. Figures, not assertions: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
READ = ["/?period=2023-24-q3", "/", "/indicators/9/", "/indicators/1/", "/api/scorecard/2023-24-q3.json"]
ENTRY = "/periods/2023-24-q3/figures/"
PASSWORD = "bench-password-not-secret"
_USERS = """
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
from scorecard.roles import OFFICER
officers = Group.objects.get(name=OFFICER)
for i in range({officers}):
    user = User.objects.create_user(f"officer{{i}}", first_name=f"Officer {{i}}")
    user.groups.add(officers)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # signed in as the product signs in
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    print(session.session_key)
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _psql(url: str, sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def available(postgres: str, redis_url: str) -> str:
    """'' when PostgreSQL and Redis answer, else why the scenario is left out."""
    try:
        _psql(postgres, "SELECT 1")
    except Exception as error:  # noqa: BLE001
        return f"PostgreSQL at {postgres} does not answer ({str(error).strip()[:80]})"
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001
        return f"Redis at {redis_url} does not answer ({error})"
    return ""


class _Form(html.parser.HTMLParser):
    """The entry form's fields as the browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") != "submit" and "disabled" not in a:
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "textarea" and "disabled" not in a:
            self._textarea = a.get("name")
            self.fields[self._textarea] = ""
        elif tag == "select" and "disabled" not in a:
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


class _Client:
    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content


def _reader(port: int, stop: list[bool], latencies: list[float], errors: list[int], offset: int) -> None:
    client = _Client(port)
    i = offset
    while not stop[0]:
        path = READ[i % len(READ)]
        i += 1
        start = time.perf_counter()
        status, _ = client.request("GET", path)
        latencies.append(time.perf_counter() - start)
        if status != 200:
            errors.append(status)


def _officer(port: int, session: str, ref: str, stop: list[bool], saves: list[float], refused: list[int]) -> None:
    client = _Client(port, {"sessionid": session})
    step = 1
    while not stop[0]:
        status, page = client.request("GET", ENTRY)
        if status != 200:
            refused.append(status)
            continue
        form = _Form()
        form.feed(page.decode())
        fields = form.fields
        fields[f"{ref}-numerator"] = str(int(fields[f"{ref}-numerator"]) + step)
        step = -step
        fields["action"] = "save"
        start = time.perf_counter()
        status, answer = client.request("POST", ENTRY, fields)
        saves.append(time.perf_counter() - start)
        if status != 302:
            refused.append(status)
            if os.environ.get("BENCH_DEBUG"):
                import re

                print(status, re.findall(r'<li><a href="#[^"]+">([^<]+)</a>', answer.decode())[:3], flush=True)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _phase(port: int, readers: int, seconds: int, sessions: list[str]) -> dict:
    stop = [False]
    latencies: list[float] = []
    errors: list[int] = []
    saves: list[float] = []
    refused: list[int] = []
    threads = [threading.Thread(target=_reader, args=(port, stop, latencies, errors, i)) for i in range(readers)]
    refs = [str(4 + i % 10) for i in range(len(sessions))]  # 4 to 13: numerator and denominator, changed by one
    threads += [
        threading.Thread(target=_officer, args=(port, session, ref, stop, saves, refused))
        for session, ref in zip(sessions, refs, strict=True)
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop[0] = True
    for thread in threads:
        thread.join()
    return {
        "rate": len(latencies) / seconds, "p50": _percentile(latencies, 0.5), "p99": _percentile(latencies, 0.99),
        "errors": len(errors), "saves": saves, "refused": refused,
    }  # fmt: skip


def run(readers: int = 20, officers: int = 10, seconds: int = 20, threads: int = 1) -> None:
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    why_not = available(postgres, redis_url)
    if why_not:
        print(f"\nQuarter end (readers while officers save): left out: {why_not}.")
        return
    name = f"harrow_bench_{uuid.uuid4().hex[:8]}"
    _psql(postgres, f"CREATE DATABASE {name}")
    folder = Path(tempfile.mkdtemp(prefix="harrow-quarter-end-"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="harrow_cla.settings", DEBUG="false", SECRET_KEY="bench-" + uuid.uuid4().hex * 2,
        SECURE_SSL_REDIRECT="false", PUBLIC_SCORECARD="true", REDIS_URL=redis_url, PAGE_CACHE_RELEASE=name,
        DATABASE_URL=postgres.rsplit("/", 1)[0] + "/" + name, STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"), LOG_LEVEL="WARNING", AXES_QUIET_SETUP="true",
    )  # fmt: skip
    server = None
    try:
        for command in (["migrate", "--noinput", "-v", "0"], ["loaddata", "march_2024_scorecard", "-v", "0"],
                        ["collectstatic", "--noinput", "-v", "0"]):  # fmt: skip
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
        sessions = subprocess.run(
            [PYTHON, "manage.py", "shell", "-v", "0", "-c", _USERS.format(officers=officers)],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        port = _free_port()
        threading_args = ["--threads", str(threads)] if threads > 1 else []  # gthread: cheap reads overtake saves
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "harrow_cla.wsgi", "--workers", "2", *threading_args,
             "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(200):
            try:
                _Client(port).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        for path in READ:
            _Client(port).request("GET", path)
        alone = _phase(port, readers, seconds, [])
        busy = _phase(port, readers, seconds, sessions)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        _psql(postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    keep = busy["rate"] / alone["rate"] * 100 if alone["rate"] else 0
    saves = busy["saves"]
    save_p50, save_p99 = _percentile(saves, 0.5), _percentile(saves, 0.99)

    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(f"\nQuarter end: {readers} anonymous readers, then the same with {officers} officers saving Q3 2023-24 "
          f"continuously through the entry page (PostgreSQL, Redis, gunicorn 2 workers"
          f"{f' x {threads} threads' if threads > 1 else ''}, {seconds} s each)")  # fmt: skip
    print(f"  readers alone:          {alone['rate']:7.1f} req/s, p50 {alone['p50'] * 1000:6.0f} ms, "
          f"p99 {alone['p99'] * 1000:6.0f} ms, {alone['errors']} errors")  # fmt: skip
    print(f"  readers, officers save: {busy['rate']:7.1f} req/s, p50 {busy['p50'] * 1000:6.0f} ms, "
          f"p99 {busy['p99'] * 1000:6.0f} ms, {busy['errors']} errors")  # fmt: skip
    refused = ", ".join(f"{n} answered {status}" for status, n in sorted(Counter(busy["refused"]).items()))
    print(f"  saves: {len(saves)} ({refused or 'none refused'}), p50 {save_p50 * 1000:.0f} ms, "
          f"p99 {save_p99 * 1000:.0f} ms")  # fmt: skip
    print(f"  goals: readers keep >= 70% of their throughput: {keep:.0f}% {met(keep >= 70)}; "
          f"reader p99 < 1 s: {met(busy['p99'] < 1)}; save p50 < 300 ms: {met(save_p50 < 0.3)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--officers", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "20")))
    options = parser.parse_args()
    run(options.readers, options.officers, options.seconds, options.threads)


if __name__ == "__main__":
    main()
