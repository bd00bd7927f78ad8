"""Benchmark: how page time and SQL queries scale with indicators and periods.

    make bench                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/harrow_cla make bench

Builds a throwaway test database (never touches your data), fills it with
synthetic indicators at several sizes, and prints for each page the number of
SQL queries and the median and 95th-percentile time of rendering it through
Django (no network), cold: the data version is bumped before each render, so
no cached fragment is used. Figures, not assertions: the tests prove that
queries do not grow; this shows what that buys.

Then tools/bench_hostile.py; tools/bench_903.py (every indicator computed from a
synthetic SSDA903 extract of 3,000 to 50,000 episodes); tools/bench_national.py (five
real-size synthetic DfE files loaded, and the benchmark page rendered cold). Then
tools/bench_http.py serves the site with gunicorn and drives it with wrk
(warm and cold throughput against a trivial view, the scorecard's weight).
BENCH_SECONDS (default 10) sets each load run's length; BENCH_HTTP=false skips it.
"""

from __future__ import annotations

import gc
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harrow_cla.test_settings")

# Set up as gunicorn's workers are (harrow_cla/wsgi.py: django.setup(), then gc.freeze()).
importlib.import_module("harrow_cla.wsgi")

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from scorecard import data_version  # noqa: E402
from scorecard.models import Comparator, ComparatorValue, Figure, Indicator, Period, Target  # noqa: E402
from tools import bench_903, bench_hostile, bench_national  # noqa: E402

SIZES = [(14, 2), (100, 5), (400, 10)]  # (indicators, financial years of four quarters and an outturn)
REPEATS = 25  # the machines are noisy: a median of more renders moves less between runs


def fill(indicators: int, years: int) -> None:
    Figure.objects.all().delete()
    Target.objects.all().delete()
    ComparatorValue.objects.all().delete()
    Indicator.objects.all().delete()
    Period.objects.all().delete()
    sn = Comparator.objects.get_or_create(name="Statistical neighbours", defaults={"short_name": "SN"})[0]
    england = Comparator.objects.get_or_create(name="England", defaults={"short_name": "England"})[0]
    periods = [
        Period.objects.create(financial_year=2010 + y, quarter=q) for y in range(years) for q in (1, 2, 3, 4, None)
    ]
    new = Indicator.objects.bulk_create(
        Indicator(
            ref=str(n), short_name=f"Indicator {n}", description=f"Synthetic indicator {n}", theme="health",
            unit="percentage", polarity="higher" if n % 2 else "lower", measure_type="snapshot", display_order=n,
        )
        for n in range(1, indicators + 1)
    )  # fmt: skip
    Figure.objects.bulk_create(
        Figure(indicator=i, period=p, numerator=(i.pk * 7 + p.pk) % 50, denominator=50,
               value=((i.pk * 7 + p.pk) % 50) * 2)
        for i in new for p in periods
    )  # fmt: skip
    Target.objects.bulk_create(
        Target(indicator=i, financial_year=2010 + y, value=50) for i in new for y in range(years)
    )
    ComparatorValue.objects.bulk_create(
        ComparatorValue(indicator=i, comparator=c, year=2010 + years - 2, value=45) for i in new for c in (sn, england)
    )
    data_version.bump()  # bulk_create sends no signal


def measure(client: Client, url: str) -> tuple[int, float, float]:
    data_version.bump()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    query_count = len(queries)  # read now: the context reads the connection's log lazily
    times = []
    for _ in range(REPEATS):
        data_version.bump()  # cold: nothing cached for this version
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return query_count, statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    gc.freeze()  # the bench's own set-up (its tools, the migrated test database) frozen as a worker's start is
    try:
        user = User.objects.create_superuser("bench", password="bench-password-not-secret")
        client = Client()
        client.force_login(user)
        print(f"Database: {connection.vendor}; {REPEATS} cold renders per page (data version bumped before each)\n")
        header = ("indicators", "periods", "figures", "page", "queries", "median ms", "p95 ms")
        print("{:>10} {:>8} {:>8}  {:<22} {:>7} {:>10} {:>8}".format(*header))
        for indicators, years in SIZES:
            fill(indicators, years)
            pages = {"scorecard": "/", "scorecard xlsx export": "/?_export=xlsx", "indicator page": "/indicators/1/"}
            for name, url in pages.items():
                queries, median, p95 = measure(client, url)
                print(
                    f"{indicators:>10} {years * 5:>8} {Figure.objects.count():>8}  {name:<22} {queries:>7} "
                    f"{median:>10.1f} {p95:>8.1f}"
                )
        print()
        bench_national.run(client)
        bench_national.run_shipped()
        bench_national.run_councils(client)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print()
    bench_hostile.main()
    print()
    bench_903.main()
    if os.environ.get("BENCH_HTTP", "true").lower() != "false":
        import bench_http

        bench_http.run(int(os.environ.get("BENCH_SECONDS", "10")))


if __name__ == "__main__":
    main()
