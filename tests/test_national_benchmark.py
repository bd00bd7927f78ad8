"""The benchmark rules: neighbour average with a minimum, ranks with ties, quartile bands. Pure."""

from decimal import Decimal as D

import pytest

from national.benchmark import group_year_for, neighbour_average, quartile, rank_within, ranks


def test_the_average_is_over_the_neighbours_with_a_value_and_lists_the_missing():
    values = {f"N{i}": D(str(70 + i)) for i in range(1, 9)} | {"Slough": None, "Brent": None}
    result = neighbour_average(values, minimum=7)
    assert result.value == D("74.5000")
    assert result.missing == ("Slough", "Brent")
    assert len(result.included) == 8
    assert result.reason == "mean of 8 of 10 neighbours"


def test_no_average_below_the_minimum():
    values = {"A": D("80"), "B": D("42")} | {f"N{i}": None for i in range(8)}
    result = neighbour_average(values, minimum=7)
    assert result.value is None
    assert result.reason == "no average: 2 of 10 neighbours have a value, and an average needs 7"


@pytest.mark.parametrize(
    ("numbers", "statistic", "expected"),
    [
        (["1", "2", "10", "4", "5", "6", "7"], "median", "5"),
        (["1", "2", "10", "4", "5", "6", "7", "8"], "median", "5.5"),
        (["1", "2", "3", "4", "5", "6", "7"], "mean", "4"),
        (["1", "1", "1", "1", "1", "1", "2"], "mean", "1.1429"),
    ],
)
def test_mean_or_median_as_the_comparator_says(numbers, statistic, expected):
    values = {str(i): D(n) for i, n in enumerate(numbers)}
    assert neighbour_average(values, statistic=statistic, minimum=7).value == D(expected)


def test_ties_share_the_best_rank():
    result = ranks({"a": D("90"), "b": D("80"), "c": D("80"), "d": D("70"), "e": None}, "higher")
    assert [result[k].position for k in "abcd"] == [1, 2, 2, 4]
    assert "e" not in result and result["a"].of == 4


def test_lower_is_better_ranks_the_lowest_first():
    result = ranks({"a": D("3"), "b": D("1"), "c": D("2")}, "lower")
    assert (result["b"].position, result["c"].position, result["a"].position) == (1, 2, 3)


def test_no_rank_without_a_polarity():
    assert ranks({"a": D("1"), "b": D("2")}, "none") == {}


@pytest.mark.parametrize(
    ("position", "of", "band"),
    [(1, 152, "A"), (38, 152, "A"), (39, 152, "B"), (76, 152, "B"), (77, 152, "C"), (114, 152, "C"),
     (115, 152, "D"), (152, 152, "D"), (1, 1, "A"), (2, 3, "B"), (3, 3, "C")],
)  # fmt: skip
def test_quartile_bands_a_best_to_d_worst(position, of, band):
    assert quartile(position, of) == band


def test_rank_within_the_neighbours_counts_only_those_with_a_value():
    values = {"310": D("80"), "317": D("90"), "307": D("70"), "313": None, "999": D("100")}
    rank = rank_within("310", ["317", "307", "313"], values, "higher")
    assert (rank.position, rank.of) == (2, 3)
    assert rank_within("310", ["317"], {"310": None, "317": D("1")}, "higher") is None


@pytest.mark.parametrize(("year", "group"), [(2021, 2021), (2024, 2021), (2025, 2025), (2026, 2025)])
def test_the_2021_group_applies_until_2023_24_and_the_2025_group_from_2024_25(year, group):
    assert group_year_for(year) == group


def test_the_switch_year_is_a_setting():
    assert group_year_for(2025, switch_year=2026) == 2021
