"""What the national benchmark adds to the shared neighbour rules: DfE's grouping in force
for a year, and councils in chart order. Pure."""

from decimal import Decimal as D

import pytest

from national.benchmark import group_year_for, order_best_first


@pytest.mark.parametrize(("year", "group"), [(2021, 2021), (2024, 2021), (2025, 2025), (2026, 2025)])
def test_the_2021_group_applies_until_2023_24_and_the_2025_group_from_2024_25(year, group):
    assert group_year_for(year) == group


def test_the_switch_year_is_a_setting():
    assert group_year_for(2025, switch_year=2026) == 2021


def test_councils_best_first_then_those_without_a_figure():
    values = {"310": D("80"), "317": None, "307": D("90"), "313": D("70")}
    assert order_best_first(values, "higher") == ["307", "310", "313", "317"]
    assert order_best_first(values, "lower") == ["313", "310", "307", "317"]
