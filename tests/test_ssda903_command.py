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
    assert set(printed) == {"as_at", "collection_year", "indicators", "issues", "tables"}
    assert (printed["as_at"], printed["collection_year"], printed["issues"]) == ("2024-03-31", "2023-24", [])
    assert printed["tables"] == {
        name: len(content.decode().strip().split("\n")) - 1
        for name, content in zip(
            ["Header", "Episodes", "Reviews", "Missing", "OC2", "OC3"], synthetic.files.values(), strict=True
        )
    }
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
        "left_out": 0,
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


EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"


def test_an_extract_with_issues_computes_exits_0_and_prints_each_issue_with_what_it_touches(deck, tmp_path):
    episodes = tmp_path / "episodes.csv"
    episodes.write_text(EPISODES + "A1,01/01/2022,S,XX,N1,U1,PR1,,,,,,\nA2,01/01/2022,S,C2,N1,U1,PR1,,,,,,\n")
    printed = json.loads(_run(str(episodes), "--as-at", "2024-03-31", "--json"))  # no CommandError: exit 0
    assert printed["issues"] == [
        {
            "rule": "144",
            "table": "Episodes",
            "row": 2,
            "child": "A1",
            "field": "LS",
            "message": "“XX” is not a LS code in 2023-24; it must be one of C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, "
            "V2, V3, V4.",
            "affects": ["1", "3", "5", "6", "11", "12", "13", "14"],
        }
    ]
    assert printed["indicators"]["1"] == {"numerator": 1, "denominator": None, "value": 1, "left_out": 1}
    assert printed["tables"] == {"Episodes": 2}


def test_an_unreadable_extract_exits_non_zero_with_every_problem(deck, tmp_path):
    bad = tmp_path / "episodes.csv"
    bad.write_text(EPISODES + "A1,2022-01-01,S,C2,N1,U1,PR1,,,,,,\n")
    with pytest.raises(CommandError) as refused:
        _run(str(bad), "--as-at", "2024-03-31", "--json")
    assert "The extract could not be read" in str(refused.value)
    assert "No row's DECOM can be read as a date" in str(refused.value)


def test_history_prints_each_quarter_ends_figures_known_from_how_the_extract_was_built(deck, tmp_path):
    """Child n starts 10 days before the n-th quarter end counting back from D, and stays: at
    the n-th quarter end back, 12 - n children are looked after."""
    from datetime import timedelta

    from ssda903.pipeline import quarter_ends

    ends = quarter_ends(D, None)
    rows = "".join(f"C{n},{(end - timedelta(days=10)):%d/%m/%Y},S,C2,N1,U1,PR1,,,,,,\n" for n, end in enumerate(ends))
    episodes = tmp_path / "episodes.csv"
    episodes.write_text(EPISODES + rows)
    printed = json.loads(_run(str(episodes), "--as-at", "2024-03-31", "--history", "--json"))
    assert list(printed) == ["dates"]
    assert [d["as_at"] for d in printed["dates"]] == [end.isoformat() for end in ends]
    assert ends[:5] == [D, date(2023, 12, 31), date(2023, 9, 30), date(2023, 6, 30), date(2023, 3, 31)]
    assert [d["indicators"]["1"]["numerator"] for d in printed["dates"]] == [12 - n for n in range(12)]
    assert [d["collection_year"] for d in printed["dates"][:5]] == ["2023-24"] * 4 + ["2022-23"]
    assert set(printed["dates"][0]) == {"as_at", "collection_year", "indicators", "issues", "tables"}
    text = _run(str(episodes), "--as-at", "2024-03-31", "--history")
    assert "As at 31/12/2023:" in text and "  1  11" in text


def test_last_years_return_is_compared_with_by_dfes_rules(deck, tmp_path):
    (tmp_path / "header.csv").write_text(HEADER + "A1,1,01/05/2012,WBRI,,,\n")
    (tmp_path / "episodes.csv").write_text(EPISODES + "A1,01/01/2022,S,C2,N1,U1,PR1,,,,,,\n")
    (tmp_path / "last_header.csv").write_text(HEADER + "A1,1,02/05/2012,WBRI,,,\n")
    printed = json.loads(
        _run(str(tmp_path / "header.csv"), str(tmp_path / "episodes.csv"), "--as-at", "2024-03-31",
             "--previous", str(tmp_path / "last_header.csv"), "--json")
    )  # fmt: skip
    assert [(i["rule"], i["field"], i["affects"]) for i in printed["issues"]] == [("203", "DOB", ["6"])]
    assert "differs from last year's (02/05/2012)" in printed["issues"][0]["message"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--json", "--save", "--as-at", "2024-03-31"], "--json prints and saves nothing"),
        (["--save", "--as-at", "2024-03-31"], "--save needs --period and --user."),
        (["--period", "Q4 2023-24", "--as-at", "2024-03-30"], "is not the end of Q4 2023-24"),
        (["--as-at", "31/03/2024"], "is not a date"),
        ([], "Give --as-at"),
        (["--history", "--save", "--period", "Q4 2023-24", "--user", "bob"], "leave out --history"),
    ],
)
def test_the_options_are_checked(deck, extract, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*extract[1], *args)
