import re
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory

from scorecard.models import Figure, Indicator, PanelReport, ReportVersion


def _run(capsys) -> str:
    call_command("demo_setup")
    return capsys.readouterr().out


def test_it_loads_the_fixtures_and_prints_working_log_ins(db, capsys):
    out = _run(capsys)
    assert "Loaded fixtures: march_2024_scorecard, national_sources, dfe_indicators." in out
    assert Indicator.objects.filter(is_active=True).count() == 14  # the deck's; DfE's others wait in the library
    for line in [line for line in out.splitlines() if "username:" in line]:
        username, password = line.split("username:")[1].split("password:")
        request = RequestFactory().post("/login/")
        assert authenticate(request, username=username.strip(), password=password.strip()) is not None
    assert {u.username: [g.name for g in u.groups.all()] for u in User.objects.all()} == {
        "panel": ["Panel members"],
        "officer": ["Officers"],
        "admin": ["Admins"],
    }


def test_running_it_again_keeps_the_data(db, capsys):
    _run(capsys)
    Figure.objects.filter(indicator__ref="9", period__quarter=3).update(commentary="Kept")
    out = _run(capsys)
    assert "fixtures not reloaded" in out
    assert (
        Indicator.objects.filter(is_active=True).count() == 14
        and Figure.objects.count() == 84
        and User.objects.count() == 3
    )
    assert Figure.objects.get(indicator__ref="9", period__quarter=3).commentary == "Kept"


# A fresh demo: the deck, DfE's figures, the demonstration commentary and the published Q3 report.
demo = pytest.fixture(scope="module")(lambda demo_site: demo_site)


def test_a_fresh_demo_publishes_the_q3_report_through_the_products_services(demo, db, client):
    assert "Published the Q3 2023-24 panel report." in demo
    report = PanelReport.objects.get(period__financial_year=2023, period__quarter=3)
    assert report.is_published and report.versions.count() == 1
    assert report.published_by.username == "admin" and report.key_points.count() > 0
    client.force_login(User.objects.get(username="panel"))
    page = client.get("/reports/2023-24-q3/")
    assert page.status_code == 200
    assert "[Demonstration text] The review schedule is being rebuilt" in page.content.decode()


def test_commentary_on_red_and_amber_figures_is_marked_as_demonstration_text_in_history(demo, db):
    assert "Added commentary to 15 red and amber figures, each marked “[Demonstration text]”." in demo
    written = Figure.objects.exclude(commentary="")
    assert written.count() == 15 and all(f.commentary.startswith("[Demonstration text] ") for f in written)
    dental = Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)
    assert dental.commentary_checked
    records = Figure.history.filter(id=dental.pk).order_by("history_date")
    assert [r.history_change_reason for r in records][:2] == ["as loaded before history", "command"]
    assert records[1].history_user.username == "officer"
    # a green figure has none; the deck's published 21.4 (31/146) is kept as it was published
    assert Figure.objects.get(indicator__ref="7", period__financial_year=2023, period__quarter=3).commentary == ""
    far = Figure.objects.get(indicator__ref="13", period__financial_year=2023, period__quarter=3)
    assert far.published_value == Decimal("21.4")


def test_the_neighbour_pages_are_filled_from_dfes_figures(demo, db, client):
    client.force_login(User.objects.get(username="panel"))
    response = client.get("/indicators/9/benchmark/2023/neighbours/")
    html = response.content.decode()
    assert response.status_code == 200 and "No council has a value yet" not in html
    assert re.search(r"<dd>[0-9.]+ from (\d+) councils</dd>", html), "an average from DfE's figures"


def test_running_it_again_changes_nothing_and_keeps_what_users_entered(demo, db, capsys):
    dental = Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)
    Figure.objects.filter(pk=dental.pk).update(commentary="")  # an officer removed the demo's words
    records, versions = Figure.history.count(), ReportVersion.objects.count()
    out = _run(capsys)
    assert "Added commentary" not in out and "Published" not in out
    assert Figure.objects.get(pk=dental.pk).commentary == ""
    assert (Figure.history.count(), ReportVersion.objects.count()) == (records, versions)
