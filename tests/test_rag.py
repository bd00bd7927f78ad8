"""RAG against target, comparison with averages and direction of travel: pure rules."""

from decimal import Decimal as D

import pytest

from scorecard.figures import compute_value
from scorecard.rag import (
    DEFAULT_TOLERANCE,
    POINTS,
    Comparison,
    Direction,
    Rag,
    Tolerance,
    compare_with_average,
    direction_of_travel,
    rag_against_target,
)


@pytest.mark.parametrize(
    "value, target, polarity, expected",
    [
        # Higher is better: target 90, 5% tolerance = 4.5, amber down to 85.5.
        ("95", "90", "higher", Rag.GREEN),
        ("90", "90", "higher", Rag.GREEN),  # exactly on target
        ("89.9", "90", "higher", Rag.AMBER),
        ("85.5", "90", "higher", Rag.AMBER),  # exactly at the tolerance
        ("85.4", "90", "higher", Rag.RED),
        ("82.1", "90", "higher", Rag.RED),  # the deck's dental checks, Q1 2023-24
        # Lower is better: target 20, tolerance 1, amber up to 21.
        ("16.2", "20", "lower", Rag.GREEN),
        ("20", "20", "lower", Rag.GREEN),
        ("20.5", "20", "lower", Rag.AMBER),
        ("21", "20", "lower", Rag.AMBER),
        ("21.1", "20", "lower", Rag.RED),
        ("7.5", "2.5", "lower", Rag.RED),  # the deck's missing episodes against the Q1 phased target
        ("0", "0", "lower", Rag.GREEN),
        ("0.1", "0", "lower", Rag.RED),  # a zero target leaves no relative tolerance
    ],
)
def test_rag_against_target(value, target, polarity, expected):
    assert rag_against_target(D(value), D(target), polarity=polarity) is expected


@pytest.mark.parametrize(
    "value, target, polarity",
    [
        (None, "90", "higher"),  # no figure
        ("90", None, "higher"),  # no target
        ("192", "180", "none"),  # context indicator
        (None, None, "none"),
    ],
)
def test_no_rag_without_figure_target_or_polarity(value, target, polarity):
    value = D(value) if value else None
    target = D(target) if target else None
    assert rag_against_target(value, target, polarity=polarity) is Rag.NONE


@pytest.mark.parametrize(
    "value, expected",
    [("88", Rag.GREEN), ("86", Rag.AMBER), ("85", Rag.AMBER), ("84.9", Rag.RED)],
)
def test_tolerance_in_points(value, expected):
    tolerance = Tolerance(D("3"), POINTS)
    assert rag_against_target(D(value), D("88"), polarity="higher", tolerance=tolerance) is expected


def test_relative_tolerance_of_a_custom_size():
    ten_percent = Tolerance(D("0.10"))
    assert rag_against_target(D("81"), D("90"), polarity="higher", tolerance=ten_percent) is Rag.AMBER
    assert rag_against_target(D("81"), D("90"), polarity="higher", tolerance=DEFAULT_TOLERANCE) is Rag.RED


def test_tolerance_describes_itself():
    assert DEFAULT_TOLERANCE.describe() == "5% of the target"
    assert Tolerance(D("2"), POINTS).describe() == "2 points"


@pytest.mark.parametrize(
    "value, average, polarity, expected",
    [
        ("82.1", "75", "higher", Comparison.BETTER),
        ("82.1", "90", "higher", Comparison.WORSE),
        ("78.75", "75", "higher", Comparison.SIMILAR),  # exactly 5% above: similar
        ("78.76", "75", "higher", Comparison.BETTER),
        ("71.25", "75", "higher", Comparison.SIMILAR),  # exactly 5% below
        ("71.24", "75", "higher", Comparison.WORSE),
        ("20.5", "16", "lower", Comparison.WORSE),
        ("7.5", "13", "lower", Comparison.BETTER),
        ("20.5", "21", "lower", Comparison.SIMILAR),
    ],
)
def test_compare_with_average(value, average, polarity, expected):
    assert compare_with_average(D(value), D(average), polarity=polarity) is expected


@pytest.mark.parametrize(
    "value, average, polarity",
    [("82.1", None, "higher"), (None, "75", "higher"), ("192", "180", "none")],
)
def test_no_comparison_when_average_not_published_or_no_polarity(value, average, polarity):
    value = D(value) if value else None
    average = D(average) if average else None
    assert compare_with_average(value, average, polarity=polarity) is Comparison.NONE


@pytest.mark.parametrize(
    "current, previous, polarity, expected",
    [
        ("82.1", "91.1", "higher", Direction.DECLINING),
        ("91.1", "82.1", "higher", Direction.IMPROVING),
        ("7.5", "8.2", "lower", Direction.IMPROVING),
        ("8.6", "7.5", "lower", Direction.DECLINING),
        ("91.1", "91.1", "higher", Direction.NO_CHANGE),
        ("192", "179", "none", Direction.UP),
        ("185", "186", "none", Direction.DOWN),
        ("180", "180", "none", Direction.NO_CHANGE),
        ("82.1", None, "higher", Direction.NONE),
        (None, "82.1", "higher", Direction.NONE),
    ],
)
def test_direction_of_travel(current, previous, polarity, expected):
    current = D(current) if current else None
    previous = D(previous) if previous else None
    assert direction_of_travel(current, previous, polarity=polarity) is expected


def test_every_signal_has_a_text_label():
    assert Rag.RED.label == "Red: off target"
    assert Rag.NONE.label == "No RAG"
    assert Comparison.BETTER.label == "Better"
    assert Comparison.NONE.label == "No comparison"
    assert Direction.IMPROVING.label == "Improving"
    assert Direction.NONE.label == "No comparable period"


def test_a_zero_denominator_gives_no_value_and_so_no_rag():
    value = compute_value(0, 0, "percentage")
    assert value is None
    assert rag_against_target(value, D("90"), polarity="higher") is Rag.NONE
    assert compare_with_average(value, D("75"), polarity="higher") is Comparison.NONE
    assert direction_of_travel(value, D("80"), polarity="higher") is Direction.NONE
