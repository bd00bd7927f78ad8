"""The panel report's PDF at agenda-pack size, read back with pypdf: body text at
11pt or more, tables at 9pt or more, the scorecard on landscape pages running on
from page to page (not shrunk to fit one), titles unbroken at their hyphen, the
profile two breakdowns to a page, the public version saying so on page one, and the
whole tagged (structure tree, language, title, outline of headings)."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from pypdf import PdfReader

from scorecard import services
from scorecard.models import Period
from scorecard.roles import OFFICER
from tests.conftest import load_deck, make_user
from tests.test_reports import needs_chromium

pytestmark = [needs_chromium, pytest.mark.django_db]  # the mark: so that the test database is made
REPORT = "/reports/2023-24-q3/"
BODY, TABLE = 11 - 0.05, 9 - 0.05  # points; Chromium prints 11pt as 10.99


@dataclass(frozen=True)
class Run:
    page: int  # from 1
    landscape: bool
    size: float  # points, as printed
    text: str


def _runs(content: bytes) -> tuple[list[Run], list[str]]:
    """Every run of text with its printed size, and each page's text."""
    runs: list[Run] = []
    texts = []
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):
        landscape = page.mediabox.width > page.mediabox.height

        def visit(text, cm, tm, font, size, number=number, landscape=landscape):
            if text.strip():
                scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
                runs.append(Run(number, landscape, round(size * scale, 2), text.strip()))

        texts.append(page.extract_text(visitor_text=visit))
    return runs, texts


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker) -> dict[str, bytes]:
    """The Q3 draft report's PDF, the panel's and the public version, as an officer downloads
    them: printed once for the module (a print takes seconds), in a transaction rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_deck()
        officer = make_user("bob", OFFICER)
        services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
        client = Client()
        client.force_login(officer)
        pdfs = {}
        for version, query in (("full", ""), ("public", "?version=public")):
            response = client.get(f"{REPORT}report.pdf{query}")
            assert response.status_code == 200
            pdfs[version] = response.content
        transaction.set_rollback(True)
    return pdfs


def _size_of(runs: list[Run], start: str) -> float:
    return min(run.size for run in runs if run.text.startswith(start))


def test_the_pdf_is_set_at_agenda_pack_size(printed):
    runs, texts = _runs(printed["full"])
    assert min(run.size for run in runs) >= TABLE, sorted({(r.size, r.text[:30]) for r in runs})[:5]
    # Body text: the report's details, summary and key points.
    for body in ("Report for", "Recommendation:", "Reason:", "Source: local data"):
        assert _size_of(runs, body) >= BODY, body
    key_point = next(run for run in runs if run.text.startswith("80.9% of children looked after"))
    assert key_point.size >= BODY
    # The scorecard: its own landscape pages, at table size, with its headings on each.
    table = [run for run in runs if run.landscape]
    assert min(run.size for run in table) >= TABLE
    assert _size_of(table, "Dental checks") >= 9.5 - 0.05
    landscape_pages = sorted({run.page for run in table})
    assert len(landscape_pages) >= 2, "the scorecard runs on over pages rather than shrinking"
    for page in landscape_pages:
        assert any(run.page == page and run.text == "Indicator" for run in table), f"headings on page {page}"


def test_titles_are_not_broken_at_the_hyphen(printed):
    _, texts = _runs(printed["full"])
    first_page_lines = [line.strip() for line in texts[0].splitlines()]
    assert not [line for line in first_page_lines if line.endswith("2023-")]
    assert any(line.endswith("Q3 2023-24") for line in first_page_lines)


def test_the_profile_puts_two_breakdowns_on_a_page(printed):
    _, texts = _runs(printed["full"])
    page_of = {
        caption: next(i for i, text in enumerate(texts) if caption in text)
        for caption in ("Ethnicity, per cent", "Age, per cent", "Gender, per cent")
    }
    assert page_of["Ethnicity, per cent"] == page_of["Age, per cent"]
    assert page_of["Gender, per cent"] == page_of["Age, per cent"] + 1


def test_the_public_version_says_so_on_its_first_page(printed):
    _, texts = _runs(printed["public"])
    assert "Public version" in texts[0]
    _, full = _runs(printed["full"])
    assert "Public version" not in full[0]


def test_the_pdf_says_what_each_number_did_and_whether_that_is_better(printed):
    _, texts = _runs(printed["full"])
    text = " ".join(" ".join(texts).split())
    assert "It is down from 83.3% in Q2 2023-24 (worse)." in text  # dental checks, a key point
    assert "declined from" not in text


def _titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += _titles(item) if isinstance(item, list) else [item.title]
    return titles


def _roles(element, found: set[str], depth: int = 0) -> set[str]:
    """Every structure type in the tree (H1, Table, TH, P...), to a bounded depth."""
    element = element.get_object()
    if isinstance(element, list):  # an array of kids
        for child in element:
            _roles(child, found, depth)
    elif isinstance(element, dict) and depth < 40:  # a structure element; numbers are marked content
        if "/S" in element:
            found.add(str(element["/S"]))
        if "/K" in element:
            _roles(element["/K"], found, depth + 1)
    return found


def test_the_pdf_is_tagged_with_its_language_title_and_an_outline_of_headings(printed):
    """For a public agenda pack's accessibility: tagged, with its language, title and bookmarks."""
    reader = PdfReader(io.BytesIO(printed["full"]))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean, equal to True but not it
    structure = root["/StructTreeRoot"].get_object()
    roles = _roles(structure["/K"], set())
    assert {"/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/Figure"} <= roles, roles
    assert str(root["/Lang"]) == "en-GB"
    assert (
        reader.metadata.title == "Information report – Activity and performance, Q3 2023-24 – London Borough of Harrow"
    )
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    titles = _titles(reader.outline)
    for heading in ("Section 1: Summary and recommendation", "Section 2: Report", "Section 3: Background papers"):
        assert heading in titles, titles
