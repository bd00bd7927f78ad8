"""Reading the 903 files in memory: each CSV recognised by its header row (DfE's column
names), or one 903 XML file (EXPSSDA903) holding every table. Bytes in, tables of text
out, or the problems that stop a file being read; nothing is written anywhere. No ORM,
no HTTP.

Bounded like scorecard/importers/files.py, with caps sized for an extract rather than a
figures template (whose 500 rows and 2 MB are far too few for 20,000 episodes): the size
first, then the csv module with a field-size limit stopping at MAX_ROWS rows, and for
XML defusedxml with any DTD refused (no entity to expand, no external reference)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from scorecard.importers import files
from ssda903 import tables as t
from ssda903.tables import COLUMNS, EPISODES, HEADER, MISSING, OC2, OC3, REVIEWS, recognise

MAX_FILE_BYTES = 25 * 1024 * 1024  # a large county's 903 tables, several years of episodes, are a few MB
MAX_ROWS = 250_000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 500


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    row: int | None = None  # the file's row (the header is row 1), or the record's number in an XML file
    column: str | None = None
    letter: str | None = None  # the column's letter in a CSV file
    record: str | None = None  # in an XML file: the element, e.g. 'EPISODE'

    def __str__(self) -> str:
        if self.record:
            where = f"{self.record} {self.row}" + (f", {self.column}" if self.column else "")
            return f"{self.file}, {where}: {self.message}"
        return f"{self.file}: {files.Problem(self.message, self.row, self.column, self.letter)}"


@dataclass
class RawTable:
    """One 903 table as read: every cell as stripped text, and where each row came from."""

    table: str
    file: str
    frame: pd.DataFrame  # DfE's columns, plus '_row'
    letters: dict[str, str] = field(default_factory=dict)  # CSV only: column -> letter
    record: str | None = None  # XML only: the element each row came from
    lacking: list[str] = field(default_factory=list)  # DfE's columns the file does not have (read as blank)
    header: list[str] = field(default_factory=list)  # CSV only: the file's own header row, as written

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> Problem:
        return Problem(self.file, message, row, column, self.letters.get(column) if column else None, self.record)


class ReadResult:
    def __init__(self):
        self.tables: list[RawTable] = []
        self.problems: list[Problem] = []


def read_files(named: list[tuple[str, bytes]]) -> ReadResult:
    """Every file given, as (name, content): the tables found, or why not."""
    result = ReadResult()
    for name, content in named:
        try:
            result.tables += read_file(name, content)
        except files.Unreadable as unreadable:
            result.problems.append(Problem(name, str(unreadable)))
    return result


def read_file(name: str, content: bytes) -> list[RawTable]:
    if not content.strip():
        raise files.Unreadable("The file is empty.")
    if len(content) > MAX_FILE_BYTES:
        raise files.Unreadable(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    if content[:4] == b"PK\x03\x04" or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise files.Unreadable("This is an Excel file. Save each 903 table as CSV UTF-8, or give the 903 XML file.")
    if content.lstrip()[:1] == b"<":
        return _xml_tables(name, content)
    return [_csv_table(name, content)]


# --- CSV ------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in content:
        raise files.Unreadable("This file is saved as Unicode text (UTF-16) or is not text. Save it as CSV UTF-8.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # case-management exports on Windows


def _csv_table(name: str, content: bytes) -> RawTable:
    text = _decode(content)
    csv.field_size_limit(4 * MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        if len(header) > MAX_COLUMNS:
            raise files.Unreadable(f"The header has {len(header):,} columns; a 903 table has at most 13.")
        headers = [h.strip().upper() for h in header]
        recognised = recognise(headers)
        table = recognised.table
        if table is None:
            raise files.Unreadable(
                f"This is not a 903 table: its header row ({_quoted(header)}) has too few of any DfE table's "
                f"column names (for episodes: {', '.join(COLUMNS[EPISODES])})."
            )
        repeated = sorted({h for h in headers if h and headers.count(h) > 1})
        if repeated:
            raise files.Unreadable(
                f"The column {_list(repeated)} appears more than once in the header row ({_quoted(header)})."
            )
        wanted = [(headers.index(c), c) for c in COLUMNS[table] if c in headers]
        indexes = [i for i, _ in wanted]
        padding = [""] * len(header)
        rows, numbers = [], []
        for number, row in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                raise files.Unreadable(f"The file has more than {MAX_ROWS:,} rows.")
            if not "".join(row).strip():
                continue
            if len(row) < len(header):
                row += padding[len(row) :]
            cells = [row[i].strip().upper() for i in indexes]  # every value upper-cased, as DfE reads it
            if max(map(len, cells), default=0) > MAX_CELL_CHARS:
                raise files.Unreadable(f"Row {number} has a cell longer than {MAX_CELL_CHARS} characters.")
            rows.append(cells)
            numbers.append(number)
    except csv.Error as error:
        raise files.Unreadable(f"This CSV file could not be read (line {reader.line_num}: {error}).") from error
    frame = pd.DataFrame(rows, columns=[c for _, c in wanted], dtype=str)
    frame = frame.assign(**{c: "" for c in recognised.lacking}, _row=numbers)[[*COLUMNS[table], "_row"]]
    letters = {c: files.column_letter(i) for i, c in wanted}
    return RawTable(table, name, frame, letters, lacking=recognised.lacking, header=header)


def _quoted(header: list[str]) -> str:
    """The file's own header row, as written: “child,decom,rne”."""
    text = ",".join(header)
    return f"“{text if len(text) <= 300 else text[:300] + '…'}”"


