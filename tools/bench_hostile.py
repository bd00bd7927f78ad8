"""Benchmark: the time and peak memory of refusing each hostile upload.

    python tools/bench_hostile.py        # also run by `make bench`

Reads each file of the hostile corpus (tests/hostile_files.py: made on the spot,
nothing stored) with the upload reader, as an upload does, and prints its size, the
median time of refusing it (of REPEATS, without tracemalloc) and the peak memory of
one refusal (tracemalloc), with the start of the message an officer would see.
Figures, not assertions: tests/test_hostile_files.py asserts the memory cap."""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scorecard.importers.figures_file import read_figures_file  # noqa: E402
from tests.hostile_files import corpus  # noqa: E402

REPEATS = 5


def main() -> None:
    print(f"Refusing hostile uploads: median of {REPEATS} reads, peak memory of one (tracemalloc)\n")
    print(f"{'file':<48} {'bytes':>10} {'median ms':>10} {'peak MB':>8}  message")
    for name, content, _expected in corpus():
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            read = read_figures_file("upload", content)
            times.append((time.perf_counter() - started) * 1000)
        tracemalloc.start()
        read_figures_file("upload", content)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        problems = read.problems or read.cell_problems
        message = str(problems[0]) if problems else "(read without a problem!)"
        print(f"{name:<48} {len(content):>10,} {statistics.median(times):>10.1f} {peak / 1e6:>8.1f}  {message[:70]}")


if __name__ == "__main__":
    main()
