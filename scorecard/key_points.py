"""Drafting a report's key points from the figures, in sentences an officer would
write and can then edit:

    82.1% of children looked after for a year or more had up-to-date dental checks
    (92 of 112), below the 90% target but above the statistical-neighbour (75%) and
    England (70%) averages. It is down from 91.1% in 2022-23 (worse).

Pure functions over plain values, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from scorecard import assessment, figures, rag
from scorecard.suppression import WITHHELD_POINT


@dataclass(frozen=True)
class Average:
    name: str  # as it reads in a sentence: 'statistical-neighbour', 'England'
    value: Decimal | None  # None where not published
    comparison: rag.Comparison


@dataclass(frozen=True)
class IndicatorFacts:
    ref: str
    name: str  # 'Dental checks'
    statement: str  # what follows the number: 'of children looked after ... had up-to-date dental checks'
    unit: str
    decimals: int
    polarity: str
    period_label: str
    shown: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    target: Decimal | None = None
    rating: rag.Rag = rag.Rag.NONE
    averages: list[Average] = field(default_factory=list)
    direction: rag.Direction = rag.Direction.NONE
    previous: tuple[str, Decimal] | None = None  # (period label, value as shown)
    withheld: bool = False  # the figure is suppressed for this audience: no point can be made


@dataclass(frozen=True)
class KeyPoint:
    ref: str
    text: str


def _number(value: Decimal, facts: IndicatorFacts) -> str:
    return figures.format_number(value, facts.decimals) + figures.unit_suffix(facts.unit)


def _trimmed(value: Decimal, facts: IndicatorFacts) -> str:
    """Targets and averages as people say them: 90%, 75%, 42.7."""
    rounded = figures.round_half_up(value, facts.decimals)
    return f"{rounded.normalize():f}{figures.unit_suffix(facts.unit)}"


def _side(value: Decimal, reference: Decimal) -> str:
    return "above" if value > reference else "below" if value < reference else "on"


def target_clause(facts: IndicatorFacts) -> str:
    if facts.target is None or facts.polarity == rag.NO_POLARITY or facts.shown is None:
        return ""
    side = _side(facts.shown, facts.target)
    return f"{'meeting' if side == 'on' else side} the {_trimmed(facts.target, facts)} target"


def averages_clause(facts: IndicatorFacts) -> str:
    """'above the statistical-neighbour (75%) and England (70%) averages', or each
    on its own where they differ."""
    published = [a for a in facts.averages if a.value is not None]
    if not published or facts.shown is None:
        return ""
    groups: dict[str, list[Average]] = {}
    for average in published:
        groups.setdefault(_relation(facts, average), []).append(average)
    parts = []
    for relation, averages in groups.items():
        names = " and ".join(f"{a.name} ({_trimmed(a.value, facts)})" for a in averages)
        plural = "averages" if len(averages) > 1 else "average"
        parts.append(f"{relation} the {names} {plural}")
    return " and ".join(parts)


def _relation(facts: IndicatorFacts, average: Average) -> str:
    side = _side(facts.shown, average.value)
    return "in line with" if average.comparison is rag.Comparison.SIMILAR or side == "on" else side


def _favourable_against_averages(facts: IndicatorFacts) -> bool | None:
    verdicts = {a.comparison for a in facts.averages if a.comparison in (rag.Comparison.BETTER, rag.Comparison.WORSE)}
    if len(verdicts) != 1:
        return None
    return verdicts == {rag.Comparison.BETTER}


def direction_sentence(facts: IndicatorFacts) -> str:
    """'It is up from 18.5% in 2022-23 (worse).': the number's movement, then the verdict."""
    if facts.shown is None or facts.previous is None or facts.direction is rag.Direction.NONE:
        return ""
    label, earlier = facts.previous
    words = assessment.movement_words(
        facts.shown, earlier, label, direction=facts.direction, decimals=facts.decimals, unit=facts.unit
    )
    return f"It is {words}."


def key_point(facts: IndicatorFacts) -> KeyPoint:
    """One indicator's key point."""
    if facts.withheld:
        return KeyPoint(facts.ref, WITHHELD_POINT)
    if facts.shown is None:
        return KeyPoint(facts.ref, f"No figure has been reported for {facts.name.lower()} for {facts.period_label}.")
    sentence = f"{_number(facts.shown, facts)} {facts.statement}"
    if facts.numerator is not None and facts.denominator is not None and facts.unit == figures.PERCENTAGE:
        sentence += f" ({facts.numerator:,} of {facts.denominator:,})"
    target, averages = target_clause(facts), averages_clause(facts)
    if target:
        sentence += f", {target}"
    if averages:
        on_target = facts.rating is rag.Rag.GREEN
        favourable = _favourable_against_averages(facts)
        contrast = target and favourable is not None and favourable != on_target
        sentence += f" {'but' if contrast else 'and'} {averages}" if target else f", {averages}"
    text = sentence + "."
    following = direction_sentence(facts)
    return KeyPoint(facts.ref, f"{text} {following}" if following else text)


_ORDER = {rag.Rag.RED: 0, rag.Rag.AMBER: 1}


def priority(rating: rag.Rag, direction: rag.Direction) -> int:
    """Where a point goes: off target first (red, then amber), then declining, then the rest."""
    if rating in _ORDER:
        return _ORDER[rating]
    return 2 if direction is rag.Direction.DECLINING else 3


def draft_key_points(indicators: list[IndicatorFacts]) -> list[KeyPoint]:
    """Every indicator's key point, those off target first (red, then amber), then
    those declining, then the rest, each group in scorecard order."""
    return [key_point(f) for f in sorted(indicators, key=lambda f: priority(f.rating, f.direction))]
