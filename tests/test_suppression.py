"""Public versions: no count from 1 to 5, and nothing that could be worked out from one."""

from decimal import Decimal as D

import pytest

from scorecard.suppression import (
    figure_is_suppressed,
    is_small,
    public_figure_text,
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
        ("0.0 (0/4)", D("0"), 0, 4, "percentage", "c (0/c)"),
        ("3", D("3"), None, None, "count", "c"),
        ("180", D("180"), None, None, "count", "180"),
        ("97.1", D("97.1"), None, None, "percentage", "97.1"),  # no counts: nothing to derive
        ("0.8 (5/60,000)", D("0.8"), 5, 60000, "rate_per_10000", "c (c/60,000)"),
    ],
)
def test_public_figure_text(text, value, numerator, denominator, unit, expected):
    assert public_figure_text(text, value, numerator, denominator, unit) == expected
    assert figure_is_suppressed(value, numerator, denominator, unit) is (expected != text)


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
