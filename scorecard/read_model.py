"""The read model: what the scorecard, an indicator's trend and the panel report
show to an audience, as typed rows. Every output (pages, exports, the feed, chart
data, key points, the report's snapshot, PDF and xlsx) is made from these, so
they agree and are protected the same way.

Suppression happens here, once: for the public audience a figure from a small
count becomes a cell in the SUPPRESSED state (no value, no counts), and whatever
is worked out from it is withheld: the row's RAG, comparisons and direction of
travel when the period's own figure is suppressed; the direction (which quotes
the earlier value) when the figure it is judged against is; and commentary unless
an officer checked it for publication.

No queries here: selectors.py reads the database and calls these builders.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from scorecard import assessment, figures, rag
from scorecard import averages as average_rules
from scorecard.audience import Audience
from scorecard.periods import PeriodKey, comparator_year_label, period_dates, period_label, period_slug
from scorecard.suppression import (
    SmallNumbers,
    figure_is_suppressed,
    hidden_by_differences,
    implied_count_is_small,
    public_figure_text,
)

WITHHELD_REASON = "Withheld from the public version: it would reveal a small number of children."
EMPTY_TEXT = "–"


class CellState(StrEnum):
    SHOWN = "shown"
    SUPPRESSED = "suppressed"  # a small number, or what it could be worked out from
    EMPTY = "empty"  # no figure for the period


@dataclass(frozen=True)
class PeriodHeading:
    financial_year: int
    quarter: int | None

    @property
    def key(self) -> PeriodKey:
        return PeriodKey(self.financial_year, self.quarter)

    @property
    def label(self) -> str:
        return period_label(self.key)

    @property
    def slug(self) -> str:
        return period_slug(self.key)

    @property
    def is_year_end(self) -> bool:
        return self.quarter is None

    @property
    def start_date(self) -> date:
        return period_dates(self.key)[0]

    @property
    def end_date(self) -> date:
        return period_dates(self.key)[1]

    @classmethod
    def of(cls, key: PeriodKey) -> PeriodHeading:
        return cls(key.financial_year, key.quarter)


class FigureCell(NamedTuple):
    """A NamedTuple rather than a frozen dataclass, for the same immutability at a third of the
    cost to make: a large scorecard makes thousands."""

    state: CellState
    text: str  # '82.1 (92/112)', 'c (c/21)', '–'
    shown: Decimal | None = None  # the value as shown and judged; None unless SHOWN
    numerator: int | None = None  # None where suppressed or not known
    denominator: int | None = None  # kept where it is safe to show beside a suppressed numerator
    status: str = ""  # 'provisional', 'final'; '' when there is no figure
    warning: str = ""  # data-quality warning, for officers only
    figure_id: int | None = None  # for officers' actions (unlock)

    @property
    def is_shown(self) -> bool:
        return self.state is CellState.SHOWN

    @property
    def is_suppressed(self) -> bool:
        return self.state is CellState.SUPPRESSED

    @property
    def is_provisional(self) -> bool:
        return self.status == "provisional"


EMPTY_CELL = FigureCell(CellState.EMPTY, EMPTY_TEXT)


@dataclass(frozen=True)
class TargetCell:
    text: str  # the target in force: '7.5%', or 'No target'
    phasing: str  # 'Q1 2.5%, Q2 5%, Q3 7.5%, Q4 10%' for a phased target, else ''
    value: Decimal | None


@dataclass(frozen=True)
class ComparatorHeading:
    name: str  # 'Statistical neighbours'
    short_name: str  # 'SN'
    sentence_name: str  # 'statistical-neighbour'
    year: int | None  # the latest year of averages up to the period shown
    source: str = ""  # 'DfE' where every average shown is DfE's

    @property
    def heading(self) -> str:
        year = f" {comparator_year_label(self.year)}" if self.year is not None else ""
        source = f" ({self.source})" if self.source else ""
        return f"{self.short_name} average{year}{source}"

    @property
    def versus_heading(self) -> str:
        return f"vs {self.short_name}"


@dataclass(frozen=True)
class Versus:
    """A row against one comparator: the average in force and the comparison."""

    average_text: str  # '75.0', '75.0 (2021/22)', 'Not published', '–'
    average: Decimal | None
    status: str  # 'published', 'not_published', 'not_applicable', 'missing'
    year: int | None
    comparison: rag.Comparison
    withheld: bool = False  # the comparison would reveal a suppressed figure
    source: str = ""  # where a worked-out average came from (DfE's figures); '' when entered by hand


@dataclass(frozen=True)
class ScorecardRow:
    ref: str
    name: str
    description: str
    statement: str  # how a key point reads after the number
    theme: str
    theme_label: str
    unit: str
    polarity: str
    measure_type: str
    decimals: int
    figures: tuple[FigureCell, ...]  # one per Scorecard.figure_periods
    current: FigureCell  # the chosen period's
    target: TargetCell
    rag: rag.Rag
    rag_reason: str
    direction: rag.Direction
    direction_reason: str
    previous_label: str | None  # the earlier period the direction is judged against, where shown
    previous_value: Decimal | None
    versus: tuple[Versus, ...]  # one per Scorecard.comparators
    commentary: str  # the chosen period's, where this audience may read it
    withheld: bool = False  # RAG and comparisons withheld: the period's figure is suppressed
    direction_withheld: bool = False
    warnings: tuple[str, ...] = ()  # officers only

    @property
    def ref_sort(self) -> tuple[int, str]:
        return (int(self.ref) if self.ref.isdigit() else 0, self.ref)


@dataclass(frozen=True)
class Scorecard:
    audience: Audience
    period: PeriodHeading
    outturn_periods: tuple[PeriodHeading, ...]
    in_year_periods: tuple[PeriodHeading, ...]
    comparators: tuple[ComparatorHeading, ...]
    rows: tuple[ScorecardRow, ...] = field(default_factory=tuple)

    @property
    def figure_periods(self) -> tuple[PeriodHeading, ...]:
        return self.outturn_periods + self.in_year_periods

    def rag_counts(self) -> list[tuple[rag.Rag | None, int]]:
        """How many indicators are red, amber, green, without RAG and (public) withheld."""
        order = [rag.Rag.RED, rag.Rag.AMBER, rag.Rag.GREEN, rag.Rag.NONE]
        counts: list[tuple[rag.Rag | None, int]] = [
            (rating, sum(1 for r in self.rows if not r.withheld and r.rag is rating)) for rating in order
        ]
        withheld = sum(1 for r in self.rows if r.withheld)
        return counts + [(None, withheld)] if withheld else counts


# Building cells and rows from stored figures (duck-typed model instances, no queries).

_UNREAD = object()


def figure_cell(
    figure, indicator, audience: Audience, rule: SmallNumbers, *, cohort: int | None = None, shown: Any = _UNREAD
) -> FigureCell:
    """One figure as `audience` may see it. `cohort` is the largest denominator the
    indicator has: a figure known only as a value is judged against it. `shown`, where
    the caller has it (full_values), is the figure's value as shown."""
    if shown is _UNREAD:
        shown = figures.shown_value(figure.value, figure.published_value, indicator.decimals)
    numerator, denominator = figure.numerator, figure.denominator
    if audience.suppresses and (
        figure_is_suppressed(shown, numerator, denominator, indicator.unit, rule)
        or (numerator is None and denominator is None and implied_count_is_small(shown, cohort, indicator.unit, rule))
    ):
        return suppressed_cell(figure, rule)
    warning = ""
    if audience is Audience.OFFICER and figure.published_value is not None:
        warning = _publication_warning(figure, indicator)
    return FigureCell(
        CellState.SHOWN if shown is not None else CellState.EMPTY,
        figures.format_figure(shown, numerator, denominator, indicator.decimals),
        shown=shown,
        numerator=numerator,
        denominator=denominator,
        status=figure.status,
        warning=warning,
        figure_id=figure.pk,
    )


