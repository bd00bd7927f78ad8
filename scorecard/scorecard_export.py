"""A scorecard as a spreadsheet, from the read model: the same rows, for the same
audience, as the page, and the columns its table declares (scorecard/tables.py). One sheet
shape for the page's download and the report's xlsx; written by scorecard/exports.py
(numbers as numbers, formulas neutralised)."""

from __future__ import annotations

from scorecard.read_model import Scorecard
from scorecard.tables import scorecard_columns, sheet_columns


def scorecard_sheet(card: Scorecard, *, council: str) -> tuple[list[str], list[list[object]]]:
    """Headers and rows: each figure as shown ('82.1 (92/112)', 'c (c/21)') with its
    value, numerator and denominator as numbers beside it (empty where suppressed)."""
    columns = sheet_columns(scorecard_columns(card, council=council))
    return [c.header for c in columns], [[c.value(row) for c in columns] for row in card.rows]
