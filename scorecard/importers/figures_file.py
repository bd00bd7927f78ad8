"""Reading a period's figures from an uploaded CSV or Excel (xlsx) file.

pandas reads the cells as text; every cell is then checked with the same rules
as the entry page (scorecard.entry.check_entry). Problems are reported by row
and column as the officer sees them in their spreadsheet (row 1 is the header).
No ORM and no HTTP here: callers pass the indicators' entry rows in.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from scorecard.entry import ENTRY_FIELDS, FINAL, Entry, check_entry

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
TEMPLATE_COLUMNS = ["ref", "indicator", "unit", "numerator", "denominator", "value", "status", "commentary"]
REQUIRED_COLUMNS = ["ref", "numerator", "denominator", "value"]


@dataclass(frozen=True)
class Problem:
    message: str
    row: int | None = None  # the spreadsheet's row number; the header is row 1
    column: str | None = None  # the column's heading, e.g. 'numerator'
    letter: str | None = None  # where it is in this file, e.g. 'D'

    def __str__(self) -> str:
        where = [f"Row {self.row}"] if self.row is not None else []
        if self.column is not None:
            where.append(f"column {self.letter} ({self.column})" if self.letter else f"column “{self.column}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ReadFile:
    rows: list[dict[str, str]] = field(default_factory=list)  # each with its '_row' number
    problems: list[Problem] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column heading -> spreadsheet letter


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_figures_file(name: str, content: bytes) -> ReadFile:
    """The file's rows as text, or the problems that stop it being read at all."""
    if not content.strip():
        return ReadFile(problems=[Problem("The file is empty.")])
    if len(content) > MAX_UPLOAD_BYTES:
        return ReadFile(problems=[Problem(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")])
    try:
        frame = _xlsx_frame(content) if content[:4] == b"PK\x03\x04" else _csv_frame(name, content)
    except _Unreadable as unreadable:
        return ReadFile(problems=[Problem(str(unreadable))])
    return _rows(frame)


class _Unreadable(Exception):
    pass


def _xlsx_frame(content: bytes) -> pd.DataFrame:
    try:
        return pd.read_excel(io.BytesIO(content), dtype=str, keep_default_na=False, header=None, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise _Unreadable("This Excel file could not be read: it may be damaged or protected by a password.") from error


def _csv_frame(name: str, content: bytes) -> pd.DataFrame:
    if b"\x00" in content[:4096]:
        raise _Unreadable("This is not a CSV or Excel (xlsx) file. Download the template and fill that in.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        return pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, header=None, sep=delimiter, engine="python",
            skip_blank_lines=False,
        )  # fmt: skip
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as error:
        raise _Unreadable(f"This CSV file could not be read ({error}).") from error


def _rows(frame: pd.DataFrame) -> ReadFile:
    if frame.empty:
        return ReadFile(problems=[Problem("The file is empty.")])
    frame = frame.fillna("")  # wholly blank lines come back as NaN whatever the options
    headers = [str(h).strip().lower().replace(" ", "_") for h in frame.iloc[0].tolist()]
    problems = []
    for column in sorted({h for h in headers if h and headers.count(h) > 1}):
        problems.append(Problem(f"The column “{column}” appears more than once.", row=1))
    for column in REQUIRED_COLUMNS:
        if column not in headers:
            problems.append(
                Problem(f"There is no “{column}” column. The template's columns are: {', '.join(TEMPLATE_COLUMNS)}.")
            )
    if problems:
        return ReadFile(problems=problems)
    if len(frame) - 1 > MAX_ROWS:
        return ReadFile(problems=[Problem(f"The file has more than {MAX_ROWS} rows.")])

    wanted = {h: i for i, h in enumerate(headers) if h in TEMPLATE_COLUMNS}
    rows = []
    for number, values in enumerate(frame.iloc[1:].itertuples(index=False), start=2):
        row = {column: str(values[i]).strip() for column, i in wanted.items()}
        if any(row.values()):
            rows.append({**row, "_row": number})
    if not rows:
        return ReadFile(problems=[Problem("The file has a header row but no figures.")])
    return ReadFile(rows=rows, letters={column: _column_letter(i) for column, i in wanted.items()})


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
        entry, errors = check_entry({f: raw.get(f, "") for f in ENTRY_FIELDS}, row.rules, row.previous, row.stored)
        if entry is not None and row.stored and row.stored.status == FINAL and entry != row.stored:
            errors = {
                "ref": "This figure is final and locked. Ask an administrator to unlock it, or leave its row as it is."
            }
        problems += [Problem(message, number, column, read.letters.get(column)) for column, message in errors.items()]
        if entry is not None and not entry.is_blank:
            entries[ref] = (entry, row.figure.version if row.figure else 0)
    return ({} if problems else entries), problems


def _refs(by_ref: dict) -> str:
    refs = list(by_ref)
    return ", ".join(refs) if len(refs) <= 5 else f"{refs[0]} to {refs[-1]}"


def template_frame(entry_rows: Iterable) -> pd.DataFrame:
    """The template for a period: one row per indicator, filled with what is stored,
    so that uploading it unchanged changes nothing."""
    records = []
    for row in entry_rows:
        stored = row.stored
        records.append(
            {
                "ref": row.indicator.ref,
                "indicator": row.indicator.short_name,
                "unit": row.indicator.get_unit_display(),
                "numerator": "" if stored is None or stored.numerator is None else stored.numerator,
                "denominator": "" if stored is None or stored.denominator is None else stored.denominator,
                "value": "" if stored is None or stored.value is None else f"{stored.value.normalize():f}",
                "status": stored.status if stored else "provisional",
                "commentary": stored.commentary if stored else "",
            }
        )
    return pd.DataFrame.from_records(records, columns=TEMPLATE_COLUMNS)
