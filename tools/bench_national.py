"""Benchmark: loading DfE's national statistics files of real size, and the benchmark
page cold. Run by tools/benchmark.py inside its throwaway test database (`make bench`).

Makes synthetic files (one of each shape) in DfE's exact shape (tests/national_files.py: ~155 councils x
5 years, 0.4 to 3.3 MB, as the real ones), times reading, checking and loading them in one
go (the goal is under 15 s in all), times loading them again (nothing changes), then
renders /indicators/9/benchmark/2025/ cold (data version bumped before each render; the
goal is under 100 ms). Then, on an empty database, loads DfE's real files shipped in
national/data/dfe/ as `make run` does (the goal is under 20 s), and again (nothing to do).
Figures, not assertions."""

from __future__ import annotations

import gc
import statistics
import time

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from national import services, shapes, shipped
from national.models import ChildPopulation, CouncilValue, NationalImport, ValueChange
from scorecard import data_version
from scorecard.models import ComparatorValue, Figure, Indicator, Period, Target
from tests.national_files import generate

REPEATS = 15
PAGE = "/indicators/9/benchmark/2025/"


def _reset() -> None:
    """The fixture scorecard in place of the synthetic indicators of the page benchmark."""
    for model in (CouncilValue, Figure, Target, ComparatorValue, Indicator, Period):
        model.objects.all().delete()
    call_command("loaddata", "march_2024_scorecard", "national_sources", "dfe_indicators", verbosity=0)


def run(client: Client) -> None:
    _reset()
    files = [(f"{kind}.csv", generate(kind)) for kind in shapes.SHAPES]
    print(f"National statistics: {len(files)} synthetic DfE files of real size\n")
    for name, content in files:
        rows = content.count(b"\n") - 1
        print(f"  {name:<48} {len(content):>10,} bytes {rows:>7,} rows")
    for label in ("first load", "same files again"):
        start = time.perf_counter()
        plan = services.national_import_plan(files=files)
        checked = time.perf_counter()
        loaded = services.national_import(plan=plan, by=None)
        done = time.perf_counter()
        print(
            f"\n  {label}: read and checked in {checked - start:.2f} s, saved in {done - checked:.2f} s, "
            f"{done - start:.2f} s in all (goal < 15 s); {plan.changes:,} values new or changed, "
            f"{len(loaded)} file(s) recorded"
        )
    print(f"  {CouncilValue.objects.count():,} council values stored")

    data_version.bump()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    count = len(queries)
    times = []
    for _ in range(REPEATS):
        data_version.bump()  # cold: nothing cached for this version
        start = time.perf_counter()
        client.get(PAGE)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"\n  benchmark page {PAGE}, cold: {count} queries, median {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms (goal < 100 ms)\n"
    )


def _cold(client: Client, url: str) -> tuple[int, float]:
    gc.collect()  # what a set-up left behind is not collected during the renders
    data_version.bump()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    count = len(queries)
    times = []
    for _ in range(REPEATS):
        data_version.bump()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return count, statistics.median(times)


COUNCIL_PAGES = {"scorecard": "/", "indicator page": "/indicators/9/"}


def run_councils(client: Client) -> None:
    """The demo's council (the deck, with DfE's figures) against another set up from the library:
    each page cold (the goal: another council's within 20% of the demo's)."""
    from django.test.utils import override_settings

    from national import council_setup
    from national.models import IndicatorSource, ScorecardCouncil

    print("Any council's pages, cold (goal: within 20% of the demo council's)\n")
    demo = {name: _cold(client, url) for name, url in COUNCIL_PAGES.items()}
    for model in (ValueChange, CouncilValue, ChildPopulation, NationalImport, Figure, Target, ComparatorValue,
                  IndicatorSource, Indicator, Period, ScorecardCouncil):  # fmt: skip
        model.objects.all().delete()
    with override_settings(OUR_COUNCIL_CODE="886", COUNCIL_NAME="Kent", COUNCIL_SHORT_NAME="Kent"):
        start = time.perf_counter()
        council_setup.setup_council("886")
        print(f"  setup_council 886 (Kent) on an empty scorecard: {time.perf_counter() - start:.2f} s")
        other = {name: _cold(client, url) for name, url in COUNCIL_PAGES.items()}
    for name in COUNCIL_PAGES:
        (q1, t1), (q2, t2) = demo[name], other[name]
        print(f"  {name:<15} demo council {q1:>3} queries {t1:>7.1f} ms; Kent {q2:>3} queries {t2:>7.1f} ms "
              f"({(t2 / t1 - 1) * 100:+.0f}%)")  # fmt: skip
    print()


def run_shipped() -> None:
    """DfE's real shipped files on a database with the fixture scorecard and no national figures."""
    for model in (ValueChange, CouncilValue, ChildPopulation, NationalImport):
        model.objects.all().delete()
    _reset()
    print("DfE's real files shipped in national/data/dfe/, loaded as `make run` loads them\n")
    for label in ("fresh database", "second run"):
        start = time.perf_counter()
        loaded = shipped.load_shipped()
        took = time.perf_counter() - start
        print(
            f"  {label}: {took:.2f} s (goal < 20 s); {loaded.values:,} values from {len(loaded.files)} file(s), "
            f"{loaded.populations:,} ONS child populations"
        )
    print(f"  {CouncilValue.objects.count():,} council values stored\n")
