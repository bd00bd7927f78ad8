"""Bulk upload: template, checks by row and column, preview, all-or-nothing save, and the command."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from scorecard.importers.files import MAX_UPLOAD_BYTES
from scorecard.models import Figure
from tests.test_entry import Q4_FIGURES
from tests.test_scorecard import _text

UPLOAD_Q4 = "/periods/2023-24-q4/upload/"
HEADER = "ref,indicator,unit,numerator,denominator,value,status,commentary\n"


def q4_csv(changes: dict[str, dict[str, str]] | None = None) -> str:
    lines = [HEADER]
    for ref, fields in {**Q4_FIGURES, **(changes or {})}.items():
        f = {"numerator": "", "denominator": "", "value": "", "status": "provisional", "commentary": "", **fields}
        lines.append(f"{ref},,,{f['numerator']},{f['denominator']},{f['value']},{f['status']},{f['commentary']}\n")
    return "".join(lines)


def upload(client, content: str | bytes, name: str = "q4.csv", url: str = UPLOAD_Q4):
    data = content.encode() if isinstance(content, str) else content
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def confirm(client, response, url: str = "/periods/2023-24-q4/upload/confirm/"):
    return client.post(url, {"token": response.context["token"]}, follow=True)


def test_upload_is_for_officers(client, panel_member, deck):
    client.force_login(panel_member)
    assert client.get(UPLOAD_Q4).status_code == 403
    assert upload(client, q4_csv()).status_code == 403
    assert client.get("/periods/2023-24-q4/template.csv").status_code == 403


def test_csv_template_lists_every_indicator_with_what_is_stored(officer_client, deck):
    response = officer_client.get("/periods/2023-24-q3/template.csv")
    assert response["Content-Disposition"] == 'attachment; filename="figures-2023-24-q3.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 14
    assert rows[8] == {"ref": "9", "indicator": "Dental checks", "unit": "Percentage", "numerator": "89",
                       "denominator": "110", "value": "", "status": "provisional", "commentary": ""}  # fmt: skip
    assert rows[0]["value"] == "180"


def test_xlsx_template_opens_in_excel(officer_client, deck):
    response = officer_client.get("/periods/2023-24-q4/template.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Q4 2023-24"
    assert [c.value for c in sheet[1]] == [
        "ref",
        "indicator",
        "unit",
        "numerator",
        "denominator",
        "value",
        "status",
        "commentary",
    ]
    assert sheet.max_row == 15


def test_unknown_template_format_is_not_found(officer_client, deck):
    assert officer_client.get("/periods/2023-24-q4/template.pdf").status_code == 404


def test_a_valid_upload_is_previewed_then_saved_on_confirmation(officer_client, officer, deck):
    response = upload(officer_client, q4_csv())
    assert response.status_code == 200
    assert "q4.csv is valid. 14 figures will change." in _text(response)
    assert "85.6 (95/111)" in _text(response)
    assert not Figure.objects.filter(period__quarter=4).exists()

    saved = confirm(officer_client, response)
    assert "Q4 2023-24 saved from q4.csv: 14 added, 0 changed, 0 unchanged." in _text(saved)
    dental = Figure.objects.get(indicator__ref="9", period__quarter=4)
    assert (dental.numerator, dental.denominator, dental.updated_by) == (95, 111, officer)
    record = dental.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (officer, "upload")


def test_uploading_the_same_file_twice_changes_nothing_the_second_time(officer_client, deck):
    confirm(officer_client, upload(officer_client, q4_csv()))
    history = Figure.history.count()
    second = upload(officer_client, q4_csv())
    assert "0 figures will change." in _text(second)
    assert "Q4 2023-24 saved from q4.csv: 0 added, 0 changed, 14 unchanged." in _text(confirm(officer_client, second))
    assert Figure.history.count() == history


def test_a_confirmation_cannot_be_replayed(officer_client, deck):
    response = upload(officer_client, q4_csv())
    confirm(officer_client, response)
    again = confirm(officer_client, response)
    assert "That upload has already been saved or has expired. Upload the file again." in _text(again)


def test_an_xlsx_upload(officer_client, deck):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in csv.reader(io.StringIO(q4_csv())):
        sheet.append([int(v) if v.isdigit() else v for v in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(officer_client, buffer.getvalue(), name="q4.xlsx")
    assert response.status_code == 200, _text(response)
    assert "q4.xlsx is valid. 14 figures will change." in _text(response)


def test_a_figure_changed_between_preview_and_confirmation_stops_the_save(client, officer, admin_user, deck):
    client.force_login(officer)
    q3_url = "/periods/2023-24-q3/upload/"
    preview = upload(client, HEADER + "9,,,90,110,,provisional,\n", url=q3_url)
    Figure.objects.filter(indicator__ref="9", period__quarter=3).update(version=5)
    response = confirm(client, preview, url="/periods/2023-24-q3/upload/confirm/")
    assert "Indicator 9: someone changed this figure to 80.9 (89/110) at" in _text(response)
    assert "Nothing was saved: check the figure and save again." in _text(response)
    assert Figure.objects.get(indicator__ref="9", period__quarter=3).numerator == 89


@pytest.mark.parametrize(
    "content, problems",
    [
        (HEADER + "99,,,1,2,,provisional,\n", ["Row 2, column A (ref): There is no indicator “99”. The references are 1 to 14."]),
        (HEADER + "9,,,ninety,110,,provisional,\n", ["Row 2, column D (numerator): Enter the numerator as a whole number, like 92."]),
        (HEADER + "9,,,120,110,,provisional,\n", ["Row 2, column D (numerator): The numerator (120) cannot be more than the denominator (110)."]),
        (HEADER + "9,,,90,110,,provisional,\n9,,,91,110,,provisional,\n", ["Row 3, column A (ref): Indicator 9 is already in row 2."]),
        (HEADER + "9,,,=1+1,110,,provisional,\n", ["Row 2, column D (numerator): Enter the numerator as a number, not a formula."]),
        (HEADER + "9,,,90,0,,provisional,\n", ["Row 2, column E (denominator): The denominator cannot be 0: there is no percentage or rate of nobody."]),
        (HEADER + "1,,,,,lots,provisional,\n", ["Row 2, column F (value): Enter the value as a number, like 192."]),
        (HEADER + "9,,,90,110,,maybe,\n", ["Row 2, column G (status): Choose provisional or final."]),
        (HEADER + ",,,90,110,,provisional,\n", ["Row 2, column A (ref): Enter the indicator's reference number."]),
        (HEADER + "9,,,109,110,,provisional,\n", ["Row 2, column H (commentary): This figure is 15.8 points higher than in Q2 2023-24 (83.3). A change of more than 10 points needs a commentary explaining it."]),
        ("ref,numerator,value\n9,90,\n", ["There is no “denominator” column. The template's columns are: ref, indicator, unit, numerator, denominator, value, status, commentary."]),
        ("ref,ref,numerator,denominator,value\n9,9,90,110,\n", ["Row 1: The column “ref” appears more than once."]),
        ("", ["The file is empty."]),
        ("   \n\n", ["The file is empty."]),
        (HEADER, ["The file has a header row but no figures."]),
        (HEADER + ",,,,,,,\n", ["The file has a header row but no figures."]),
        (b"%PDF-1.7\x00\x01binary", ["This is not a CSV or Excel (xlsx) file. Download the template and fill that in."]),
        (b"PK\x03\x04not really a zip", ["This Excel file could not be read: it may be damaged or protected by a password."]),
    ],
)  # fmt: skip
def test_every_problem_is_reported_by_row_and_column_and_nothing_is_saved(officer_client, deck, content, problems):
    url = "/periods/2023-24-q3/upload/"
    before = list(Figure.objects.values_list("pk", "numerator", "denominator", "value", "version"))
    response = upload(officer_client, content, url=url)
    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == problems
    assert "nothing has been saved" in _text(response)
    assert list(Figure.objects.values_list("pk", "numerator", "denominator", "value", "version")) == before


def test_a_final_figure_cannot_be_changed_by_upload(officer_client, deck):
    Figure.objects.filter(indicator__ref="9", period__quarter=3).update(status="final")
    response = upload(officer_client, HEADER + "9,,,90,110,,final,\n", url="/periods/2023-24-q3/upload/")
    assert [str(p) for p in response.context["problems"]] == [
        "Row 2, column A (ref): This figure is final and locked. Ask an administrator to unlock it, or leave its row as it is."
    ]
    unchanged = upload(officer_client, HEADER + "9,,,89,110,,final,\n", url="/periods/2023-24-q3/upload/")
    assert unchanged.status_code == 200 and "0 figures will change." in _text(unchanged)


def test_several_problems_are_all_reported(officer_client, deck):
    content = HEADER + "9,,,120,110,,provisional,\n99,,,1,2,,,\n10,,,x,110,,,\n"
    response = upload(officer_client, content, url="/periods/2023-24-q3/upload/")
    assert [p.row for p in response.context["problems"]] == [2, 3, 4]


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_formula_names_its_column_and_hides_none_of_the_files_other_problems(officer_client, deck):
    before = list(Figure.objects.values_list("pk", "numerator", "denominator", "value", "version"))
    content = _xlsx([
        HEADER.strip().split(","),
        [9, "", "", 120, 110],
        [99, "", "", 1, 2],
        [10, "", "", "=2+1", 110],
        [11, "", "", 5, 10, None, "provisional", '=A1&" note"'],
        [12, "=B2", "", 5, 10],
    ])  # fmt: skip
    response = upload(officer_client, content, name="q3.xlsx", url="/periods/2023-24-q3/upload/")
    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == [
        "Row 2, column D (numerator): The numerator (120) cannot be more than the denominator (110).",
        "Row 3, column A (ref): There is no indicator “99”. The references are 1 to 14.",
        "Row 4, column D (numerator): The cell holds a formula (=2+1); type in the number or text itself.",
        'Row 5, column H (commentary): The cell holds a formula (=A1&" note"); type in the number or text itself.',
        "Row 6, column B (indicator): The cell holds a formula (=B2); type in the number or text itself.",
    ]
    assert "Row 4, column D (numerator)" in _text(response)
    assert list(Figure.objects.values_list("pk", "numerator", "denominator", "value", "version")) == before


def test_a_formula_in_the_header_names_its_column(officer_client, deck):
    content = _xlsx([["ref", "indicator", "unit", '="numer"&"ator"', "denominator", "value"], [9, "", "", 90, 110]])
    response = upload(officer_client, content, name="q3.xlsx", url="/periods/2023-24-q3/upload/")
    assert response.status_code == 400
    assert 'Row 1, column D: The heading holds a formula (="numer"&"ator"); type the heading itself.' in [
        str(p) for p in response.context["problems"]
    ]


def test_an_overlong_cell_names_its_column_and_hides_none_of_the_files_other_problems(officer_client, deck):
    content = HEADER + "9,,,90,110,,provisional," + "x" * 6000 + "\n99,,,1,2,,,\n"
    response = upload(officer_client, content, url="/periods/2023-24-q3/upload/")
    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == [
        "Row 2, column H (commentary): The cell holds 6,000 characters; a cell may hold at most 5,000.",
        "Row 3, column A (ref): There is no indicator “99”. The references are 1 to 14.",
    ]


def test_an_oversized_file_is_refused(officer_client, deck):
    response = upload(officer_client, HEADER + "9,,,90,110,,provisional," + " " * MAX_UPLOAD_BYTES + "\n")
    assert [str(p) for p in response.context["problems"]] == ["The file is larger than 2 MB."]


def test_no_file_chosen(officer_client, deck):
    response = officer_client.post(UPLOAD_Q4, {})
    assert response.status_code == 400
    assert "Choose the CSV or Excel (xlsx) file to upload." in _text(response)


def test_columns_in_another_order_blank_rows_and_extra_columns_are_fine(officer_client, deck):
    content = "Commentary,Denominator,Numerator,Ref,Notes,Value\n\n,110,90,9,ignored,\n,,,,,\n"
    response = upload(officer_client, content, url="/periods/2023-24-q3/upload/")
    assert response.status_code == 200, response.context.get("problems")
    assert "1 figure will change." in _text(response)


def test_windows_excel_csv_with_semicolons_and_cp1252(officer_client, deck):
    content = "ref;numerator;denominator;value;commentary\n9;90;110;;Café visits – improving\n".encode("cp1252")
    response = upload(officer_client, content, url="/periods/2023-24-q3/upload/")
    assert response.status_code == 200, response.context.get("problems")
    confirm(officer_client, response, url="/periods/2023-24-q3/upload/confirm/")
    assert Figure.objects.get(indicator__ref="9", period__quarter=3).commentary == "Café visits – improving"


# The management command


def _file(tmp_path, content: str, name="q4.csv"):
    path = tmp_path / name
    path.write_text(content)
    return str(path)


def test_command_imports_a_file(tmp_path, officer, deck, capsys):
    call_command("import_figures", _file(tmp_path, q4_csv()), period="Q4 2023-24", user="bob")
    assert "Q4 2023-24 imported from q4.csv: 14 added, 0 changed, 0 unchanged." in capsys.readouterr().out
    record = Figure.objects.get(indicator__ref="9", period__quarter=4).history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (officer, "command")


def test_command_refuses_a_bad_file_with_a_non_zero_exit(tmp_path, deck, capsys):
    with pytest.raises(CommandError, match=r"q4.csv: 1 problem\(s\); nothing was saved."):
        call_command(
            "import_figures",
            _file(tmp_path, q4_csv({"9": {"numerator": "120", "denominator": "111"}})),
            period="2023-24-q4",
        )
    assert (
        "Row 10, column D (numerator): The numerator (120) cannot be more than the denominator (111)."
        in capsys.readouterr().err
    )
    assert not Figure.objects.filter(period__quarter=4).exists()


def test_command_dry_run_saves_nothing(tmp_path, deck, capsys):
    call_command("import_figures", _file(tmp_path, q4_csv()), period="Q4 2023-24", dry_run=True)
    assert "q4.csv is valid: 14 figure(s) for Q4 2023-24; nothing saved." in capsys.readouterr().out
    assert not Figure.objects.filter(period__quarter=4).exists()


@pytest.mark.parametrize(
    "options, message",
    [({"period": "next quarter"}, "“next quarter” is not a period. Write it like “Q4 2023-24”."),
     ({"period": "Q4 2023-24", "user": "nobody"}, "There is no user “nobody”.")],
)  # fmt: skip
def test_command_explains_bad_options(tmp_path, deck, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_figures", _file(tmp_path, q4_csv()), **options)


def test_command_exits_non_zero_from_the_shell(tmp_path, deck):
    result = subprocess.run(
        [sys.executable, "manage.py", "import_figures", str(tmp_path / "missing.csv"), "--period", "Q4 2023-24"],
        capture_output=True, text=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "harrow_cla.test_settings"},
    )  # fmt: skip
    assert result.returncode != 0
    assert "There is no file at" in result.stderr
