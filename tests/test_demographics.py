import json
import re

from tests.test_scorecard import _text


def test_it_shows_each_breakdown_as_chart_and_table(panel_client, deck):
    response = panel_client.get("/demographics/")
    html = response.content.decode()
    text = _text(response)
    assert [h for h in re.findall(r"<h2[^>]*>([^<]+)</h2>", html)] == ["Ethnicity", "Age", "Gender"]
    assert "Asian 19% 25% 49% 15%" in text
    assert "16-plus 41% 46% 10% 40%" in text
    assert "Female 41% 39% 49% 39%" in text
    charts = re.findall(r'<script type="application/json" data-chart="[a-z]+-chart">(.*?)</script>', html, re.S)
    assert len(charts) == 3
    ethnicity = json.loads(charts[0])
    # Harrow 2023 is in the table, not the chart: the chart compares latest, population and SN.
    assert [t["name"] for t in ethnicity["data"]] == ["Harrow latest", "Harrow population", "SN average 2023"]
    assert all(t["type"] == "bar" for t in ethnicity["data"])


def test_it_requires_log_in(client, deck):
    assert client.get("/demographics/").status_code == 302