def _publication_warning(figure, indicator) -> str:
    """Where a published value disagrees with what its own counts give, for officers."""
    numerator, denominator = figure.numerator, figure.denominator
    computed = figures.compute_value(numerator, denominator, indicator.unit)
    if figures.publication_mismatch(figure.published_value, computed, indicator.decimals):
        return (
            f"Published as {figures.format_number(figure.published_value, indicator.decimals)}, but "
            f"{numerator}/{denominator} gives {figures.format_number(computed, indicator.decimals)}. "
            "RAG uses the published value."
        )
    return ""


def suppressed_cell(figure, rule: SmallNumbers, *, denominator_hidden: bool = False) -> FigureCell:
    numerator, denominator = figure.numerator, figure.denominator
    hidden = denominator is None or denominator_hidden or rule.covers(denominator)
    return FigureCell(
        CellState.SUPPRESSED,
        public_figure_text(numerator, denominator, rule, denominator_hidden=denominator_hidden),
        denominator=None if hidden or numerator is None else denominator,
        status=figure.status,
    )


def figure_cells(
    stored: dict[PeriodKey, Any],
    indicator,
    audience: Audience,
    rule: SmallNumbers,
    *,
    cohort: int | None,
    values: dict[PeriodKey, Decimal] | None = None,
) -> dict[PeriodKey, FigureCell]:
    """Every stored figure of one indicator as `audience` may see it: each on its own rules,
    then, for the public, a cumulative figure whose difference from the year's previous
    shown figure is a small number of children (suppression.hidden_by_differences).
    `values` are the figures' full_values, where the caller has them already."""
    if values is None:
        values = full_values(stored, indicator)
    cells = {
        key: figure_cell(f, indicator, audience, rule, cohort=cohort, shown=values[key]) for key, f in stored.items()
    }
    if not audience.suppresses or indicator.measure_type != "cumulative":
        return cells
    years: dict[int, list[PeriodKey]] = {}
    for key in sorted(stored, key=PeriodKey.sort_key):
        years.setdefault(key.financial_year, []).append(key)
    for keys in years.values():
        counted = [(_count(stored[k], indicator), _cohort_size(stored[k], indicator), cells[k].is_suppressed)
                   for k in keys]  # fmt: skip
        hide, hide_denominator = hidden_by_differences(counted, rule)
        for i in hide:
            cells[keys[i]] = suppressed_cell(stored[keys[i]], rule, denominator_hidden=i in hide_denominator)
    return cells


