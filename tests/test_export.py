"""CSV and Excel exports hold what the scorecard shows."""

import csv
import io

import openpyxl


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_of_the_chosen_quarter(panel_client, deck):
    response = panel_client.get("/?period=2023-24-q1&_export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="scorecard-2023-24-q1.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    figure = ["{0}", "{0} value", "{0} numerator", "{0} denominator"]
    periods = ["Harrow 2020-21", "Harrow 2021-22", "Harrow 2022-23", "Q1 2023-24"]
    assert rows[0] == [
        "Ref", "Indicator", "Description", "Theme", "SN average 2021/22", "England average 2021/22",
        *[f.format(p) for p in periods for f in figure],
        "Target Q1 2023-24", "Target Q1 2023-24 value", "Status Q1 2023-24", "RAG Q1 2023-24", "vs SN", "vs England",
        "Direction of travel", "Direction of travel reason", "Commentary",
    ]  # fmt: skip
    assert len(rows) == 15
    # In the page's order: grouped by theme, by ref within each.
    assert [row[0] for row in rows[1:]] == ["1", "3", "4", "5", "6", "13", "9", "10", "14", "11", "12", "2", "7", "8"]
    by_ref = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    dental = by_ref["9"]
    assert dental["Ref"] == "9" and dental["Indicator"] == "Dental checks"
    assert dental["Description"] == "% of CLA who are looked after 1 yr + with up to date Dental Checks (rolling year)"
    assert [dental["SN average 2021/22"], dental["England average 2021/22"]] == ["75", "70"]
    assert dental["Q1 2023-24"] == "82.1 (92/112)"
    assert [dental["Q1 2023-24 value"], dental["Q1 2023-24 numerator"], dental["Q1 2023-24 denominator"]] == [
        "82.1", "92", "112"]  # fmt: skip
    assert [dental["Target Q1 2023-24"], dental["RAG Q1 2023-24"], dental["vs SN"], dental["Direction of travel"]] == [
        "90%", "Red", "Better", "Declining"]  # fmt: skip
    assert rows[1][4:6] == ["Not applicable", "Not applicable"]
    assert by_ref["14"]["Target Q1 2023-24"] == "2.5%"


def test_xlsx_export_has_numbers_as_numbers_and_the_short_name(panel_client, deck):
    response = panel_client.get("/?period=2023-24-q3&_export=xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Scorecard Q3 2023-24"
    assert sheet.freeze_panes == "A2"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(rows) == 15
    row = dict(zip(rows[0], rows[6], strict=True))  # grouped by theme: placements come sixth
    assert row["Indicator"] == "Placed more than 20 miles from home"
    assert row["Q3 2023-24"] == "21.4 (31/146)"
    assert (
        row["Q3 2023-24 value"] == 21.4 and row["Q3 2023-24 numerator"] == 31 and row["Q3 2023-24 denominator"] == 146
    )
    numbers = [c for c in sheet[7] if isinstance(c.value, (int, float))]
    assert numbers and all(c.data_type == "n" for c in numbers)


def test_export_follows_the_sort_on_screen(panel_client, deck):
    response = panel_client.get("/?period=2023-24-q1&sort=rag&_export=csv")
    rows = _csv(response)
    rag = rows[0].index("RAG Q1 2023-24")
    assert [row[rag] for row in rows[1:4]] == ["Red", "Red", "Amber"]


def test_unknown_export_format_shows_the_page(panel_client, deck):
    response = panel_client.get("/?_export=yaml")
    assert response["Content-Type"].startswith("text/html")


def test_export_needs_log_in(client, deck):
    assert client.get("/?_export=csv").status_code == 302
