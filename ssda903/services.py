"""Writes: computed aggregates accepted into a quarter as provisional figures, through
scorecard.services.figures_save, so that history records who, when, the old and new
figure and `computed from 903 extract (<file names>)`."""

from __future__ import annotations

from decimal import Decimal

from scorecard import entry_selectors, services
from scorecard.entry import PROVISIONAL, Entry
from scorecard.figures import COUNT
from scorecard.periods import PeriodKey

HISTORY_REASON_MAX = 100  # django-simple-history's change reason field


def history_reason(file_names: list[str]) -> str:
    reason = f"computed from 903 extract ({', '.join(file_names)})"
    return reason if len(reason) <= HISTORY_REASON_MAX else reason[: HISTORY_REASON_MAX - 2] + "…)"


def computed_figures_accept(
    *, period_key: PeriodKey, aggregates: dict[str, dict], file_names: list[str], by
) -> services.SaveResult:
    """Save the chosen aggregates ({ref: {unit, numerator, denominator, version}}) as
    provisional figures, all or none (scorecard.services.FiguresNotSaved says why not).
    A figure keeps its commentary; `version` is the stored figure's when computed, so a
    figure changed since then is not overwritten."""
    commentary = {
        row.indicator.ref: row.figure.commentary for row in entry_selectors.entry_rows(period_key) if row.figure
    }
    entries = {}
    for ref, aggregate in aggregates.items():
        text = commentary.get(ref, "")
        if aggregate["unit"] == COUNT:
            entry = Entry(None, None, Decimal(aggregate["numerator"]), PROVISIONAL, text)
        else:
            entry = Entry(aggregate["numerator"], aggregate["denominator"], None, PROVISIONAL, text)
        entries[ref] = (entry, aggregate["version"])
    return services.figures_save(
        period_key=period_key, entries=entries, by=by, means=history_reason(file_names), replace_published=True
    )
