"""The indicator library: one reviewed definition per indicator in indicators/definitions/, every
field present, none past its review date; the deck's 14 and every indicator DfE's shipped files
give are in it; the indicator page shows why it matters, the source and the review dates."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.utils.html import escape

from national import library
from ssda903.indicators import BY_REF


def test_every_definition_has_every_field_and_is_not_past_its_review():
    today = date.today()
    assert library.definitions()
    for slug, definition in library.definitions().items():
        assert library.problems(definition, today=today) == [], slug
        assert definition["unit"] in ("count", "percentage", "rate_per_10000"), slug
        assert definition["polarity"] in ("higher", "lower", "none"), slug
        if definition["ssda903_definition"]:
            assert definition["ssda903_definition"] in BY_REF, slug


def test_a_missing_field_or_a_passed_review_is_caught():
    definition = dict(library.for_ref("9"))
    assert library.problems(definition, today=date(2027, 12, 4)) == ["its next review (2027-12-03) has passed"]
    del definition["why_it_matters"]
    assert "no why_it_matters" in library.problems(definition, today=date(2026, 12, 3))


def test_the_deck_and_every_dfe_indicator_are_in_the_library():
    deck = [o["fields"]["ref"] for o in json.load(open("fixtures/march_2024_scorecard.json"))
            if o["model"] == "scorecard.indicator"]  # fmt: skip
    assert sorted(d["deck_ref"] for d in library.definitions().values() if d["deck_ref"]) == sorted(deck)
    shipped = [o for o in json.load(open("fixtures/dfe_indicators.json")) if o["model"] == "national.indicatorsource"]
    with_source = {d["dfe_source"]["file"] for d in library.definitions().values() if d["dfe_source"]}
    assert with_source == {o["fields"]["file_kind"] + ".csv" for o in shipped} | {
        "cla_number_and_rate_per_10k_children.csv", "la_cla_placement_stability.csv"}  # fmt: skip
    assert library.for_ref("13")["dfe_source"]["caveat"].startswith("DfE counts the new placements")


@pytest.mark.django_db
def test_the_indicator_page_shows_why_it_matters_the_source_and_review_dates(client, panel_member):
    call_command("loaddata", "march_2024_scorecard", "national_sources", verbosity=0)
    client.force_login(panel_member)
    html = client.get("/indicators/9/").content.decode()
    definition = library.for_ref("9")
    assert "Why it matters" in html and escape(definition["why_it_matters"]) in html
    section = html.split('id="library-definition"')[1].split("</section>")[0]
    assert "DfE's published statistics (Children looked after for 12 months: convictions, health" in section
    assert ".csv" not in section  # the technical source is behind "How this is worked out"
    assert f"next review due {definition['next_review']}" in html
