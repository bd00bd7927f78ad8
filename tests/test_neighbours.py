"""The statistical-neighbour rules (national.benchmark) the national pages, the scorecard's
averages and the neighbour sheet share: the average with a minimum, ranks with ties, quartile
bands. Pure."""

from decimal import Decimal as D

import pytest

from national.benchmark import Rank, neighbour_average, quartile, rank_among, ranks


def test_mean_of_the_councils_with_a_value_and_who_was_missing():
    result = neighbour_average({"Redbridge": D("70"), "Ealing": D("80"), "Brent": None, "Barnet": D("75.5")})
    assert result.value == D("75.1667")
    assert result.included == ("Redbridge", "Ealing", "Barnet")
    assert result.missing == ("Brent",)
    assert result.reason == "mean of 3 of 4 neighbours"


def test_the_average_is_over_the_neighbours_with_a_value_and_lists_the_missing():
    values = {f"N{i}": D(str(70 + i)) for i in range(1, 9)} | {"Slough": None, "Brent": None}
    result = neighbour_average(values, minimum=7)
    assert result.value == D("74.5000")
    assert result.missing == ("Slough", "Brent")
    assert len(result.included) == 8
    assert result.reason == "mean of 8 of 10 neighbours"


@pytest.mark.parametrize(
    ("numbers", "statistic", "expected"),
    [
        (["1", "2", "10"], "median", "2"),
        (["1", "2", "10", "20"], "median", "6"),
        (["1", "2", "10", "4", "5", "6", "7"], "median", "5"),
        (["1", "2", "10", "4", "5", "6", "7", "8"], "median", "5.5"),
        (["1", "2", "3", "4", "5", "6", "7"], "mean", "4"),
        (["1", "1", "1", "1", "1", "1", "2"], "mean", "1.1429"),  # 8/7 to 4 places
        (["0.0001", "0"], "mean", "0.0001"),  # 0.00005: half rounds up
    ],
)
def test_mean_or_median_as_the_comparator_says(numbers, statistic, expected):
    values = {str(i): D(n) for i, n in enumerate(numbers)}
    result = neighbour_average(values, statistic=statistic)
    assert (result.value, result.statistic) == (D(expected), statistic)


def test_no_values_no_average():
    result = neighbour_average({"Redbridge": None, "Ealing": None})
    assert (result.value, result.included, result.missing) == (None, (), ("Redbridge", "Ealing"))
    assert result.reason == "no average: 0 of 2 neighbours have a value, and an average needs 1"


def test_no_average_below_the_minimum():
    values = {"Redbridge": D("80"), "Ealing": D("42")} | {f"N{i}": None for i in range(8)}
    result = neighbour_average(values, minimum=7)
    assert result.value is None
    assert result.included == ("Redbridge", "Ealing")
    assert result.reason == "no average: 2 of 10 neighbours have a value, and an average needs 7"


@pytest.mark.parametrize(
    ("own", "polarity", "expected"),
    [
        (D("90"), "higher", Rank(1, 11, "A")),  # best of eleven
        (D("50"), "higher", Rank(11, 11, "D")),
        (D("75"), "higher", Rank(6, 11, "B")),  # five are better
        (D("75"), "lower", Rank(6, 11, "B")),  # five are lower, so better
        (D("72"), "higher", Rank(7, 11, "C")),
    ],
)
def test_our_rank_and_quartile_among_the_neighbours(own, polarity, expected):
    neighbours = [D(v) for v in ("60", "65", "70", "71", "74", "76", "78", "80", "85", "88")]
    assert rank_among(own, neighbours, polarity) == expected


def test_ties_share_the_best_rank():
    result = ranks({"a": D("90"), "b": D("80"), "c": D("80"), "d": D("70"), "e": None}, "higher")
    assert [result[k].position for k in "abcd"] == [1, 2, 2, 4]
    assert "e" not in result and result["a"].of == 4


def test_a_council_level_with_a_neighbour_shares_its_place_and_missing_values_are_left_out():
    assert rank_among(D("80"), [D("80"), D("90"), None], "higher") == Rank(2, 3, "B")


def test_lower_is_better_ranks_the_lowest_first():
    result = ranks({"a": D("3"), "b": D("1"), "c": D("2")}, "lower")
    assert (result["b"].position, result["c"].position, result["a"].position) == (1, 2, 3)


@pytest.mark.parametrize(
    ("position", "of", "band"),
    [(1, 152, "A"), (38, 152, "A"), (39, 152, "B"), (76, 152, "B"), (77, 152, "C"), (114, 152, "C"),
     (115, 152, "D"), (152, 152, "D"), (1, 1, "A"), (2, 3, "B"), (3, 3, "C")],
)  # fmt: skip
def test_quartile_bands_a_best_to_d_worst(position, of, band):
    assert quartile(position, of) == band


def test_no_rank_without_a_polarity():
    assert ranks({"a": D("1"), "b": D("2")}, "none") == {}
    assert rank_among(D("1"), [D("2")], "none") is None


def test_no_rank_without_our_own_value():
    assert rank_among(None, [D("1"), D("2")], "higher") is None


def test_no_rank_among_too_few_neighbours():
    assert rank_among(D("1"), [None], "higher") is None
    assert rank_among(D("1"), [D("2"), D("3"), None], "higher", minimum=3) is None
    assert rank_among(D("1"), [D("2"), D("3"), D("4")], "higher", minimum=3) == Rank(4, 4, "D")


def test_rank_describes_itself():
    assert Rank(3, 11, "B").describe() == "3 of 11 (quartile B)"
