"""Reporting periods: financial-year quarters and year-end outturns.

Pure functions over (financial_year, quarter) keys, no Django. A financial year
is named by the calendar year it starts in (2023 is 2023-24, April 2023 to
March 2024); quarter is 1-4, or None for the year-end outturn.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import NamedTuple

# Measure types, as stored on an indicator.
SNAPSHOT = "snapshot"
CUMULATIVE = "cumulative"
ROLLING_12_MONTHS = "rolling_12_months"


class PeriodKey(NamedTuple):
    financial_year: int
    quarter: int | None  # None: the year-end outturn

    @property
    def is_year_end(self) -> bool:
        return self.quarter is None

    def sort_key(self) -> tuple[int, int]:
        # A year's outturn comes after its four quarters.
        return (self.financial_year, 5 if self.quarter is None else self.quarter)


def year_label(financial_year: int) -> str:
    """2023 -> '2023-24'."""
    return f"{financial_year}-{(financial_year + 1) % 100:02d}"


def comparator_year_label(year: int) -> str:
    """2021 -> '2021/22', the way DfE and the deck write a comparator's year."""
    return f"{year}/{(year + 1) % 100:02d}"


def period_label(key: PeriodKey) -> str:
    """'Q1 2023-24' for a quarter, '2022-23' for a year-end outturn."""
    if key.quarter is None:
        return year_label(key.financial_year)
    return f"Q{key.quarter} {year_label(key.financial_year)}"


def period_slug(key: PeriodKey) -> str:
    """URL form: '2023-24-q1', or '2022-23' for an outturn."""
    if key.quarter is None:
        return year_label(key.financial_year)
    return f"{year_label(key.financial_year)}-q{key.quarter}"


_SLUG = re.compile(r"^(\d{4})-(\d{2})(?:-q([1-4]))?$")
_LABEL = re.compile(r"^\s*(?:Q([1-4])\s+)?(\d{4})\s*[-/]\s*(\d{2})\s*$", re.IGNORECASE)


def parse_period(text: str) -> PeriodKey | None:
    """Read a slug ('2023-24-q1') or a label ('Q1 2023-24', '2022/23'); None if neither."""
    text = text.strip()
    match = _SLUG.match(text.lower())
    if match:
        start, end, quarter = match.groups()
    else:
        match = _LABEL.match(text)
        if not match:
            return None
        quarter, start, end = match.groups()
    financial_year = int(start)
    if (financial_year + 1) % 100 != int(end):
        return None
    return PeriodKey(financial_year, int(quarter) if quarter else None)


def period_dates(key: PeriodKey) -> tuple[date, date]:
    """First and last day. Q1 runs April-June; the outturn covers the whole year."""
    if key.quarter is None:
        return date(key.financial_year, 4, 1), date(key.financial_year + 1, 3, 31)
    first_month = 4 + 3 * (key.quarter - 1)  # 4, 7, 10, 13
    year = key.financial_year + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    last_month = first_month + 2
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def comparable_periods(key: PeriodKey, measure_type: str) -> list[PeriodKey]:
    """Earlier periods a figure's direction of travel is judged against, best first.

    A cumulative figure resets each April, so only the same point of last year
    is comparable. Snapshot and rolling figures compare with the quarter
    before. A year-end outturn is the position at 31 March, so it stands in for
    Q4 and the other way round.
    """
    year, quarter = key
    if quarter is None:
        return [PeriodKey(year - 1, None), PeriodKey(year - 1, 4)]
    if measure_type == CUMULATIVE:
        same_quarter = [PeriodKey(year - 1, quarter)]
        return same_quarter + [PeriodKey(year - 1, None)] if quarter == 4 else same_quarter
    if quarter == 1:
        return [PeriodKey(year - 1, 4), PeriodKey(year - 1, None)]
    return [PeriodKey(year, quarter - 1)]
