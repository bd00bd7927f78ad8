"""Reporting periods: labels, URL slugs, dates and comparable earlier periods."""

from datetime import date

import pytest

from scorecard.periods import (
    PeriodKey,
    comparable_periods,
    comparator_year_label,
    parse_period,
    period_dates,
    period_label,
    period_slug,
)

Q = PeriodKey


@pytest.mark.parametrize(
    "key, label, slug",
    [
        (Q(2023, 1), "Q1 2023-24", "2023-24-q1"),
        (Q(2022, None), "2022-23", "2022-23"),
        (Q(1999, 4), "Q4 1999-00", "1999-00-q4"),
    ],
)
def test_label_and_slug(key, label, slug):
    assert period_label(key) == label
    assert period_slug(key) == slug
    assert parse_period(slug) == key
    assert parse_period(label) == key


@pytest.mark.parametrize("text", ["Q4 2023/24", "q4 2023-24", " 2023-24-Q4 "])
def test_parse_accepts_the_ways_people_write_a_quarter(text):
    assert parse_period(text) == Q(2023, 4)


@pytest.mark.parametrize("text", ["", "2023-25", "Q5 2023-24", "2023", "latest", "2023-24-q0"])
def test_parse_refuses_what_is_not_a_period(text):
    assert parse_period(text) is None


@pytest.mark.parametrize(
    "key, first, last",
    [
        (Q(2023, 1), date(2023, 4, 1), date(2023, 6, 30)),
        (Q(2023, 2), date(2023, 7, 1), date(2023, 9, 30)),
        (Q(2023, 3), date(2023, 10, 1), date(2023, 12, 31)),
        (Q(2023, 4), date(2024, 1, 1), date(2024, 3, 31)),
        (Q(2022, None), date(2022, 4, 1), date(2023, 3, 31)),
    ],
)
def test_period_dates(key, first, last):
    assert period_dates(key) == (first, last)


def test_outturn_sorts_after_its_quarters():
    keys = [Q(2023, None), Q(2023, 2), Q(2022, None), Q(2023, 1), Q(2023, 4)]
    assert sorted(keys, key=Q.sort_key) == [Q(2022, None), Q(2023, 1), Q(2023, 2), Q(2023, 4), Q(2023, None)]


@pytest.mark.parametrize(
    "key, measure, expected",
    [
        (Q(2023, 2), "snapshot", [Q(2023, 1)]),
        (Q(2023, 1), "snapshot", [Q(2022, 4), Q(2022, None)]),
        (Q(2023, 1), "rolling_12_months", [Q(2022, 4), Q(2022, None)]),
        (Q(2023, 2), "cumulative", [Q(2022, 2)]),  # same quarter last year only
        (Q(2023, 4), "cumulative", [Q(2022, 4), Q(2022, None)]),
        (Q(2022, None), "cumulative", [Q(2021, None), Q(2021, 4)]),
    ],
)
def test_comparable_periods(key, measure, expected):
    assert comparable_periods(key, measure) == expected


def test_comparator_year_label():
    assert comparator_year_label(2021) == "2021/22"
