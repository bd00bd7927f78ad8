"""Reading an uploaded CSV or Excel (xlsx) table with pandas: every cell as text,
headings matched whatever their case or order, unknown columns ignored, and every
problem that stops the file being read said in words an officer understands.
Row numbers are the spreadsheet's own (row 1 is the header). No ORM, no HTTP."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import pandas as pd

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500


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


def read_table(name: str, content: bytes, *, columns: list[str], required: list[str]) -> ReadFile:
    """The file's rows as text, keeping the known `columns`, or the problems that stop
    it being read at all (every one of `required` must be there)."""
    if not content.strip():
        return ReadFile(problems=[Problem("The file is empty.")])
    if len(content) > MAX_UPLOAD_BYTES:
        return ReadFile(problems=[Problem(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")])
    try:
        frame = _xlsx_frame(content) if content[:4] == b"PK\x03\x04" else _csv_frame(name, content)
    except _Unreadable as unreadable:
        return ReadFile(problems=[Problem(str(unreadable))])
    return _rows(frame, columns, required)


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


def _rows(frame: pd.DataFrame, columns: list[str], required: list[str]) -> ReadFile:
    if frame.empty:
        return ReadFile(problems=[Problem("The file is empty.")])
    frame = frame.fillna("")  # wholly blank lines come back as NaN whatever the options
    headers = [str(h).strip().lower().replace(" ", "_") for h in frame.iloc[0].tolist()]
    problems = []
    for column in sorted({h for h in headers if h and headers.count(h) > 1}):
        problems.append(Problem(f"The column “{column}” appears more than once.", row=1))
    for column in required:
        if column not in headers:
            problems.append(
                Problem(f"There is no “{column}” column. The template's columns are: {', '.join(columns)}.")
            )
    if problems:
        return ReadFile(problems=problems)
    if len(frame) - 1 > MAX_ROWS:
        return ReadFile(problems=[Problem(f"The file has more than {MAX_ROWS} rows.")])

    wanted = {h: i for i, h in enumerate(headers) if h in columns}
    rows = []
    for number, values in enumerate(frame.iloc[1:].itertuples(index=False), start=2):
        row = {column: str(values[i]).strip() for column, i in wanted.items()}
        if any(row.values()):
            rows.append({**row, "_row": number})
    if not rows:
        return ReadFile(problems=[Problem("The file has a header row but no figures.")])
    return ReadFile(rows=rows, letters={column: _column_letter(i) for column, i in wanted.items()})
