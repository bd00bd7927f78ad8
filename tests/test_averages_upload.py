"""Admins load comparator averages from a file, with the figures upload's checks and all-or-nothing save."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scorecard.importers.comparators_file import parse_year
from scorecard.models import ComparatorValue
from tests.test_scorecard import _text

URL = "/comparators/upload/"
HEADER = "ref,indicator,comparator,year,value,status\n"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(client, content: str):
    return client.post(URL, {"file": SimpleUploadedFile("averages.csv", content.encode())})


@pytest.mark.parametrize("text, year", [("2021", 2021), ("2021/22", 2021), ("2021-22", 2021), ("2021-2022", 2021),
                                        ("2021/23", None), ("21/22", None), ("", None), ("1999", None)])  # fmt: skip
def test_parse_year(text, year):
    assert parse_year(text) == year


def test_the_template_lists_every_indicator_and_comparator_for_a_year(admin_client, deck):
    response = admin_client.get("/comparators/template.csv?year=2021")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 28
    assert rows[16] == {"ref": "9", "indicator": "Dental checks", "comparator": "Statistical neighbours",
                        "year": "2021/22", "value": "75", "status": ""}  # fmt: skip
    assert rows[0]["status"] == "Not applicable" and rows[0]["value"] == ""
    assert admin_client.get("/comparators/template.xlsx").status_code == 200


def test_a_valid_file_is_previewed_then_saved_with_history(admin_client, admin_user, deck):
    content = (
        HEADER
        + "9,,SN,2022/23,78.5,\n9,,England,2022,k,\n13,,statistical-neighbour,2022,x,\n1,,England,2022,,Not applicable\n"
    )
    preview = upload(admin_client, content)
    assert preview.status_code == 200
    assert "averages.csv is valid: 4 averages." in _text(preview)
    assert not ComparatorValue.objects.filter(year=2022).exists()

    saved = admin_client.post("/comparators/upload/confirm/", {"token": preview.context["token"]}, follow=True)
    assert "Comparator averages saved from averages.csv: 4 added, 0 changed, 0 unchanged." in _text(saved)
    sn = ComparatorValue.objects.get(indicator__ref="9", comparator__short_name="SN", year=2022)
    assert (sn.value, sn.status) == (Decimal("78.5"), "published")
    assert ComparatorValue.objects.get(indicator__ref="9", comparator__short_name="England", year=2022).value == 0
    assert ComparatorValue.objects.get(indicator__ref="13", year=2022).status == "not_published"
    record = sn.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (admin_user, "upload")
    # The scorecard now heads the column with the newer year; older averages say theirs.
    scorecard = _text(admin_client.get("/"))
    assert "SN average 2022/23" in scorecard
    assert "78.5" in scorecard and "69.5 (2021/22)" in scorecard


def test_the_same_file_twice_changes_nothing(admin_client, deck):
    content = HEADER + "9,,SN,2021/22,75,\n"
    preview = upload(admin_client, content)
    assert "No change" in _text(preview)
    saved = admin_client.post("/comparators/upload/confirm/", {"token": preview.context["token"]}, follow=True)
    assert "0 added, 0 changed, 1 unchanged." in _text(saved)


@pytest.mark.parametrize(
    "content, problems",
    [
        (HEADER + "99,,SN,2022,5,\n", ["Row 2, column A (ref): There is no indicator “99”."]),
        (HEADER + "9,,Wales,2022,5,\n", ["Row 2, column C (comparator): Enter a comparator this product knows: England, Statistical neighbours."]),
        (HEADER + "9,,SN,next year,5,\n", ["Row 2, column D (year): Enter the year like 2021/22."]),
        (HEADER + "9,,SN,2022,lots,\n", ["Row 2, column E (value): Enter the average as a number, like 75.0."]),
        (HEADER + "9,,SN,2022,120,\n", ["Row 2, column E (value): A percentage cannot be more than 100."]),
        (HEADER + "9,,SN,2022,,\n", ["Row 2, column E (value): Enter the average, or a status of not published or not applicable."]),
        (HEADER + "9,,SN,2022,75,Not published\n", ["Row 2, column E (value): An average that is not published or not applicable has no value: leave it empty."]),
        (HEADER + "9,,SN,2022,75,maybe\n", ["Row 2, column F (status): Choose published, not published or not applicable."]),
        (HEADER + "9,,SN,2022,75,\n9,,Statistical neighbours,2022/23,76,\n", ["Row 3, column A (ref): Indicator 9, Statistical neighbours, 2022 is already in row 2."]),
        ("ref,comparator,value\n9,SN,75\n", ["There is no “year” column. The template's columns are: ref, indicator, comparator, year, value, status."]),
        ("", ["The file is empty."]),
    ],
)  # fmt: skip
def test_every_problem_by_row_and_column_and_nothing_saved(admin_client, deck, content, problems):
    before = list(ComparatorValue.objects.values_list("pk", "value", "status"))
    response = upload(admin_client, content)
    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == problems
    assert list(ComparatorValue.objects.values_list("pk", "value", "status")) == before


def test_officers_cannot_load_averages(officer_client, deck):
    assert officer_client.get(URL).status_code == 403
    assert upload(officer_client, HEADER + "9,,SN,2022,75,\n").status_code == 403
