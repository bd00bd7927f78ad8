"""Calendar arithmetic for the definitions: months and years counted back from a date,
as people count them (29 February less one year is 28 February). No Django."""

from __future__ import annotations

import calendar
from datetime import date


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, or that month's last day where it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_before(day: date, years: int) -> date:
    return months_before(day, 12 * years)


def year_start(day: date) -> date:
    """D minus one calendar year: "the year" is the days after it, up to and including D."""
    return years_before(day, 1)


def financial_year_start(day: date) -> date:
    """1 April on or before `day`: the year to date runs from it to `day`, both included."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def is_year_end(day: date) -> bool:
    return (day.month, day.day) == (3, 31)
