"""A scorecard as a spreadsheet, from the read model: the same rows, for the same
audience, as the page. One sheet shape for the page's download and the report's
xlsx; written by scorecard/exports.py (numbers as numbers, formulas neutralised)."""

from __future__ import annotations

from scorecard import rag
from scorecard.read_model import FigureCell, Scorecard, ScorecardRow
from scorecard.tables import RAG_SHORT, WITHHELD_SHORT


def scorecard_sheet(card: Scorecard, *, council: str) -> tuple[list[str], list[list[object]]]:
    """Headers and rows: each figure as shown ('82.1 (92/112)', 'c (c/21)') with its
    value, numerator and denominator as numbers beside it (empty where suppressed)."""
    headings = [f"{council} {p.label}" for p in card.outturn_periods] + [p.label for p in card.in_year_periods]
    headers = ["Ref", "Indicator", "Description", "Theme"]
    headers += [c.heading for c in card.comparators]
    for heading in headings:
        headers += [heading, f"{heading} value", f"{heading} numerator", f"{heading} denominator"]
    headers += [f"Target {card.period.label}", f"Target {card.period.label} value", f"Status {card.period.label}",
                f"RAG {card.period.label}"]  # fmt: skip
    headers += [c.versus_heading for c in card.comparators]
    headers += ["Direction of travel", "Direction of travel reason", "Commentary"]
    return headers, [_row(row) for row in card.rows]


def _figure(cell: FigureCell) -> list[object]:
    return [cell.text, cell.shown, cell.numerator, cell.denominator]


def _row(row: ScorecardRow) -> list[object]:
    cells: list[object] = [row.ref, row.name, row.description, row.theme_label]
    cells += [v.average.normalize() if v.average is not None else v.average_text for v in row.versus]
    for cell in row.figures:
        cells += _figure(cell)
    cells += [row.target.text, row.target.value, row.current.status.capitalize(), signal_text(row)]
    cells += [WITHHELD_SHORT if v.withheld else v.comparison.label for v in row.versus]
    cells += [
        WITHHELD_SHORT if row.direction_withheld else row.direction.label,
        row.direction_reason,
        row.commentary,
    ]
    return cells


def signal_text(row: ScorecardRow) -> str:
    return WITHHELD_SHORT if row.withheld else RAG_SHORT[rag.Rag(row.rag)]