def _count(figure, indicator) -> int | None:
    """The children a figure counts: its numerator, or a count indicator's value."""
    if figure.numerator is not None:
        return figure.numerator
    if indicator.unit == "count" and figure.value is not None and figure.value == int(figure.value):
        return int(figure.value)
    return None


def _cohort_size(figure, indicator) -> int | None:
    """A percentage's denominator is children too; a rate's is the population, not a flow of children."""
    return figure.denominator if indicator.unit == "percentage" else None


def target_cell(targets: dict[PeriodKey, assessment.TargetFacts], key: PeriodKey, unit: str) -> TargetCell:
    target = assessment.applicable_target(targets, key)
    phased = assessment.phasing(targets, key.financial_year)
    return TargetCell(
        text=assessment.format_target(target.value, unit) if target else "No target",
        phasing=", ".join(f"Q{q} {assessment.format_target(v, unit)}" for q, v in phased),
        value=target.value if target else None,
    )


def versus(value, indicator, current: FigureCell, *, column_year: int | None, withheld: bool) -> Versus:
    """The comparator average in force (selectors.StoredAverage, or None) against the period's figure."""
    if value is None:
        return Versus(EMPTY_TEXT, None, "missing", None, rag.Comparison.NONE, withheld)
    if value.status == "published":
        text = figures.format_number(value.value, indicator.decimals)
    else:
        text = value.status_text
    if column_year is not None and value.year != column_year:
        text += f" ({comparator_year_label(value.year)})"
    average = value.value if value.status == "published" else None
    comparison = rag.Comparison.NONE
    if not withheld:
        comparison = rag.compare_with_average(current.shown, average, polarity=indicator.polarity)
    return Versus(text, average, value.status, value.year, comparison, withheld, value.source)


@dataclass(frozen=True)
class Judged:
    """One period's RAG and direction of travel, with what the audience may not see withheld."""

    rag: rag.Rag
    rag_reason: str
    target: assessment.TargetFacts | None
    direction: rag.Direction
    direction_reason: str
    previous: tuple[PeriodKey, Decimal] | None
    withheld: bool
    direction_withheld: bool


