"""Reading an uploaded CSV or Excel (xlsx) table: every cell as text, headings matched
whatever their case or order, unknown columns ignored, and every problem that stops the
file being read said in words an officer understands. Row numbers are the
spreadsheet's own (row 1 is the header). No ORM, no HTTP.

The file is bounded before anything is built from it, so that no file, however made,
can hold a worker or grow it: the size first; for an xlsx the zip's entries (count,
uncompressed sizes, compression ratio) before it is opened, then every XML part
streamed (no DTD, so no entity or external reference, is ever read), stopping at the
first cell beyond MAX_COLUMNS or row beyond MAX_ROWS + 1, and at caps
on what openpyxl would then parse slowly (cells, shared strings and their runs of rich
text, styles and names); for a CSV the csv module with a field-size limit, stopping at
the same caps. Only the bounded table is handed to pandas.

A formula, or a cell longer than MAX_CELL_CHARS, is trouble in one cell, not in the file:
it is noted (a formula is never read as its cached value) and named by its row and column
heading once the header is known, and the rest of the file is still checked, so that
every problem is listed at once.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from xml.etree.ElementTree import ParseError, XMLPullParser

import openpyxl
import pandas as pd
from defusedxml import DefusedXmlException

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500  # below the header
MAX_COLUMNS = 50
MAX_CELL_CHARS = 5000  # as long as a commentary may be
MAX_XLSX_ENTRIES = 100  # a workbook of one sheet has about 10
MAX_XLSX_UNCOMPRESSED = 8 * 1024 * 1024  # every entry together
MAX_XLSX_RATIO = 100  # uncompressed / compressed, for entries over 1 MB uncompressed
# Elements streamed here, every part together, before giving up: 500 x 50 cells of text make
# 50,000 to 75,000 in the sheet, and as many again in the shared strings.
MAX_XML_ELEMENTS = 120_000
# What openpyxl then parses, at a few microseconds an element, capped so that no file holds
# a worker for long: the first sheet's cells in the rows read (500 x 50 make 25,050) and its
# elements, the shared strings' elements (text and runs of rich text), and everything else
# (styles, defined names, properties, content types: a template's are a few hundred).
MAX_CELLS = 30_000
MAX_SHEET_ELEMENTS = 80_000
MAX_STRING_ELEMENTS = 2 * (MAX_ROWS + 1) * MAX_COLUMNS + 10_000
MAX_OTHER_ELEMENTS = 10_000
_CSV_FIELD_LIMIT = 4 * MAX_CELL_CHARS  # longer fields stop the csv module itself
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

DAMAGED = "This Excel file could not be read: it may be damaged or protected by a password."
XML_REFUSED = (
    "This Excel file holds XML that is not allowed or not well formed, so it was not read. "
    "Save it again from Excel as .xlsx, or use the template."
)
NOT_A_TABLE = "This is not a CSV or Excel (xlsx) file. Download the template and fill that in."


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
        elif self.letter is not None:
            where.append(f"column {self.letter}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ReadFile:
    rows: list[dict[str, str]] = field(default_factory=list)  # each with its '_row' number
    problems: list[Problem] = field(default_factory=list)  # the file cannot be checked row by row
    cell_problems: list[Problem] = field(default_factory=list)  # single cells: the rows are still checked
    letters: dict[str, str] = field(default_factory=dict)  # column heading -> spreadsheet letter
    decimal_comma: bool = False  # a semicolon-separated CSV: 30,3 means 30.3

    def cell_problems_in(self, row: int) -> list[Problem]:
        return [p for p in self.cell_problems if p.row == row]

    def with_cell_problems(self, problems: list[Problem]) -> list[Problem]:
        """A check's problems with the cells' own, in row order: a cell's own problem
        stands for it, so a check's problem with the same cell is left out."""
        spoiled = {(p.row, p.column) for p in self.cell_problems}
        kept = [p for p in problems if (p.row, p.column) not in spoiled]
        return sorted(self.cell_problems + kept, key=lambda p: p.row or 0)


class Unreadable(Exception):
    """The file cannot be read at all; the message says why, for the officer."""


