"""The panel report's PDF is tagged for a public agenda pack's accessibility: read back
with pypdf, it is marked as tagged with a structure tree, says its language and title
(shown as the window title), and has an outline (bookmarks) of its headings."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from scorecard import services
from scorecard.models import Period
from tests.test_reports import needs_chromium

pytestmark = needs_chromium


@pytest.fixture
def printed(officer_client, deck, officer) -> PdfReader:
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    response = officer_client.get("/reports/2023-24-q3/report.pdf")
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


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
    root = printed.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean, equal to True but not it
    structure = root["/StructTreeRoot"].get_object()
    roles = _roles(structure["/K"], set())
    assert {"/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/Figure"} <= roles, roles
    assert str(root["/Lang"]) == "en-GB"
    assert (
        printed.metadata.title == "Information report – Activity and performance, Q3 2023-24 – London Borough of Harrow"
    )
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    titles = _titles(printed.outline)
    for heading in ("Section 1: Summary and recommendation", "Section 2: Report", "Section 3: Background papers"):
        assert heading in titles, titles
