"""Comparator averages from an uploaded file (statistical neighbours, England, ...):
one row per indicator, comparator and year, with a value or a status. Reads DfE's
symbols: 'z' not applicable; 'x' and 'c' not published; 'k' (rounds to zero) as 0.
No ORM and no HTTP: callers pass what the rows are checked against."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scorecard.entry import parse_number
from scorecard.importers.files import Problem, ReadFile, read_table

COLUMNS = ["ref", "indicator", "comparator", "year", "value", "status"]
REQUIRED = ["ref", "comparator", "year", "value"]
PUBLISHED, NOT_PUBLISHED, NOT_APPLICABLE = "published", "not_published", "not_applicable"
_STATUSES = {
    "": None, "published": PUBLISHED, "not published": NOT_PUBLISHED, "not_published": NOT_PUBLISHED,
    "not applicable": NOT_APPLICABLE, "not_applicable": NOT_APPLICABLE, "n/a": NOT_APPLICABLE,
}  # fmt: skip
_SYMBOLS = {"z": NOT_APPLICABLE, "x": NOT_PUBLISHED, "c": NOT_PUBLISHED}
_YEAR = re.compile(r"^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$")


@dataclass(frozen=True)
class AverageEntry:
    ref: str
    comparator: str  # the comparator's name as stored
    year: int
    value: Decimal | None
    status: str


def read_comparator_file(name: str, content: bytes) -> ReadFile:
    return read_table(name, content, columns=COLUMNS, required=REQUIRED)


def parse_year(text: str) -> int | None:
    """'2021', '2021/22', '2021-22' or '2021-2022' -> 2021."""
    match = _YEAR.match(text.strip())
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    if end and int(end) % 100 != (start + 1) % 100:
        return None
    return start if 2000 <= start <= 2100 else None


def check_comparator_file(
    read: ReadFile, *, units: Mapping[str, str], comparators: Mapping[str, str]
) -> tuple[list[AverageEntry], list[Problem]]:
    """`units` maps indicator references to units; `comparators` maps every accepted
    spelling (lower case: name or short name) to the comparator's name."""
    if read.problems:
        return [], read.problems
    entries: list[AverageEntry] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, int], int] = {}

    def problem(message: str, row: int, column: str) -> None:
        problems.append(Problem(message, row, column, read.letters.get(column)))

    for raw in read.rows:
        row = raw["_row"]
        ref = raw.get("ref", "").removesuffix(".0")
        comparator = comparators.get(raw.get("comparator", "").strip().lower())
        year = parse_year(raw.get("year", ""))
        if ref not in units:
            problem(f"There is no indicator “{ref}”." if ref else "Enter the indicator's reference number.", row, "ref")
        if comparator is None:
            names = sorted(set(comparators.values()))
            problem(f"Enter a comparator this product knows: {', '.join(names)}.", row, "comparator")
        if year is None:
            problem("Enter the year like 2021/22.", row, "year")
        value, status, message = _value_and_status(
            raw.get("value", ""), raw.get("status", ""), units.get(ref), decimal_comma=read.decimal_comma
        )
        if message:
            problem(message, row, "status" if status == "?" else "value")
        if ref not in units or comparator is None or year is None or message:
            continue
        key = (ref, comparator, year)
        if key in seen:
            problem(f"Indicator {ref}, {comparator}, {year} is already in row {seen[key]}.", row, "ref")
            continue
        seen[key] = row
        entries.append(AverageEntry(ref, comparator, year, value, status))
    problems = read.with_cell_problems(problems)
    return ([] if problems else entries), problems


def _value_and_status(
    value_text: str, status_text: str, unit: str | None, *, decimal_comma: bool = False
) -> tuple[Decimal | None, str, str]:
    """(value, status, problem); a status of '?' means the status itself is the problem."""
    text = value_text.strip()
    status = _STATUSES.get(status_text.strip().lower(), "?")
    if status == "?":
        return None, "?", "Choose published, not published or not applicable."
    if text.lower() in _SYMBOLS:
        symbol_status = _SYMBOLS[text.lower()]
        if status not in (None, symbol_status):
            meaning = symbol_status.replace("_", " ")
            return None, "", f"The value “{text}” means {meaning}, but the status says otherwise."
        return None, symbol_status, ""
    if text.lower() == "k":
        text = "0"
    if not text:
        if status in (NOT_PUBLISHED, NOT_APPLICABLE):
            return None, status, ""
        return None, "", "Enter the average, or a status of not published or not applicable."
    if status in (NOT_PUBLISHED, NOT_APPLICABLE):
        return None, "", "An average that is not published or not applicable has no value: leave it empty."
    number, why = parse_number(text, decimal_comma=decimal_comma)
    if number is None:
        return None, "", why if "," in text else "Enter the average as a number, like 75.0."
    if number < 0:
        return None, "", "Enter the average as a number of 0 or more, like 75.0."
    if unit == "percentage" and number > 100:
        return None, "", "A percentage cannot be more than 100."
    if number >= Decimal("100000000"):
        return None, "", "The average is too large."
    return number, PUBLISHED, ""
