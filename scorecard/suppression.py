"""Suppressing small numbers for public versions, as published national
statistics do: counts from 1 to 5 become "c", and so does anything they could be
worked out from (a percentage of a small count, the last of a set of shares that
add up to 100). Pure functions, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "c"
WITHHELD_POINT = "This point is withheld from the public version because it refers to small numbers."
_COUNTS_IN_TEXT = re.compile(r"\((\d[\d,]*) of (\d[\d,]*)\)|\b(\d[\d,]*)/(\d[\d,]*)\b")


def is_small(count: int | Decimal | None) -> bool:
    return count is not None and 1 <= count <= 5


def figure_is_suppressed(value: Decimal | None, numerator: int | None, denominator: int | None, unit: str) -> bool:
    """A count of 1 to 5, or any value worked out from one."""
    if unit == "count":
        return is_small(value)
    return is_small(numerator) or is_small(denominator)


def public_figure_text(
    value_text: str, value: Decimal | None, numerator: int | None, denominator: int | None, unit: str
) -> str:
    """'82.1 (92/112)' stays; '4.8 (1/21)' becomes 'c (c/21)'; a count of 3 becomes 'c'."""
    if not figure_is_suppressed(value, numerator, denominator, unit):
        return value_text
    if numerator is None or denominator is None:
        return SUPPRESSED
    shown = [SUPPRESSED if is_small(n) else f"{n:,}" for n in (numerator, denominator)]
    return f"{SUPPRESSED} ({shown[0]}/{shown[1]})"


def text_mentions_small_counts(text: str) -> bool:
    """'(1 of 21)' or '2/53' in free text."""
    for match in _COUNTS_IN_TEXT.finditer(text):
        numbers = [int(n.replace(",", "")) for n in match.groups() if n is not None]
        if any(is_small(n) for n in numbers):
            return True
    return False


def suppress_shares(shares: Mapping[str, Decimal | None], cohort_size: int | None) -> dict[str, Decimal | None]:
    """A breakdown of one cohort (category -> percentage), with each share that
    stands for 1 to 5 children set to None, and one more where a single hidden
    share could be worked out as 100 minus the rest. Without a cohort size nothing
    can be judged, so everything is hidden."""
    if cohort_size is None:
        return {category: None for category in shares}
    children = {
        category: (share * cohort_size / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if share is not None
        else None
        for category, share in shares.items()
    }
    hidden = {category for category, count in children.items() if is_small(count)}
    if len(hidden) == 1:
        others = [c for c, share in shares.items() if c not in hidden and share]
        if others:
            hidden.add(min(others, key=lambda c: shares[c]))
    return {category: None if category in hidden else share for category, share in shares.items()}
