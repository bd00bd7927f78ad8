"""Drafted key points: each kind of sentence, with polarity and missing data."""

from decimal import Decimal as D

import pytest

from scorecard.key_points import Average, IndicatorFacts, draft_key_points, key_point
from scorecard.rag import Comparison, Direction, Rag

DENTAL = IndicatorFacts(
    ref="9", name="Dental checks",
    statement="of children looked after for a year or more had up-to-date dental checks",
    unit="percentage", decimals=1, polarity="higher", period_label="Q1 2023-24",
    shown=D("82.1"), numerator=92, denominator=112, target=D("90"), rating=Rag.RED,
    averages=[Average("statistical-neighbour", D("75.0"), Comparison.BETTER),
              Average("England", D("70.0"), Comparison.BETTER)],
    direction=Direction.DECLINING, previous=("2022-23", D("91.1")),
)  # fmt: skip


def facts(**changes) -> IndicatorFacts:
    return IndicatorFacts(**{**DENTAL.__dict__, **changes})


def test_off_target_but_better_than_comparators_as_the_issue_writes_it():
    assert key_point(DENTAL).text == (
        "82.1% of children looked after for a year or more had up-to-date dental checks (92 of 112), "
        "below the 90% target but above the statistical-neighbour (75%) and England (70%) averages. "
        "It is down from 91.1% in 2022-23 (worse)."
    )
    assert key_point(DENTAL).ref == "9"


def test_on_target_and_better_than_comparators_joins_with_and():
    point = key_point(facts(shown=D("96.6"), numerator=28, denominator=29, rating=Rag.GREEN, direction=Direction.NONE,
                            previous=None))  # fmt: skip
    assert point.text.endswith(
        "(28 of 29), above the 90% target and above the statistical-neighbour (75%) and England (70%) averages."
    )


def test_exactly_on_target():
    point = key_point(facts(shown=D("90.0"), rating=Rag.GREEN, averages=[], direction=Direction.NONE))
    assert ", meeting the 90% target." in point.text


def test_lower_is_better_off_target_reads_above():
    missing = facts(
        ref="14", name="Children with a missing episode", polarity="lower", statement="of children looked after had at least one missing episode in the year",
        shown=D("7.5"), numerator=16, denominator=213, target=D("2.5"), rating=Rag.RED,
        averages=[Average("statistical-neighbour", D("13.0"), Comparison.BETTER), Average("England", D("11.0"), Comparison.BETTER)],
        direction=Direction.IMPROVING, previous=("2022-23", D("8.2")),
    )  # fmt: skip
    assert key_point(missing).text == (
        "7.5% of children looked after had at least one missing episode in the year (16 of 213), above the 2.5% "
        "target but below the statistical-neighbour (13%) and England (11%) averages. It is down from 8.2% in 2022-23 (better)."
    )


@pytest.mark.parametrize(
    ("polarity", "shown", "earlier", "direction", "words"),
    [
        # The issue's case: more children placed far from home is a rise, and worse.
        ("lower", "21.4", "18.5", Direction.DECLINING, "It is up from 18.5% in 2022-23 (worse)."),
        ("lower", "16.0", "18.5", Direction.IMPROVING, "It is down from 18.5% in 2022-23 (better)."),
        ("higher", "21.4", "18.5", Direction.IMPROVING, "It is up from 18.5% in 2022-23 (better)."),
        ("higher", "16.0", "18.5", Direction.DECLINING, "It is down from 18.5% in 2022-23 (worse)."),
        ("higher", "18.5", "18.5", Direction.NO_CHANGE, "It is unchanged from 18.5% in 2022-23."),
        ("none", "21.4", "18.5", Direction.UP, "It is up from 18.5% in 2022-23."),
        ("none", "16.0", "18.5", Direction.DOWN, "It is down from 18.5% in 2022-23."),
    ],
)
def test_direction_says_what_the_number_did_and_whether_that_is_better(polarity, shown, earlier, direction, words):
    point = key_point(facts(polarity=polarity, shown=D(shown), direction=direction, previous=("2022-23", D(earlier)),
                            numerator=None, denominator=None, target=None, averages=[]))  # fmt: skip
    assert point.text.endswith(f". {words}")
    assert "declined" not in point.text and "improved" not in point.text


def test_comparators_that_disagree_are_named_separately():
    point = key_point(facts(averages=[Average("statistical-neighbour", D("75"), Comparison.BETTER),
                                      Average("England", D("85"), Comparison.WORSE)]))  # fmt: skip
    assert (
        "below the 90% target and above the statistical-neighbour (75%) average and below the England (85%) average."
        in point.text
    )


def test_a_similar_average_reads_in_line_with():
    point = key_point(facts(shown=D("20.5"), polarity="lower", target=None, rating=Rag.NONE,
                            averages=[Average("statistical-neighbour", D("21.0"), Comparison.SIMILAR)]))  # fmt: skip
    assert "(92 of 112), in line with the statistical-neighbour (21%) average." in point.text


def test_an_unpublished_average_is_left_out():
    point = key_point(facts(averages=[Average("statistical-neighbour", None, Comparison.NONE),
                                      Average("England", D("70"), Comparison.BETTER)]))  # fmt: skip
    assert "but above the England (70%) average." in point.text
    assert "statistical-neighbour" not in point.text


def test_a_context_count_has_no_target_and_rises_or_falls():
    cla = IndicatorFacts(
        ref="1", name="Children looked after", statement="children were looked after at the end of the quarter",
        unit="count", decimals=0, polarity="none", period_label="Q3 2023-24", shown=D("180"),
        averages=[Average("statistical-neighbour", None, Comparison.NONE)],
        direction=Direction.DOWN, previous=("Q2 2023-24", D("191")),
    )  # fmt: skip
    assert (
        key_point(cla).text
        == "180 children were looked after at the end of the quarter. It is down from 191 in Q2 2023-24."
    )


def test_unchanged():
    assert key_point(facts(direction=Direction.NO_CHANGE, previous=("Q2 2023-24", D("82.1")))).text.endswith(
        "It is unchanged from 82.1% in Q2 2023-24."
    )


def test_no_figure():
    assert key_point(facts(shown=None)).text == "No figure has been reported for dental checks for Q1 2023-24."


def test_no_comparable_period_means_no_direction_sentence():
    assert key_point(facts(direction=Direction.NONE, previous=None)).text.endswith("(70%) averages.")


@pytest.mark.parametrize("numerator, denominator", [(None, None)])
def test_a_value_only_figure_has_no_counts(numerator, denominator):
    point = key_point(facts(numerator=numerator, denominator=denominator, averages=[])).text
    assert "(" not in point.split(". ")[0]


def test_drafts_put_off_target_first_then_declining():
    green = facts(ref="7", rating=Rag.GREEN, direction=Direction.IMPROVING)
    declining = facts(ref="6", rating=Rag.GREEN, direction=Direction.DECLINING)
    amber = facts(ref="4", rating=Rag.AMBER)
    red = facts(ref="9", rating=Rag.RED)
    context = facts(ref="1", polarity="none", target=None, rating=Rag.NONE, direction=Direction.UP)
    assert [p.ref for p in draft_key_points([context, amber, green, declining, red])] == ["9", "4", "6", "1", "7"]
