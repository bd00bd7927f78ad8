"""Public versions: no count from 1 to 5, and nothing that could be worked out from one."""

from decimal import Decimal as D

import pytest

from scorecard.suppression import (
    SmallNumbers,
    figure_is_suppressed,
    hidden_by_differences,
    implied_count_is_small,
    is_small,
    public_figure_text,
    small_numbers_in_text,
    suppress_shares,
    text_mentions_small_counts,
)


@pytest.mark.parametrize("count, small", [(None, False), (0, False), (1, True), (5, True), (6, False), (D("3"), True)])
def test_small_means_1_to_5(count, small):
    assert is_small(count) is small


@pytest.mark.parametrize(
    "text, value, numerator, denominator, unit, expected",
    [
        ("82.1 (92/112)", D("82.1"), 92, 112, "percentage", "82.1 (92/112)"),
        ("4.8 (1/21)", D("4.8"), 1, 21, "percentage", "c (c/21)"),
        ("3.8 (2/53)", D("3.8"), 2, 53, "percentage", "c (c/53)"),
        ("0.0 (0/29)", D("0"), 0, 29, "percentage", "0.0 (0/29)"),  # zero is not suppressed
        ("60.0 (3/5)", D("60"), 3, 5, "percentage", "c (c/c)"),
        ("0.0 (0/4)", D("0"), 0, 4, "percentage", "c (c/c)"),
        ("96.6 (28/29)", D("96.6"), 28, 29, "percentage", "c (c/29)"),  # 1 was not: the complement
        ("96.8 (61/63)", D("96.8"), 61, 63, "percentage", "c (c/63)"),
        ("100.0 (29/29)", D("100"), 29, 29, "percentage", "100.0 (29/29)"),  # a complement of 0 is shown
        ("3", D("3"), None, None, "count", "c"),
        ("180", D("180"), None, None, "count", "180"),
        ("97.1", D("97.1"), None, None, "percentage", "97.1"),  # no counts: nothing to derive
        ("0.8 (5/60,000)", D("0.8"), 5, 60000, "rate_per_10000", "c (c/60,000)"),
        ("29.8 (59,998/60,000)", D("29.8"), 59998, 60000, "rate_per_10000", "29.8 (59,998/60,000)"),
    ],
)
def test_public_figure_text(text, value, numerator, denominator, unit, expected):
    suppressed = figure_is_suppressed(value, numerator, denominator, unit)
    assert suppressed is (expected != text)
    if suppressed:
        assert public_figure_text(numerator, denominator) == expected


def test_the_range_is_a_setting():
    rule = SmallNumbers(1, 9)
    assert figure_is_suppressed(D("8"), None, None, "count", rule)
    assert not figure_is_suppressed(D("10"), None, None, "count", rule)
    assert public_figure_text(7, 9, rule) == "c (c/c)"


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("Three children were adopted and two left care.", ["Three", "two"]),
        ("only (2 of 53) children were adopted", ["2"]),
        ("82.1% had dental checks (92 of 112), up from 2.7% in Q4 2022-23.", []),
        ("A single child and a couple of siblings; 5 in all, 6 expected, 12 last year.", ["single", "a couple", "5"]),
        ("Ten children, 1,200 reviews and 3.5% of 4,005.", []),
        ("Reviewed on 3 March 2024; 4 and 4 again.", ["3", "4"]),
    ],
)
def test_every_small_number_in_free_text_is_listed_in_figures_or_words(text, numbers):
    assert small_numbers_in_text(text) == numbers


@pytest.mark.parametrize(
    "text, mentions",
    [
        ("4.8% of children who left care were adopted (1 of 21).", True),
        ("82.1% had dental checks (92 of 112).", False),
        ("Shown as 2/53 in the deck.", True),
        ("Up from 3.5% in 2022-23.", False),  # percentages and years are not counts
        ("(1,200 of 5,000)", False),
    ],
)
def test_small_counts_in_free_text_are_found(text, mentions):
    assert text_mentions_small_counts(text) is mentions


def test_shares_of_a_small_cohort_are_hidden_with_a_second_so_none_can_be_worked_out():
    shares = {"Under 1": D("2"), "1 to 4": D("9"), "5 to 9": D("11"), "10 to 15": D("32"), "16-plus": D("46")}
    public = suppress_shares(shares, cohort_size=190)
    # 2% of 190 is 4 children: hidden; the next smallest goes too, or 100 minus the rest gives it away.
    assert public == {"Under 1": None, "1 to 4": None, "5 to 9": D("11"), "10 to 15": D("32"), "16-plus": D("46")}


def test_shares_of_a_large_enough_cohort_are_shown():
    shares = {"Male": D("59"), "Female": D("41")}
    assert suppress_shares(shares, cohort_size=180) == shares


def test_without_a_cohort_size_nothing_is_shown():
    assert suppress_shares({"Male": D("59"), "Female": D("41")}, cohort_size=None) == {"Male": None, "Female": None}


def test_two_small_shares_hide_each_other():
    shares = {"A": D("2"), "B": D("2"), "C": D("96")}
    assert suppress_shares(shares, cohort_size=200) == {"A": None, "B": None, "C": D("96")}


@pytest.mark.parametrize(
    "value, cohort, unit, small",
    [
        (D("99.1"), 110, "percentage", True),  # 1 child of 110 without a health check
        (D("97.1"), 184, "percentage", True),  # 5 of 184
        (D("3.5"), 53, "percentage", True),  # 2 of 53
        (D("14.3"), 53, "percentage", False),  # 8 of 53
        (D("91.1"), 112, "percentage", False),  # 10 of 112 without
        (D("0"), 53, "percentage", False),  # none: zero identifies nobody
        (D("100"), 53, "percentage", False),
        (D("3.5"), None, "percentage", False),  # no cohort: nothing to judge against
        (D("0.5"), 60_000, "rate_per_10000", True),  # 3 children in a population of 60,000
        (D("30"), 60_000, "rate_per_10000", False),
        (D("3"), 100, "count", False),  # a count is judged on its own
    ],
)
def test_a_value_without_counts_is_judged_against_the_cohort(value, cohort, unit, small):
    assert implied_count_is_small(value, cohort, unit) is small


@pytest.mark.parametrize(
    "year, numerators, denominators",
    [
        # missing episodes: 16/213 then 21/244 tells 5 children in Q2 alone
        ([(16, 213, False), (21, 244, False), (30, 255, False)], {1}, set()),
        # Q2 hidden, so Q3 is compared with Q1: 22 - 16 = 6, shown; 21 - 16 = 5, hidden
        ([(16, 213, False), (21, 244, False), (22, 258, False)], {1}, set()),
        ([(16, 213, False), (19, 244, False), (21, 258, False)], {1, 2}, set()),
        # a denominator that grew by 2 hides itself and its numerator
        ([(10, 29, False), (22, 31, False)], {1}, {1}),
        # the rest of the cohort grew by 3: 10/29 then 20/42
        ([(10, 29, False), (20, 42, False)], {1}, set()),
        # already suppressed figures are not compared with
        ([(2, 40, True), (12, 60, False)], set(), set()),
        # counts (no denominator): 40 then 43
        ([(40, None, False), (43, None, False), (60, None, False)], {1}, set()),
        # nothing small: nothing more hidden
        ([(10, 40, False), (20, 60, False), (30, 90, False)], set(), set()),
    ],
)
def test_a_cumulative_figure_is_hidden_where_its_difference_from_the_last_shown_is_small(
    year, numerators, denominators
):
    assert hidden_by_differences(year) == (numerators, denominators)
