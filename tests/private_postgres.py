"""A PostgreSQL cluster of a test's own (initdb in a temporary folder, on a free port),
for tests that restart, dump or restore a database without touching the shared one,
and a production-like server (gunicorn, DEBUG off) in front of it."""

from __future__ import annotations

import glob
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def needs_private_postgres():
    """Skip on SQLite runs and where PostgreSQL's server programs are not installed."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    return pytest.mark.skipif(
        not on_postgres or postgres_bin() is None, reason="a private PostgreSQL cluster (PostgreSQL runs only)"
    )


class Cluster:
    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.data = folder / "data"
        self.bin = postgres_bin()

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", action)

    def tool(self, name: str, *args: str) -> subprocess.CompletedProcess:
        """A client program of the same version (pg_dump, pg_restore, psql, createdb)."""
        return self._run(name, "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *args)


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="cla-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(folder, free_port())
    cluster._run("initdb", "-D", str(cluster.data), "-A", "trust", "-U", "postgres", "--no-sync")
    cluster.pg_ctl("start")
    try:
        yield cluster
    finally:
        try:
            cluster.pg_ctl("stop")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def production_env(database_url: str, folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="harrow_cla.settings", DEBUG="false", SECRET_KEY="test-" + uuid.uuid4().hex * 2,
        SECURE_SSL_REDIRECT="false", DATABASE_URL=database_url, MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"), AXES_QUIET_SETUP="true",
    )  # fmt: skip
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 1) -> Iterator[int]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "harrow_cla.wsgi", "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            try:
                get(port, "/.well-known/security.txt")
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
