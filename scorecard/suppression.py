"""Suppressing small numbers for public outputs, as DfE does in its published
statistics: a count from 1 to 5 (the range is a setting) becomes "c", and so does
anything it could be worked out from. Pure functions, no Django.

The rules for one figure:
- a count in range is suppressed;
- a numerator or denominator in range is suppressed, and with it the value;
- so is a numerator whose complement (denominator minus numerator) is in range:
  96.6% (28/29) tells that 1 care leaver was not in suitable accommodation;
- 0 is shown: it identifies nobody.
What is worked out from a suppressed figure (RAG, comparisons, direction of travel,
any sentence quoting it) is withheld by the read model that applies these rules.

Two more rules look beyond one figure:
- a figure known only as a value (a year-end outturn copied from a published return)
  stands for value x cohort children, and the reader sees the indicator's cohort beside
  it (99.1% beside 110 children leaves 1): it is suppressed where that count, or for a
  percentage its complement, is in range (implied_count_is_small);
- a cumulative figure's count minus the year's previous shown one is the children
  counted in between (16/213 in Q1 then 21/244 in Q2: 5 children in Q2), so a figure
  whose difference is in range is suppressed too (hidden_by_differences).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "c"
WITHHELD_POINT = "This point is withheld from the public version because it refers to small numbers."


@dataclass(frozen=True)
class SmallNumbers:
    """Counts from `low` to `high` (inclusive) are suppressed."""

    low: int = 1
    high: int = 5

    def covers(self, count: int | Decimal | None) -> bool:
        return count is not None and self.low <= count <= self.high


DFE_PRACTICE = SmallNumbers()


def is_small(count: int | Decimal | None, rule: SmallNumbers = DFE_PRACTICE) -> bool:
    return rule.covers(count)


def figure_is_suppressed(
    value: Decimal | None,
    numerator: int | None,
    denominator: int | None,
    unit: str,
    rule: SmallNumbers = DFE_PRACTICE,
) -> bool:
    """A count in range, or a figure whose numerator, denominator or (for a
    percentage, where the rest of the cohort is a group of children too) complement is."""
    if unit == "count":
        return rule.covers(value) or rule.covers(numerator)
    if rule.covers(numerator) or rule.covers(denominator):
        return True
    if unit == "percentage" and numerator is not None and denominator is not None:
        return rule.covers(denominator - numerator)
    return False


def public_figure_text(
    numerator: int | None,
    denominator: int | None,
    rule: SmallNumbers = DFE_PRACTICE,
    *,
    denominator_hidden: bool = False,
) -> str:
    """A suppressed figure as shown: 'c', or 'c (c/21)' keeping a denominator that is safe to show."""
    if numerator is None or denominator is None:
        return SUPPRESSED
    hidden = denominator_hidden or rule.covers(denominator)
    shown_denominator = SUPPRESSED if hidden else f"{denominator:,}"
    return f"{SUPPRESSED} ({SUPPRESSED}/{shown_denominator})"


_SCALE = {"percentage": 100, "rate_per_10000": 10_000}


def implied_count_is_small(
    value: Decimal | None, cohort: int | None, unit: str, rule: SmallNumbers = DFE_PRACTICE
) -> bool:
    """Whether a figure known only as its value stands for a small number of children in a
    cohort of `cohort` (the largest the indicator shows): value x cohort, and for a
    percentage the rest of the cohort too. Without a cohort nothing can be judged."""
    if value is None or not cohort or unit not in _SCALE:
        return False
    implied = value * cohort / _SCALE[unit]
    counts = [implied, cohort - implied] if unit == "percentage" else [implied]
    return any(rule.covers(c.quantize(Decimal(1), rounding=ROUND_HALF_UP)) for c in counts)


def hidden_by_differences(
    year: list[tuple[int | None, int | None, bool]], rule: SmallNumbers = DFE_PRACTICE
) -> tuple[set[int], set[int]]:
    """One year of a cumulative indicator, in order (Q1 to Q4, then the year end), as
    (numerator, denominator or None, already suppressed): the positions whose numerator,
    and those whose denominator, must be hidden as well, so that no difference between a
    shown figure and the year's previous shown one (children counted in between: the
    numerators, the rest of the cohorts, the denominators) is in range. A hidden
    denominator hides its numerator too (the value would give it)."""
    hide_numerator: set[int] = set()
    hide_denominator: set[int] = set()
    last_numerator = last_rest = last_denominator = 0  # nothing is counted before April
    for i, (numerator, denominator, suppressed) in enumerate(year):
        denominator_shown = denominator is not None and not rule.covers(denominator)
        if denominator_shown and rule.covers(denominator - last_denominator):
            hide_denominator.add(i)
            denominator_shown = False
        numerator_shown = numerator is not None and not suppressed and i not in hide_denominator
        if numerator_shown:
            flows = [numerator - last_numerator]
            if denominator is not None:
                flows.append((denominator - numerator) - last_rest)
            if any(rule.covers(flow) for flow in flows):
                hide_numerator.add(i)
                numerator_shown = False
        if denominator_shown:
            last_denominator = denominator
        if numerator_shown:
            last_numerator = numerator
            last_rest = denominator - numerator if denominator is not None else 0
    return hide_numerator | hide_denominator, hide_denominator


_COUNTS_IN_TEXT = re.compile(r"\((\d[\d,]*) of (\d[\d,]*)\)|\b(\d[\d,]*)/(\d[\d,]*)\b")
_NUMBER_WORDS = {
    "zero": 0, "none": 0, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple": 2, "a few": 3, "a handful": 5,
}  # fmt: skip
_NUMBERS_IN_TEXT = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])|\b(" + "|".join(_NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)


def text_mentions_small_counts(text: str, rule: SmallNumbers = DFE_PRACTICE) -> bool:
    """'(1 of 21)' or '2/53' in free text."""
    for match in _COUNTS_IN_TEXT.finditer(text):
        numbers = [int(n.replace(",", "")) for n in match.groups() if n is not None]
        if any(rule.covers(n) for n in numbers):
            return True
    return False


def small_numbers_in_text(text: str, rule: SmallNumbers = DFE_PRACTICE) -> list[str]:
    """Every whole number in range that free text contains, in figures or in words,
    as written ('3', 'three', 'a couple'), in order and without repeats: what an
    officer must confirm before the text may be published. Decimals ('2.5%') and
    parts of dates or larger numbers are not counts and are left out."""
    found: list[str] = []
    for match in _NUMBERS_IN_TEXT.finditer(text):
        figures, word = match.group(1), match.group(2)
        if figures is not None:
            if "." in match.group(0) or not rule.covers(int(figures.replace(",", ""))):
                continue
            written = figures
        else:
            if not rule.covers(_NUMBER_WORDS[word.lower()]):
                continue
            written = word
        if written.lower() not in (f.lower() for f in found):
            found.append(written)
    return found


def suppress_shares(
    shares: Mapping[str, Decimal | None], cohort_size: int | None, rule: SmallNumbers = DFE_PRACTICE
) -> dict[str, Decimal | None]:
    """A breakdown of one cohort (category -> percentage), with each share that
    stands for a small number of children set to None, and one more where a single
    hidden share could be worked out as 100 minus the rest (secondary suppression).
    Without a cohort size nothing can be judged, so everything is hidden."""
    if cohort_size is None:
        return {category: None for category in shares}
    children = {
        category: (share * cohort_size / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if share is not None
        else None
        for category, share in shares.items()
    }
    hidden = {category for category, count in children.items() if rule.covers(count)}
    if len(hidden) == 1:
        others = [c for c, share in shares.items() if c not in hidden and share]
        if others:
            hidden.add(min(others, key=lambda c: shares[c]))
    return {category: None if category in hidden else share for category, share in shares.items()}
