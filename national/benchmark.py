"""What benchmarking every council adds to the shared rules of scorecard.neighbours: which
of DfE's groupings is in force, and councils in chart order. Pure functions: no Django."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from scorecard import rag

DEFAULT_SWITCH_YEAR = 2025  # the 2025 grouping applies from 2024/25


def group_year_for(year: int, *, switch_year: int = DEFAULT_SWITCH_YEAR) -> int:
    """DfE's grouping in force for `year` (the year ending 31 March): 2021's before `switch_year`, 2025's from it."""
    return 2025 if year >= switch_year else 2021


def order_best_first(values: Mapping[str, Decimal | None], polarity: str) -> list[str]:
    """Keys with a value best first (by name order among equals for a stable chart), then those without."""
    known = [k for k, v in values.items() if v is not None]
    reverse = polarity != rag.LOWER_IS_BETTER
    known.sort(key=lambda k: values[k], reverse=reverse)
    return known + [k for k, v in values.items() if v is None]
