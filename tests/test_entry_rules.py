"""What an officer may enter for one indicator: every rule and its exact words."""

from decimal import Decimal as D

import pytest

from scorecard.entry import Entry, IndicatorRules, Previous, breakdown_total_error, check_entry

PERCENT = IndicatorRules(unit="percentage", decimals=1)
COUNT = IndicatorRules(unit="count", decimals=0)
RATE = IndicatorRules(unit="rate_per_10000", decimals=1)


def check(rules=PERCENT, previous=None, **raw):
    return check_entry(raw, rules, previous)


def test_a_percentage_with_counts():
    entry, errors = check(numerator="92", denominator="112", status="Final", commentary=" Reviewed. ")
    assert errors == {}
    assert entry == Entry(92, 112, None, "final", "Reviewed.")
    assert entry.figure_value("percentage") == D("82.142857")


def test_a_count_is_a_value():
    entry, errors = check(COUNT, value="192")
    assert errors == {} and entry.figure_value("count") == D("192")


def test_a_value_only_percentage_is_allowed():
    entry, errors = check(value="97.1")
    assert errors == {} and entry == Entry(None, None, D("97.1"))


def test_spreadsheet_forms_of_numbers_are_read():
    entry, errors = check(numerator="1,092", denominator="2000.0")
    assert errors == {} and (entry.numerator, entry.denominator) == (1092, 2000)
    entry, errors = check(value="82.1%")
    assert errors == {} and entry.value == D("82.1")
    entry, errors = check(numerator=92, denominator=112.0)
    assert errors == {} and entry.numerator == 92


def test_an_empty_row_is_no_figure():
    entry, errors = check(numerator="", denominator=" ", value=None, status="", commentary="")
    assert errors == {} and entry.is_blank


@pytest.mark.parametrize(
    "raw, expected",
    [
        ({"numerator": "ninety"}, {"numerator": "Enter the numerator as a whole number, like 92."}),
        ({"numerator": "9.5", "denominator": "10"}, {"numerator": "Enter the numerator as a whole number, like 92."}),
        ({"numerator": "-1", "denominator": "10"}, {"numerator": "The numerator must be 0 or more."}),
        ({"numerator": "=1+1", "denominator": "10"}, {"numerator": "Enter the numerator as a number, not a formula."}),
        ({"numerator": "1", "denominator": "=SUM(A1:A3)"}, {"denominator": "Enter the denominator as a number, not a formula."}),
        ({"numerator": "1", "denominator": "99999999999"},
         {"denominator": "The denominator is too large: the largest allowed is 2,147,483,647."}),
        ({"numerator": "113", "denominator": "112"},
         {"numerator": "The numerator (113) cannot be more than the denominator (112)."}),
        ({"numerator": "0", "denominator": "0"},
         {"denominator": "The denominator cannot be 0: there is no percentage or rate of nobody."}),
        ({"numerator": "5"}, {"denominator": "Enter the denominator as well, or leave both empty and enter the value."}),
        ({"denominator": "5"}, {"numerator": "Enter the numerator as well, or leave both empty and enter the value."}),
        ({"numerator": "5", "denominator": "10", "value": "50"},
         {"value": "Leave the value empty when you enter a numerator and denominator: it is worked out from them."}),
        ({"value": "101"}, {"value": "A percentage cannot be more than 100."}),
        ({"value": "lots"}, {"value": "Enter the value as a number, like 32.5."}),
        ({"value": "NaN"}, {"value": "Enter the value as a number, like 32.5."}),
        ({"value": "-3"}, {"value": "The value must be 0 or more."}),
        ({"value": "50", "status": "done"}, {"status": "Choose provisional or final."}),
        ({"commentary": "Figures to follow"}, {"numerator": "Enter the figure, or leave the whole row empty."}),
        ({"value": "5", "commentary": "x" * 5001}, {"commentary": "Keep the commentary to 5,000 characters or fewer."}),
    ],
)  # fmt: skip
def test_percentage_rules(raw, expected):
    entry, errors = check(**raw)
    assert entry is None
    assert errors == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ({"numerator": "1", "denominator": "2", "value": "3"},
         {"numerator": "A count has no numerator or denominator: enter the value only."}),
        ({"value": "19.5"}, {"value": "A count is a whole number, like 192."}),
        ({"value": "many"}, {"value": "Enter the value as a number, like 192."}),
        ({"status": "final"}, {"value": "Enter the figure, or leave the whole row empty."}),
    ],
)  # fmt: skip
def test_count_rules(raw, expected):
    assert check(COUNT, **raw) == (None, expected)


def test_a_rate_may_exceed_100():
    entry, errors = check(RATE, value="320.5")
    assert errors == {} and entry.value == D("320.5")


def test_several_problems_are_reported_together():
    entry, errors = check(numerator="x", denominator="-2", status="maybe")
    assert set(errors) == {"numerator", "denominator", "status"}


def test_a_big_change_needs_a_commentary():
    previous = Previous("Q4 2022-23", D("70.0"))
    message = (
        "This figure is 12.0 points higher than in Q4 2022-23 (70.0). "
        "A change of more than 10 points needs a commentary explaining it."
    )
    assert check(previous=previous, numerator="82", denominator="100") == (None, {"commentary": message})
    entry, errors = check(previous=previous, numerator="82", denominator="100", commentary="New dental provider.")
    assert errors == {} and entry.commentary == "New dental provider."


@pytest.mark.parametrize("value, needs_commentary", [("80.0", False), ("80.1", True), ("60.0", False), ("59.9", True)])
def test_change_threshold_edges(value, needs_commentary):
    entry, errors = check(previous=Previous("Q1 2023-24", D("70.0")), value=value)
    assert ("commentary" in errors) is needs_commentary


def test_change_threshold_per_indicator_and_for_counts():
    strict = IndicatorRules(unit="percentage", decimals=1, change_threshold=D("2"))
    assert "commentary" in check(strict, previous=Previous("Q1 2023-24", D("70.0")), value="72.5")[1]
    _, errors = check(COUNT, previous=Previous("Q2 2023-24", D("191")), value="180")
    assert errors == {
        "commentary": "This figure is 11 lower than in Q2 2023-24 (191). "
        "A change of more than 10 needs a commentary explaining it."
    }


@pytest.mark.parametrize(
    "shares, message",
    [
        (["26", "23", "19", "16", "16"], ""),
        (["26", "23", "19", "16", "18.5"], ""),  # 102.5: within 2.5 for five rounded shares
        (["26", "23", "19", "16", "19"], "Ethnicity adds up to 103%: it should be 100% (within 2.5 for rounding)."),
        (["59", "40"], ""),
        (["59", "39"], "Ethnicity adds up to 98%: it should be 100% (within 1 for rounding)."),
    ],
)
def test_a_breakdown_adds_up_to_100(shares, message):
    assert breakdown_total_error("Ethnicity", [D(s) for s in shares]) == message
