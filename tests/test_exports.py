"""The one exports module: numbers stay numbers, formulas are neutralised, the xlsx is
usable (widths, frozen bold header, safe title) and the CSV opens right in Excel."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from scorecard.exports import export_bytes, export_dataset, export_response, neutralise, sheet_title

HEADERS = ["ref", "indicator", "numerator", "denominator", "value", "shown", "commentary", "date"]
ROWS = [
    ["9", "Dental checks", 92, 112, Decimal("82.1"), "82.1 (92/112)", '=HYPERLINK("http://x","y")', None],
    ["10", "Change", -3, None, -2.5, "-2.5", "+1 and -1 are signs", datetime.date(2024, 3, 31)],
    ["11", "@SUM(A1)", 0, 1, Decimal("0"), "\tTab", "\rReturn", None],
    ["12", "A" * 200, None, None, None, "", "-", None],
]


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize(
    "cell, written",
    [
        ("=2+1", "'=2+1"), ("+44 20", "'+44 20"), ("-x", "'-x"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
        ("\rx", "'\rx"), ("plain", "plain"), ("", ""), (None, None), (-3, -3), (Decimal("-1.5"), Decimal("-1.5")),
        (2.5, 2.5),
    ],
)  # fmt: skip
def test_neutralise(cell, written):
    assert neutralise(cell) == written


@pytest.mark.parametrize(
    "title, safe",
    [("Q4 2023-24", "Q4 2023-24"), ("2021/22", "2021-22"), ("a[b]:c*d?e/f\\g", "a-b--c-d-e-f-g"), ("x" * 40, "x" * 31),
     ("", "Sheet1"), ("'quoted'", "quoted")],
)  # fmt: skip
def test_sheet_title(title, safe):
    assert sheet_title(title) == safe


def test_xlsx_numbers_are_numbers_and_no_cell_is_a_formula():
    sheet = _sheet(export_bytes(export_dataset(title="Scorecard", headers=HEADERS, rows=ROWS), "xlsx"))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert [c.value for c in sheet[2]][:7] == ["9", "Dental checks", 92, 112, 82.1, "82.1 (92/112)",
                                               "'=HYPERLINK(\"http://x\",\"y\")"]  # fmt: skip
    assert sheet["C2"].data_type == "n" and sheet["E2"].data_type == "n"
    assert sheet["C3"].value == -3 and sheet["E3"].value == -2.5 and sheet["C3"].data_type == "n"
    assert sheet["G3"].value == "'+1 and -1 are signs"
    assert sheet["B4"].value == "'@SUM(A1)" and sheet["F4"].value == "'\tTab"
    assert sheet["G5"].value == "'-"
    assert sheet["H3"].value == datetime.datetime(2024, 3, 31)
    assert sheet["C5"].value is None


def test_xlsx_header_is_bold_and_frozen_and_widths_fit():
    sheet = _sheet(export_bytes(export_dataset(title="Scorecard", headers=HEADERS, rows=ROWS), "xlsx"))
    assert sheet.title == "Scorecard"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.column_dimensions["A"].width == len("ref") + 2
    assert sheet.column_dimensions["B"].width == 60  # 200 characters, capped
    assert sheet.column_dimensions["F"].width == len("82.1 (92/112)") + 2


def test_csv_has_a_bom_plain_numbers_and_neutralised_text():
    content = export_bytes(export_dataset(title="x", headers=HEADERS, rows=ROWS), "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert rows[1] == ["9", "Dental checks", "92", "112", "82.1", "82.1 (92/112)", '\'=HYPERLINK("http://x","y")', ""]
    assert rows[2][2:5] == ["-3", "", "-2.5"] and rows[2][7] == "2024-03-31"
    assert rows[3][1] == "'@SUM(A1)" and rows[3][5] == "'\tTab" and rows[3][6] == "'\rReturn"


def test_response_headers():
    response = export_response(title="t", headers=["a"], rows=[[1]], file_format="csv", filename="a b.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="a-b.csv"'
    xlsx = export_response(title="t", headers=["a"], rows=[[1]], file_format="xlsx", filename="a.xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_unknown_format_and_ragged_rows_are_refused():
    with pytest.raises(ValueError):
        export_bytes(export_dataset(title="t", headers=["a"], rows=[[1]]), "ods")
    with pytest.raises(ValueError):
        export_dataset(title="t", headers=["a", "b"], rows=[[1]])


def test_upload_template_neutralises_commentary_and_writes_numbers(officer_client, deck):
    from scorecard.models import Figure

    figure = Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)
    Figure.objects.filter(pk=figure.pk).update(commentary='=HYPERLINK("http://evil","click")')
    sheet = _sheet(officer_client.get("/periods/2023-24-q3/template.xlsx").content)
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    dental = [c.value for c in sheet[10]]
    assert dental[:5] == ["9", "Dental checks", "Percentage", 89, 110]
    assert dental[7] == '\'=HYPERLINK("http://evil","click")'
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > 13
    content = officer_client.get("/periods/2023-24-q3/template.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in content


def test_averages_template_writes_numbers(admin_client, deck):
    sheet = _sheet(admin_client.get("/comparators/template.xlsx?year=2021").content)
    assert sheet.title == "2021-22"
    values = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert 75 in values and all(v is None or isinstance(v, int | float) for v in values)


@pytest.mark.parametrize(
    "stored, written",
    [(Decimal("90.0000"), "90"), (Decimal("82.1000"), "82.1"), (Decimal("0.0000"), "0"), (Decimal("1E+2"), "100"),
     (Decimal("-2.50"), "-2.5")],
)  # fmt: skip
def test_the_csv_writes_a_stored_decimal_without_its_storage_places(stored, written):
    content = export_bytes(export_dataset(title="t", headers=["target"], rows=[[stored]]), "csv")
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [["target"], [written]]
