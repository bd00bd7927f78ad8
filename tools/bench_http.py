"""What users feel: the site served as in production and driven over HTTP.

    python tools/bench_http.py [--seconds 10]      # also run by `make bench`

Builds a throwaway SQLite database with the March 2024 fixtures, collects the static
files, and serves the site with gunicorn (2 workers, DEBUG off, PUBLIC_SCORECARD=true,
the cache of settings: local memory in each worker, or Redis when REDIS_URL is set),
with a trivial view mounted in the same process (BENCH_FLOOR_VIEW=true) as the floor.
Then, for the floor and each page:

- warm: requests/s under load (wrk -t2 -c20, or a Python load generator where wrk cannot
  be installed), as a percentage of the floor's;
- cold: the median time of one request right after the data version is bumped (so the
  page cache holds nothing for it), repeated, against the floor's median single request;
- a published report's PDF: the median time of serving the stored file;
- the scorecard's weight: HTML, CSS and JavaScript as a browser gets them compressed,
  and whether Plotly's bundle is loaded on it;
- quarter end (tools/bench_quarter_end.py): readers while officers save, on PostgreSQL and Redis.

Figures, not assertions: the machines are noisy, so the floor is measured in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FLOOR = "/bench/floor/"
PAGES = ["/", "/?period=2023-24-q1", "/indicators/9/", "/demographics/", "/api/scorecard/2023-24-q3.json"]
COLD_REPEATS = 15
PDF = "/reports/2023-24-q3/report.pdf"
# Publish Q3's report and keep a PDF of a real one's size for each audience, as publishing
# does with Chromium: what is measured is serving the stored file, not printing it.
_PUBLISH = """
from django.contrib.auth.models import User
from scorecard import panel_report, services
from scorecard.models import Period
by = User.objects.create_user("bench-officer")
report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=by)
version = services.report_publish(report=report, by=by)
for audience in panel_report.FROZEN_AUDIENCES:
    services.report_version_pdf_store(version=version, audience=audience, pdf=b"%PDF-1.7" + bytes(1_200_000))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="harrow_cla.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-" + uuid.uuid4().hex * 2,
        SECURE_SSL_REDIRECT="false",
        PUBLIC_SCORECARD="true",
        BENCH_FLOOR_VIEW="true",
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        LOG_LEVEL="WARNING",
    )
    return env


def _prepare(env: dict[str, str]) -> None:
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["loaddata", "march_2024_scorecard", "-v", "0"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "shell", "-v", "0", "-c", _PUBLISH], cwd=ROOT, env=env, check=True)


