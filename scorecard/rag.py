"""The three signals a scorecard carries, kept separate as the field keeps them:

1. RAG against target (polarity-aware, with a tolerance, phased targets chosen by the caller);
2. comparison with a comparator average (statistical neighbours, England);
3. direction of travel against the previous comparable period.

Pure functions over numbers, no Django. Callers pass values as the reader sees
them (rounded to the indicator's decimal places), so that "exactly on target"
means what the page shows.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

HIGHER_IS_BETTER = "higher"
LOWER_IS_BETTER = "lower"
NO_POLARITY = "none"

RELATIVE = "relative"  # a fraction of the target: 0.05 is 5% of it
POINTS = "points"  # in the indicator's own unit: 2 is 2 percentage points


class Tolerance(NamedTuple):
    amount: Decimal
    kind: str = RELATIVE

    def allowed_miss(self, reference: Decimal) -> Decimal:
        return self.amount * abs(reference) if self.kind == RELATIVE else self.amount

    def describe(self) -> str:
        if self.kind == RELATIVE:
            return f"{(self.amount * 100).normalize():f}% of the target"
        return f"{self.amount.normalize():f} points"


DEFAULT_TOLERANCE = Tolerance(Decimal("0.05"), RELATIVE)
# How close to a comparator average counts as "similar": the same 5% band.
DEFAULT_SIMILAR_BAND = Tolerance(Decimal("0.05"), RELATIVE)


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"

    @property
    def label(self) -> str:
        return _RAG_LABELS[self]


_RAG_LABELS = {
    Rag.GREEN: "Green: on target",
    Rag.AMBER: "Amber: just off target",
    Rag.RED: "Red: off target",
    Rag.NONE: "No RAG",
}


class Comparison(StrEnum):
    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    NONE = "none"

    @property
    def label(self) -> str:
        return "No comparison" if self is Comparison.NONE else self.value.capitalize()


class Direction(StrEnum):
    IMPROVING = "improving"
    NO_CHANGE = "no change"
    DECLINING = "declining"
    UP = "up"  # context indicators have no better or worse, only a movement
    DOWN = "down"
    NONE = "none"

    @property
    def label(self) -> str:
        return "No comparable period" if self is Direction.NONE else self.value.capitalize()


def _shortfall(value: Decimal, reference: Decimal, polarity: str) -> Decimal:
    """How far value falls short of reference in the bad direction (negative when better)."""
    return reference - value if polarity == HIGHER_IS_BETTER else value - reference


def rag_against_target(
    value: Decimal | None,
    target: Decimal | None,
    *,
    polarity: str,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
) -> Rag:
    """Green meets or beats the target; amber misses it by no more than the
    tolerance; red misses it by more. No value, no target or no polarity: no RAG."""
    if value is None or target is None or polarity == NO_POLARITY:
        return Rag.NONE
    shortfall = _shortfall(value, target, polarity)
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= tolerance.allowed_miss(target):
        return Rag.AMBER
    return Rag.RED


def compare_with_average(
    value: Decimal | None,
    average: Decimal | None,
    *,
    polarity: str,
    band: Tolerance = DEFAULT_SIMILAR_BAND,
) -> Comparison:
    """Better or worse than a comparator average, or similar when within the band
    either side of it. An average that is not published gives no comparison."""
    if value is None or average is None or polarity == NO_POLARITY:
        return Comparison.NONE
    shortfall = _shortfall(value, average, polarity)
    if abs(shortfall) <= band.allowed_miss(average):
        return Comparison.SIMILAR
    return Comparison.WORSE if shortfall > 0 else Comparison.BETTER


def direction_of_travel(current: Decimal | None, previous: Decimal | None, *, polarity: str) -> Direction:
    """Improving or declining since the previous comparable period; for a context
    indicator (no polarity), simply up or down."""
    if current is None or previous is None:
        return Direction.NONE
    if current == previous:
        return Direction.NO_CHANGE
    rose = current > previous
    if polarity == NO_POLARITY:
        return Direction.UP if rose else Direction.DOWN
    improved = rose == (polarity == HIGHER_IS_BETTER)
    return Direction.IMPROVING if improved else Direction.DECLINING
