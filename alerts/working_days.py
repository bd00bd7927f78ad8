"""Working days in England: Monday to Friday, less the bank holidays in
bank_holidays_england.json (data in the repository, never fetched at run time)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

HOLIDAYS_FILE = Path(__file__).with_name("bank_holidays_england.json")


class UnknownYear(ValueError):
    pass


@cache
def _holidays() -> tuple[int, int, frozenset[date]]:
    data = json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8"))
    return data["first_year"], data["last_year"], frozenset(date.fromisoformat(d) for d in data["dates"])


def bank_holidays() -> frozenset[date]:
    return _holidays()[2]


def is_working_day(day: date) -> bool:
    first, last, holidays = _holidays()
    if not first <= day.year <= last:
        raise UnknownYear(
            f"The product knows England's bank holidays for {first} to {last} only: "
            f"add {day.year}'s to {HOLIDAYS_FILE.name}."
        )
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int) -> date:
    """The day `days` working days after `start` (before it, for a negative number)."""
    step = timedelta(days=1 if days >= 0 else -1)
    day, left = start, abs(days)
    while left:
        day += step
        if is_working_day(day):
            left -= 1
    return day