@dataclass(frozen=True)
class CellTrouble:
    """A cell that is not read as it stands (a formula, an overlong text), at its place in the file."""

    row: int  # the spreadsheet's row number
    column: int  # from 0
    what: str  # 'formula' or 'length'
    detail: str  # the formula's text, or the number of characters

    def message(self) -> str:
        if self.what == "formula":
            shown = f" (={self.detail[:40]})" if self.detail else ""
            if self.row == 1:
                return f"The heading holds a formula{shown}; type the heading itself."
            return f"The cell holds a formula{shown}; type in the number or text itself."
        return f"The cell holds {int(self.detail):,} characters; a cell may hold at most {MAX_CELL_CHARS:,}."

    def unreadable(self) -> Unreadable:
        return Unreadable(f"Row {self.row}, column {column_letter(self.column)}: {self.message()}")


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def read_table(name: str, content: bytes, *, columns: list[str], required: list[str]) -> ReadFile:
    """The file's rows as text, keeping the known `columns`, or the problems that stop
    it being read at all (every one of `required` must be there)."""
    troubles: list[CellTrouble] = []
    try:
        table, decimal_comma = read_bounded(content, troubles=troubles)
    except Unreadable as unreadable:
        return ReadFile(problems=[Problem(str(unreadable))])
    width = max((len(row) for row in table), default=0)
    table = [row + [None] * (width - len(row)) for row in table]  # short rows are blank at the end
    in_header = [t for t in troubles if t.row == 1]
    if in_header:  # the headings cannot be matched: nothing below them can be checked
        return ReadFile(problems=[Problem(t.message(), 1, None, column_letter(t.column)) for t in in_header])
    frame = pd.DataFrame(table, dtype=str) if table else pd.DataFrame()
    read = _rows(frame, columns, required, troubled={t.row for t in troubles})
    if not read.problems:
        headings = [_heading(cell) for cell in table[0]]
        read.cell_problems = [
            Problem(t.message(), t.row, headings[t.column] or None, column_letter(t.column)) for t in troubles
        ]
    read.decimal_comma = decimal_comma
    return read


