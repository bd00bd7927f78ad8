"""Each 903 definition against hand-worked answers, edges included: an episode ending
exactly on D, a child turning 16 on D, a gap of one day, an L episode, short breaks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from ssda903 import definitions as d
from ssda903.dates import financial_year_start, months_before, year_start
from ssda903.indicators import DEFINITIONS, Inputs, compute_all

D = date(2024, 3, 31)


def episodes(*rows) -> pd.DataFrame:
    """(child, DECOM, DEC or None, RNE, LS, REC, HOME_POST, PL_POST), ISO dates; later fields optional."""
    columns = ["CHILD", "DECOM", "DEC", "RNE", "LS", "REC", "HOME_POST", "PL_POST"]
    defaults = ["", None, None, "S", "C2", "", "", ""]
    full = [list(row) + defaults[len(row) :] for row in rows]
    frame = pd.DataFrame(full, columns=columns)
    for column in ("DECOM", "DEC"):
        frame[column] = pd.to_datetime(frame[column])
    frame["REC"] = [rec or ("X1" if dec else "") for rec, dec in zip(frame["REC"], frame["DEC"].notna(), strict=True)]
    return frame


def header(*rows) -> pd.DataFrame:
    return pd.DataFrame({"CHILD": [c for c, _ in rows], "DOB": pd.to_datetime([b for _, b in rows])})


# --- the calendar ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2024, 3, 31), 12, date(2023, 3, 31)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),  # no 29 February in 2023
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2024, 3, 31), 30, date(2021, 9, 30)),
        (date(2024, 3, 31), 192, date(2008, 3, 31)),
    ],
)
def test_months_are_counted_back_on_the_calendar(day, months, expected):
    assert months_before(day, months) == expected


def test_the_year_and_the_year_to_date():
    assert year_start(D) == date(2023, 3, 31)
    assert financial_year_start(D) == date(2023, 4, 1)
    assert financial_year_start(date(2024, 4, 1)) == date(2024, 4, 1)
    assert financial_year_start(date(2023, 12, 31)) == date(2023, 4, 1)


# --- 1. children looked after -------------------------------------------------------------


def test_a_child_is_looked_after_while_an_episode_is_open_at_d():
    frame = episodes(
        ("ends-on-D", "2023-01-01", "2024-03-31", "S", "C2", "E4A"),
        ("ends-day-after", "2023-01-01", "2024-04-01", "S", "C2", "E4A"),
        ("starts-on-D", "2024-03-31", None),
        ("starts-after", "2024-04-01", None),
        ("open", "2020-01-01", None),
        ("two-episodes", "2020-01-01", "2021-01-01", "S"),
        ("two-episodes", "2021-01-01", None, "P"),
        ("short-break-V3", "2024-01-01", None, "S", "V3"),
        ("short-break-V4", "2024-01-01", None, "S", "V4"),
    )
    result = d.children_looked_after(frame, D)
    assert result.children == ("ends-day-after", "open", "starts-on-D", "two-episodes")
    assert (result.numerator, result.denominator, result.value) == (4, None, Decimal(4))


# --- 3. rate per 10,000 ----------------------------------------------------------------


def test_the_rate_is_per_10000_children_rounded_half_up_to_one_decimal():
    frame = episodes(("a", "2023-01-01", None), ("b", "2023-01-01", None), ("c", "2023-01-01", None))
    result = d.rate_per_10000(frame, D, 16_000)  # 3 / 16,000 x 10,000 = 1.875
    assert (result.numerator, result.denominator, result.value) == (3, 16_000, Decimal("1.9"))


def test_the_rate_needs_the_population():
    assert isinstance(d.rate_per_10000(episodes(("a", "2023-01-01", None)), D, None), d.NotComputed)


# --- 5. three or more placements -------------------------------------------------------


def test_three_or_more_placements_in_the_year():
    frame = episodes(
        # current placement at the year's start (31/03/2023), then two more: 3
        ("A", "2022-01-01", "2023-06-01", "S"), ("A", "2023-06-01", "2023-09-01", "P"), ("A", "2023-09-01", None, "P"),
        # the L episode continues the placement: 2
        ("B", "2022-01-01", "2023-06-01", "S"), ("B", "2023-06-01", "2023-09-01", "L"), ("B", "2023-09-01", None, "P"),
        # starts exactly at the year's start: current then, not also a start in the year: 2
        ("C", "2023-03-31", "2023-07-01", "S"), ("C", "2023-07-01", None, "P"),
        # new to care in the year, S then T, B, U: 4
        ("D", "2023-05-01", "2023-06-01", "S"), ("D", "2023-06-01", "2023-08-01", "T"),
        ("D", "2023-08-01", "2023-10-01", "B"), ("D", "2023-10-01", None, "U"),
        # ceased, and back after a gap of one day: a new placement even on an L: 3
        ("E", "2022-01-01", "2023-06-01", "S", "C2", "E4A"), ("E", "2023-06-02", "2023-09-01", "L"),
        ("E", "2023-09-01", None, "P"),
        # five placements but not looked after at D (the last episode ends on D)
        ("F", "2023-04-01", "2023-05-01", "S"), ("F", "2023-05-01", "2023-06-01", "P"),
        ("F", "2023-06-01", "2023-07-01", "P"), ("F", "2023-07-01", "2024-03-31", "P", "C2", "E8"),
    )  # fmt: skip
    result = d.three_or_more_placements(frame, D)
    assert result.children == ("A", "D", "E")
    assert (result.numerator, result.denominator, result.value) == (3, 5, Decimal("60.0"))


def test_short_breaks_are_not_placements():
    frame = episodes(
        ("A", "2023-05-01", "2023-06-01", "S", "V3"), ("A", "2023-06-01", "2023-07-01", "S", "V4"),
        ("A", "2023-08-01", None, "S"),
    )  # fmt: skip
    assert d.three_or_more_placements(frame, D).numerator == 0


# --- 6. long-term stability -----------------------------------------------------------


def test_long_term_stability():
    frame = episodes(
        ("G", "2021-09-30", None, "S"),  # exactly 2.5 years in care and in the placement
        ("H", "2021-09-30", None, "S"),  # turns 16 on D: not under 16
        ("I", "2021-10-01", None, "S"),  # one day short of 2.5 years
        ("J", "2020-01-01", "2022-03-31", "S"), ("J", "2022-03-31", None, "L"),  # L continues the 2020 placement
        ("K", "2020-01-01", "2022-04-01", "S"), ("K", "2022-04-01", None, "P"),  # placement one day short of 2 years
        ("L", "2019-01-01", "2021-12-31", "S", "C2", "E4A"), ("L", "2022-01-01", None, "S"),  # a gap of one day
        ("M", "2020-01-01", "2022-03-31", "S"), ("M", "2022-03-31", None, "P"),  # placement exactly 2 years
    )  # fmt: skip
    births = header(
        ("G", "2010-01-01"), ("H", "2008-03-31"), ("I", "2008-04-01"), ("J", "2012-01-01"),
        ("K", "2012-01-01"), ("L", "2012-01-01"), ("M", "2012-01-01"),
    )  # fmt: skip
    result = d.long_term_stability(frame, births, D)
    assert result.children == ("G", "J", "M")
    assert (result.numerator, result.denominator, result.value) == (3, 4, Decimal("75.0"))


def test_a_child_born_on_29_february_2008_turns_16_on_29_february_2024():
    frame = episodes(("A", "2019-01-01", None, "S"))
    born_leap_day = header(("A", "2008-02-29"))
    assert d.long_term_stability(frame, born_leap_day, date(2024, 2, 28)).denominator == 1
    assert isinstance(d.long_term_stability(frame, born_leap_day, date(2024, 2, 29)), d.NotComputed)


def test_long_term_stability_needs_the_header():
    assert isinstance(d.long_term_stability(episodes(("A", "2019-01-01", None)), None, D), d.NotComputed)


# --- 9, 10. dental and health checks ---------------------------------------------------------


def oc2(*checks) -> pd.DataFrame:
    return pd.DataFrame(
        {"CHILD": [f"c{n}" for n in range(len(checks))], "TEETH_CHECK": [t for t, _ in checks],
         "HEALTH_CHECK": [h for _, h in checks]}
    )  # fmt: skip


def test_dental_and_health_checks_of_the_oc2_cohort():
    table = oc2(("1", "1"), ("1", "0"), ("0", ""))
    dental, health = d.dental_checks(table, D), d.health_checks(table, D)
    assert (dental.numerator, dental.denominator, dental.value, dental.children) == (
        2,
        3,
        Decimal("66.7"),
        ("c0", "c1"),
    )
    assert (health.numerator, health.denominator, health.value) == (1, 3, Decimal("33.3"))


def test_percentages_round_half_up():
    table = oc2(*[("1", "1")] + [("0", "0")] * 15)  # 1/16 = 6.25%
    assert d.dental_checks(table, D).value == Decimal("6.3")


def test_oc2_figures_are_for_the_year_end_only():
    outcome = d.dental_checks(oc2(("1", "1")), date(2023, 12, 31))
    assert isinstance(outcome, d.NotComputed) and "31 March" in outcome.reason
    assert isinstance(d.health_checks(None, D), d.NotComputed)


# --- 7, 8. care leavers ---------------------------------------------------------------------


def test_care_leavers_accommodation_and_neet_leave_out_died_and_returned_home():
    table = pd.DataFrame(
        [("a", "YES", "F1", "B1"), ("b", "YES", "G4", "S2"), ("c", "DIED", "", ""), ("d", "RHOM", "G5", "B1"),
         ("e", "NO", "", ""), ("f", "REFU", "", "")],
        columns=["CHILD", "IN_TOUCH", "ACTIV", "ACCOM"],
    )  # fmt: skip
    suitable, neet = d.care_leavers_suitable_accommodation(table, D), d.care_leavers_neet(table, D)
    assert (suitable.numerator, suitable.denominator, suitable.value, suitable.children) == (
        1,
        4,
        Decimal("25.0"),
        ("a",),
    )
    assert (neet.numerator, neet.denominator, neet.children) == (1, 4, ("b",))
    assert isinstance(d.care_leavers_neet(table, date(2024, 6, 30)), d.NotComputed)


# --- 11, 12. adopted and special guardianship ------------------------------------------------


def test_adoptions_and_special_guardianship_orders_in_the_year_to_date():
    q3 = date(2023, 12, 31)
    frame = episodes(
        ("N", "2022-01-01", "2023-04-01", "S", "C2", "E11"),  # ceased on 1 April: in the year to date
        ("O", "2022-01-01", "2023-12-31", "S", "C2", "E47"),  # ceased on D: in
        ("P", "2022-01-01", "2023-03-31", "S", "C2", "E11"),  # ceased the day before 1 April: out
        ("Q", "2022-01-01", "2023-06-01", "S", "C2", "X1"), ("Q", "2023-06-01", None, "P"),  # X1: not ceased
        ("R", "2022-01-01", "2024-01-01", "S", "C2", "E12"),  # after D: out
        ("S", "2022-01-01", "2023-07-01", "S", "C2", "E4A"),  # ceased, neither
        ("T", "2023-07-01", "2023-08-01", "S", "V3", "E8"),  # a short break: left out
        ("U", "2022-01-01", "2023-05-01", "S", "C2", "E13"), ("U", "2023-06-01", "2023-10-01", "S", "C2", "E12"),
    )  # fmt: skip
    adopted, sgo = d.adopted(frame, q3), d.special_guardianship(frame, q3)
    assert (adopted.numerator, adopted.denominator, adopted.value, adopted.children) == (
        2,
        4,
        Decimal("50.0"),
        ("N", "U"),
    )
    assert (sgo.numerator, sgo.denominator, sgo.value, sgo.children) == (1, 4, Decimal("25.0"), ("O",))


def test_no_child_ceased_gives_no_percentage():
    outcome = d.adopted(episodes(("A", "2020-01-01", None)), D)
    assert isinstance(outcome, d.NotComputed) and "No child ceased" in outcome.reason


# --- 13. placed more than 20 miles away -------------------------------------------------------


def test_placed_more_than_20_miles_from_home():
    lookup = pd.DataFrame(
        {
            "postcode": ["HA11AA", "HA22BB", "MK11AA"],
            "easting": [0.0, 20 * 1609.344, 0.0],
            "northing": [0.0, 0.0, 40_000.0],
        }
    )
    frame = episodes(
        ("V", "2023-01-01", None, "S", "C2", "", "HA1 1AA", "ha22bb"),  # exactly 20 miles: not more than 20
        ("W", "2023-01-01", None, "S", "C2", "", "HA1 1AA", "MK1 1AA"),  # 24.9 miles
        ("X", "2023-01-01", None, "S", "C2", "", "HA1 1AA", ""),  # no placement postcode
        ("Y", "2023-01-01", None, "S", "C2", "", "XX1 1XX", "HA1 1AA"),  # not in the lookup
        ("Z", "2023-01-01", "2024-03-31", "S", "C2", "E8", "HA1 1AA", "MK1 1AA"),  # not looked after at D
    )
    result = d.placed_over_20_miles(frame, D, lookup)
    assert (result.numerator, result.denominator, result.value, result.children) == (1, 2, Decimal("50.0"), ("W",))
    assert result.unmeasured == ("X", "Y")
    assert isinstance(d.placed_over_20_miles(frame, D, None), d.NotComputed)


# --- 14. missing -----------------------------------------------------------------------------


def test_children_with_a_missing_episode_in_the_year_to_date():
    frame = episodes(
        ("a", "2020-01-01", None), ("b", "2020-01-01", None), ("c", "2020-01-01", None),
        ("d1", "2020-01-01", "2023-04-01", "S", "C2", "E8"),  # ceased on 1 April: not looked after in the year
        ("d2", "2020-01-01", "2023-04-02", "S", "C2", "E8"),
        ("e", "2024-04-01", None),  # after D
    )  # fmt: skip
    missing = pd.DataFrame(
        [("a", "M", "2023-04-01"), ("b", "A", "2023-06-01"), ("c", "M", "2023-03-31"), ("d1", "M", "2023-04-01"),
         ("d2", "M", "2024-03-31"), ("e", "M", "2024-04-02")],
        columns=["CHILD", "MISSING", "MIS_START"],
    ).assign(MIS_START=lambda f: pd.to_datetime(f["MIS_START"]))  # fmt: skip
    result = d.missing_episode(frame, missing, D)
    assert (result.numerator, result.denominator, result.value, result.children) == (2, 4, Decimal("50.0"), ("a", "d2"))
    assert isinstance(d.missing_episode(frame, None, D), d.NotComputed)


# --- every indicator at once -------------------------------------------------------------------


def test_every_indicator_is_computed_or_says_why_not():
    outcomes = compute_all(Inputs({"Episodes": episodes(("a", "2020-01-01", None))}), D)
    assert list(outcomes) == [str(n) for n in range(1, 15)]
    assert (outcomes["1"].numerator, outcomes["1"].denominator, outcomes["1"].value) == (1, None, 1)
    assert (outcomes["5"].numerator, outcomes["5"].denominator) == (0, 1)
    assert "care leavers" in outcomes["2"].reason
    assert "Reviews" in outcomes["4"].reason
    assert "population" in outcomes["3"].reason


def test_the_readme_documents_every_definition_as_its_indicator_page_does():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for definition in DEFINITIONS:
        assert definition.text in readme, definition.ref


def test_the_care_episodes_worked_out_once_go_with_the_extract():
    import gc

    frame = episodes(("a", "2020-01-01", None))
    care = d.care_episodes(frame)
    assert care is d.care_episodes(frame)  # shared by every definition and date
    assert d.open_at(care, D) is d.open_at(care, D)
    del frame, care
    gc.collect()
    assert not any(ref() is None for ref, _ in [*d._CARE.values(), *d._OPEN.values()])
