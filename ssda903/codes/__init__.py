"""DfE's code lists for each collection year, as data: one JSON file per year
(`2023-24.json`), copied from DfE's SSDA903 validation rules. `lists_for(as_at)` gives the
lists for the collection year of a date: the year whose 31 March is on or after it; the
oldest known year's lists for an older date, the newest's for a later one, saying so.

Codes are compared as DfE compares them: every value upper-cased, then as exact text, so
"01" is not "1" and "0" is a code of its own (ACTIV and ACCOM: no information)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CodeList:
    rule: str
    codes: frozenset[str]
    blank: bool  # may the field be blank?

    def listed(self) -> str:
        return ", ".join(sorted(self.codes))


@dataclass(frozen=True)
class YearLists:
    collection_year: str  # '2023-24'
    note: str  # what changed that year
    fields: dict[tuple[str, str], CodeList]  # (table, column) -> list
    fallback: str = ""  # why another year's lists are used, if they are


def known_years() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.json"))


@cache
def _load(year: str) -> YearLists:
    data = json.loads((HERE / f"{year}.json").read_text(encoding="utf-8"))
    fields = {
        (table, column): CodeList(spec["rule"], frozenset(spec["codes"]), spec["blank"])
        for table, columns in data["codes"].items()
        for column, spec in columns.items()
    }
    return YearLists(data["collection_year"], data["note"], fields)


def collection_year(as_at: date) -> str:
    """The collection year of D: the year whose 31 March is on or after D."""
    start = as_at.year if (as_at.month, as_at.day) > (3, 31) else as_at.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def lists_for(as_at: date) -> YearLists:
    year = collection_year(as_at)
    years = known_years()
    if year in years:
        return _load(year)
    use = years[0] if year < years[0] else years[-1]
    lists = _load(use)
    which = "oldest" if year < years[0] else "newest"
    return YearLists(
        lists.collection_year,
        lists.note,
        lists.fields,
        fallback=f"DfE's code lists for {year} are not kept here; the {which} known year's ({use}) are used.",
    )
