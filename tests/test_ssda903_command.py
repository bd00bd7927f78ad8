"""python manage.py compute_903: the same numbers as the page, --json saves nothing,
--save records the figures in history."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scorecard.models import Figure
from ssda903.synthetic import synthetic_extract

D = date(2024, 3, 31)


@pytest.fixture
def extract(tmp_path):
    synthetic = synthetic_extract(episodes=1500, as_at=D, seed=11)
    paths = []
    for name, content in synthetic.files.items():
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    (tmp_path / "postcodes.csv").write_bytes(synthetic.postcodes)
    return synthetic, paths, str(tmp_path / "postcodes.csv")


def _run(*args) -> str:
    out = StringIO()
    call_command("compute_903", *args, stdout=out)
    return out.getvalue()


def test_json_prints_the_aggregates_and_saves_nothing(deck, extract):
    synthetic, paths, postcodes = extract
    before = Figure.objects.count()
    printed = json.loads(
        _run(*paths, "--as-at", "2024-03-31", "--population", "60452", "--postcodes", postcodes, "--json")
    )
    assert printed["as_at"] == "2024-03-31"
    indicators = printed["indicators"]
    assert set(indicators) == {str(n) for n in range(1, 15)}
    for ref, (numerator, denominator) in synthetic.expected.items():
        assert (indicators[ref]["numerator"], indicators[ref]["denominator"]) == (numerator, denominator), ref
    looked_after = synthetic.expected["1"][0]
    assert indicators["1"]["value"] == looked_after
    assert indicators["3"] == {
        "numerator": looked_after,
        "denominator": 60452,
        "value": round(looked_after / 60452 * 10000 + 1e-9, 1),
    }
    assert "not_computed" in indicators["2"] and "not_computed" in indicators["4"]
    assert not any(child in json.dumps(printed) for child in synthetic.children)
    assert Figure.objects.count() == before


def test_save_accepts_every_computed_figure_into_the_period(deck, extract, officer):
    synthetic, paths, postcodes = extract
    output = _run(*paths, "--period", "Q4 2023-24", "--postcodes", postcodes, "--save", "--user", "bob")
    assert output.strip().endswith(
        "Q4 2023-24: 11 computed figures saved as provisional: 11 added, 0 changed, 0 unchanged."
    )
    saved = {f.indicator.ref: f for f in Figure.objects.filter(period__financial_year=2023, period__quarter=4)}
    assert set(saved) == {"1", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14"}
    assert saved["1"].value == synthetic.expected["1"][0] and saved["1"].numerator is None
    assert (saved["5"].numerator, saved["5"].denominator) == synthetic.expected["5"]
    record = saved["5"].history.first()
    assert record.history_change_reason.startswith("computed from 903 extract (header.csv, episodes.csv")
    assert record.history_user == officer


def test_a_broken_extract_is_refused_with_every_problem(deck, tmp_path):
    bad = tmp_path / "episodes.csv"
    bad.write_text("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
                   "A1,01/01/2022,S,XX,N1,U1,PR1,,,,,,\n")  # fmt: skip
    with pytest.raises(CommandError) as refused:
        _run(str(bad), "--as-at", "2024-03-31", "--json")
    assert "episodes.csv: Row 2, column D (LS): “XX” is not a LS code" in str(refused.value)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--json", "--save", "--as-at", "2024-03-31"], "--json prints and saves nothing"),
        (["--save", "--as-at", "2024-03-31"], "--save needs --period and --user."),
        (["--period", "Q4 2023-24", "--as-at", "2024-03-30"], "is not the end of Q4 2023-24"),
        (["--as-at", "31/03/2024"], "is not a date"),
        ([], "Give --as-at"),
    ],
)
def test_the_options_are_checked(deck, extract, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*extract[1], *args)
