"""A corpus of hostile upload files, made here rather than stored: each is (name,
content, a fragment of the message that refuses it). Used by tests/test_hostile_files.py
and by the benchmark (tools/bench_hostile.py), which prints the time and peak memory
of refusing each."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl

from scorecard.importers.files import column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER_CELLS = "".join(
    f'<c r="{letter}1" t="inlineStr"><is><t>{name}</t></is></c>'
    for letter, name in zip("ABCD", ["ref", "numerator", "denominator", "value"], strict=True)
)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{strings}</Types>"
)
_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx(sheet_data: str, *, dimension: str | None = None, prolog: str = "", shared_strings: str | None = None,
         extra: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
    """A minimal workbook written by hand, so that it can say anything."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">{dim}<sheetData>{sheet_data}</sheetData></worksheet>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml", _CONTENT_TYPES.format(strings=_STRINGS_TYPE if shared_strings is not None else "")
        )
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _far_cell(dimension: bool) -> bytes:
    return xlsx(
        f'<row r="1">{HEADER_CELLS}</row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        dimension="A1:XFD1048576" if dimension else None,
    )


def _wide_row(cells: int, varied: bool = False) -> bytes:
    """One row of `cells` cells: all alike (compressing a thousandfold) or each its own
    number, so that the zip looks ordinary and only streaming the sheet finds it out."""
    row = "".join(f"<c><v>{(i * 7919) % 100003 if varied else 1}</v></c>" for i in range(cells))
    return xlsx(f'<row r="1">{HEADER_CELLS}</row><row r="2">{row}</row>')


def _many_rows(rows: int, varied: bool = False) -> bytes:
    cells = "".join(f"<row><c><v>{(i * 7919) % 100003 if varied else 1}</v></c></row>" for i in range(rows))
    return xlsx(f'<row r="1">{HEADER_CELLS}</row>' + cells)


def _laughs(where: str) -> bytes:
    dtd = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10)
    ) + "]>"  # fmt: skip
    if where == "sheet":
        return xlsx(
            f'<row r="1">{HEADER_CELLS}</row><row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
            prolog=dtd,
        )
    strings = f'<?xml version="1.0"?>{dtd}<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
    return xlsx(f'<row r="1">{HEADER_CELLS}</row>', shared_strings=strings)


def _external_entity() -> bytes:
    prolog = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return xlsx(f'<row r="1">{HEADER_CELLS}</row><row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>', prolog=prolog)  # fmt: skip


