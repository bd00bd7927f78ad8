"""Each computed figure beside the stored one: match, differs, nothing stored. Pure."""

from __future__ import annotations

from decimal import Decimal

from scorecard import figures
from ssda903.definitions import Computed, NotComputed, Outcome

MATCH = "Match"
DIFFERS = "Differs"
NOTHING_STORED = "Nothing stored"
NOT_COMPUTED = "Not computed"


def for_unit(outcome: Outcome, unit: str) -> Outcome:
    """The outcome, if the definition gives the indicator's unit."""
    if isinstance(outcome, Computed) and outcome.unit != unit:
        return NotComputed(f"The indicator is a {unit.replace('_', ' ')}; this definition gives a {outcome.unit}.")
    return outcome


def comparison(
    outcome: Outcome,
    *,
    decimals: int,
    stored_value: Decimal | None,
    stored_numerator: int | None,
    stored_denominator: int | None,
) -> str:
    """How the computed figure compares with what is stored (its shown value, and its
    counts where both have counts)."""
    if isinstance(outcome, NotComputed):
        return NOT_COMPUTED
    if stored_value is None:
        return NOTHING_STORED
    same_value = figures.round_half_up(outcome.value, decimals) == stored_value
    same_counts = (
        stored_numerator is None
        or outcome.denominator is None
        or (stored_numerator, stored_denominator) == (outcome.numerator, outcome.denominator)
    )
    return MATCH if same_value and same_counts else DIFFERS


def computed_text(outcome: Computed, decimals: int) -> str:
    value = figures.round_half_up(outcome.value, decimals)
    return figures.format_figure(value, outcome.numerator, outcome.denominator, decimals)
