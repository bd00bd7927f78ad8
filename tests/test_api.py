"""The read-only scorecard feed for other council systems."""

import csv
import io
import json


def test_json_feed_of_a_period(panel_client, deck):
    response = panel_client.get("/api/scorecard/2023-24-q1.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["period"] == {"label": "Q1 2023-24", "slug": "2023-24-q1", "start": "2023-04-01", "end": "2023-06-30"}
    assert len(data["indicators"]) == 14
    dental = data["indicators"][8]
    assert {k: dental[k] for k in ("ref", "value", "numerator", "denominator", "status", "target", "rag", "direction",
                                   "previous_period", "previous_value")} == {
        "ref": "9", "value": "82.1", "numerator": 92, "denominator": 112, "status": "provisional", "target": "90",
        "rag": "red", "direction": "declining", "previous_period": "2022-23", "previous_value": "91.1",
    }  # fmt: skip
    assert dental["comparators"] == [
        {"name": "Statistical neighbours", "year": 2021, "value": "75", "comparison": "better"},
        {"name": "England", "year": 2021, "value": "70", "comparison": "better"},
    ]
    assert data["indicators"][0]["comparators"][0] == {
        "name": "Statistical neighbours",
        "year": 2021,
        "value": None,
        "comparison": "none",
    }


def test_csv_feed_of_a_period(panel_client, deck):
    response = panel_client.get("/api/scorecard/2023-24-q3.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 14
    assert rows[12]["value"] == "21.4" and rows[12]["numerator"] == "31" and rows[12]["rag"] == "red"
    assert rows[8]["SN_value"] == "75" and rows[8]["England_comparison"] == "better"


def test_feed_needs_log_in_unless_public(client, deck, settings):
    assert client.get("/api/scorecard/2023-24-q3.json").status_code == 302
    settings.PUBLIC_SCORECARD = True
    assert client.get("/api/scorecard/2023-24-q3.json").status_code == 200


def test_unknown_period_is_not_found(panel_client, deck):
    assert panel_client.get("/api/scorecard/2030-31-q1.json").status_code == 404
    assert panel_client.get("/api/scorecard/soon.json").status_code == 404
