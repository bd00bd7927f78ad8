"""Writes: computed aggregates accepted into one or more periods as provisional figures,
through scorecard.services.figures_save, so that history records who, when, the old and
new figure and `computed from 903 extract (<file names>)`, with how many children the
extract's issues left out of the figure."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from scorecard import services
from scorecard.entry import PROVISIONAL, Entry
from scorecard.figures import COUNT
from scorecard.models import Figure
from scorecard.periods import PeriodKey

HISTORY_REASON_MAX = 100  # django-simple-history's change reason field


def history_reason(file_names: list[str], left_out: int = 0) -> str:
    what = "computed from 903 extract"
    if left_out:
        what += f", {left_out:,} child{'ren' if left_out != 1 else ''} left out"
    reason = f"{what} ({', '.join(file_names)})"
    return reason if len(reason) <= HISTORY_REASON_MAX else reason[: HISTORY_REASON_MAX - 2] + "…)"


def computed_figures_accept(
    *, aggregates: dict[PeriodKey, dict[str, dict]], file_names: list[str], by
) -> services.SaveResult:
    """Save the chosen aggregates ({period: {ref: {unit, numerator, denominator, version,
    left_out}}}) as provisional figures, all or none across every period
    (scorecard.services.FiguresNotSaved says why not). A figure keeps its commentary;
    `version` is the stored figure's when computed, so a figure changed since then is not
    overwritten. History records, per figure, how many children were left out."""
    keys = list(aggregates)
    commentary = {
        (f.period.key, f.indicator.ref): f.commentary
        for f in Figure.objects.filter(
            period__financial_year__in={k.financial_year for k in keys},
            indicator__ref__in={ref for chosen in aggregates.values() for ref in chosen},
        ).select_related("period", "indicator")
    }
    total = services.SaveResult()
    with transaction.atomic():
        for key, chosen in aggregates.items():
            by_left_out: dict[int, dict[str, tuple[Entry, int]]] = {}
            for ref, aggregate in chosen.items():
                text = commentary.get((key, ref), "")
                if aggregate["unit"] == COUNT:
                    entry = Entry(None, None, Decimal(aggregate["numerator"]), PROVISIONAL, text)
                else:
                    entry = Entry(aggregate["numerator"], aggregate["denominator"], None, PROVISIONAL, text)
                by_left_out.setdefault(aggregate.get("left_out", 0), {})[ref] = (entry, aggregate["version"])
            for left_out, entries in by_left_out.items():
                result = services.figures_save(
                    period_key=key,
                    entries=entries,
                    by=by,
                    means=history_reason(file_names, left_out),
                    replace_published=True,
                )
                total.created += result.created
                total.changed += result.changed
                total.unchanged += result.unchanged
    return total
