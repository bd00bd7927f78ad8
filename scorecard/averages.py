"""Which comparator average a period is read against, and what officers should know of it.

A council's own average (typed or uploaded: no `source`) is shown for the periods it was
typed for: the financial years from its own to TYPED_YEARS_IN_FORCE after it (the deck's
2021/22 averages on its 2023-24 scorecard), as published, marked as the council's. Everywhere
else the average is DfE's (worked out from its published figures: `source` says how) for the
latest year DfE had published by the period's end: DfE publishes the year to 31 March each
November, so a period ending on 31 December 2024 reads DfE's 2023-24 (comparator year 2023)
and one ending on 30 September 2024 reads 2022-23. Where neither exists, the council's latest
own average up to the period's year, as before. Pure functions over rows with `year`,
`value`, `status`, `source` and `dfe_value`: no queries."""

from __future__ import annotations

from datetime import date

from scorecard import figures
from scorecard.periods import PeriodKey, comparator_year_label, period_dates

TYPED_YEARS_IN_FORCE = 2
DFE_PUBLISHES = (11, 30)  # by the end of November, the year to the 31 March before
COUNCILS_OWN = "The council's own average, as published"


def dfe_year_published_by(day: date) -> int:
    """The latest year (ending 31 March) DfE had published by `day`."""
    return day.year if (day.month, day.day) >= DFE_PUBLISHES else day.year - 1


def published_comparator_year(key: PeriodKey) -> int:
    """The comparator year (the year an average starts in: 2023 for 2023/24) of DfE's latest by the period's end."""
    return dfe_year_published_by(period_dates(key)[1]) - 1


def is_councils_own(value) -> bool:
    return not value.source or value.source == COUNCILS_OWN


def year_in_force(by_year: dict, key: PeriodKey) -> int | None:
    """The year of the average (by_year: year -> row) the period is read against."""
    fy = key.financial_year
    typed = [y for y, v in by_year.items() if is_councils_own(v) and y <= fy <= y + TYPED_YEARS_IN_FORCE]
    if typed:
        return max(typed)
    published = published_comparator_year(key)
    dfe = [y for y, v in by_year.items() if not is_councils_own(v) and y <= published]
    if dfe:
        return max(dfe)
    older = [y for y, v in by_year.items() if is_councils_own(v) and y <= fy]
    return max(older) if older else None


def shown(value):
    """The row as the scorecard shows it: the council's own marked as such."""
    if value is not None and not value.source and hasattr(value, "_replace"):
        return value._replace(source=COUNCILS_OWN)
    return value


def notes(by_year: dict, year: int | None, comparator: str, decimals: int) -> list[str]:
    """Data-quality notes for officers: DfE's average for the year of a council's own differs
    from it, or DfE has since published a later year than the one the period is read against."""
    if year is None:
        return []
    value = by_year[year]
    label = f"{comparator} average {comparator_year_label(year)}"
    found = []
    if is_councils_own(value) and value.dfe_value is not None and value.dfe_value != value.value:
        own = figures.format_number(value.value, decimals) if value.value is not None else "not published"
        found.append(f"{label}: the council's own is {own}; DfE's figures give "
                     f"{figures.format_number(value.dfe_value, decimals)}")  # fmt: skip
    later = [y for y, v in by_year.items() if y > year and not is_councils_own(v) and v.value is not None]
    if later:
        newest = by_year[max(later)]
        found.append(
            f"{label} is shown (in force at the period's end); DfE has since published "
            f"{comparator_year_label(newest.year)}: {figures.format_number(newest.value, decimals)}"
        )
    return found


def heading_source(values: list) -> str:
    """'DfE' when every average of a comparator's column year is DfE's (older cells say their year and source)."""
    kinds = {is_councils_own(v) for v in values if v is not None}
    return "DfE" if kinds == {False} else ""
