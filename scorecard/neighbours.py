"""Statistical neighbours: their average, who was included, and where a council ranks
among them or among every council, in quartile bands. Pure functions, no Django."""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from scorecard import rag

QUARTILES = "ABCD"  # A is the best quarter
Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class NeighbourAverage:
    value: Decimal | None  # None when too few neighbours have a value
    statistic: str  # "mean" or "median"
    included: tuple[str, ...]
    missing: tuple[str, ...]  # suppressed, not published or not entered
    minimum: int

    @property
    def reason(self) -> str:
        if self.value is not None:
            return f"{self.statistic} of {len(self.included)} of {len(self.included) + len(self.missing)} neighbours"
        return (
            f"no average: {len(self.included)} of {len(self.included) + len(self.missing)} neighbours have a value, "
            f"and an average needs {self.minimum}"
        )


@dataclass(frozen=True)
class Rank:
    position: int  # 1 is best; tied councils share the best position
    of: int
    quartile: str  # "A" (best) to "D"

    def describe(self) -> str:
        return f"{self.position} of {self.of} (quartile {self.quartile})"


def group_in_force(group_years: Iterable[int], year: int) -> int | None:
    """The neighbour group an average for `year` belongs to: the latest grouping
    made by then, or the earliest where the year predates them all."""
    years = sorted(set(group_years))
    if not years:
        return None
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


def neighbour_average(
    values: Mapping[str, Decimal | None], *, statistic: str = "mean", minimum: int = 1
) -> NeighbourAverage:
    """The mean or median of the neighbours with a value, to 4 places; none when fewer than
    `minimum` have one (2 of 10 councils are not the group's average)."""
    included = tuple(name for name, value in values.items() if value is not None)
    missing = tuple(name for name, value in values.items() if value is None)
    statistic = "median" if statistic == "median" else "mean"
    if len(included) < max(1, minimum):
        return NeighbourAverage(None, statistic, included, missing, minimum)
    numbers = [Decimal(values[name]) for name in included]
    average = statistics.median(numbers) if statistic == "median" else sum(numbers) / len(numbers)
    value = Decimal(average).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return NeighbourAverage(value, statistic, included, missing, minimum)


def quartile(position: int, of: int) -> str:
    """The band of a position: A for the best quarter of `of`, D for the worst."""
    return QUARTILES[min(3, (position - 1) * 4 // of)]


def ranks(values: Mapping[Key, Decimal | None], polarity: str) -> dict[Key, Rank]:
    """Each key with a value, ranked best first by the indicator's polarity; equal values
    share the best position (1, 2, 2, 4). Empty for an indicator without a polarity."""
    known = {key: value for key, value in values.items() if value is not None}
    if polarity not in (rag.HIGHER_IS_BETTER, rag.LOWER_IS_BETTER) or not known:
        return {}
    ordered = sorted(known.values(), reverse=polarity == rag.HIGHER_IS_BETTER)
    first_place: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_place.setdefault(value, position)
    of = len(ordered)
    return {key: Rank(first_place[v], of, quartile(first_place[v], of)) for key, v in known.items()}


def rank_among(
    own: Decimal | None, others: Iterable[Decimal | None], polarity: str, *, minimum: int = 1
) -> Rank | None:
    """A council's place among its neighbours and itself, best first. None without a value
    of its own or a polarity, or with fewer than `minimum` neighbours' values ("1 of 3"
    says nothing of the group)."""
    known = [value for value in others if value is not None]
    if own is None or len(known) < max(1, minimum):
        return None
    return ranks(dict(enumerate([own, *known])), polarity).get(0)  # key 0 is the council itself