def judge(
    key: PeriodKey,
    cells: dict[PeriodKey, FigureCell],
    full_values: dict[PeriodKey, Decimal],
    targets: dict[PeriodKey, assessment.TargetFacts],
    indicator,
) -> Judged:
    """Judged on the full figures, so every audience sees the same RAG where it sees
    one; withheld where it rests on a suppressed cell."""
    judgement = assessment.judge(
        key,
        full_values,
        targets,
        polarity=indicator.polarity,
        measure_type=indicator.measure_type,
        decimals=indicator.decimals,
        unit=indicator.unit,
    )
    withheld = cells.get(key, EMPTY_CELL).is_suppressed
    previous = judgement.previous
    direction_withheld = withheld or (previous is not None and cells[previous[0]].is_suppressed)
    return Judged(
        rag=rag.Rag.NONE if withheld else judgement.rag,
        rag_reason=WITHHELD_REASON if withheld else judgement.rag_reason,
        target=judgement.target,
        direction=rag.Direction.NONE if direction_withheld else judgement.direction,
        direction_reason=WITHHELD_REASON if direction_withheld else judgement.direction_reason,
        previous=None if direction_withheld else previous,
        withheld=withheld,
        direction_withheld=direction_withheld,
    )


def full_values(stored: dict[PeriodKey, Any], indicator) -> dict[PeriodKey, Decimal]:
    """Every period's value as shown, before any suppression: what RAG is judged on."""
    return {key: figures.shown_value(f.value, f.published_value, indicator.decimals) for key, f in stored.items()}


def visible_commentary(figure, audience: Audience, *, withheld: bool) -> str:
    if figure is None or withheld:
        return ""
    if audience.suppresses and not figure.commentary_checked:
        return ""
    return figure.commentary


# Plain data for a frozen report: the snapshot keeps a Scorecard as JSON.


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
    """A Scorecard back from `to_data`, as a published report keeps it."""
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


# An indicator's trend, for its page, chart and feed.


@dataclass(frozen=True)
class ComparatorReading:
    name: str  # 'SN average'
    year: int | None
    text: str  # '75.0', 'Not published', '–'
    value: Decimal | None
    comparison: rag.Comparison
    source: str = ""

    @property
    def year_label(self) -> str:
        return comparator_year_label(self.year) if self.year is not None else ""


@dataclass(frozen=True)
class TrendPoint:
    period: PeriodHeading
    cell: FigureCell
    target_value: Decimal | None
    rag: rag.Rag
    rag_reason: str
    direction: rag.Direction
    direction_reason: str
    withheld: bool
    comparators: tuple[ComparatorReading, ...]
    commentary: str  # where this audience may read it
    commentary_checked: bool = False


def trend_point(
    key: PeriodKey,
    cells: dict[PeriodKey, FigureCell],
    values: dict[PeriodKey, Decimal],
    targets: dict[PeriodKey, assessment.TargetFacts],
    averages: dict[Any, dict[int, Any]],  # comparator -> year -> ComparatorValue
    indicator,
    commentary: str,
    commentary_checked: bool,
) -> TrendPoint:
    judged = judge(key, cells, values, targets, indicator)
    cell = cells[key]
    readings = []
    for comparator, by_year in averages.items():
        year = average_rules.year_in_force(by_year, key)
        value = average_rules.shown(by_year[year]) if year is not None else None
        reading = versus(value, indicator, cell, column_year=None, withheld=judged.withheld)
        readings.append(
            ComparatorReading(f"{comparator.short_name} average", year, reading.average_text, reading.average,
                              reading.comparison, reading.source)
        )  # fmt: skip
    return TrendPoint(
        period=PeriodHeading.of(key),
        cell=cell,
        target_value=judged.target.value if judged.target else None,
        rag=judged.rag,
        rag_reason=judged.rag_reason,
        direction=judged.direction,
        direction_reason=judged.direction_reason,
        withheld=judged.withheld,
        comparators=tuple(readings),
        commentary=commentary,
        commentary_checked=commentary_checked,
    )
