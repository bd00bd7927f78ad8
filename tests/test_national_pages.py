"""The benchmark page, the indicator page's national section and the councils feed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from national import services
from scorecard import data_version
from tests.national_files import generate, percent_file
from tests.test_national_import import NEIGHBOURS_2025, _dental_2025
from tests.test_scorecard import _text

DATA = Path(__file__).parent / "data" / "national"
URL = "/indicators/9/benchmark/2025/"
FEED = "/api/indicators/9/councils/2025.json"


@pytest.fixture
def loaded(deck):
    call_command("loaddata", "national_sources", verbosity=0)
    plan = services.national_import_plan(files=[("dental.csv", _dental_2025())])
    services.national_import(plan=plan, by=None)


def test_the_benchmark_page_ranks_every_council_and_gives_the_averages(panel_client, loaded):
    text = _text(panel_client.get(URL))
    assert "Dental checks: every council, 2024-25" in text
    # Harrow 81 among 9 councils with a value (Merton c, Slough x): 70..84 -> 84, 82, 81 ...
    assert "Rank in England 3 of 9 councils, quartile A" in text
    assert "Statistical neighbours 77.0 (mean of 8 of 10 neighbours, DfE's 2025 grouping)" in text
    assert "Without a figure Merton, Slough" in text
    assert "Rank among neighbours 3 of 9 (Harrow and its neighbours with a figure)" in text
    assert "Region London: 77.0" in text and "England 80.0" in text
    assert "3 Harrow This council 310 · E09000015 London 81.0 81 100 A –" in text
    assert "Merton 315 · E09000024 London Suppressed (c) – 100 – Yes (closest 8)" in text


def test_the_chart_and_its_table_carry_the_same_councils(panel_client, loaded):
    html = panel_client.get(URL).content.decode()
    chart = json.loads(html.split('data-chart="benchmark-chart">')[1].split("</script>")[0])
    names = [trace["name"] for trace in chart["data"]]
    assert names == ["Statistical neighbours", "Harrow"]  # the file has no other councils
    assert chart["data"][1]["x"] == ["Harrow"]
    assert len(chart["data"][0]["x"]) == 8
    assert chart["layout"]["shapes"][0]["y0"] == 80.0  # England's line
    assert html.count('class="row--neighbour') == 10 and html.count('class="row--ours') == 1


def test_the_table_sorts_on_the_server(panel_client, loaded):
    text = _text(panel_client.get(URL + "?sort=council"))
    assert text.index("Barnet 302") < text.index("Ealing 307") < text.index("Harrow This council 310")
    assert 'aria-sort="ascending"' in panel_client.get(URL + "?sort=council").content.decode()


def test_a_year_without_figures_says_so_and_links_the_loaded_years(panel_client, loaded):
    text = _text(panel_client.get("/indicators/9/benchmark/2022/"))
    assert "No councils' figures have been loaded for 2021-22. Loaded years: 2024-25" in text


def test_the_indicator_page_shows_the_source_and_the_time_series(panel_client, loaded):
    text = _text(panel_client.get("/indicators/9/"))
    assert "Against every council (DfE's national statistics)" in text
    assert "Figure's row characteristic = Health assessments: Children looked after all ages | breakdown = Had " in text
    assert "2024-25 81.0 77.0 (mean of 8 of 10 neighbours) 77.0 80.0 3 of 9 (quartile A)" in text
    assert 'href="/indicators/9/benchmark/2025/"' in panel_client.get("/indicators/9/").content.decode()
    assert "Statistical neighbours 9 SN 2024/25: 77.0 (DfE national statistics: mean of 8 of 10 neighbours" in text


def test_the_scorecard_of_december_2025_reads_the_loaded_2024_25_averages(
    panel_client, loaded, make_figure, make_period
):
    """DfE published 2024-25 in November 2025: the quarter to 31 December 2025 is read against it."""
    from scorecard.models import Indicator

    make_figure(Indicator.objects.get(ref="9"), make_period(2025, 3), numerator=80, denominator=100)
    feed = panel_client.get("/api/scorecard/2025-26-q3.json").json()
    dental = next(i for i in feed["indicators"] if i["ref"] == "9")
    averages = {c["name"]: (c["year"], c["value"], c["comparison"]) for c in dental["comparators"]}
    assert averages["Statistical neighbours"][:2] == (2024, "77")
    assert averages["England"][:2] == (2024, "80")
    text = _text(panel_client.get("/?period=2025-26-q3"))
    assert "SN average 2024/25 (DfE)" in text


def test_the_feed_gives_every_council_in_the_issues_shape(panel_client, loaded):
    document = panel_client.get(FEED).json()
    assert set(document) >= {"indicator", "year", "england", "region", "statistical_neighbours", "councils"}
    assert (document["indicator"], document["year"]) == ("9", 2025)
    assert document["england"] == {"name": "England", "value": "80", "numerator": 40000, "denominator": 50000,
                                   "status": "value"}  # fmt: skip
    assert document["statistical_neighbours"] == {
        "group": 2025, "statistic": "mean", "value": "77",
        "councils": ["Redbridge", "Hillingdon", "Barnet", "Ealing", "Waltham Forest", "Reading", "Hounslow",
                     "Milton Keynes"],
        "missing": ["Merton", "Slough"],
    }  # fmt: skip
    harrow = next(c for c in document["councils"] if c["old_code"] == "310")
    assert harrow == {"old_code": "310", "new_code": "E09000015", "name": "Harrow", "region": "London",
                      "value": "81", "numerator": 81, "denominator": 100, "status": "value", "rank": 3, "of": 9,
                      "quartile": "A"}  # fmt: skip
    assert len(document["councils"]) == 11


def test_the_feed_needs_a_reader_and_says_so_in_json(client, loaded):
    response = client.get(FEED)
    assert response.status_code == 401 and response.json() == {"error": "Sign in to read this feed."}


def test_the_feed_for_a_year_not_loaded_is_404_json(panel_client, loaded):
    response = panel_client.get("/api/indicators/9/councils/2021.json")
    assert response.status_code == 404
    assert response.json() == {"error": "No national figures are loaded for indicator 9 in 2020-21."}


def test_a_public_scorecard_serves_the_published_statistics_to_anyone(client, settings, loaded):
    settings.PUBLIC_SCORECARD = True
    assert client.get(URL).status_code == 200
    assert client.get(FEED).status_code == 200


def _queries(client, url: str) -> int:
    data_version.bump()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_queries_do_not_grow_with_councils_or_years(panel_client, deck):
    call_command("loaddata", "national_sources", verbosity=0)
    few = {(2025, "310"): ("8", "10", "80"), (2025, "317"): ("7", "10", "70")}
    services.national_import(plan=services.national_import_plan(files=[("few.csv", percent_file(few))]), by=None)
    counts = [_queries(panel_client, url) for url in (URL, FEED, "/indicators/9/")]
    big = generate("la_conviction_health_outcome_cla", years=range(2021, 2026))
    services.national_import(plan=services.national_import_plan(files=[("all.csv", big)]), by=None)
    assert [_queries(panel_client, url) for url in (URL, FEED, "/indicators/9/")] == counts


def test_no_average_from_fewer_than_seven_neighbours_on_the_page(panel_client, deck):
    call_command("loaddata", "national_sources", verbosity=0)
    values = {(2025, "310"): ("8", "10", "80")} | {(2025, code): ("c", "10", "c") for code in NEIGHBOURS_2025[:4]}
    values |= {(2025, code): ("6", "10", "60") for code in NEIGHBOURS_2025[4:]}
    services.national_import(plan=services.national_import_plan(files=[("d.csv", percent_file(values))]), by=None)
    text = _text(panel_client.get(URL))
    assert "No average (no average: 6 of 10 neighbours have a value, and an average needs 7)" in text


def test_the_benchmark_page_chooses_among_the_years_with_data(panel_client, loaded):
    later = {(2024, "310"): ("7", "10", "70"), (2024, "317"): ("6", "10", "60")}
    services.national_import(plan=services.national_import_plan(files=[("d24.csv", percent_file(later))]), by=None)
    html = panel_client.get(URL).content.decode()
    picker = html.split('<select name="year" id="benchmark-year">')[1].split("</select>")[0]
    assert picker.strip() == '<option value="2024">2023-24</option><option value="2025" selected>2024-25</option>'
    response = panel_client.get(URL, {"year": "2024"})
    assert (response.status_code, response["Location"]) == (302, "/indicators/9/benchmark/2024/")
    assert panel_client.get(URL, {"year": "2019"}).status_code == 200  # not a year with data: stays


def test_the_every_council_chart_names_us_and_our_neighbours_and_the_table_lists_every_council(panel_client, loaded):
    html = panel_client.get(URL).content.decode()
    chart = json.loads(html.split('data-chart="benchmark-chart">')[1].split("</script>")[0])
    named = chart["layout"]["xaxis"]["ticktext"]
    assert set(named) == {"Harrow", "Redbridge", "Hillingdon", "Barnet", "Ealing", "Waltham Forest", "Reading",
                          "Hounslow", "Milton Keynes"}  # Merton (c) and Slough (x) have no bar  # fmt: skip
    assert chart["layout"]["annotations"][0]["bgcolor"] == "#ffffff"
    body = html.split('class="data-table benchmark-table"')[1].split("</table>")[0]
    assert body.count("<tr") - 1 == 11  # every council in the file, with a figure or without


def test_the_indicator_page_charts_us_against_every_councils_deciles(panel_client, loaded):
    response = panel_client.get("/indicators/9/")
    html, text = response.content.decode(), _text(response)
    chart = json.loads(html.split('data-chart="deciles-chart">')[1].split("</script>")[0])
    assert [t["name"] for t in chart["data"]].count("Harrow") == 1 and len(chart["data"]) == 10
    median = chart["data"][4]
    assert median["name"] == "Median of all councils" and median["y"] == [78.0]
    assert "Harrow was in the best 40% of councils in 2024-25 (3 of 9" in text
    # The same data as a table: ours, the 10th to 90th percentiles, how many councils, where we stand.
    assert "2024-25 81.0 71.6 73.2 74.8 76.4 78.0 79.6 80.6 81.4 82.4 9 In the best 40% of councils in 2024-25" in text


def test_the_decile_chart_says_which_deciles_for_an_indicator_without_better_or_worse(panel_client, loaded):
    from scorecard.models import Indicator

    Indicator.objects.filter(ref="9").update(polarity="none")
    data_version.bump()
    text = _text(panel_client.get("/indicators/9/"))
    assert "Harrow was between the 70th and 80th percentiles of councils in 2024-25." in text


@pytest.mark.parametrize("size", ["small", "big"])
def test_the_decile_chart_reads_in_one_query_whatever_the_councils_or_years(deck, django_assert_num_queries, size):
    from national import charts, selectors
    from scorecard.models import Indicator

    call_command("loaddata", "national_sources", verbosity=0)
    if size == "small":
        content = percent_file({(2025, "310"): ("8", "10", "80"), (2025, "317"): ("7", "10", "70")})
    else:
        content = generate("la_conviction_health_outcome_cla", years=range(2021, 2026))
    services.national_import(plan=services.national_import_plan(files=[("f.csv", content)]), by=None)
    indicator = Indicator.objects.get(ref="9")
    with django_assert_num_queries(1):
        years = selectors.decile_series(indicator)
        charts.decile_figure(years, y_title="Per cent", council="Harrow")
    assert len(years) == (1 if size == "small" else 5)


def test_the_neighbour_sheet_of_a_published_year_is_dfes_and_not_typed(client, admin_user, loaded):
    client.force_login(admin_user)
    url = "/indicators/9/benchmark/2025/neighbours/"
    text = _text(client.get(url))
    assert "DfE has published 2024-25: these are its figures, as loaded" in text
    assert "Average (mean of the group) 77.0 from 8 councils" in text and "Missing Merton, Slough" in text
    assert "1 Redbridge 317 70.0" in text and "Merton 315 Not published" in text
    assert "Save and work out the average" not in text
    assert client.post(url, {}).status_code == 403