def read_bounded(content: bytes, *, troubles: list[CellTrouble] | None = None) -> tuple[list[list[str]], bool]:
    """The table as rows of text, at most MAX_ROWS + 1 rows of MAX_COLUMNS cells, and
    whether numbers may have a decimal comma; or Unreadable saying why not. A cell that
    cannot be read as it stands is added to `troubles` (a formula as '=' and its text,
    an overlong cell as blank) where a list is given; otherwise it makes the file Unreadable."""
    if not content.strip():
        raise Unreadable("The file is empty.")
    if len(content) > MAX_UPLOAD_BYTES:
        raise Unreadable(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    noted: list[CellTrouble] = []
    if content[:4] == b"PK\x03\x04":
        table, decimal_comma = _xlsx_table(content, noted), False
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise Unreadable("This is an old Excel file (.xls). Save it as Excel Workbook (.xlsx) or CSV UTF-8.")
    else:
        table, decimal_comma = _csv_table(content, noted)
    if noted and troubles is None:
        raise min(noted, key=lambda t: (t.row, t.column)).unreadable()
    if troubles is not None:
        troubles.extend(sorted(noted, key=lambda t: (t.row, t.column)))
    return table, decimal_comma


def _heading(cell: object) -> str:
    """A column's heading as the checks name it: 'Numerator ' -> 'numerator'."""
    return str(cell or "").strip().lower().replace(" ", "_")


# --- xlsx ---------------------------------------------------------------------------


def _xlsx_table(content: bytes, troubles: list[CellTrouble]) -> list[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        _check_zip(archive)
        formulas: dict[str, dict[tuple[int, int], str]] = {}  # by sheet part, then (row, column)
        _check_parts(archive, formulas)  # before openpyxl reads a byte of any of them
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            table = []
            for row in sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True):
                table.append([_cell_text(value) for value in row])
                _check_lengths(table[-1], len(table), troubles)
            # A formula is read as written, never as the value Excel last worked out for it.
            for (row_number, column), text in formulas.get(sheet._worksheet_path, {}).items():
                if row_number <= len(table):
                    cells = table[row_number - 1]
                    cells.extend([""] * (column + 1 - len(cells)))
                    cells[column] = f"={text}"
                    troubles.append(CellTrouble(row_number, column, "formula", text))
            return table
        finally:
            workbook.close()
    except Unreadable:
        raise
    except (DefusedXmlException, ParseError) as error:
        raise Unreadable(XML_REFUSED) from error
    except Exception as error:  # noqa: BLE001 - openpyxl fails in many ways on a damaged file; none is a server error
        raise Unreadable(DAMAGED) from error


def _check_zip(archive: zipfile.ZipFile) -> None:
    """Before opening anything: a handful of entries, none a zip bomb."""
    entries = archive.infolist()
    if len(entries) > MAX_XLSX_ENTRIES:
        raise Unreadable(f"This Excel file has {len(entries):,} parts; a workbook of one sheet has about 10.")
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_XLSX_RATIO * max(entry.compress_size, 1):
            raise Unreadable("This Excel file expands to far more than it holds (a “zip bomb”), so it was not opened.")
    if total > MAX_XLSX_UNCOMPRESSED:
        raise Unreadable(
            f"This Excel file expands to {total / 1024 / 1024:,.1f} MB; at most "
            f"{MAX_XLSX_UNCOMPRESSED // (1024 * 1024)} MB is read. Copy the figures into the template."
        )


@dataclass
class _Budget:
    """What the whole workbook has used of each cap, every part together."""

    streamed: int = 0  # elements streamed here (MAX_XML_ELEMENTS)
    cells: int = 0  # cells in the rows openpyxl reads (MAX_CELLS)
    sheet: int = 0  # elements of sheets that openpyxl parses (MAX_SHEET_ELEMENTS)
    strings: int = 0  # shared strings (MAX_SHARED_STRINGS)
    string_elements: int = 0  # elements of shared strings, runs of rich text among them
    other: int = 0  # elements of every other part (MAX_OTHER_ELEMENTS)

    def count(self, what: str, cap: int, message: str) -> None:
        used = getattr(self, what) + 1
        setattr(self, what, used)
        if used > cap:
            raise Unreadable(message)


_TOO_MANY_PARTS = (
    f"This Excel file has more than {MAX_XML_ELEMENTS:,} cells, rows or other parts in it; "
    "the template has a few thousand. Copy the figures into the template."
)
_TOO_MANY_SHEET_PARTS = (
    f"This sheet has more than {MAX_SHEET_ELEMENTS:,} cells, rows or other parts in it; "
    "the template has a few thousand. Copy the figures into the template."
)
_TOO_MANY_CELLS = (
    f"The first {MAX_ROWS + 1} rows have more than {MAX_CELLS:,} cells, counting empty cells "
    "with formatting; the template has a few hundred. Copy the figures into the template."
)
_TOO_MUCH_FORMATTING = (
    "This Excel file holds far more formatting, names or other settings than the template "
    "(over {cap:,} parts of them). Copy the figures into the template, or save it as CSV."
)


def _check_parts(archive: zipfile.ZipFile, formulas: dict[str, dict[tuple[int, int], str]]) -> None:
    """Stream every XML part of the workbook, whatever it is called and however it is
    linked (openpyxl finds parts through the content types and relationships, which a
    file may make say anything), against caps shared by the whole workbook: openpyxl
    parses the first worksheet up to its row MAX_ROWS + 2, every shared string and every
    other part (styles, names, properties, content types) in full, at a few microseconds
    an element, so each of those is capped by what it costs there. Each sheet's formulas
    in the rows and columns read are noted in `formulas`, by part and (row, column)."""
    budget = _Budget()
    for entry in archive.infolist():
        if entry.is_dir() or not _looks_like_xml(archive, entry):
            continue
        try:
            _check_part(archive, entry.filename, budget, formulas)
        except ParseError:
            if entry.filename.lower().endswith((".xml", ".rels")):
                raise
            # Not XML after all (Excel's legacy drawings for notes need not be well formed):
            # openpyxl reads such a part only if the workbook names it as one of its own, and
            # then fails on it in the same way, cheaply.


def _check_part(
    archive: zipfile.ZipFile, path: str, budget: _Budget, formulas: dict[str, dict[tuple[int, int], str]]
) -> None:
    root = _root_tag(archive, path)
    if root in (f"{_MAIN}worksheet", f"{_MAIN}dialogsheet"):
        _check_sheet(archive, path, budget, formulas.setdefault(path, {}))
    elif root == f"{_MAIN}sst":
        _check_shared_strings(archive, path, budget)
    else:
        for _event, element in _elements(archive, path):
            budget.count("streamed", MAX_XML_ELEMENTS, _TOO_MANY_PARTS)
            budget.count("other", MAX_OTHER_ELEMENTS, _TOO_MUCH_FORMATTING.format(cap=MAX_OTHER_ELEMENTS))
            element.clear()


def _looks_like_xml(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """XML parts, and anything a parser might read as XML; not images or printer settings."""
    if entry.filename.lower().endswith((".xml", ".rels")):
        return True
    with archive.open(entry) as source:
        head = source.read(64)
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<") or head[:2] in (
        b"\xff\xfe",
        b"\xfe\xff",
        b"\x00<",
    )


def _root_tag(archive: zipfile.ZipFile, path: str) -> str:
    for _event, element in _elements(archive, path, events=("start",)):
        return element.tag
    return ""


def _elements(archive: zipfile.ZipFile, path: str, events: tuple[str, ...] = ("end",)):
    """Stream (event, element) from one part, elements cleared by the caller as they end.

    ElementTree's C parser (fast: a full template's sheet streams in milliseconds), with
    any DTD refused outright: without one there is no entity to expand (billion laughs)
    and no external reference to follow; and only UTF-8, as Excel writes, so that the
    check for a DTD cannot be dodged by another encoding. defusedxml, slower, guards
    openpyxl's own parse of what passes."""
    parser = XMLPullParser(events=events)
    tail = b""
    with archive.open(path) as source:
        while chunk := source.read(65536):
            window = tail + chunk
            if (
                b"<!DOCTYPE" in window
                or b"<!ENTITY" in window
                or (not tail and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]))
            ):
                raise Unreadable(XML_REFUSED)
            tail = window[-16:]
            parser.feed(chunk)
            yield from parser.read_events()
    parser.close()
    yield from parser.read_events()


