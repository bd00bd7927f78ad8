"""Random and hostile files: each is either imported exactly or refused with
problems, the database is unchanged on refusal, and the server never errors."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scorecard.figures import round_half_up
from scorecard.models import Figure

COLUMNS = ["ref", "indicator", "unit", "numerator", "denominator", "value", "status", "commentary", "notes"]
HOSTILE = [
    "", " ", "0", "1", "92", "112", "9.5", "-3", "1e9", "99999999999999999999", "NaN", "inf", "=1+1",
    "=HYPERLINK(\"http://x\")", "+SUM(A1)", "@cmd", "1,234", "82.1%", "final", "provisional", "Final", "nope",
    "😀", "\u202e", "<script>alert(1)</script>", "'; DROP TABLE scorecard_figure; --", "\x00", "\r\n", "\"",
]  # fmt: skip
refs = st.sampled_from([str(n) for n in range(1, 15)] + ["99", "", "9.0", " 9 ", "x"])
cells = st.one_of(st.sampled_from(HOSTILE), st.integers(min_value=-5, max_value=300).map(str), st.text(max_size=12))


@st.composite
def tables(draw):
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=9, unique=True))
    if draw(st.booleans()):
        header = [
            "ref",
            "numerator",
            "denominator",
            "value",
            *[c for c in header if c not in ("ref", "numerator", "denominator", "value")],
        ]
    rows = draw(st.lists(st.fixed_dictionaries({c: (refs if c == "ref" else cells) for c in header}), max_size=8))
    return header, rows


@st.composite
def plausible_tables(draw):
    """Mostly what an officer would upload, now and then with one hostile cell."""
    header = ["ref", "numerator", "denominator", "value", "status", "commentary"]
    rows = []
    for ref in draw(st.lists(st.integers(4, 14), unique=True, min_size=1, max_size=6)):
        denominator = draw(st.integers(1, 400))
        row = {"ref": str(ref), "numerator": str(draw(st.integers(0, denominator))), "denominator": str(denominator),
               "value": "", "status": draw(st.sampled_from(["provisional"] * 8 + ["final", ""])),
               "commentary": draw(st.sampled_from(["Explained by a change in the cohort."] * 4 + [""]))}  # fmt: skip
        if draw(st.integers(0, 9)) == 0:
            row[draw(st.sampled_from(header))] = draw(cells)
        rows.append(row)
    return header, rows


@st.composite
def files(draw):
    header, rows = draw(st.one_of(tables(), plausible_tables()))
    kind = draw(st.sampled_from(["csv-utf8", "csv-utf16", "csv-cp1252", "xlsx", "bytes"]))
    if kind == "bytes":
        return "random.csv", draw(st.binary(max_size=300))
    if kind == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(row[c]) for c in header])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return "figures.xlsx", buffer.getvalue()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows([[row[c] for c in header] for row in rows])
    encoding = {"csv-utf8": "utf-8", "csv-utf16": "utf-16", "csv-cp1252": "cp1252"}[kind]
    return "figures.csv", text.getvalue().encode(encoding, errors="replace")


def _cell(value: str):
    cleaned = "".join(ch for ch in value if ch.isprintable())  # Excel refuses control characters
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() and len(cleaned) < 10 else cleaned  # not "²"


def _state():
    return list(
        Figure.objects.order_by("pk").values_list(
            "pk", "numerator", "denominator", "value", "status", "commentary", "version"
        )
    )


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(upload=files())
def test_any_file_is_imported_exactly_or_refused_cleanly(officer_client, deck, upload):
    name, content = upload
    before = _state()
    response = officer_client.post("/periods/2023-24-q3/upload/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 400)
    assert _state() == before  # checking never writes
    if response.status_code == 400:
        assert response.context["problems"] or response.context["form"].errors
        event("refused")
        return
    event("imported")

    saved = officer_client.post("/periods/2023-24-q3/upload/confirm/", {"token": response.context["token"]})
    assert (saved.status_code, saved.url) == (302, "/?period=2023-24-q3")
    for preview in response.context["previews"]:
        figure = Figure.objects.get(indicator=preview.row.indicator, period__financial_year=2023, period__quarter=3)
        assert (figure.numerator, figure.denominator) == (preview.new.numerator, preview.new.denominator)
        assert round_half_up(figure.value, preview.row.indicator.decimals) == preview.new.shown
        assert figure.status == preview.new.status
