"""The one set of benchmarking rules, for the national pages, the scorecard's averages and the
hand-entry neighbour sheet alike: which of DfE's groupings is in force for a year, how many
neighbours an average needs, the average itself, ranks and quartiles, and every council's
deciles. Pure functions: no Django.

Years are DfE's: the integer is the year ending 31 March (2025 is 2024-25), shown "2024-25"."""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from scorecard import rag

QUARTILES = "ABCD"  # A is the best quarter
DECILES = (10, 20, 30, 40, 50, 60, 70, 80, 90)
Key = TypeVar("Key", bound=Hashable)


def year_label(year: int) -> str:
    """2025, the year ending 31 March 2025, is '2024-25'."""
    return f"{year - 1}-{year % 100:02d}"


def comparator_year(year: int) -> int:
    """The scorecard's comparator averages are keyed by the year they start in (its own
    financial-year convention): DfE's 2025 is the scorecard's 2024. The one conversion."""
    return year - 1


# Which grouping applies to a year


@dataclass(frozen=True)
class Grouping:
    """One of DfE's statistical-neighbour groupings (a row of national/data/groupings.csv)."""

    year: int  # the grouping's name: the year DfE published it
    file: str
    layout: str  # how the file is laid out: "2021" (DfE's April 2021 file) or "wide" (2025's)
    applies_from: int  # the first year (ending 31 March) averaged over this grouping


def grouping_in_force(groupings: Iterable[Grouping], year: int) -> Grouping | None:
    """The grouping for `year`: the one that applies from the latest year up to it, or the
    earliest grouping for a year before them all; None without any."""
    ordered = sorted(groupings, key=lambda g: (g.applies_from, g.year))
    if not ordered:
        return None
    earlier = [g for g in ordered if g.applies_from <= year]
    return earlier[-1] if earlier else ordered[0]


def minimum_for(group_size: int, *, of_ten: int) -> int:
    """How many of a group's councils an average or a rank among them needs: `of_ten` of ten
    (the SN_MINIMUM_NEIGHBOURS setting), in proportion for a group of another size, at least 1."""
    return max(1, math.ceil(of_ten * group_size / 10))


# The neighbour average and ranks


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


def order_best_first(values: Mapping[str, Decimal | None], polarity: str) -> list[str]:
    """Keys with a value best first (by name order among equals for a stable chart), then those without."""
    known = [k for k, v in values.items() if v is not None]
    reverse = polarity != rag.LOWER_IS_BETTER
    known.sort(key=lambda k: values[k], reverse=reverse)
    return known + [k for k, v in values.items() if v is None]


# Every council's deciles


def percentile(values: Sequence[Decimal], p: int) -> Decimal:
    """The p-th percentile of sorted or unsorted values, interpolated linearly between the
    two nearest (numpy's default, as OpenPrescribing's deciles are), to 4 places."""
    if not values:
        raise ValueError("A percentile needs at least one value.")
    ordered = sorted(values)
    position = Decimal(len(ordered) - 1) * p / 100
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    result = ordered[below] + (ordered[above] - ordered[below]) * (position - below)
    return result.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def deciles(values: Iterable[Decimal | None]) -> dict[int, Decimal] | None:
    """The 10th to 90th percentiles of the councils with a value; None without any."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return {p: percentile(known, p) for p in DECILES}


def standing(position: int, of: int) -> str:
    """Where a rank puts a council in words, best or worst by tens of per cent: 'in the best
    20% of councils', 'in the worst 10% of councils'; the middle fifth is 'around the middle'."""
    if of < 1 or not 1 <= position <= of:
        raise ValueError(f"No rank {position} of {of}.")
    if of == 1:
        return "the only council with a figure"
    best = math.ceil(position * 10 / of) * 10  # the smallest best share that includes it
    worst = math.ceil((of - position + 1) * 10 / of) * 10
    if best <= 40:
        return f"in the best {best}% of councils"
    if worst <= 40:
        return f"in the worst {worst}% of councils"
    return "around the middle of councils"


def band_between(value: Decimal, by_decile: Mapping[int, Decimal]) -> str:
    """For an indicator with no better or worse: which deciles a value lies between."""
    below = [p for p in DECILES if by_decile[p] <= value]
    above = [p for p in DECILES if by_decile[p] > value]
    if not below:
        return "below the 10th percentile of councils"
    if not above:
        return "above the 90th percentile of councils"
    return f"between the {below[-1]}th and {above[0]}th percentiles of councils"
