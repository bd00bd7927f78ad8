"""Reads for the compute page: the active indicators and their stored figures in any
number of periods, in a fixed number of queries (never one per period or indicator)."""

from __future__ import annotations

from scorecard.models import Figure, Indicator, Period
from scorecard.periods import PeriodKey


def stored_figures(keys: list[PeriodKey]) -> tuple[list[Indicator], dict[tuple[PeriodKey, str], Figure]]:
    """The active indicators, and each stored figure of `keys` by (period, reference)."""
    wanted = set(keys)
    years = {k.financial_year for k in wanted}
    periods = {p.pk: p.key for p in Period.objects.filter(financial_year__in=years) if p.key in wanted}
    indicators = list(Indicator.objects.filter(is_active=True))
    by_id = {i.pk: i for i in indicators}
    stored = {}
    for figure in Figure.objects.filter(period__in=list(periods), indicator__in=list(by_id)):
        figure.indicator = by_id[figure.indicator_id]
        stored[(periods[figure.period_id], figure.indicator.ref)] = figure
    return indicators, stored
