"""Reads for the compute page: the active indicators and their stored figures in any
number of periods, in a fixed number of queries (never one per period or indicator)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from national import selectors as national_selectors
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


@dataclass(frozen=True)
class OnsPopulation:
    """ONS's estimate of the council's children aged 0 to 17 that the rate at D is per."""

    mid_year: int
    population: int

    @property
    def text(self) -> str:
        return f"ONS mid-year estimate {self.mid_year}, {self.population:,} children aged 0 to 17"


def year_ending_31_march(as_at: date) -> int:
    """The year ending 31 March that D falls in: 31 December 2023 is in the year ending 31 March 2024."""
    return as_at.year if as_at.month <= 3 else as_at.year + 1


def ons_child_population(as_at: date) -> OnsPopulation | None:
    """The council's child population DfE's rate per 10,000 for the year of D uses, as ONS
    estimated it (mid-2023 for the year ending 31 March 2024); None where none is loaded."""
    year = year_ending_31_march(as_at)
    population = national_selectors.child_population(settings.OUR_COUNCIL_CODE, year)
    return None if population is None else OnsPopulation(year - 1, population)


def rate_population(as_at: date, given: int | None) -> tuple[int | None, str]:
    """The child population the rate is per (the one given, else ONS's for the year of D),
    and a line saying where it came from."""
    lead = "Child population for the rate per 10,000:"
    if given is not None:
        return given, f"{lead} {given:,} children aged 0 to 17, as given."
    ons = ons_child_population(as_at)
    if ons is None:
        return None, (
            f"{lead} none given, and no ONS mid-year estimate {year_ending_31_march(as_at) - 1} is loaded for this "
            "council, so there is no rate."
        )
    return ons.population, f"{lead} {ons.text}."
