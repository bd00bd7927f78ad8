"""The fixtures hold the March 2024 deck exactly: every cell of its scorecard table,
read back through the scorecard as a user sees it."""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from scorecard import selectors
from scorecard.audience import Audience
from scorecard.models import Figure, Indicator, Period, Target
from scorecard.periods import PeriodKey
from scorecard.rag import Rag
from tests.conftest import load_deck

DECK = Path(__file__).resolve().parent.parent / "fixtures" / "source" / "march-2024-scorecard.txt"
COLUMNS = ["ref", "description", "sn", "england", "2020", "2021", "2022", "target", "q1", "q2", "q3"]
CELL = re.compile(r"^([\d.]+)(?: \((\d+)/(\d+)\))?$")


def deck_rows() -> list[dict[str, str]]:
    lines = DECK.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Ref No\t"))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        rows.append(dict(zip(COLUMNS, line.split("\t"), strict=True)))
    return rows


@pytest.fixture
def q3_card(deck):
    return selectors.scorecard_for(Period.objects.get(financial_year=2023, quarter=3), Audience.OFFICER)


def test_the_deck_has_fourteen_rows():
    assert [row["ref"] for row in deck_rows()] == [str(n) for n in range(1, 15)]


def _assert_comparator(versus, deck_text: str):
    if deck_text.startswith("Not "):
        assert versus.average is None
        assert versus.average_text.lower() == deck_text.lower()
    else:
        assert versus.average == Decimal(deck_text)
        assert versus.year == 2021


def _assert_figure(cell, deck_text: str):
    value, numerator, denominator = CELL.match(deck_text).groups()
    assert cell.shown == Decimal(value)
    assert cell.numerator == (int(numerator) if numerator else None)
    assert cell.denominator == (int(denominator) if denominator else None)


def _deck_targets(text: str) -> dict[int | None, Decimal]:
    text = text.strip()
    if text in ("", "N/A"):
        return {}
    phased = re.findall(r"Q(\d) - ([\d.]+)%", text)
    if phased:
        return {int(q): Decimal(v) for q, v in phased}
    return {None: Decimal(text.rstrip("%"))}


@pytest.mark.parametrize("row", deck_rows(), ids=lambda row: f"indicator-{row['ref']}")
def test_every_published_cell_matches_the_deck(q3_card, row):
    card_row = next(r for r in q3_card.rows if r.ref == row["ref"])
    assert card_row.description == row["description"]

    sn, england = q3_card.comparators
    assert sn.heading == "SN average 2021/22" and england.heading == "England average 2021/22"
    _assert_comparator(card_row.versus[0], row["sn"])
    _assert_comparator(card_row.versus[1], row["england"])

    periods = q3_card.figure_periods
    assert [p.label for p in periods] == ["2020-21", "2021-22", "2022-23", "Q1 2023-24", "Q2 2023-24", "Q3 2023-24"]
    for cell, column in zip(card_row.figures, ["2020", "2021", "2022", "q1", "q2", "q3"], strict=True):
        _assert_figure(cell, row[column])

    # The target column applies to the 2023-24 quarters (and, as headed, to 2022-23).
    for year in (2022, 2023):
        targets = Target.objects.filter(indicator__ref=row["ref"], financial_year=year)
        assert {t.quarter: t.value for t in targets} == _deck_targets(row["target"])


def test_values_are_what_the_counts_give(deck):
    for figure in Figure.objects.select_related("indicator").exclude(numerator=None):
        assert figure.value == figure.computed_value


def test_the_one_published_value_that_disagrees_with_its_counts_is_flagged(q3_card):
    warnings = [(row.ref, w) for row in q3_card.rows for w in row.warnings]
    assert warnings == [("13", "Q3 2023-24: Published as 21.4, but 31/146 gives 21.2. RAG uses the published value.")]


def test_q1_2023_24_rag_is_what_the_panel_saw(deck):
    card = selectors.scorecard_for(Period.objects.get(financial_year=2023, quarter=1), Audience.MEMBER)
    rag_by_name = {row.name: row.rag for row in card.rows}
    assert rag_by_name == {
        "Children looked after": Rag.NONE,
        "Care leavers": Rag.NONE,
        "Rate of children looked after": Rag.NONE,
        "Reviews on time": Rag.AMBER,
        "Three or more placements": Rag.GREEN,
        "Long-term placement stability": Rag.AMBER,
        "Care leavers in suitable accommodation": Rag.GREEN,
        "Care leavers not in education, employment or training": Rag.GREEN,
        "Dental checks": Rag.RED,
        "Health checks": Rag.AMBER,
        "Adopted": Rag.NONE,
        "Special guardianship orders": Rag.NONE,
        "Placed more than 20 miles from home": Rag.AMBER,
        "Children with a missing episode": Rag.RED,
    }


def test_demographic_profile_matches_the_deck(deck):
    profile = selectors.demographic_profile()
    series = ["Harrow latest", "Harrow 2023", "Harrow population", "SN average 2023"]
    expected = {
        "ethnicity": {"White": [26, 30, 27, 36], "Mixed": [23, 21, 9, 20], "Asian": [19, 25, 49, 15],
                      "Black": [16, 13, 9, 18], "Other": [16, 11, 6, 12]},
        "age": {"Under 1": [11, 2, 6, 5], "1 to 4": [7, 9, 24, 10], "5 to 9": [12, 11, 29, 12],
                "10 to 15": [29, 32, 31, 34], "16-plus": [41, 46, 10, 40]},
        "gender": {"Male": [59, 61, 51, 61], "Female": [41, 39, 49, 39]},
    }  # fmt: skip
    tables = {table["breakdown"]: table for table in profile}
    assert list(tables) == ["ethnicity", "age", "gender"]
    for breakdown, categories in expected.items():
        table = tables[breakdown]
        assert [s["name"] for s in table["series"]] == series
        assert table["categories"] == list(categories)
        for category, values in categories.items():
            assert [Decimal(table["shares"][category][name]) for name in series] == [Decimal(v) for v in values]


def test_loading_twice_changes_nothing(deck):
    before = (Indicator.objects.count(), Figure.objects.count(), Target.objects.count())
    call_command("loaddata", "march_2024_scorecard", verbosity=0)
    assert (Indicator.objects.count(), Figure.objects.count(), Target.objects.count()) == before == (14, 84, 30)
    assert Period.objects.get(financial_year=2023, quarter=3).key == PeriodKey(2023, 3)


def _dump() -> str:
    out = StringIO()
    call_command("dumpdata", "scorecard", "national", exclude=["scorecard.dataversion"], indent=0, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_tests_deck_is_what_loaddata_loads():
    """tests/conftest.py's deck writes the fixture's rows in bulk: what it leaves is what
    `loaddata` (and so `make run`) leaves, and the next row made gets the next free key."""
    with transaction.atomic():
        load_deck()
        fast, next_fast = _dump(), Period.objects.create(financial_year=2031, quarter=1).pk
        transaction.set_rollback(True)
    assert not Period.objects.exists()
    call_command("loaddata", "march_2024_scorecard", verbosity=0)
    assert _dump() == fast
    assert Period.objects.create(financial_year=2031, quarter=1).pk == next_fast
