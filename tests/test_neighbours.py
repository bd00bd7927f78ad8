"""Statistical-neighbour average from named councils, and this council's rank and quartile."""

from decimal import Decimal as D

import pytest

from scorecard.neighbours import Rank, group_in_force, neighbour_average, rank_among


def test_mean_of_the_councils_with_a_value_and_who_was_missing():
    result = neighbour_average({"Redbridge": D("70"), "Ealing": D("80"), "Brent": None, "Barnet": D("75.5")})
    assert result.average == D("75.1667")
    assert result.included == ["Redbridge", "Ealing", "Barnet"]
    assert result.missing == ["Brent"]


def test_median_where_the_comparator_uses_it():
    assert neighbour_average({"A": D("1"), "B": D("2"), "C": D("10")}, "median").average == D("2")
    assert neighbour_average({"A": D("1"), "B": D("2"), "C": D("10"), "D": D("20")}, "median").average == D("6")


def test_no_values_no_average():
    result = neighbour_average({"A": None, "B": None})
    assert (result.average, result.included, result.missing) == (None, [], ["A", "B"])


@pytest.mark.parametrize(
    "own, polarity, expected",
    [
        (D("90"), "higher", Rank(1, 11, 1)),  # best of eleven
        (D("50"), "higher", Rank(11, 11, 4)),
        (D("75"), "higher", Rank(6, 11, 2)),  # five are better
        (D("75"), "lower", Rank(6, 11, 2)),  # five are lower, so better
        (D("72"), "higher", Rank(7, 11, 3)),
    ],
)
def test_rank_and_quartile(own, polarity, expected):
    neighbours = [D(v) for v in ("60", "65", "70", "71", "74", "76", "78", "80", "85", "88")]
    assert rank_among(own, neighbours, polarity) == expected


def test_ties_share_a_place_and_missing_values_are_left_out():
    assert rank_among(D("80"), [D("80"), D("90"), None], "higher") == Rank(2, 3, 2)


def test_no_rank_without_own_value_neighbours_or_polarity():
    assert rank_among(None, [D("1")], "higher") is None
    assert rank_among(D("1"), [None], "higher") is None
    assert rank_among(D("1"), [D("2")], "none") is None


def test_rank_describes_itself():
    assert Rank(3, 11, 2).describe() == "3 of 11 (second quartile)"


@pytest.mark.parametrize("year, group", [(2021, 2021), (2024, 2021), (2025, 2025), (2030, 2025), (2019, 2021)])
def test_group_in_force(year, group):
    assert group_in_force([2025, 2021], year) == group
    assert group_in_force([], year) is None
