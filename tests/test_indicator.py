"""An indicator page: definition, trend chart with its data table, commentary."""

import json
import re

import pytest
from django.core.management import call_command

from scorecard.models import Figure, Indicator
from tests.test_scorecard import _text


def test_it_shows_the_indicator_and_its_latest_figure(panel_client, deck):
    text = _text(panel_client.get("/indicators/9/"))
    assert "Dental checks" in text
    assert "% of CLA who are looked after 1 yr + with up to date Dental Checks (rolling year)" in text
    assert "Latest figure, 80.9 (89/110) Q3 2023-24, provisional" in text
    assert "Red 80.9% is 9.1 below the target of 90%, beyond the tolerance of 4.5 (5% of the target)." in text
    assert "What it counts" in text and "teeth were checked by a dentist" in text
    assert "Higher is better" in text and "Over the 12 months up to the end of each quarter" in text


def _disclosure(html: str) -> tuple[str, str]:
    """The "How this is worked out" disclosure, and the page without it."""
    found = re.search(r'<details class="worked-out">.*?</details>', html, re.S)
    assert found, "the page has the disclosure"
    return found.group(0), html.replace(found.group(0), "")


@pytest.mark.parametrize(
    "ref, plain, jargon",
    [
        ("9", "teeth were checked by a dentist", ["TEETH_CHECK 1", "characteristic =", "children_percent", ".csv"]),
        ("5", "three or more placements since 1 April", ["placement_stability =", "cla_group =", ".csv"]),
        ("1", "on the last day of the quarter", ["population_type =", "children_count", ".csv"]),
    ],
)
def test_councillors_read_plain_words_and_the_technical_definition_is_behind_a_disclosure(
    panel_client, deck, ref, plain, jargon
):
    call_command("loaddata", "national_sources", verbosity=0)
    details, rest = _disclosure(panel_client.get(f"/indicators/{ref}/").content.decode())
    assert "<summary>How this is worked out</summary>" in details
    assert plain in rest
    for words in jargon:
        assert words in details, words
        assert words not in rest, words
    assert "<details" not in details[1:] and " open" not in details[:30]  # one disclosure, closed


def test_an_indicator_with_nothing_technical_has_no_disclosure(panel_client, deck):
    Indicator.objects.create(ref="15", short_name="Visits", description="Visits on time", theme="care_planning",
                             unit="percentage", polarity="higher", measure_type="snapshot", definition="Visits.")  # fmt: skip
    html = panel_client.get("/indicators/15/").content.decode()  # no 903 definition, no DfE source
    assert "What it counts" in html
    assert "How this is worked out" not in html


def test_its_table_has_every_period_with_rag_comparators_and_direction(panel_client, deck):
    html = panel_client.get("/indicators/9/").content.decode()
    table = html[html.index('<table class="data-table">') :]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", table, re.S)
    assert len(rows) == 6
    periods = [re.sub(r"<[^>]+>|\s+", " ", row).split()[0:2] for row in rows]
    assert [p[0] for p in periods] == ["2020-21", "2021-22", "2022-23", "Q1", "Q2", "Q3"]
    q1 = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows[3]))
    assert "82.1 (92/112)" in q1
    assert "90%" in q1
    assert "Red" in q1
    assert "75.0 (2021/22, better)" in q1
    assert "70.0 (2021/22, better)" in q1
    assert "Declining: down from 91.1% in 2022-23 (worse)" in q1
    # The 2020-21 outturn precedes the 2021/22 averages, so none applies to it.
    assert "2021/22" not in rows[0]


def test_it_embeds_the_chart_as_json(panel_client, deck):
    html = panel_client.get("/indicators/14/").content.decode()
    payload = re.search(r'<script type="application/json" data-chart="trend-chart">(.*?)</script>', html, re.S)
    figure = json.loads(payload.group(1))
    names = [trace["name"] for trace in figure["data"]]
    # Missing episodes build up over the year: full years and the year to date are drawn apart.
    assert names == ["Target", "Target", "SN average (full year)", "England average (full year)",
                     "Harrow, full year", "Harrow, 23/24 year to date"]  # fmt: skip
    assert figure["data"][0]["line"]["shape"] == "hv"
    assert "template" not in figure["layout"]  # plotly.py's default template is not sent
    assert "not comparable with full-year figures or averages until Q4" in html
    assert 'role="img"' in html and "Data in the table below." in html
    assert "/static/vendor/plotly/plotly-basic.min.js" in html


def test_a_phased_target_shows_per_quarter(panel_client, deck):
    html = panel_client.get("/indicators/14/").content.decode()
    table = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index('<table class="data-table">') :]))
    assert "Q1 2023-24 (year to date) 7.5 (16/213) Provisional 2.5%" in table
    assert "Q2 2023-24 (year to date) 8.6 (21/244) Provisional 5%" in table
    assert "Q3 2023-24 (year to date) 11.8 (30/255) Provisional 7.5%" in table
    assert "2022-23 (year end) 8.2 Final 10%" in table


def test_commentary_is_shown_newest_first(panel_client, deck):
    Figure.objects.filter(indicator__ref="9", period__quarter=1).update(commentary="Reviewed monthly.")
    Figure.objects.filter(indicator__ref="9", period__quarter=3).update(commentary="Dental access improving.")
    text = _text(panel_client.get("/indicators/9/"))
    assert text.index("Q3 2023-24 Dental access improving.") < text.index("Q1 2023-24 Reviewed monthly.")


def test_no_commentary_says_so(panel_client, deck):
    assert "No commentary has been recorded for this indicator." in _text(panel_client.get("/indicators/1/"))


def test_data_quality_warning_shows_to_officers_only(client, panel_member, officer, deck):
    client.force_login(panel_member)
    assert "gives 21.2" not in _text(client.get("/indicators/13/"))
    client.force_login(officer)
    assert "Published as 21.4, but 31/146 gives 21.2." in _text(client.get("/indicators/13/"))


def test_unknown_indicator_is_not_found(panel_client, deck):
    assert panel_client.get("/indicators/99/").status_code == 404


def test_it_requires_log_in(client, deck):
    assert client.get("/indicators/9/").status_code == 302


def test_a_snapshot_indicator_is_one_line_with_short_ticks(panel_client, deck):
    html = panel_client.get("/indicators/13/").content.decode()
    payload = re.search(r'<script type="application/json" data-chart="trend-chart">(.*?)</script>', html, re.S)
    council = json.loads(payload.group(1))["data"][-1]
    assert council["name"] == "Harrow"
    assert list(council["x"]) == ["Year 20/21", "Year 21/22", "Year 22/23", "Q1 23/24", "Q2 23/24", "Q3 23/24"]
    assert "year to date" not in html


def test_a_context_indicator_has_no_legend_entry_for_averages_never_published(panel_client, deck):
    html = panel_client.get("/indicators/1/").content.decode()
    payload = re.search(r'<script type="application/json" data-chart="trend-chart">(.*?)</script>', html, re.S)
    assert [trace["name"] for trace in json.loads(payload.group(1))["data"]] == ["Harrow"]