def _check_shared_strings(archive: zipfile.ZipFile, path: str, budget: _Budget) -> None:
    """openpyxl reads every shared string at once, each run of rich text slowly: count them first."""
    allowed = (MAX_ROWS + 1) * MAX_COLUMNS
    too_many = f"This Excel file holds more than {allowed:,} pieces of text; the template has far fewer."
    formatted = (
        f"This Excel file's text has more than {MAX_STRING_ELEMENTS:,} pieces and runs of formatting in it; "
        "the template has far fewer. Copy the figures into the template."
    )
    for _event, element in _elements(archive, path):
        budget.count("streamed", MAX_XML_ELEMENTS, _TOO_MANY_PARTS)
        budget.count("string_elements", MAX_STRING_ELEMENTS, formatted)
        if element.tag == f"{_MAIN}si":
            budget.count("strings", allowed, too_many)
            element.clear()


def _check_sheet(archive: zipfile.ZipFile, path: str, budget: _Budget, formulas: dict[tuple[int, int], str]) -> None:
    """Stream a sheet's XML: note each formula (by row and column), stop at a cell with
    something in it (a formula counts) beyond the last column or row read, and after
    MAX_XML_ELEMENTS elements, so a sheet 'used'
    to XFD1048576 costs no more than a small one. The <dimension> a file declares may be
    absent or lie, so it is checked but not relied on. Only end events, and as little as
    possible per element: this loop is the cost of a file. What openpyxl will parse (all
    of it up to the first row beyond the rows read) is capped too: its cells, counting
    empty formatted ones, and its elements. Memory stays bounded: cells are cleared as
    they end, and at most MAX_XML_ELEMENTS elements (about 100 bytes each when cleared)
    are ever made."""
    cell_tag, row_tag, dimension_tag = (f"{_MAIN}{t}" for t in ("c", "row", "dimension"))
    row_number = 0  # the last row that ended
    column = -1  # the last cell of the row being read
    read_by_openpyxl = True  # until the first row beyond the rows read ends
    for _event, element in _elements(archive, path):
        budget.count("streamed", MAX_XML_ELEMENTS, _TOO_MANY_PARTS)
        if read_by_openpyxl:
            budget.count("sheet", MAX_SHEET_ELEMENTS, _TOO_MANY_SHEET_PARTS)
        tag = element.tag
        if tag == cell_tag:
            reference = element.get("r")
            match = _CELL_REF.match(reference) if reference else None
            column = column_index(match.group(1)) if match else column + 1
            cell_row = int(match.group(2)) if match else row_number + 1
            _check_cell(element, cell_row, column, formulas)
            if cell_row <= MAX_ROWS + 1:
                budget.count("cells", MAX_CELLS, _TOO_MANY_CELLS)
            element.clear()
        elif tag == row_tag:
            number = element.get("r", "")
            row_number = int(number) if number.isdigit() else row_number + 1
            column = -1
            if row_number > MAX_ROWS + 1:
                if any(_has_content(cell) for cell in element):
                    raise Unreadable(f"The file has more than {MAX_ROWS} rows.")
                read_by_openpyxl = False
            element.clear()  # an empty shell stays in <sheetData>: at most MAX_XML_ELEMENTS of them
        elif tag == dimension_tag:
            _check_dimension(element.get("ref", ""))


def _check_cell(cell, row_number: int, column: int, formulas: dict[tuple[int, int], str]) -> None:
    formula = cell.find(f"{_MAIN}f")
    if formula is None and not _has_content(cell):
        return  # an empty cell with formatting, wherever it is, holds nothing to read
    if column >= MAX_COLUMNS:
        raise Unreadable(
            f"Row {row_number}, column {column_letter(column)} has something in it; only the first "
            f"{MAX_COLUMNS} columns (A to {column_letter(MAX_COLUMNS - 1)}) are read. Delete what is beyond."
        )
    if row_number > MAX_ROWS + 1:
        raise Unreadable(f"The file has more than {MAX_ROWS} rows.")
    if formula is not None:
        formulas[(row_number, column)] = (formula.text or "").strip()


