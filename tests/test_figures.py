"""Value computation, rounding, display and publication checks: pure functions."""

from decimal import Decimal as D

import pytest

from scorecard.figures import (
    compute_value,
    count_errors,
    format_figure,
    format_number,
    publication_mismatch,
    round_half_up,
    shown_value,
)


@pytest.mark.parametrize(
    "numerator, denominator, unit, expected",
    [
        (92, 112, "percentage", D("82.142857")),
        (31, 146, "percentage", D("21.232877")),
        (2, 192, "percentage", D("1.041667")),
        (0, 29, "percentage", D("0")),
        (29, 29, "percentage", D("100")),
        (192, 60000, "rate_per_10000", D("32")),
        (1, 3, "rate_per_10000", D("3333.333333")),
    ],
)
def test_compute_value(numerator, denominator, unit, expected):
    assert compute_value(numerator, denominator, unit) == expected


@pytest.mark.parametrize(
    "numerator, denominator, unit",
    [
        (5, 0, "percentage"),  # zero denominator: no percentage of nobody
        (0, 0, "rate_per_10000"),
        (None, 10, "percentage"),
        (3, None, "percentage"),
        (192, None, "count"),
        (1, 2, "count"),  # a count is never computed from counts
    ],
)
def test_nothing_to_compute(numerator, denominator, unit):
    assert compute_value(numerator, denominator, unit) is None


@pytest.mark.parametrize(
    "value, decimals, expected",
    [("2.25", 1, "2.3"), ("2.35", 1, "2.4"), ("82.142857", 1, "82.1"), ("0.05", 1, "0.1"), ("191.5", 0, "192")],
)
def test_round_half_up(value, decimals, expected):
    assert round_half_up(D(value), decimals) == D(expected)


def test_shown_value_prefers_what_was_published():
    assert shown_value(D("21.232877"), D("21.4"), 1) == D("21.4")
    assert shown_value(D("21.232877"), None, 1) == D("21.2")
    assert shown_value(None, None, 1) is None


@pytest.mark.parametrize(
    "published, computed, expected",
    [
        ("21.4", "21.232877", True),  # the deck's 20+ miles, Q3 2023-24
        ("1", "1.041667", False),  # '1 (2/192)': the same at one decimal place
        ("90", "90", False),
        (None, "90", False),
        ("90", None, False),
    ],
)
def test_publication_mismatch(published, computed, expected):
    published = D(published) if published else None
    computed = D(computed) if computed else None
    assert publication_mismatch(published, computed, 1) is expected


def test_format_figure_in_the_decks_form():
    assert format_figure(D("82.1"), 92, 112, 1) == "82.1 (92/112)"
    assert format_figure(D("1.0"), 2, 192, 1) == "1.0 (2/192)"
    assert format_figure(D("192"), None, None, 0) == "192"
    assert format_figure(D("12345.6"), 1234, 5678, 1) == "12,345.6 (1,234/5,678)"
    assert format_figure(None, None, None, 1) == "–"
    assert format_number(D("70"), 1) == "70.0"


@pytest.mark.parametrize(
    "numerator, denominator, unit, expected",
    [
        (92, 112, "percentage", {}),
        (None, None, "percentage", {}),  # value only: fine
        (None, None, "count", {}),
        (113, 112, "percentage", {"numerator": "The numerator (113) cannot be more than the denominator (112)."}),
        (0, 0, "percentage", {"denominator": "The denominator cannot be 0: there is no percentage or rate of nobody."}),
        (-1, 5, "percentage", {"numerator": "The numerator must be 0 or more."}),
        (
            5,
            None,
            "percentage",
            {"denominator": "Enter the denominator as well, or leave both empty and enter the value."},
        ),
        (None, 5, "percentage", {"numerator": "Enter the numerator as well, or leave both empty and enter the value."}),
        (5, 10, "count", {"numerator": "A count has no numerator or denominator: enter the value only."}),
    ],
)
def test_count_errors(numerator, denominator, unit, expected):
    assert count_errors(numerator, denominator, unit) == expected