def _serve(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = [PYTHON, "-m", "gunicorn", "harrow_cla.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            if _get(port, FLOOR)[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def _wrk() -> str | None:
    """wrk from Debian; installed with apt-get if missing and we may."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("wrk")


def _load_wrk(wrk: str, port: int, path: str, seconds: int) -> float:
    out = subprocess.run(
        [wrk, "-t2", "-c20", f"-d{seconds}s", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{path}: {errors.group(1)} error responses under load")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _load_python(port: int, path: str, seconds: int) -> float:
    """20 keep-alive connections in threads: slower than wrk (the GIL), so only for comparison within a run."""
    done = []
    stop = time.perf_counter() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        count = 0
        while time.perf_counter() < stop:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            count += response.status == 200
        done.append(count)

    threads = [threading.Thread(target=client) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def _bump(database: Path) -> None:
    """What data_version.bump() does, from outside the server: every cached page is now cold."""
    with sqlite3.connect(database) as db:
        db.execute(
            "UPDATE scorecard_dataversion SET counter = counter + 1, token = ?, changed_at = datetime('now')",
            (uuid.uuid4().hex,),
        )


def _cold_ms(port: int, path: str, database: Path) -> float:
    times = []
    for _ in range(COLD_REPEATS):
        _bump(database)
        start = time.perf_counter()
        status, _, _ = _get(port, path)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, (path, status)
    return statistics.median(times)


def _floor_ms(port: int) -> float:
    times = []
    for _ in range(COLD_REPEATS):
        start = time.perf_counter()
        _get(port, FLOOR)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _pdf_ms(port: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(COLD_REPEATS):
        start = time.perf_counter()
        status, body, _ = _get(port, PDF)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, (PDF, status)
        size = len(body)
    return statistics.median(times), size


def _page_weight(port: int, path: str) -> None:
    status, html, _ = _get(port, path)
    assert status == 200
    text = html.decode()
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text) + re.findall(r'<script src="([^"]+)"', text)
    rows = [(f"{path} (HTML)", len(html), len(gzip.compress(html, 6)))]
    for asset in assets:
        _, body, headers = _get(port, asset, {"Accept-Encoding": "gzip"})
        raw = gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body
        rows.append((asset, len(raw), len(body) if headers.get("content-encoding") else len(gzip.compress(body, 6))))
    print(f"\nWeight of {path} as a browser fetches it (gzip; the HTML compressed here as a proxy would):")
    for name, raw, packed in rows:
        print(f"  {name:<60} {raw / 1024:>8.1f} KB  {packed / 1024:>7.1f} KB compressed")
    raw_total, packed_total = sum(r[1] for r in rows) / 1024, sum(r[2] for r in rows) / 1024
    print(f"  {'total':<60} {raw_total:>8.1f} KB  {packed_total:>7.1f} KB compressed")
    print(f"  Plotly's bundle loaded on {path}: {'yes' if 'plotly' in text else 'no'}")


def run(seconds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="harrow-bench-") as folder:
        folder = Path(folder)
        env = _environment(folder)
        _prepare(env)
        port = _free_port()
        server = _serve(env, port)
        try:
            wrk = _wrk()
            generator = f"wrk -t2 -c20 -d{seconds}s" if wrk else f"a Python load generator (20 threads, {seconds} s)"
            cache = "Redis" if env.get("REDIS_URL") else "local memory in each worker"
            print(
                f"\nHTTP: gunicorn, 2 workers, DEBUG off, static collected, PUBLIC_SCORECARD=true, SQLite, "
                f"cache: {cache}; load from {generator}."
            )
            print("warm = requests/s under load; cold = one request right after a change of data (median of "
                  f"{COLD_REPEATS}), against one request to the floor\n")  # fmt: skip
            print(f"{'page':<32} {'warm req/s':>10} {'% floor':>8} {'cold ms':>8} {'% floor':>8}")
            floor_rate = _load_wrk(wrk, port, FLOOR, seconds) if wrk else _load_python(port, FLOOR, seconds)
            floor_ms = _floor_ms(port)
            print(f"{'floor (trivial view)':<32} {floor_rate:>10.0f} {100:>7.0f}% {floor_ms:>8.1f} {100:>7.0f}%")
            for path in PAGES:
                _get(port, path)  # warm the page in the cache
                rate = _load_wrk(wrk, port, path, seconds) if wrk else _load_python(port, path, seconds)
                cold = _cold_ms(port, path, folder / "bench.sqlite3")
                print(
                    f"{path:<32} {rate:>10.0f} {rate / floor_rate * 100:>7.1f}% {cold:>8.1f} "
                    f"{floor_ms / cold * 100:>7.1f}%"
                )
            pdf_ms, pdf_size = _pdf_ms(port)
            print(f"\nPublished report's PDF served ({PDF}, public version, {pdf_size / 1024:,.0f} KB): "
                  f"median {pdf_ms:.1f} ms of {COLD_REPEATS} requests")  # fmt: skip
            _page_weight(port, "/")
            _, body, _ = _get(port, "/indicators/9/")
            plotly = re.search(r'<script src="([^"]*plotly[^"]*)"', body.decode())
            if plotly:
                _, _, headers = _get(port, plotly.group(1))
                print(f"  Plotly on /indicators/9/: {plotly.group(1)}, Cache-Control: {headers.get('cache-control')}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    import bench_quarter_end  # readers while officers save: PostgreSQL and Redis (left out, saying why, without)

    bench_quarter_end.run(seconds=max(seconds, 10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")))
    run(parser.parse_args().seconds)


if __name__ == "__main__":
    main()
