"""Loading DfE's files: recognised by their columns, checked, previewed, loaded all or nothing
with provenance; the same file again changes nothing; a revised file records what changed;
the scorecard's England and neighbour averages follow."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from national import services
from national.models import Council, CouncilValue, NationalImport, Neighbour, PendingFile, ValueChange
from scorecard.models import ComparatorValue, Indicator
from tests.national_files import HAS_BOM, percent_file, tidy_csv
from tests.test_scorecard import _text

DATA = Path(__file__).parent / "data" / "national"
SMALL = sorted(DATA.glob("*.csv"))
NEIGHBOURS_2025 = ["317", "312", "302", "307", "320", "870", "313", "315", "871", "826"]


@pytest.fixture
def national(deck):
    call_command("loaddata", "national_sources", verbosity=0)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _dental_2025(harrow="81", neighbours=("70", "72", "74", "76", "78", "80", "82", "c", "x", "84")) -> bytes:
    values = {(2025, "E92000001"): ("40000", "50000", "80"), (2025, "E12000007"): ("5000", "6500", "77"),
              (2025, "310"): ("81", "100", harrow)}  # fmt: skip
    for code, percent in zip(NEIGHBOURS_2025, neighbours, strict=True):
        count = "c" if percent == "c" else ("x" if percent == "x" else "50")
        values[(2025, code)] = (count, "100", percent)
    return percent_file(values)


def _load(name: str, content: bytes, by=None):
    plan = services.national_import_plan(files=[(name, content)])
    assert plan.ok, [str(p) for f in plan.files for p in f.problems]
    return services.national_import(plan=plan, by=by)


def test_councils_and_both_neighbour_groups_are_loaded_for_every_council(db):
    assert Council.objects.count() == 158
    harrow = Council.objects.get(old_code="310")
    assert (harrow.name, harrow.region) == ("Harrow", "London")
    assert Council.objects.get(old_code="942").name == "Cumberland"  # created in 2023
    assert Council.objects.get(old_code="909").name == "Cumbria"  # abolished, kept for its years
    group = Neighbour.objects.filter(council=harrow, group_year=2025).order_by("position")
    assert [n.neighbour.old_code for n in group] == NEIGHBOURS_2025
    assert Neighbour.objects.filter(group_year=2021).values("council").distinct().count() == 156
    assert Neighbour.objects.filter(group_year=2025).values("council").distinct().count() == 153


def test_the_command_loads_the_five_files_with_provenance(national, capsys):
    call_command("import_national_statistics", *map(str, SMALL))
    assert "Loaded 5 of 5 file(s)" in capsys.readouterr().out
    assert NationalImport.objects.count() == 5
    record = NationalImport.objects.get(file_name="la_conviction_health_outcome_cla.csv")
    assert record.rows_read == 756 and len(record.checksum) == 64 and record.values_created == 84
    # Dental and health checks: 2 years x (England, London and 19 councils).
    assert CouncilValue.objects.filter(indicator__ref="9").count() == 42
    harrow = CouncilValue.objects.get(indicator__ref="9", year=2025, area_code="310")
    assert harrow.council.new_code == "E09000015" and harrow.source == record


def test_the_same_file_again_changes_nothing(national):
    _load("dental.csv", _dental_2025())
    before = list(CouncilValue.objects.values_list("pk", "value", "source_id"))
    history = ComparatorValue.history.count()
    assert _load("dental.csv", _dental_2025()) == []
    assert list(CouncilValue.objects.values_list("pk", "value", "source_id")) == before
    assert NationalImport.objects.count() == 1
    assert ComparatorValue.history.count() == history


def test_a_revised_file_replaces_values_and_records_what_changed(national, admin_user):
    _load("dental.csv", _dental_2025())
    (record,) = _load("dental-revised.csv", _dental_2025(harrow="85"), by=admin_user)
    # Harrow's dental and health checks rows both changed in this file.
    assert (record.values_created, record.values_changed, record.imported_by) == (0, 2, admin_user)
    change = ValueChange.objects.get(value__indicator__ref="9")
    assert (change.old_value, change.new_value, change.made_by) == (Decimal("81"), Decimal("85"), record)
    assert CouncilValue.objects.get(indicator__ref="9", year=2025, area_code="310").value == Decimal("85")


def test_the_scorecards_2024_25_england_and_neighbour_averages_fill_themselves(national, admin_user):
    _load("dental.csv", _dental_2025(), by=admin_user)
    england = ComparatorValue.objects.get(indicator__ref="9", comparator__name="England", year=2024)
    assert (england.value, england.status) == (Decimal("80"), "published")
    assert england.source == "DfE national statistics: England's published figure"
    sn = ComparatorValue.objects.get(indicator__ref="9", comparator__name="Statistical neighbours", year=2024)
    # The 2025 group; Merton suppressed (c) and Slough not available (x): 8 of 10.
    assert sn.value == Decimal("77.0000")
    assert sn.source == "DfE national statistics: mean of 8 of 10 neighbours, grouped by DfE in 2025"
    assert sn.history.latest().history_user == admin_user


def test_too_few_neighbours_give_no_average(national):
    _load("dental.csv", _dental_2025(neighbours=("70", "72", "c", "c", "c", "c", "x", "x", "x", "84")))
    sn = ComparatorValue.objects.get(indicator__ref="9", comparator__name="Statistical neighbours", year=2024)
    assert (sn.value, sn.status) == (None, "not_published")
    assert "3 of 10 neighbours have a value, and an average needs 7" in sn.source


def test_a_file_of_the_wrong_shape_is_refused_naming_the_columns(national):
    content = b"time_period,la_name,value\n2025,Harrow,3\n"
    plan = services.national_import_plan(files=[("mystery.csv", content)])
    assert not plan.ok
    (problem,) = plan.files[0].problems
    assert "not one of DfE's Explore Education Statistics files" in str(problem)
    assert "“geographic_level”" in str(problem) and "“old_la_code”" in str(problem)


def test_a_file_missing_a_measure_names_the_nearest_shape(national):
    header = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
              "old_la_code,la_name,new_la_code,characteristic,breakdown,children_count\n")  # fmt: skip
    plan = services.national_import_plan(files=[("health.csv", header.encode())])
    message = str(plan.files[0].problems[0])
    assert "Nearest is la_conviction_health_outcome_cla.csv, which also has “children_percent”." in message


def test_unknown_filter_values_are_refused_and_nothing_is_written(national, client, admin_user):
    content = _dental_2025().decode().replace("Total all ages", "Total of all ages").encode()
    client.force_login(admin_user)
    response = client.post("/national/import/", {"files": [SimpleUploadedFile("dental.csv", content)]})
    assert response.status_code == 400
    text = _text(response)
    assert "The files were not loaded: nothing has been saved" in text
    assert "breakdown has values DfE's la_conviction_health_outcome_cla.csv does not use: “Total of all ages”" in text
    assert not CouncilValue.objects.exists() and not NationalImport.objects.exists()
    assert not PendingFile.objects.exists()


def test_a_source_whose_filter_values_are_not_in_the_file_is_named(national):
    # A valid file of the shape, but without the dental rows the source needs.
    content = percent_file({(2025, "310"): ("5", "10", "50")},
                           row_filters={"characteristic": "Substance misuse: Children looked after all ages",
                                        "breakdown": "Identified as having a substance misuse problem"},
                           total_filters={"characteristic": "Substance misuse: Children looked after all ages",
                                          "breakdown": "Total all ages"}, also=())  # fmt: skip
    plan = services.national_import_plan(files=[("health.csv", content)])
    messages = [str(p) for p in plan.files[0].problems]
    assert any("Indicator 9's source needs rows where characteristic is “Health assessments: Children looked "
               "after all ages”; this file has none." in m for m in messages)  # fmt: skip


def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_written(national):
    content = _dental_2025().decode().replace("dentist,81,81\n", "dentist,81,eighty\n").encode()
    with pytest.raises(CommandError, match="nothing was saved"):
        path = Path(__file__).parent / "data" / "national" / "_bad.csv"
        path.write_bytes(content)
        try:
            call_command("import_national_statistics", str(path))
        finally:
            path.unlink()
    plan = services.national_import_plan(files=[("dental.csv", content)])
    (problem,) = plan.files[0].problems
    assert problem.column == "children_percent" and problem.row is not None
    assert "“eighty” is not a number or one of DfE's symbols (c, x, z, k, low, u)." in str(problem)
    assert not CouncilValue.objects.exists()


def test_one_bad_file_stops_all_of_them(national):
    good = (DATA / "la_cla_placement_stability.csv").read_bytes()
    plan = services.national_import_plan(files=[("good.csv", good), ("bad.csv", b"a,b\n1,2\n")])
    assert not plan.ok
    with pytest.raises(ValueError):
        services.national_import(plan=plan, by=None)
    assert not CouncilValue.objects.exists()


def test_the_byte_order_mark_is_read_either_way(national):
    body = _dental_2025().decode()
    assert not HAS_BOM["la_conviction_health_outcome_cla"]
    plan = services.national_import_plan(files=[("dental.csv", ("\ufeff" + body).encode())])
    assert plan.ok and plan.files[0].created == 26  # dental and health checks, 13 areas each


def test_councils_not_in_the_groups_are_created_from_the_file(national):
    rows = tidy_csv("la_conviction_health_outcome_cla", [])
    assert rows  # header only is valid but gives no rows
    plan = services.national_import_plan(
        files=[("all.csv", (DATA / "la_conviction_health_outcome_cla.csv").read_bytes())]
    )
    assert plan.unknown_councils == {}
    content = percent_file({(2025, "906"): ("10", "20", "50")})
    plan = services.national_import_plan(files=[("scilly.csv", content)])
    assert plan.unknown_councils == {"906": "Isles of Scilly"}
    services.national_import(plan=plan, by=None)
    assert Council.objects.get(old_code="906").name == "Isles of Scilly"


def test_an_admin_previews_then_confirms(national, admin_client, admin_user):
    upload = [SimpleUploadedFile(p.name, p.read_bytes()) for p in SMALL]
    response = admin_client.post("/national/import/", {"files": upload})
    text = _text(response)
    assert response.status_code == 200
    assert "Check what these files will load" in text
    assert "9. Dental checks la_conviction_health_outcome_cla.csv 2023-24, 2024-25 16" in text
    assert not CouncilValue.objects.exists()
    token = response.context["token"]
    response = admin_client.post("/national/import/confirm/", {"token": token}, follow=True)
    assert "Loaded cla_number_and_rate_per_10k_children.csv: 84 new, 0 changed, 0 unchanged" in _text(response)
    assert NationalImport.objects.filter(imported_by=admin_user).count() == 5
    assert not PendingFile.objects.exists()
    again = admin_client.post("/national/import/confirm/", {"token": token}, follow=True)
    assert "already been loaded or has expired" in _text(again)


def test_officers_cannot_load_files(national, officer_client):
    assert officer_client.get("/national/import/").status_code == 403
    assert officer_client.post("/national/import/confirm/", {"token": "x"}).status_code == 403


def test_the_admins_role_may_load_files_without_being_superuser(client, national):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("dave", password="x" * 20)
    user.groups.add(Group.objects.get(name="Admins"))
    client.force_login(user)
    assert client.get("/national/import/").status_code == 200


def test_the_scorecard_labels_averages_worked_out_from_dfe_figures(national, admin_user, panel_client):
    """A figure of December 2025 is read against DfE's 2024/25 averages (published in November 2025),
    each cell saying where it came from."""
    from scorecard.models import Figure, Period

    _load("dental.csv", _dental_2025(), by=admin_user)
    q3 = Period.objects.create(financial_year=2025, quarter=3)
    Figure.objects.create(indicator=Indicator.objects.get(ref="9"), period=q3, numerator=80, denominator=100, value=80)
    html = panel_client.get("/?period=2025-26-q3").content.decode()
    row = next(part for part in html.split("<tr") if 'href="/indicators/9/"' in part)
    assert "average\u00a077.0" in row and "average\u00a080.0" in row
    assert '<span class="source-mark">(DfE)</span>' in row
    assert "DfE national statistics: mean of 8 of 10 neighbours, grouped by DfE in 2025" in row
    indicator_page = panel_client.get("/indicators/9/").content.decode()
    assert "DfE national statistics: England&#x27;s published figure" in indicator_page
