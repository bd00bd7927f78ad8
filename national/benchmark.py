"""Benchmarking every council as LAIT did: the statistical-neighbour average, ranks
with ties, quartile bands. Pure functions over numbers: no Django."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from scorecard import rag

QUARTILES = "ABCD"  # A is the best quarter
DEFAULT_MINIMUM = 7  # of the 10 neighbours
DEFAULT_SWITCH_YEAR = 2025  # the 2025 grouping applies from 2024/25


@dataclass(frozen=True)
class NeighbourAverage:
    value: Decimal | None  # None when too few neighbours have a value
    statistic: str  # "mean" or "median"
    included: tuple[str, ...]
    missing: tuple[str, ...]  # suppressed, not published or not in the file
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


def group_year_for(year: int, *, switch_year: int = DEFAULT_SWITCH_YEAR) -> int:
    """DfE's grouping in force for `year` (the year ending 31 March): 2021's before `switch_year`, 2025's from it."""
    return 2025 if year >= switch_year else 2021


def neighbour_average(
    values: Mapping[str, Decimal | None], *, statistic: str = "mean", minimum: int = DEFAULT_MINIMUM
) -> NeighbourAverage:
    """The mean or median of the neighbours with a value, to 4 places; none when fewer than `minimum` have one."""
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


def ranks(values: Mapping[str, Decimal | None], polarity: str) -> dict[str, Rank]:
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


def rank_within(own: str, group: Iterable[str], values: Mapping[str, Decimal | None], polarity: str) -> Rank | None:
    """`own`'s rank among itself and its neighbours that have a value; None without a value of its own."""
    members = {key: values.get(key) for key in (own, *group)}
    return ranks(members, polarity).get(own)


def order_best_first(values: Mapping[str, Decimal | None], polarity: str) -> list[str]:
    """Keys with a value best first (by name order among equals for a stable chart), then those without."""
    known = [k for k, v in values.items() if v is not None]
    reverse = polarity != rag.LOWER_IS_BETTER
    known.sort(key=lambda k: values[k], reverse=reverse)
    return known + [k for k, v in values.items() if v is None]
