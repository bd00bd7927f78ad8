"""The rest of the one set of benchmarking rules (national.benchmark): DfE's grouping in force
for a year from the registry, the one minimum, deciles and where a council stands, the year's
label, and councils in chart order. Pure, table-driven."""

from decimal import Decimal as D

import pytest

from national import councils
from national.benchmark import (
    Grouping,
    band_between,
    comparator_year,
    deciles,
    grouping_in_force,
    minimum_for,
    order_best_first,
    percentile,
    standing,
    year_label,
)

SHIPPED = [Grouping(2021, "a.csv", "2021", 2021), Grouping(2025, "b.csv", "wide", 2025)]


@pytest.mark.parametrize(
    ("year", "grouping"),
    [(2019, 2021), (2021, 2021), (2024, 2021), (2025, 2025), (2026, 2025), (2030, 2025)],
)
def test_the_2021_grouping_applies_until_2023_24_and_2025s_from_2024_25(year, grouping):
    assert grouping_in_force(SHIPPED, year).year == grouping


@pytest.mark.parametrize(
    ("registry", "year", "grouping"),
    [
        ([], 2025, None),
        (SHIPPED + [Grouping(2029, "c.csv", "wide", 2030)], 2029, 2025),  # a new grouping is a registry row
        (SHIPPED + [Grouping(2029, "c.csv", "wide", 2030)], 2030, 2029),
        (
            [Grouping(2021, "a.csv", "2021", 2021), Grouping(2025, "b.csv", "wide", 2026)],
            2025,
            2021,
        ),  # brought in later
    ],
)
def test_the_grouping_in_force_follows_the_registry(registry, year, grouping):
    found = grouping_in_force(registry, year)
    assert (found.year if found else None) == grouping


def test_the_shipped_registry_names_both_of_dfes_groupings_and_their_files_exist():
    registry = councils.groupings()
    assert [(g.year, g.applies_from, g.layout) for g in registry] == [(2021, 2021, "2021"), (2025, 2025, "wide")]
    assert all((councils.DATA / g.file).exists() for g in registry)
    rows = councils.group_rows()
    assert len(rows[2025]) >= 150 and all(len(r.neighbours) == 10 for r in rows[2025])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("grouping,file,layout,applies_from\n2021,a.csv,2021,soon\n", "groupings.csv row 2: give grouping"),
        ("grouping,file,layout,applies_from\n2021,a.csv,tall,2021\n", "layout is 'tall'"),
        ("grouping,file,layout,applies_from\n2021,a.csv,2021,2021\n2021,b.csv,wide,2025\n", "names a grouping twice"),
    ],
)
def test_a_registry_it_cannot_use_is_refused_naming_the_row(text, message):
    with pytest.raises(ValueError, match=message):
        councils.read_registry(text)


@pytest.mark.parametrize(
    ("size", "of_ten", "minimum"),
    [(10, 7, 7), (9, 7, 7), (8, 7, 6), (5, 7, 4), (1, 7, 1), (0, 7, 1), (10, 0, 1), (20, 7, 14)],
)
def test_one_minimum_of_ten_in_proportion_to_the_group(size, of_ten, minimum):
    assert minimum_for(size, of_ten=of_ten) == minimum


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        (["1", "2", "3", "4", "5"], 50, "3"),
        (["1", "2", "3", "4"], 50, "2.5"),
        (["4", "1", "3", "2"], 10, "1.3"),  # (n-1) x 0.1 = 0.3 of the way from 1 to 2, unsorted input
        (["1", "2", "3", "4"], 90, "3.7"),
        (["7"], 10, "7"),
        (["0", "10"], 20, "2"),
    ],
)
def test_percentiles_interpolate_between_the_nearest_values(values, p, expected):
    assert percentile([D(v) for v in values], p) == D(expected)


def test_deciles_of_the_councils_with_a_value():
    values = [D(v) for v in range(0, 101)] + [None, None]
    assert deciles(values) == {p: D(p) for p in range(10, 100, 10)}
    assert deciles([None]) is None


@pytest.mark.parametrize(
    ("position", "of", "words"),
    [
        (1, 150, "in the best 10% of councils"),
        (15, 150, "in the best 10% of councils"),
        (16, 150, "in the best 20% of councils"),
        (30, 150, "in the best 20% of councils"),
        (60, 150, "in the best 40% of councils"),
        (61, 150, "around the middle of councils"),
        (90, 150, "around the middle of councils"),
        (91, 150, "in the worst 40% of councils"),
        (150, 150, "in the worst 10% of councils"),
        (1, 1, "the only council with a figure"),
        (1, 3, "in the best 40% of councils"),
        (3, 3, "in the worst 40% of councils"),
    ],
)
def test_where_a_rank_stands_in_words(position, of, words):
    assert standing(position, of) == words


def test_no_standing_for_an_impossible_rank():
    with pytest.raises(ValueError):
        standing(5, 4)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("5", "below the 10th percentile of councils"),
        ("10", "between the 10th and 20th percentiles of councils"),
        ("55", "between the 50th and 60th percentiles of councils"),
        ("95", "above the 90th percentile of councils"),
    ],
)
def test_an_indicator_without_better_or_worse_says_which_deciles_it_lies_between(value, words):
    assert band_between(D(value), {p: D(p) for p in range(10, 100, 10)}) == words


@pytest.mark.parametrize(
    ("year", "label", "start"), [(2025, "2024-25", 2024), (2000, "1999-00", 1999), (2010, "2009-10", 2009)]
)
def test_one_year_convention_the_year_ending_31_march(year, label, start):
    assert year_label(year) == label
    assert comparator_year(year) == start


def test_councils_best_first_then_those_without_a_figure():
    values = {"310": D("80"), "317": None, "307": D("90"), "313": D("70")}
    assert order_best_first(values, "higher") == ["307", "310", "313", "317"]
    assert order_best_first(values, "lower") == ["313", "310", "307", "317"]
