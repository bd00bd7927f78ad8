"""Choosing a period's target and comparable period, and explaining the signals."""

from decimal import Decimal as D

from scorecard.assessment import TargetFacts, applicable_target, judge, phasing, previous_comparable, year_in_force
from scorecard.periods import PeriodKey as Q
from scorecard.rag import POINTS, Direction, Rag, Tolerance

PHASED = {Q(2023, q): TargetFacts(D(v)) for q, v in [(1, "2.5"), (2, "5"), (3, "7.5"), (4, "10")]}
YEARLY = {Q(2023, None): TargetFacts(D("90"))}


def test_a_quarter_uses_its_phased_target():
    assert applicable_target(PHASED, Q(2023, 2)).value == D("5")


def test_a_quarter_falls_back_to_the_year_target():
    assert applicable_target(YEARLY, Q(2023, 3)).value == D("90")


def test_a_year_end_uses_the_year_target_else_q4():
    assert applicable_target(YEARLY, Q(2023, None)).value == D("90")
    assert applicable_target(PHASED, Q(2023, None)).value == D("10")


def test_no_target_for_another_year():
    assert applicable_target(YEARLY, Q(2024, 1)) is None


def test_phasing_lists_the_quarters():
    assert phasing(PHASED, 2023) == [(1, D("2.5")), (2, D("5")), (3, D("7.5")), (4, D("10"))]
    assert phasing(YEARLY, 2023) == []


def test_previous_comparable_skips_missing_periods():
    shown = {Q(2022, None): D("91.1"), Q(2023, 1): D("82.1")}
    assert previous_comparable(shown, Q(2023, 1), "rolling_12_months") == (Q(2022, None), D("91.1"))
    assert previous_comparable(shown, Q(2023, 1), "cumulative") is None


def test_judge_explains_amber_with_points_tolerance():
    targets = {Q(2023, None): TargetFacts(D("95"), Tolerance(D("2"), POINTS))}
    judgement = judge(
        Q(2023, 1), {Q(2023, 1): D("94.6")}, targets,
        polarity="higher", measure_type="snapshot", decimals=1, unit="percentage",
    )  # fmt: skip
    assert judgement.rag is Rag.AMBER
    assert judgement.rag_reason == "94.6% is 0.4 below the target of 95%, within the tolerance of 2 (2 points)."
    assert judgement.direction is Direction.NONE
    assert judgement.direction_reason == "no figure for a comparable earlier period"


def test_judge_lower_is_better_says_above():
    judgement = judge(
        Q(2023, 1), {Q(2023, 1): D("7.5"), Q(2022, 1): D("6")}, PHASED,
        polarity="lower", measure_type="cumulative", decimals=1, unit="percentage",
    )  # fmt: skip
    assert judgement.rag is Rag.RED
    assert judgement.rag_reason.startswith("7.5% is 5.0 above the target of 2.5%, beyond the tolerance of 0.13")
    assert judgement.direction is Direction.DECLINING
    assert judgement.direction_reason == "up from 6.0% in Q1 2022-23 (worse)"


def test_judge_without_target_or_polarity_says_why():
    context = judge(Q(2023, 1), {Q(2023, 1): D("192")}, {}, polarity="none", measure_type="snapshot", decimals=0,
                    unit="count")  # fmt: skip
    assert context.rag_reason == "Context indicator: it has no target, so no RAG."
    no_target = judge(Q(2023, 1), {Q(2023, 1): D("4.8")}, {}, polarity="higher", measure_type="cumulative",
                      decimals=1, unit="percentage")  # fmt: skip
    assert no_target.rag_reason == "No target is set for this period, so no RAG."
    green = judge(Q(2023, 1), {Q(2023, 1): D("96.6")}, YEARLY, polarity="higher", measure_type="cumulative",
                  decimals=1, unit="percentage")  # fmt: skip
    assert green.rag_reason == "96.6% meets the target of 90%."


def test_year_in_force_is_the_latest_not_after_the_period():
    assert year_in_force([2019, 2021], 2023) == 2021
    assert year_in_force([2021], 2020) is None
    assert year_in_force([], 2023) is None