def _formula() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ref", "indicator", "unit", "numerator", "denominator", "value", "status", "commentary"])
    sheet.append([9, "", "", 92, 112])
    sheet.append([10, "", "", 5, 10])
    sheet.append([1, "", "", "=2+1", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _merged_cells(count: int) -> bytes:
    """Nothing beyond the caps in the cells, but a flood of elements after them."""
    merges = "".join(f'<mergeCell ref="A{i}:B{i}"/>' for i in range(count))
    return xlsx(f'<row r="1">{HEADER_CELLS}</row></sheetData><mergeCells>{merges}</mergeCells><sheetData>')


def _zip_bomb() -> bytes:
    return xlsx(f'<row r="1">{HEADER_CELLS}</row>', extra={"xl/media/zeros.bin": b"\0" * (100 * 1024 * 1024)})


def _many_parts() -> bytes:
    return xlsx(f'<row r="1">{HEADER_CELLS}</row>', extra={f"xl/junk/{i}.xml": b"<a/>" for i in range(2000)})


def _many_strings() -> bytes:
    strings = f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{i}</t></si>" for i in range(60_000)) + "</sst>"
    return xlsx(f'<row r="1">{HEADER_CELLS}</row>', shared_strings=strings)


def _long_cell_xlsx() -> bytes:
    return xlsx(f'<row r="1">{HEADER_CELLS}</row><row r="2"><c r="B2" t="inlineStr"><is><t>{"9" * 10_000}</t></is></c></row>')  # fmt: skip


def _varied(i: int) -> str:
    """A short text of its own for each i, so that the zip looks ordinary."""
    return f"{(i * 7919) % 100003:05x}"


def _rich_text_runs(runs: int) -> bytes:
    """One shared string of many runs of formatting: openpyxl parses each run slowly."""
    text = "".join(f"<r><t>{_varied(i)}</t></r>" for i in range(runs))
    return xlsx(
        f'<row r="1">{HEADER_CELLS}</row><row r="2"><c r="A2" t="s"><v>0</v></c></row>',
        shared_strings=f'<sst xmlns="{MAIN}"><si>{text}</si></sst>',
    )


def _replaced(content: bytes, part: str, text: str) -> bytes:
    """The workbook with one part's XML replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            if name != part:
                archive.writestr(name, source.read(name))
        archive.writestr(part, text)
    return buffer.getvalue()


def _defined_names(count: int) -> bytes:
    names = "".join(f'<definedName name="n{_varied(i)}{i}">Sheet1!$A$1</definedName>' for i in range(count))
    workbook = _WORKBOOK.replace("</workbook>", f"<definedNames>{names}</definedNames></workbook>")
    return _replaced(xlsx(f'<row r="1">{HEADER_CELLS}</row>'), "xl/workbook.xml", workbook)


def _content_types(count: int) -> bytes:
    parts = "".join(
        f'<Override PartName="/xl/x{_varied(i)}{i}.xml" ContentType="application/xml"/>' for i in range(count)
    )
    types = _CONTENT_TYPES.format(strings=parts)
    return _replaced(xlsx(f'<row r="1">{HEADER_CELLS}</row>'), "[Content_Types].xml", types)


def _empty_formatted_cells(rows: int, per_row: int) -> bytes:
    """Cells with nothing in them but a style, beyond the columns read: openpyxl still parses each."""
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{column_letter(60 + (r * c) % 900)}{r}" s="{(r + c) % 7}"/>'
                                   for c in range(per_row)) + "</row>"
        for r in range(2, rows + 2)
    )  # fmt: skip
    return xlsx(f'<row r="1">{HEADER_CELLS}</row>{body}')


def _strings_elsewhere(count: int) -> bytes:
    """Shared strings in a part of another name, found through the content types as openpyxl finds them."""
    strings = f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{_varied(i)}</t></si>" for i in range(count)) + "</sst>"
    content = xlsx(f'<row r="1">{HEADER_CELLS}</row><row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    types = _CONTENT_TYPES.format(strings=_STRINGS_TYPE.replace("sharedStrings.xml", "words.xml"))
    return _replaced(_replaced(content, "[Content_Types].xml", types), "xl/words.xml", strings)


_CHARTSHEET_FIRST = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Chart1" sheetId="2" r:id="rId2"/><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_CHARTSHEET_RELS = _WORKBOOK_RELS.replace(
    "</Relationships>",
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" '
    'Target="chartsheets/sheet1.xml"/></Relationships>',
)


def _chartsheet_first(with_rels: bool) -> bytes:
    """A chart sheet first: openpyxl's first worksheet is then the second sheet listed. Without
    the chart sheet's relationships openpyxl fails (AttributeError); with them, it reads the worksheet."""
    formula = '<c r="B2"><f>2+1</f><v>3</v></c>' if with_rels else ""
    sheet = f'<row r="1">{HEADER_CELLS}</row><row r="2"><c r="A2"><v>9</v></c>{formula}</row>'
    content = _replaced(xlsx(sheet), "xl/workbook.xml", _CHARTSHEET_FIRST)
    content = _replaced(content, "xl/_rels/workbook.xml.rels", _CHARTSHEET_RELS)
    chartsheet = f'<chartsheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>'
    content = _replaced(content, "xl/chartsheets/sheet1.xml", chartsheet)
    if with_rels:
        empty = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
        content = _replaced(content, "xl/chartsheets/_rels/sheet1.xml.rels", empty)
    return content


def _utf16_sheet() -> bytes:
    """The sheet's XML in UTF-16 with no byte-order mark, so '<!DOCTYPE' is not in its bytes."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><worksheet xmlns="{MAIN}">'
        f'<sheetData><row r="1">{HEADER_CELLS}</row></sheetData></worksheet>'
    )
    return _replaced(xlsx(""), "xl/worksheets/sheet1.xml", sheet.encode("utf-16-le"))


def _not_a_zip() -> bytes:
    return b"PK\x03\x04" + b"\x00garbage" * 1000


HEADER_CSV = "ref,indicator,unit,numerator,denominator,value,status,commentary\n"
# (name, make the file, a fragment of the message that refuses it)
CORPUS: list[tuple[str, Callable[[], bytes], str]] = [
    ("xlsx: one cell at XFD1048576, dimension declared", lambda: _far_cell(True), "used as far as cell XFD1048576"),
    (
        "xlsx: one cell at XFD1048576, no dimension",
        lambda: _far_cell(False),
        "Row 1048576, column XFD has something in it",
    ),
    ("xlsx: a row of 1,000,000 cells", lambda: _wide_row(1_000_000), "expands to"),
    ("xlsx: a row of 200,000 cells", lambda: _wide_row(200_000), "zip bomb"),
    ("xlsx: a row of 200,000 different numbers", lambda: _wide_row(200_000, True), "Row 2, column AY has something"),
    ("xlsx: 200,000 rows", lambda: _many_rows(200_000), "zip bomb"),
    ("xlsx: 200,000 rows of different numbers", lambda: _many_rows(200_000, True), "more than 500 rows"),
    ("xlsx: 110,000 merged ranges", lambda: _merged_cells(110_000), "cells, rows or other parts"),
    ("xlsx: malformed sheet XML", lambda: xlsx('<row r="1"><c r="A1"><v>1</c></row>'), "not well formed"),
    ("xlsx: billion laughs in the sheet", lambda: _laughs("sheet"), "not allowed or not well formed"),
    ("xlsx: billion laughs in the shared strings", lambda: _laughs("strings"), "not allowed or not well formed"),
    ("xlsx: external entity", _external_entity, "not allowed or not well formed"),
    ("xlsx: zip bomb (100 MB of zeros)", _zip_bomb, "zip bomb"),
    ("xlsx: 2,000 parts", _many_parts, "parts; a workbook"),
    ("xlsx: 60,000 shared strings", _many_strings, "pieces of text"),
    ("xlsx: one string of 100,000 runs of rich text", lambda: _rich_text_runs(100_000), "runs of formatting"),
    ("xlsx: 120,000 defined names", lambda: _defined_names(120_000), "formatting, names or other settings"),
    ("xlsx: 90,000 content types", lambda: _content_types(90_000), "formatting, names or other settings"),
    ("xlsx: 96,000 empty formatted cells", lambda: _empty_formatted_cells(400, 240), "counting empty cells"),
    ("xlsx: 60,000 shared strings in a part of another name", lambda: _strings_elsewhere(60_000), "pieces of text"),
    ("xlsx: a chart sheet first, its relationships missing", lambda: _chartsheet_first(False), "could not be read"),
    ("xlsx: a UTF-16 sheet with no byte-order mark", _utf16_sheet, "not allowed or not well formed"),
    ("xlsx: not a zip", _not_a_zip, "could not be read"),
    ("xls: an old Excel file", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, "old Excel file"),
    (
        "csv: a header of 200,000 columns",
        lambda: (",".join(f"c{i}" for i in range(200_000)) + "\n").encode(),
        "The header has 200,000 columns",
    ),  # fmt: skip
    ("csv: 1,000,000 rows", lambda: b"ref,numerator,denominator,value\n" + b"1\n" * 1_000_000, "more than 500 rows"),
    ("csv: NUL bytes", lambda: (HEADER_CSV + "9,,,92,112,,,\x00\n").encode(), "not a CSV or Excel"),
    ("csv: UTF-16", lambda: (HEADER_CSV + "9,,,92,112,,,\n").encode("utf-16"), "UTF-16"),
    (
        "csv: neither UTF-8 nor Windows text",
        lambda: (HEADER_CSV + "9,,,92,112,,,").encode() + b"\x81\x8d\n",
        "neither UTF-8 nor Windows",
    ),  # fmt: skip
    (
        "csv: a quotation mark never closed",
        lambda: (HEADER_CSV + '9,,,92,112,,,"' + "x" * 100_000).encode(),
        "never closed",
    ),  # fmt: skip
    (
        "csv: something in column 60",
        lambda: (HEADER_CSV + "9,,,92,112,,," + "," * 52 + "boo\n").encode(),
        "Row 2, column BH has something in it",
    ),  # fmt: skip
]


# Files whose trouble is in single cells: each such cell is a problem named by its row and
# column heading, and the rest of the file is still checked, so every problem is listed.
CELL_CORPUS: list[tuple[str, Callable[[], bytes], str]] = [
    (
        "xlsx: a formula =2+1",
        _formula,
        "Row 4, column D (numerator): The cell holds a formula (=2+1); type in the number or text itself.",
    ),
    ("xlsx: a 10,000-character cell", _long_cell_xlsx, "Row 2, column B (numerator): The cell holds 10,000 characters"),
    (
        "xlsx: a chart sheet first, a formula in the worksheet",
        lambda: _chartsheet_first(True),
        "Row 2, column B (numerator): The cell holds a formula (=2+1)",
    ),
    (
        "csv: a 10,000-character cell",
        lambda: (HEADER_CSV + "9,,,92,112,,," + "x" * 10_000 + "\n").encode(),
        "Row 2, column H (commentary): The cell holds 10,000 characters",
    ),
]


def corpus() -> list[tuple[str, bytes, str]]:
    return [(name, make(), message) for name, make, message in CORPUS + CELL_CORPUS]
