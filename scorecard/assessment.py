"""Judging one indicator's figures: which target applies to a period, which
earlier period it is compared with, and the words that explain each signal.

Pure functions over plain values, no Django: the scorecard, the indicator
page and the charts all assess through here, so they always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from scorecard import figures, rag
from scorecard.periods import PeriodKey, comparable_periods, period_label


class TargetFacts(NamedTuple):
    value: Decimal
    tolerance: rag.Tolerance = rag.DEFAULT_TOLERANCE


def applicable_target(targets: Mapping[PeriodKey, TargetFacts], key: PeriodKey) -> TargetFacts | None:
    """A quarter's own (phased) target, else its year's; a year-end outturn is
    judged against the year's target, else the Q4 one (where a phased target ends)."""
    year_target = PeriodKey(key.financial_year, None)
    fallback = year_target if key.quarter is not None else PeriodKey(key.financial_year, 4)
    return targets.get(key) or targets.get(fallback)


def phasing(targets: Mapping[PeriodKey, TargetFacts], financial_year: int) -> list[tuple[int, Decimal]]:
    """The quarters of a phased target for a year: [(1, 2.5), (2, 5), ...]; empty if not phased."""
    return [
        (quarter, targets[PeriodKey(financial_year, quarter)].value)
        for quarter in (1, 2, 3, 4)
        if PeriodKey(financial_year, quarter) in targets
    ]


def previous_comparable(
    shown_by_period: Mapping[PeriodKey, Decimal], key: PeriodKey, measure_type: str
) -> tuple[PeriodKey, Decimal] | None:
    for earlier in comparable_periods(key, measure_type):
        if shown_by_period.get(earlier) is not None:
            return earlier, shown_by_period[earlier]
    return None


class Judgement(NamedTuple):
    rag: rag.Rag
    target: TargetFacts | None
    rag_reason: str
    direction: rag.Direction
    direction_reason: str
    previous: tuple[PeriodKey, Decimal] | None  # the earlier figure the direction is judged against


def judge(
    key: PeriodKey,
    shown_by_period: Mapping[PeriodKey, Decimal],
    targets: Mapping[PeriodKey, TargetFacts],
    *,
    polarity: str,
    measure_type: str,
    decimals: int,
    unit: str,
) -> Judgement:
    """RAG and direction of travel of one period's figure (as shown) for one indicator."""
    shown = shown_by_period.get(key)
    target = applicable_target(targets, key)
    rating = rag.rag_against_target(
        shown,
        target.value if target else None,
        polarity=polarity,
        tolerance=target.tolerance if target else rag.DEFAULT_TOLERANCE,
    )
    previous = previous_comparable(shown_by_period, key, measure_type)
    direction = rag.direction_of_travel(shown, previous[1] if previous else None, polarity=polarity)
    return Judgement(
        rag=rating,
        target=target,
        rag_reason=rag_reason(shown, target, rating, polarity=polarity, decimals=decimals, unit=unit),
        direction=direction,
        direction_reason=direction_reason(shown, previous, direction=direction, decimals=decimals, unit=unit),
        previous=previous,
    )


def _number(value: Decimal, decimals: int, unit: str) -> str:
    return figures.format_number(value, decimals) + figures.unit_suffix(unit)


def format_target(value: Decimal, unit: str) -> str:
    """Targets are written as set ('95%', '2.5%'), without padding to the figure's places."""
    return f"{value.normalize():f}{figures.unit_suffix(unit)}"


def rag_reason(
    shown: Decimal | None,
    target: TargetFacts | None,
    rating: rag.Rag,
    *,
    polarity: str,
    decimals: int,
    unit: str,
) -> str:
    if shown is None:
        return "No figure for this period."
    if polarity == rag.NO_POLARITY:
        return "Context indicator: it has no target, so no RAG."
    if target is None:
        return "No target is set for this period, so no RAG."
    target_text = format_target(target.value, unit)
    if rating is rag.Rag.GREEN:
        return f"{_number(shown, decimals, unit)} meets the target of {target_text}."
    gap = abs(shown - target.value)
    side = "below" if polarity == rag.HIGHER_IS_BETTER else "above"
    allowed = target.tolerance.allowed_miss(target.value)
    within = "within" if rating is rag.Rag.AMBER else "beyond"
    return (
        f"{_number(shown, decimals, unit)} is {figures.format_number(gap, decimals)} {side} the target of "
        f"{target_text}, {within} the tolerance of {figures.format_number(allowed, 2).rstrip('0').rstrip('.')} "
        f"({target.tolerance.describe()})."
    )


_VERDICT = {rag.Direction.IMPROVING: " (better)", rag.Direction.DECLINING: " (worse)"}


def movement_words(
    shown: Decimal, earlier: Decimal, earlier_label: str, *, direction: rag.Direction, decimals: int, unit: str
) -> str:
    """What the number did and whether that is better or worse, in the words every
    output uses (scorecard, indicator page, key points, PDF): 'up from 18.5% in
    2022-23 (worse)'. A context indicator moves without a verdict."""
    movement = "unchanged" if shown == earlier else "up" if shown > earlier else "down"
    return f"{movement} from {_number(earlier, decimals, unit)} in {earlier_label}{_VERDICT.get(direction, '')}"


def direction_reason(
    shown: Decimal | None,
    previous: tuple[PeriodKey, Decimal] | None,
    *,
    direction: rag.Direction,
    decimals: int,
    unit: str,
) -> str:
    """What the direction of travel is judged on: 'down from 91.1% in 2022-23 (worse)'."""
    if shown is None:
        return "no figure for this period"
    if previous is None:
        return "no figure for a comparable earlier period"
    earlier_key, earlier = previous
    return movement_words(shown, earlier, period_label(earlier_key), direction=direction, decimals=decimals, unit=unit)


def year_in_force(years: Iterable[int], financial_year: int) -> int | None:
    """The year of comparator average a period is read against: the latest one up
    to the period's own year (averages are published a year or more late)."""
    return max((year for year in years if year <= financial_year), default=None)
