"""A published report's snapshot: the one module that writes it and reads it back.

A ReportVersion keeps what the panel and the public were given as JSON, for ever, so every
format ever written must stay readable. The format is numbered; a snapshot carries its number
under "format" (those written before the number was kept, all of format 1, carry none).

Formats:

1. {"format": 1, "member": content, "public": content}, each content
   {"audience", "details", "scorecard", "key_points", "profile", "built_at"}, the scorecard
   being read_model.Scorecard as plain data (to_data: decimals as strings, enums as their values).
2. As 1, each comparator heading of the scorecard with its "source" ("DfE" where every average
   shown is DfE's; "" in a format-1 snapshot, whose averages were all the council's own).

To change what a snapshot holds (a field added to a row, say): add format N + 1 above, set
FORMAT to it, add to _UPGRADES how a format-N snapshot becomes one of N + 1 (a default for the
new field), and commit tests/data/snapshots/format_<N + 1>.json. tests/test_snapshots_format.py
fails until all of that is done, and reads every committed format's fixture through the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from scorecard import rag
from scorecard.audience import Audience
from scorecard.read_model import (
    CellState,
    ComparatorHeading,
    FigureCell,
    PeriodHeading,
    Scorecard,
    ScorecardRow,
    TargetCell,
    Versus,
)

FORMAT = 2


def _comparator_sources(snapshot: dict) -> dict:
    """Format 1 to 2: comparator headings gain their source (none then: the council's own)."""
    upgraded = dict(snapshot)
    for audience, content in snapshot.items():
        if isinstance(content, dict) and "scorecard" in content:
            scorecard = content["scorecard"]
            comparators = [{**c, "source": c.get("source", "")} for c in scorecard["comparators"]]
            upgraded[audience] = {**content, "scorecard": {**scorecard, "comparators": comparators}}
    return upgraded


# How a snapshot of each earlier format becomes one of the next: _UPGRADES[n] takes format n.
_UPGRADES: dict[int, Callable[[dict], dict]] = {1: _comparator_sources}


def freeze(contents: dict[str, dict]) -> dict:
    """The snapshot to keep: each frozen audience's report content, with the format's number."""
    return {"format": FORMAT, **contents}


def format_of(snapshot: dict) -> int:
    return snapshot.get("format", 1)


def current(snapshot: dict) -> dict:
    """A snapshot of any format written, as the current format."""
    number = format_of(snapshot)
    if number > FORMAT:
        raise ValueError(f"This report was frozen in snapshot format {number}, newer than this code's {FORMAT}.")
    snapshot = {**snapshot, "format": number}
    while snapshot["format"] < FORMAT:
        snapshot = {**_UPGRADES[snapshot["format"]](snapshot), "format": snapshot["format"] + 1}
    return snapshot


def content(snapshot: dict, audience: Audience) -> dict:
    """What the snapshot froze for `audience` (a frozen audience: panel_report.frozen_audience)."""
    return current(snapshot)[audience.value]


# A Scorecard as plain data and back.


def to_data(obj: Any) -> Any:
    if is_dataclass(obj):
        return {f.name: to_data(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, FigureCell):
        return {name: to_data(value) for name, value in obj._asdict().items()}
    if isinstance(obj, (list, tuple)):
        return [to_data(item) for item in obj]
    if isinstance(obj, StrEnum):
        return obj.value
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    return obj


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _cell(data: dict) -> FigureCell:
    return FigureCell(
        state=CellState(data["state"]),
        text=data["text"],
        shown=_decimal(data["shown"]),
        numerator=data["numerator"],
        denominator=data["denominator"],
        status=data["status"],
        warning=data["warning"],
        figure_id=data["figure_id"],
    )


def scorecard_from_data(data: dict) -> Scorecard:
    """A Scorecard back from `to_data` (a report's content, live or frozen in the current format)."""
    rows = tuple(
        ScorecardRow(
            **{
                **row,
                "figures": tuple(_cell(c) for c in row["figures"]),
                "current": _cell(row["current"]),
                "target": TargetCell(row["target"]["text"], row["target"]["phasing"], _decimal(row["target"]["value"])),
                "rag": rag.Rag(row["rag"]),
                "direction": rag.Direction(row["direction"]),
                "previous_value": _decimal(row["previous_value"]),
                "versus": tuple(
                    Versus(**{**v, "average": _decimal(v["average"]), "comparison": rag.Comparison(v["comparison"])})
                    for v in row["versus"]
                ),
                "warnings": tuple(row["warnings"]),
            }
        )
        for row in data["rows"]
    )
    return Scorecard(
        audience=Audience(data["audience"]),
        period=PeriodHeading(**data["period"]),
        outturn_periods=tuple(PeriodHeading(**p) for p in data["outturn_periods"]),
        in_year_periods=tuple(PeriodHeading(**p) for p in data["in_year_periods"]),
        comparators=tuple(ComparatorHeading(**c) for c in data["comparators"]),
        rows=rows,
    )
