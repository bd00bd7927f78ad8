"""Hostile uploads: each refused with a message that says what is wrong, the database
unchanged, and the reading step's peak memory bounded (time is measured and shown,
never asserted: `make bench` prints it)."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scorecard.importers.figures_file import read_figures_file
from scorecard.importers.files import MAX_UPLOAD_BYTES
from scorecard.models import Figure
from tests.hostile_files import CELL_CORPUS, CORPUS
from tests.test_scorecard import _text

MEMORY_CAP = 100 * 1024 * 1024


def _state():
    return list(Figure.objects.order_by("pk").values_list("pk", "numerator", "denominator", "value", "version"))


@pytest.mark.parametrize("name, make, message", CORPUS, ids=[c[0] for c in CORPUS])
def test_a_hostile_file_is_refused_in_bounded_memory(name, make, message):
    content = make()
    assert len(content) <= MAX_UPLOAD_BYTES, "every hostile file is one an officer could upload"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read = read_figures_file("hostile.xlsx" if name.startswith("xls") else "hostile.csv", content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"{name}: {len(content):,} bytes refused in {time.perf_counter() - started:.3f} s, peak {peak / 1e6:.1f} MB")
    assert not read.rows
    assert [str(p) for p in read.problems] and message in str(read.problems[0]), read.problems
    assert peak < MEMORY_CAP


@pytest.mark.parametrize("name, make, message", CELL_CORPUS, ids=[c[0] for c in CELL_CORPUS])
def test_a_hostile_cell_is_named_by_its_heading_and_the_rest_is_still_read(name, make, message):
    content = make()
    tracemalloc.start()
    try:
        read = read_figures_file("hostile.xlsx" if name.startswith("xls") else "hostile.csv", content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not read.problems, read.problems  # the file itself is read...
    assert read.rows  # ...every row of it, to be checked...
    assert message in str(read.cell_problems[0]), read.cell_problems  # ...and the cell named
    assert peak < MEMORY_CAP


def test_a_formula_is_never_read_as_its_cached_value():
    from tests.hostile_files import _formula

    read = read_figures_file("formula.xlsx", _formula())
    assert [(r["ref"], r["numerator"]) for r in read.rows] == [("9", "92"), ("10", "5"), ("1", "=2+1")]


@pytest.mark.parametrize("name, make, message", CORPUS + CELL_CORPUS, ids=[c[0] for c in CORPUS + CELL_CORPUS])
def test_a_hostile_upload_is_a_clear_page_and_changes_nothing(officer_client, deck, name, make, message):
    before = _state()
    file_name = "f.xlsx" if name.startswith("xls") else "f.csv"
    response = officer_client.post("/periods/2023-24-q3/upload/", {"file": SimpleUploadedFile(file_name, make())})
    assert response.status_code == 400
    assert message in _text(response)
    assert _state() == before


def _upload(client, text: str):
    return client.post("/periods/2023-24-q4/upload/", {"file": SimpleUploadedFile("q4.csv", text.encode())})


@pytest.mark.parametrize(
    "line, message",
    [
        ('1,,,"1,80",,,,', "“1,80” has a comma that is not between thousands"),
        ('1,,,"30,3",,,,', "“30,3” has a comma that is not between thousands"),
        ('1,,,,,"1,2,3",,', "“1,2,3” has a comma"),
    ],
)
def test_commas_in_a_comma_file_are_thousands_only(officer_client, deck, line, message):
    response = _upload(officer_client, "ref,indicator,unit,numerator,denominator,value,status,commentary\n" + line)
    assert response.status_code == 400
    assert message in _text(response)
    assert not Figure.objects.filter(period__quarter=4).exists()


def test_grouped_thousands_are_read(officer_client, deck):
    response = _upload(officer_client, 'ref,numerator,denominator,value,commentary\n1,,,"1,234",A new count\n')
    assert response.status_code == 200, _text(response)
    assert "1,234" in _text(response)


def test_a_semicolon_file_reads_a_decimal_comma_and_refuses_the_ambiguous(officer_client, deck):
    ok = _upload(officer_client, "ref;numerator;denominator;value;commentary\n9;;;30,3;A new cohort\n")
    assert ok.status_code == 200, _text(ok)
    assert "30.3" in _text(ok)
    ambiguous = _upload(officer_client, "ref;numerator;denominator;value\n1;;;1,234\n")
    assert ambiguous.status_code == 400
    assert "“1,234” could be a whole number in thousands or a decimal" in _text(ambiguous)


def test_the_largest_file_allowed_is_read():
    """500 rows of 50 columns, text and numbers: within every cap, so read in full."""
    import io

    import openpyxl

    from scorecard.importers.files import MAX_COLUMNS, MAX_ROWS, read_bounded

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([f"heading {c}" for c in range(MAX_COLUMNS)])
    for r in range(MAX_ROWS):
        sheet.append([f"text {r}" if c % 2 else r * MAX_COLUMNS + c for c in range(MAX_COLUMNS)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table, decimal_comma = read_bounded(buffer.getvalue())
    assert len(table) == MAX_ROWS + 1 and {len(row) for row in table} == {MAX_COLUMNS}
    assert table[MAX_ROWS][:2] == [str((MAX_ROWS - 1) * MAX_COLUMNS), f"text {MAX_ROWS - 1}"]
    assert not decimal_comma


def test_short_rows_are_read_as_empty_cells():
    """A CSV whose rows stop early (as Excel writes trailing empty cells) reads without pandas'
    warning that ragged rows will be refused."""
    import warnings

    from scorecard.importers.figures_file import read_figures_file

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read = read_figures_file("short.csv", b"ref,numerator,denominator,value,commentary\n9,92,112\n10\n")
    assert not read.problems
    assert [(r["ref"], r["numerator"], r["commentary"]) for r in read.rows] == [("9", "92", ""), ("10", "", "")]


def test_a_workbook_with_notes_is_read_though_their_legacy_drawing_is_not_well_formed():
    """Excel keeps notes' shapes in a .vml part that need not be well-formed XML; openpyxl
    never reads it, so neither is the file refused for it."""
    from scorecard.importers.figures_file import read_figures_file
    from tests.hostile_files import HEADER_CELLS, _replaced, xlsx

    content = xlsx(f'<row r="1">{HEADER_CELLS}</row><row r="2"><c r="A2"><v>9</v></c><c r="B2"><v>92</v></c></row>')
    drawing = '<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><div>A note<br></div></v:shape></xml>'
    read = read_figures_file("notes.xlsx", _replaced(content, "xl/drawings/vmlDrawing1.vml", drawing))
    assert not read.problems, read.problems
    assert [(r["ref"], r["numerator"]) for r in read.rows] == [("9", "92")]
