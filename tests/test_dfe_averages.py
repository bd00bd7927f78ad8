"""The scorecard's England and SN averages: the council's own where it typed them, for the
periods it typed them for; DfE's elsewhere, for the latest year DfE had published by the
period's end; officers told where DfE's differ or a later year is out."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from scorecard import averages
from scorecard.models import ComparatorValue, Figure, Indicator, Period
from scorecard.periods import PeriodKey


def test_dfe_publishes_the_year_to_31_march_each_november():
    assert averages.dfe_year_published_by(date(2024, 11, 29)) == 2023
    assert averages.dfe_year_published_by(date(2024, 12, 31)) == 2024
    # Comparator years start in the year: DfE's 2024 (2023-24) is 2023/24.
    assert averages.published_comparator_year(PeriodKey(2024, 3)) == 2023  # to 31 December 2024
    assert averages.published_comparator_year(PeriodKey(2024, 2)) == 2022  # to 30 September 2024
    assert averages.published_comparator_year(PeriodKey(2023, None)) == 2022  # to 31 March 2024


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def _row(html: str, ref: str) -> str:
    return next(part for part in html.split("<tr") if f'href="/indicators/{ref}/"' in part)


def _headings(html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", h).split()).replace("&#x27;", "'")
            for h in re.findall(r'class="sort-link"[^>]*>(.*?)<span class="visually-hidden">, sort', html)]  # fmt: skip


def test_the_decks_typed_averages_stay_on_its_periods_marked_as_the_councils(demo, client, officer):
    client.force_login(officer)
    html = client.get("/?period=2023-24-q3").content.decode()
    assert "vs SN average 2021/22" in _headings(html)
    row = _row(html, "9")
    assert "average\u00a075.0" in row and "average\u00a070.0" in row  # the deck's, as published
    assert '<span class="source-mark">(council&#x27;s)</span>' in row
    # Officers are told DfE's 2021/22 differs and DfE has since published later years.
    assert "Data-quality warnings" in html
    assert "SN average 2021/22: the council&#x27;s own is 75.0; DfE&#x27;s figures give" in html
    assert (
        "England average 2021/22 is shown (in force at the period&#x27;s end); DfE has since published 2024/25" in html
    )


def test_elsewhere_the_averages_are_dfes_for_the_year_published_by_the_periods_end(demo, client, panel_member):
    period = Period.objects.create(financial_year=2024, quarter=3)  # to 31 December 2024: DfE's 2023-24 is out
    for indicator in Indicator.objects.all():
        Figure.objects.create(indicator=indicator, period=period, numerator=50, denominator=100, value=50)
    client.force_login(panel_member)
    html = client.get("/?period=2024-25-q3").content.decode()
    headings = _headings(html)
    assert "vs SN average 2023/24 (DfE)" in headings and "vs England average 2023/24 (DfE)" in headings
    england = ComparatorValue.objects.get(indicator__ref="9", comparator__name="England", year=2023)
    assert england.source.startswith("DfE national statistics")
    row = _row(html, "9")
    assert f"average\u00a0{england.value:.1f}" in row and '<span class="source-mark">(DfE)</span>' in row
    assert "Data-quality warnings" not in html  # for officers only


def test_the_indicator_page_shows_the_councils_average_beside_dfes(demo, client, officer):
    typed = ComparatorValue.objects.get(indicator__ref="9", comparator__name="England", year=2021)
    # DfE's England figure for 2021/22 is the deck's 70; its neighbours' average is not the deck's 75.
    assert (typed.dfe_value, typed.dfe_source) == (Decimal("70"), "DfE national statistics: England's published figure")
    sn = ComparatorValue.objects.get(indicator__ref="9", comparator__name="Statistical neighbours", year=2021)
    assert sn.dfe_value is not None and sn.dfe_value != sn.value == Decimal("75")
    client.force_login(officer)
    html = client.get("/indicators/9/").content.decode()
    assert "The council's own averages beside DfE's" in html
    section = html.split('id="national-own-caption"')[1].split("</table>")[0]
    assert "<td>2021/22</td>" in section and "75.0" in section and f"{sn.dfe_value:.1f}" in section
    assert "(differs)" in section


def test_a_later_dfe_load_never_replaces_a_typed_average(demo):
    typed = ComparatorValue.objects.get(indicator__ref="9", comparator__name="Statistical neighbours", year=2021)
    assert (typed.value, typed.source) == (Decimal("75"), "")
