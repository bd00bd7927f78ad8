"""Benchmark: computing every indicator from a synthetic SSDA903 extract.

    .venv/bin/python tools/bench_903.py      (also run by `make bench`)

A large county's extract is about 2,000 children looked after and 20,000 episodes; the
goals are under 2 s from the files' bytes to every indicator at one date (read, check
against DfE's code lists, compute), and under 6 s for --history's 12 quarter ends. Prints
the median and worst of a few runs at each size; figures, not assertions."""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ssda903.pipeline import compute_from_files  # noqa: E402
from ssda903.synthetic import synthetic_extract  # noqa: E402

SIZES = [3_000, 20_000, 50_000]  # episodes
REPEATS = 5
AS_AT = date(2024, 3, 31)


def main() -> None:
    print(
        "SSDA903 extract: read, check and compute every indicator (goals for 20,000 episodes: one date under "
        "2 s, 12 quarter ends under 6 s)"
    )
    print("(wall time, and the process's CPU time: on a shared machine the wall time includes others' load)")
    print(
        "{:>9} {:>9} {:>9} {:>6} {:>10} {:>8} {:>8}".format(
            "episodes", "children", "MB", "dates", "median s", "max s", "cpu s"
        )
    )
    for size in SIZES:
        synthetic = synthetic_extract(episodes=size, as_at=AS_AT)
        named = list(synthetic.files.items())
        megabytes = sum(len(content) for _, content in named) / 1024 / 1024
        for history in (False, True):
            times, cpu = [], []
            for _ in range(REPEATS if size <= 20_000 else 2):
                start, start_cpu = time.perf_counter(), time.process_time()
                computation = compute_from_files(
                    named,
                    as_at=AS_AT,
                    population=60452,
                    postcodes=("postcodes.csv", synthetic.postcodes),
                    history=history,
                )
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
                assert not computation.problems and not computation.issues, computation.issues[:3]
            print(
                f"{synthetic.episodes:>9,} {len(synthetic.children):>9,} {megabytes:>9.1f} "
                f"{len(computation.dates):>6} {statistics.median(times):>10.3f} {max(times):>8.3f} "
                f"{statistics.median(cpu):>8.3f}"
            )


if __name__ == "__main__":
    main()
