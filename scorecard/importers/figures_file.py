"""A period's figures from an uploaded file: each row checked with the same rules
as the entry page (scorecard.entry.check_entry), each problem by row and column.
No ORM and no HTTP here: callers pass the indicators' entry rows in.
"""

from __future__ import annotations

from collections.abc import Iterable

from scorecard.entry import ENTRY_FIELDS, FINAL, Entry, check_entry
from scorecard.importers.files import Problem, ReadFile, read_table

TEMPLATE_COLUMNS = ["ref", "indicator", "unit", "numerator", "denominator", "value", "status", "commentary"]
REQUIRED_COLUMNS = ["ref", "numerator", "denominator", "value"]


def read_figures_file(name: str, content: bytes) -> ReadFile:
    return read_table(name, content, columns=TEMPLATE_COLUMNS, required=REQUIRED_COLUMNS)


def check_figures_file(read: ReadFile, entry_rows: Iterable) -> tuple[dict[str, tuple[Entry, int]], list[Problem]]:
    """Check every row against its indicator's rules. Returns the entries to save
    (by reference, with the stored version they replace) and every problem found;
    rows left empty of figures change nothing."""
    if read.problems:
        return {}, read.problems
    by_ref = {row.indicator.ref: row for row in entry_rows}
    entries: dict[str, tuple[Entry, int]] = {}
    first_row: dict[str, int] = {}
    problems: list[Problem] = []
    for raw in read.rows:
        number, ref = raw["_row"], raw.get("ref", "").removesuffix(".0")
        ref_problem = ""
        if not ref:
            ref_problem = "Enter the indicator's reference number."
        elif ref not in by_ref:
            ref_problem = f"There is no indicator “{ref}”. The references are {_refs(by_ref)}."
        elif ref in first_row:
            ref_problem = f"Indicator {ref} is already in row {first_row[ref]}."
        if ref_problem:
            problems.append(Problem(ref_problem, number, "ref", read.letters["ref"]))
            continue
        first_row[ref] = number
        row = by_ref[ref]
        entry, errors = check_entry(
            {f: raw.get(f, "") for f in ENTRY_FIELDS},
            row.rules,
            row.previous,
            row.stored,
            decimal_comma=read.decimal_comma,
        )
        if entry is not None and row.stored and row.stored.status == FINAL and entry != row.stored:
            errors = {
                "ref": "This figure is final and locked. Ask an administrator to unlock it, or leave its row as it is."
            }
        problems += [Problem(message, number, column, read.letters.get(column)) for column, message in errors.items()]
        if entry is not None and not entry.is_blank:
            entries[ref] = (entry, row.figure.version if row.figure else 0)
    problems = read.with_cell_problems(problems)
    return ({} if problems else entries), problems


def _refs(by_ref: dict) -> str:
    refs = list(by_ref)
    return ", ".join(refs) if len(refs) <= 5 else f"{refs[0]} to {refs[-1]}"


def template_rows(entry_rows: Iterable) -> list[list[object]]:
    """The template for a period: one row per indicator (in TEMPLATE_COLUMNS order),
    filled with what is stored, so that uploading it unchanged changes nothing.
    Counts and values are numbers, so they are numbers in the xlsx."""
    rows: list[list[object]] = []
    for row in entry_rows:
        stored = row.stored
        rows.append(
            [
                row.indicator.ref,
                row.indicator.short_name,
                row.indicator.get_unit_display(),
                None if stored is None else stored.numerator,
                None if stored is None else stored.denominator,
                None if stored is None or stored.value is None else stored.value.normalize(),
                stored.status if stored else "provisional",
                stored.commentary if stored else "",
            ]
        )
    return rows
