"""CSV and Excel exports hold what the scorecard shows."""

import csv
import io

import openpyxl


def test_csv_export_of_the_chosen_quarter(panel_client, deck):
    response = panel_client.get("/?period=2023-24-q1&_export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="scorecard-2023-24-q1.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == [
        "Ref", "Indicator", "SN average 2021/22", "England average 2021/22", "Harrow 2020-21", "Harrow 2021-22",
        "Harrow 2022-23", "Target Q1 2023-24", "Q1 2023-24", "RAG Q1 2023-24", "vs SN", "vs England",
        "Direction of travel",
    ]  # fmt: skip
    assert len(rows) == 15
    dental = rows[9]
    assert dental == [
        "9", "% of CLA who are looked after 1 yr + with up to date Dental Checks (rolling year)", "75.0", "70.0",
        "73.0", "91.5", "91.1", "90%", "82.1 (92/112)", "Red", "Better", "Better", "Declining",
    ]  # fmt: skip
    assert rows[1][2:4] == ["Not applicable", "Not applicable"]
    assert rows[14][7] == "2.5% (phased: Q1 2.5%, Q2 5%, Q3 7.5%, Q4 10%)"


def test_xlsx_export_opens_in_excel(panel_client, deck):
    response = panel_client.get("/?period=2023-24-q3&_export=xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Scorecard Q3 2023-24"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][7:11] == ["Target Q3 2023-24", "Q1 2023-24", "Q2 2023-24", "Q3 2023-24"]
    assert rows[13][10] == "21.4 (31/146)"
    assert len(rows) == 15


def test_export_follows_the_sort_on_screen(panel_client, deck):
    response = panel_client.get("/?period=2023-24-q1&sort=rag&_export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[9] for row in rows[1:4]] == ["Red", "Red", "Amber"]


def test_unknown_export_format_shows_the_page(panel_client, deck):
    response = panel_client.get("/?_export=yaml")
    assert response["Content-Type"].startswith("text/html")


def test_export_needs_log_in(client, deck):
    assert client.get("/?_export=csv").status_code == 302
