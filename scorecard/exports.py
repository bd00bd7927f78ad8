"""Every CSV and Excel (xlsx) file the product writes, from one tablib Dataset.

- Text that a spreadsheet would run as a formula (a cell beginning with `=`, `+`, `-`,
  `@`, a tab or a carriage return) is neutralised with a leading `'`, as OWASP advises
  for CSV injection, in CSV and xlsx alike.
- Numbers (int, float, Decimal) stay numbers: plain in CSV, numeric cells in xlsx, so
  an analyst can sum and chart them; negative numbers are numbers, not neutralised text.
- xlsx: a bold, frozen header row, column widths that fit the content, a safe sheet title.
- CSV: UTF-8 with a byte-order mark, so Excel reads accents and symbols right.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import tablib
from django.http import HttpResponse
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_COLUMN_WIDTH = 60
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Cell = str | int | float | Decimal | datetime.date | None


def export_dataset(*, title: str, headers: list[str], rows: list[list[Cell]]) -> tablib.Dataset:
    """The table to write, every text cell already neutralised."""
    dataset = tablib.Dataset(title=sheet_title(title))
    dataset.headers = [neutralise(h) for h in headers]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"A row has {len(row)} cells for {len(headers)} headers.")
        dataset.append([neutralise(cell) for cell in row])
    return dataset


def export_bytes(dataset: tablib.Dataset, file_format: str) -> bytes:
    if file_format == CSV:
        return _csv_bytes(dataset)
    if file_format == XLSX:
        return _xlsx_bytes(dataset)
    raise ValueError(f"Unknown export format {file_format!r}: use one of {', '.join(FORMATS)}.")


def export_response(
    *, title: str, headers: list[str], rows: list[list[Cell]], file_format: str, filename: str
) -> HttpResponse:
    content = export_bytes(export_dataset(title=title, headers=headers, rows=rows), file_format)
    return file_response(content, file_format=file_format, filename=filename)


def file_response(content: bytes, *, file_format: str, filename: str) -> HttpResponse:
    """A written file as a download (for bytes made earlier, such as a cached export)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response


def neutralise(cell: Cell) -> Cell:
    """A text cell a spreadsheet would treat as a formula gets a leading quote;
    numbers, dates and empty cells are returned as they are."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def sheet_title(title: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\,
    not blank and not beginning or ending with an apostrophe."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub("-", title).strip().strip("'")[:31].strip()
    return cleaned or "Sheet1"


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):  # 90.0000 as stored is 90: the places a column is stored with are not data
        text = f"{cell:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell)


def _csv_bytes(dataset: tablib.Dataset) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in dataset.headers])
    for row in dataset:
        writer.writerow([_csv_text(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(dataset: tablib.Dataset) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = dataset.title or "Sheet1"
    widths = [len(str(h)) for h in dataset.headers]
    sheet.append(list(dataset.headers))
    for row in dataset:
        sheet.append(list(row))
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(_csv_text(cell)))
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # belt and braces: neutralise() leaves no text starting '='
                cell.data_type = "s"
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_filename(filename: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "-", filename)
