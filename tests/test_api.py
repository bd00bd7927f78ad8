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
    assert dental["state"] == "shown" and dental["text"] == "82.1 (92/112)"
    assert data["audience"] == "member"
    assert dental["comparators"] == [
        {"name": "Statistical neighbours", "year": 2021, "status": "published", "value": "75",
         "comparison": "better", "withheld": False},
        {"name": "England", "year": 2021, "status": "published", "value": "70", "comparison": "better",
         "withheld": False},
    ]  # fmt: skip
    # "Not applicable" stays distinguishable from a missing average.
    assert data["indicators"][0]["comparators"][0] == {
        "name": "Statistical neighbours",
        "year": 2021,
        "status": "not_applicable",
        "value": None,
        "comparison": "none",
        "withheld": False,
    }


def test_csv_feed_of_a_period(panel_client, deck):
    response = panel_client.get("/api/scorecard/2023-24-q3.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 14
    assert rows[12]["value"] == "21.4" and rows[12]["numerator"] == "31" and rows[12]["rag"] == "red"
    assert rows[8]["SN_value"] == "75" and rows[8]["England_comparison"] == "better"


def test_feed_answers_an_anonymous_machine_with_401_json_unless_public(client, deck, settings):
    response = client.get("/api/scorecard/2023-24-q3.json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"error": "Sign in to read this feed."}
    assert client.get("/api/scorecard/2023-24-q3.csv").status_code == 401
    settings.PUBLIC_SCORECARD = True
    response = client.get("/api/scorecard/2023-24-q3.json")
    assert response.status_code == 200 and json.loads(response.content)["audience"] == "public"


def test_feed_refuses_an_account_without_a_role_with_403_json(client, deck, django_user_model):
    client.force_login(django_user_model.objects.create_user("norole", password="x" * 20))
    response = client.get("/api/scorecard/2023-24-q3.json")
    assert response.status_code == 403 and "error" in json.loads(response.content)


def test_unknown_period_in_the_feed_is_a_json_404(panel_client, deck):
    response = panel_client.get("/api/scorecard/2030-31-q1.json")
    assert response.status_code == 404 and "error" in json.loads(response.content)


def test_unknown_period_is_not_found(panel_client, deck):
    assert panel_client.get("/api/scorecard/2030-31-q1.json").status_code == 404
    assert panel_client.get("/api/scorecard/soon.json").status_code == 404
