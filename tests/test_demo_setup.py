from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory

from scorecard.models import Figure, Indicator


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