def _has_content(cell) -> bool:
    return any(child.tag in (f"{_MAIN}v", f"{_MAIN}is") and (child.text or len(child)) for child in cell)


def _check_dimension(ref: str) -> None:
    last = ref.split(":")[-1]
    match = _CELL_REF.match(last)
    if not match:
        return
    if column_index(match.group(1)) >= MAX_COLUMNS * 20 or int(match.group(2)) > (MAX_ROWS + 1) * 20:
        # far beyond anything a template needs; a little beyond may be blank formatted cells
        raise Unreadable(
            f"This sheet says it is used as far as cell {last}; only {MAX_COLUMNS} columns and "
            f"{MAX_ROWS} rows are read. Copy the figures into the template."
        )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# --- CSV ----------------------------------------------------------------------------


def _csv_table(content: bytes, troubles: list[CellTrouble]) -> tuple[list[list[str]], bool]:
    text = _decode(content)
    delimiter = _delimiter(text)
    csv.field_size_limit(_CSV_FIELD_LIMIT)  # process-wide, but nothing else here reads CSV
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[list[str]] = []
    try:
        for row in reader:
            if len(table) > MAX_ROWS:
                raise Unreadable(f"The file has more than {MAX_ROWS} rows.")
            _check_columns(row, len(table) + 1)
            table.append(row[:MAX_COLUMNS])
            _check_lengths(table[-1], len(table), troubles)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise Unreadable(
                f"Line {reader.line_num} has a cell longer than {MAX_CELL_CHARS:,} characters, "
                "or a quotation mark that is never closed."
            ) from error
        raise Unreadable(f"This CSV file could not be read (line {reader.line_num}: {error}).") from error
    return table, delimiter == ";"


def _decode(content: bytes) -> str:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Unreadable("This file is saved as Unicode text (UTF-16). Save it as CSV UTF-8 (comma delimited).")
    if b"\x00" in content:
        raise Unreadable(NOT_A_TABLE)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")  # Excel's "CSV" on Windows
    except UnicodeDecodeError as error:
        raise Unreadable(
            f"The file's text is neither UTF-8 nor Windows text (byte {error.start + 1:,} cannot be read). "
            "Save it as CSV UTF-8 (comma delimited)."
        ) from error


def _delimiter(text: str) -> str:
    """The separator the header line uses most: comma, semicolon (continental Excel) or tab."""
    header = text[: text.find("\n")] if "\n" in text[:65536] else text[:65536]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_columns(row: list[str], row_number: int) -> None:
    if len(row) > MAX_COLUMNS:
        if row_number == 1:
            raise Unreadable(
                f"The header has {len(row):,} columns; at most {MAX_COLUMNS} are read. Use the template's columns."
            )
        beyond = next((i for i in range(MAX_COLUMNS, len(row)) if row[i].strip()), None)
        if beyond is not None:
            raise Unreadable(
                f"Row {row_number}, column {column_letter(beyond)} has something in it; only the first {MAX_COLUMNS} "
                f"columns are read. Delete what is beyond."
            )


def _check_lengths(row: list[str], row_number: int, troubles: list[CellTrouble]) -> None:
    """An overlong cell is noted and read as blank: its row is still checked."""
    for index, cell in enumerate(row[:MAX_COLUMNS]):
        if len(cell) > MAX_CELL_CHARS:
            troubles.append(CellTrouble(row_number, index, "length", str(len(cell))))
            row[index] = ""


# --- the bounded table --------------------------------------------------------------


def _rows(frame: pd.DataFrame, columns: list[str], required: list[str], troubled: set[int]) -> ReadFile:
    """The rows with something in them (or a cell in trouble, read as blank), known columns only."""
    if frame.empty:
        return ReadFile(problems=[Problem("The file is empty.")])
    frame = frame.fillna("")  # short rows come back as None
    headers = [_heading(h) for h in frame.iloc[0].tolist()]
    problems = []
    counts = Counter(h for h in headers if h)
    for column in sorted(h for h, n in counts.items() if n > 1):
        problems.append(Problem(f"The column “{column}” appears more than once.", row=1))
    for column in required:
        if column not in counts:
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
        if any(row.values()) or number in troubled:
            rows.append({**row, "_row": number})
    if not rows:
        return ReadFile(problems=[Problem("The file has a header row but no figures.")])
    return ReadFile(rows=rows, letters={column: column_letter(i) for column, i in wanted.items()})
