"""Statistical neighbours council by council: their average, who was included,
and where this council ranks among them. Pure functions, no Django."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from scorecard import rag


@dataclass(frozen=True)
class NeighbourAverage:
    average: Decimal | None  # None when no council has a value
    included: list[str]
    missing: list[str]


@dataclass(frozen=True)
class Rank:
    position: int  # 1 is best
    out_of: int
    quartile: int  # 1 is the best quarter

    def describe(self) -> str:
        quarter = {1: "top quartile", 2: "second quartile", 3: "third quartile", 4: "bottom quartile"}[self.quartile]
        return f"{self.position} of {self.out_of} ({quarter})"


def group_in_force(group_years: Iterable[int], year: int) -> int | None:
    """The neighbour group an average for `year` belongs to: the latest grouping
    made by then, or the earliest where the year predates them all."""
    years = sorted(set(group_years))
    if not years:
        return None
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


def neighbour_average(
    values: Mapping[str, Decimal | None], statistic: str = "mean", *, minimum: int = 1
) -> NeighbourAverage:
    """The mean (or median) of the councils that have a value, to 4 places; no average
    when fewer than `minimum` have one (2 of 10 councils are not the group's average)."""
    included = [council for council, value in values.items() if value is not None]
    missing = [council for council, value in values.items() if value is None]
    if len(included) < max(1, minimum):
        return NeighbourAverage(None, included, missing)
    numbers = [values[council] for council in included]
    average = statistics.median(numbers) if statistic == "median" else sum(numbers) / len(numbers)
    return NeighbourAverage(Decimal(average).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP), included, missing)


def rank_among(
    own: Decimal | None, others: Iterable[Decimal | None], polarity: str, *, minimum: int = 1
) -> Rank | None:
    """This council's place among its neighbours and itself, best first; councils
    with the same value share a place. None without a value or a polarity, or with
    fewer than `minimum` neighbours' values ("1 of 3" says nothing of the group)."""
    known = [value for value in others if value is not None]
    if own is None or len(known) < max(1, minimum) or polarity == rag.NO_POLARITY:
        return None
    better = [v for v in known if (v > own if polarity == rag.HIGHER_IS_BETTER else v < own)]
    position, out_of = len(better) + 1, len(known) + 1
    return Rank(position, out_of, min(4, (position - 1) * 4 // out_of + 1))
