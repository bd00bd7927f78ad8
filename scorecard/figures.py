"""A figure's value: computing it from its counts, rounding it, showing it.

Pure functions, no Django. Values are Decimals so that a figure shown as 82.1
is 82.1 and rounding follows the half-up rule readers expect (2.25 -> 2.3).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Units, as stored on an indicator.
COUNT = "count"
PERCENTAGE = "percentage"
RATE_PER_10000 = "rate_per_10000"

# Stored values keep this many places; what readers see is rounded further.
STORED_PLACES = Decimal("0.000001")

_SCALE = {PERCENTAGE: Decimal(100), RATE_PER_10000: Decimal(10_000)}


def compute_value(numerator: int | None, denominator: int | None, unit: str) -> Decimal | None:
    """The value the counts give: n/d x 100 for a percentage, n/d x 10,000 for a rate.

    None when there is nothing to compute from: a count, a missing count, or a
    zero denominator (no children in the cohort means no percentage, not 0%).
    """
    if unit not in _SCALE or numerator is None or denominator is None or denominator == 0:
        return None
    value = Decimal(numerator) * _SCALE[unit] / Decimal(denominator)
    return value.quantize(STORED_PLACES, rounding=ROUND_HALF_UP)


def count_errors(numerator: int | None, denominator: int | None, unit: str) -> dict[str, str]:
    """What is wrong with a figure's counts, by field, in an officer's words."""
    errors: dict[str, str] = {}
    if unit == COUNT:
        if numerator is not None or denominator is not None:
            errors["numerator"] = "A count has no numerator or denominator: enter the value only."
        return errors
    if (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        errors[missing] = f"Enter the {missing} as well, or leave both empty and enter the value."
        return errors
    if numerator is None:
        return errors
    if numerator < 0:
        errors["numerator"] = "The numerator must be 0 or more."
    if denominator < 0:
        errors["denominator"] = "The denominator must be 0 or more."
    elif denominator == 0:
        errors["denominator"] = "The denominator cannot be 0: there is no percentage or rate of nobody."
    elif numerator > denominator:
        errors["numerator"] = f"The numerator ({numerator:,}) cannot be more than the denominator ({denominator:,})."
    return errors


_EXPONENTS = {places: Decimal(1).scaleb(-places) for places in range(6)}


def round_half_up(value: Decimal | int | float | None, decimals: int) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, Decimal):
        value = Decimal(str(value))  # str: 0.1 is not 0.1000000000000000055
    exponent = _EXPONENTS[decimals] if decimals in _EXPONENTS else Decimal(1).scaleb(-decimals)
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


def shown_value(value: Decimal | None, published_value: Decimal | None, decimals: int) -> Decimal | None:
    """What a reader sees, and what RAG is judged on: the published value where
    there is one (that is what the panel was given), else the stored value,
    rounded to the indicator's decimal places."""
    return round_half_up(published_value if published_value is not None else value, decimals)


def publication_mismatch(published_value: Decimal | None, computed_value: Decimal | None, decimals: int) -> bool:
    """True where a published value disagrees with what its own counts give
    (the deck's 21.4 for 31/146, which is 21.2)."""
    if published_value is None or computed_value is None:
        return False
    return round_half_up(published_value, decimals) != round_half_up(computed_value, decimals)


def format_number(value: Decimal | None, decimals: int) -> str:
    if value is None:
        return "–"
    return f"{round_half_up(value, decimals):,.{decimals}f}"


def format_figure(
    shown: Decimal | None,
    numerator: int | None,
    denominator: int | None,
    decimals: int,
) -> str:
    """The deck's form: '82.1 (92/112)', or the value alone where there are no counts.
    `shown` is the value as shown (shown_value): rounded already, so not again (a scorecard
    formats thousands of figures)."""
    if shown is None:
        return "–"
    text = f"{shown:,.{decimals}f}"
    if numerator is not None and denominator is not None:
        text += f" ({numerator:,}/{denominator:,})"
    return text


def unit_suffix(unit: str) -> str:
    return "%" if unit == PERCENTAGE else ""