def _list(columns: list[str]) -> str:
    quoted = [f"“{c}”" for c in columns]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


# --- XML ------------------------------------------------------------------------------

# DfE's XML: <EXPSSDA903><CHILD><HEADER>…</HEADER><EPISODE>…</EPISODE>…</CHILD>…, the
# child's identifier in HEADER/CHILDID, reviews, missing episodes and OC2 inside HEADER,
# OC3's fields among HEADER's own.
_RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
_NESTED = {
    "EPISODE": EPISODES, "AREVIEW": REVIEWS, "AMISSING": MISSING, "OC2": OC2, "AD_PLACED": t.PLACED_ADOPTION,
    "PERMANENCE": t.PREV_PERM,
}  # fmt: skip
_RECORD = {
    HEADER: "CHILD", EPISODES: "EPISODE", REVIEWS: "AREVIEW", MISSING: "AMISSING", OC2: "OC2", OC3: "CHILD",
    t.UASC: "CHILD", t.AD1: "CHILD", t.PLACED_ADOPTION: "AD_PLACED", t.PREV_PERM: "PERMANENCE",
}  # fmt: skip


def _leaves(element) -> dict[str, str]:
    return {_RENAMED.get(e.tag, e.tag): (e.text or "").strip().upper() for e in element if len(e) == 0}


def _xml_tables(name: str, content: bytes) -> list[RawTable]:
    try:
        root = fromstring(content, forbid_dtd=True)
    except (DefusedXmlException, ParseError) as error:
        raise files.Unreadable(f"This XML file could not be read: {error}.") from error
    if root.tag != "EXPSSDA903":
        raise files.Unreadable(f"This XML file is not a 903 return: its root is <{root.tag}>, not <EXPSSDA903>.")
    rows: dict[str, list[dict[str, str]]] = {table: [] for table in _RECORD}
    for child in root:
        header = next((e for e in child if e.tag == "HEADER"), None)
        if child.tag != "CHILD" or header is None:
            raise files.Unreadable(f"Each child's record must be a <CHILD> with a <HEADER>; found <{child.tag}>.")
        facts = _leaves(header)
        rows[HEADER].append(facts)
        if facts.get("IN_TOUCH"):
            rows[OC3].append(facts)
        if facts.get("UASC"):  # DfE makes a UASC row whenever the element has text, "0" too
            rows[t.UASC].append(facts)
        if facts.get("DATE_INT"):
            rows[t.AD1].append(facts)
        for element in [*child, *header]:
            if element.tag in _NESTED:
                rows[_NESTED[element.tag]].append({**facts, **_leaves(element)})
        if sum(len(r) for r in rows.values()) > MAX_ROWS:
            raise files.Unreadable(f"The file has more than {MAX_ROWS:,} records.")
    tables = []
    for table, found in rows.items():
        if not found:
            continue
        frame = pd.DataFrame(
            [[r.get(c, "") for c in COLUMNS[table]] for r in found], columns=COLUMNS[table], dtype=str
        ).assign(_row=range(1, len(found) + 1))
        tables.append(RawTable(table, name, frame, record=_RECORD[table]))
    return tables
