"""Indicator sources: seeded for the indicators DfE publishes, checked when an admin edits
one, and shown on the indicator page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from national.models import IndicatorSource
from tests.test_scorecard import _text


@pytest.fixture
def sources(deck):
    call_command("loaddata", "national_sources", verbosity=0)


def test_the_indicators_dfe_publishes_have_sources(sources):
    refs = set(IndicatorSource.objects.values_list("indicator__ref", flat=True))
    assert refs == {"1", "3", "5", "6", "7", "8", "9", "10"}
    for source in IndicatorSource.objects.all():
        source.full_clean()  # every seeded definition names filter values and columns DfE's file has


def test_a_filter_value_dfe_does_not_use_is_refused(sources):
    source = IndicatorSource.objects.get(indicator__ref="9")
    source.row_filters = {**source.row_filters, "breakdown": "Had their teeth checked"}
    source.value_column = "children_pct"
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    errors = refused.value.message_dict
    assert errors["row_filters"] == ["“Had their teeth checked” is not a value of breakdown."]
    assert errors["value_column"] == [
        "“children_pct” is not a measure of this file: it has “children_count” and “children_percent”."
    ]


def test_a_missing_filter_column_is_refused(sources):
    source = IndicatorSource.objects.get(indicator__ref="7")
    source.denominator_filters = {"breakdown": "Suitability total"}
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert "Give a value for each of the file's filter columns" in refused.value.message_dict["denominator_filters"][0]


def test_an_admin_edits_a_source_in_the_admin(client, admin_user, sources):
    client.force_login(admin_user)
    source = IndicatorSource.objects.get(indicator__ref="9")
    assert client.get(f"/admin/national/indicatorsource/{source.pk}/change/").status_code == 200


def test_the_indicator_page_shows_its_source(panel_client, sources):
    text = _text(panel_client.get("/indicators/7/"))
    assert "DfE file Care leavers: suitability of accommodation (la_care_leavers_accommodation_suitability.csv)" in text
    assert "Denominator care_leaver_age = 19 to 21 years | breakdown = Suitability total; care_leaver_count" in text
