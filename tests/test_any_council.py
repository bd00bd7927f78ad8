"""Any council without editing code: `manage.py setup_council 302` (or `COUNCIL=886 make run`)
gives the council's scorecard from the indicator library, its name on every page, and its
year-end outturns from DfE's published figures. An unknown council is refused with the closest."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from national import councils
from national.models import CouncilValue, ScorecardCouncil
from scorecard.models import ComparatorValue, Figure, Indicator


def _as(code: str, name: str):
    return override_settings(OUR_COUNCIL_CODE=code, COUNCIL_NAME=name, COUNCIL_SHORT_NAME=name)


def _visible(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _check_pages(client, code: str, name: str) -> None:
    html = client.get("/").content.decode()
    assert "<title>" in html and name in html.split("<title>")[1].split("</title>")[0]
    footer = html.split('class="site-footer"')[1]
    assert f"{name} · Children's Services" in footer or f"{name} · Children&#x27;s Services" in footer
    assert "Harrow" not in html
    # The 2024-25 outturn of dental checks is DfE's figure for the council.
    dfe = CouncilValue.objects.get(indicator__ref="9", year=2025, area_code=code)
    figure = Figure.objects.get(indicator__ref="9", period__financial_year=2024, period__quarter__isnull=True)
    assert figure.published_value == dfe.value and (figure.numerator, figure.denominator) == (
        dfe.numerator,
        dfe.denominator,
    )
    row = next(part for part in html.split("<tr") if 'href="/indicators/9/"' in part)
    assert f"{dfe.value:.1f}" in _visible(row)
    assert f"{name} 2023-24" in _visible(html)  # the outturn columns carry the council's name
    indicator = client.get("/indicators/9/").content.decode()
    assert name in indicator and "Harrow" not in indicator and "Why it matters" in indicator
    export = client.get("/?_export=csv")
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    assert f"{name} 2023-24" in text and "Harrow" not in text


@pytest.mark.django_db
def test_barnet_set_up_by_code_gets_its_own_scorecard_and_name(client, panel_member, capsys):
    with _as("302", "Barnet"):
        call_command("setup_council", "302")
        out = capsys.readouterr().out
        assert "Barnet (302, E09000003): 14 indicators on the scorecard" in out and "COUNCIL=302" in out
        assert ScorecardCouncil.objects.get().council.old_code == "302"
        assert list(Indicator.objects.filter(is_active=True).values_list("ref", flat=True)) == [
            str(n) for n in range(1, 15)
        ]
        # Every indicator DfE publishes has its five outturns (where DfE gives a figure), and none is Harrow's.
        assert Figure.objects.filter(indicator__ref="1", period__quarter__isnull=True).count() == 5
        ours = CouncilValue.objects.get(indicator__ref="1", year=2025, area_code="302")
        assert Figure.objects.get(indicator__ref="1", period__financial_year=2024).value == ours.value
        # The rate per 10,000 is worked out from the count and the child population.
        rate = Figure.objects.get(indicator__ref="3", period__financial_year=2024)
        assert rate.denominator and abs(rate.value - CouncilValue.objects.get(
            indicator__ref="3", year=2025, area_code="302").value) < 1  # fmt: skip
        # The SN averages are over Barnet's neighbours, not Harrow's.
        sn = ComparatorValue.objects.get(indicator__ref="9", comparator__name="Statistical neighbours", year=2024)
        assert sn.source.startswith("DfE national statistics")
        client.force_login(panel_member)
        _check_pages(client, "302", "Barnet")
        # Running it again changes nothing.
        figures = sorted(Figure.objects.values_list("pk", "value"))
        call_command("setup_council", "Barnet")
        assert sorted(Figure.objects.values_list("pk", "value")) == figures
        # Another council on the same database is refused.
        with pytest.raises(CommandError, match="holds Barnet's scorecard"):
            call_command("setup_council", "886")


@pytest.mark.django_db
def test_kent_by_make_run_with_council_set(client, panel_member, capsys):
    with _as("886", "Kent"):
        call_command("demo_setup")
        out = capsys.readouterr().out
        assert "Kent's scorecard: 14 indicators from the library" in out and "username: officer" in out
        assert Decimal(CouncilValue.objects.get(indicator__ref="1", year=2025, area_code="886").value) > 1000
        client.force_login(panel_member)
        _check_pages(client, "886", "Kent")


def test_an_unknown_council_is_refused_with_the_closest_matches(db):
    with pytest.raises(CommandError, match=r"No English council has the code or name “Barnett”\. Closest: Barnet "):
        call_command("setup_council", "Barnett")
    assert councils.resolve("E10000016").name == "Kent" and councils.resolve("kent").old_code == "886"
