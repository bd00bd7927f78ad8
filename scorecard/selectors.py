"""Reads: the ORM in, plain rows out, in a fixed number of queries whatever the
number of indicators or periods."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef

from scorecard import assessment, figures, neighbours, rag
from scorecard.assessment import TargetFacts
from scorecard.models import (
    Breakdown,
    Comparator,
    ComparatorStatus,
    ComparatorValue,
    DemographicSeries,
    DemographicShare,
    Figure,
    Indicator,
    MeasureType,
    NeighbourCouncil,
    NeighbourValue,
    PanelReport,
    Period,
    ReportStatus,
    Target,
)
from scorecard.periods import PeriodKey, comparable_periods, comparator_year_label

OUTTURN_YEARS_SHOWN = 3


@dataclass(frozen=True)
class FigureCell:
    text: str  # '82.1 (92/112)'
    shown: Decimal | None  # the value as shown and judged
    numerator: int | None
    denominator: int | None
    status: str
    commentary: str
    warning: str  # data-quality warning for officers, '' when none
    updated_at: datetime | None = None

    @property
    def sort(self) -> Decimal | None:
        return self.shown


@dataclass(frozen=True)
class ComparatorCell:
    text: str  # '75.0', 'Not published'
    value: Decimal | None
    year: int

    @property
    def sort(self) -> Decimal | None:
        return self.value


@dataclass
class ComparatorColumn:
    comparator: Comparator
    year: int | None  # the latest year this comparator has values for, up to the period shown

    @property
    def heading(self) -> str:
        year = f" {comparator_year_label(self.year)}" if self.year is not None else ""
        return f"{self.comparator.short_name} average{year}"


@dataclass
class Scorecard:
    period: Period
    outturn_periods: list[Period]
    in_year_periods: list[Period]
    comparator_columns: list[ComparatorColumn]
    rows: list[dict] = field(default_factory=list)


def corrections_since_report(card: Scorecard) -> tuple[PanelReport | None, list[dict]]:
    """The period's published report, and the rows whose figure for the period was
    changed after it was published (the report keeps what the panel was given)."""
    report = PanelReport.objects.filter(period=card.period, status=ReportStatus.PUBLISHED).first()
    if report is None:
        return None, []
    key = f"period_{card.period.pk}"
    corrected = [r for r in card.rows if r.get(key) and r[key].updated_at and r[key].updated_at > report.published_at]
    return report, corrected


def periods_with_figures() -> list[Period]:
    return list(Period.objects.filter(Exists(Figure.objects.filter(period=OuterRef("pk")))))


def default_period(candidates: list[Period]) -> Period | None:
    """The latest quarter with data, else the latest outturn (what the panel meets about)."""
    quarters = [p for p in candidates if not p.is_year_end]
    pool = quarters or candidates
    return max(pool, key=lambda p: p.key.sort_key()) if pool else None


def figure_cell(figure: Figure, indicator: Indicator) -> FigureCell:
    shown = figures.shown_value(figure.value, figure.published_value, indicator.decimals)
    computed = figures.compute_value(figure.numerator, figure.denominator, indicator.unit)
    warning = ""
    if figures.publication_mismatch(figure.published_value, computed, indicator.decimals):
        warning = (
            f"Published as {figures.format_number(figure.published_value, indicator.decimals)}, but "
            f"{figure.numerator}/{figure.denominator} gives {figures.format_number(computed, indicator.decimals)}. "
            "RAG uses the published value."
        )
    return FigureCell(
        text=figures.format_figure(shown, figure.numerator, figure.denominator, indicator.decimals),
        shown=shown,
        numerator=figure.numerator,
        denominator=figure.denominator,
        status=figure.status,
        commentary=figure.commentary,
        warning=warning,
        updated_at=figure.updated_at,
    )


def comparator_cell(value: ComparatorValue, indicator: Indicator, column_year: int | None = None) -> ComparatorCell:
    """'75.0', 'Not published'; '75.0 (2021/22)' where the column is headed with a later year."""
    if value.status != ComparatorStatus.PUBLISHED:
        text = value.get_status_display()
    else:
        text = figures.format_number(value.value, indicator.decimals)
    if column_year is not None and value.year != column_year:
        text += f" ({comparator_year_label(value.year)})"
    return ComparatorCell(text=text, value=value.value, year=value.year)


def targets_by_indicator(targets) -> dict[int, dict[PeriodKey, TargetFacts]]:
    grouped: dict[int, dict[PeriodKey, TargetFacts]] = defaultdict(dict)
    for target in targets:
        grouped[target.indicator_id][PeriodKey(target.financial_year, target.quarter)] = TargetFacts(
            target.value, target.tolerance_rule
        )
    return grouped


@dataclass(frozen=True)
class TargetCell:
    text: str  # the target in force for the period: '7.5%', or 'No target'
    phasing: str  # 'Q1 2.5%, Q2 5%, Q3 7.5%, Q4 10%' for a phased target, else ''
    value: Decimal | None

    @property
    def sort(self) -> Decimal | None:
        return self.value


def target_cell(targets: dict[PeriodKey, TargetFacts], key: PeriodKey, unit: str) -> TargetCell:
    target = assessment.applicable_target(targets, key)
    phased = assessment.phasing(targets, key.financial_year)
    return TargetCell(
        text=assessment.format_target(target.value, unit) if target else "No target",
        phasing=", ".join(f"Q{q} {assessment.format_target(v, unit)}" for q, v in phased),
        value=target.value if target else None,
    )


def scorecard_for(period: Period) -> Scorecard:
    """Every active indicator's row for the scorecard of `period`."""
    fy = period.financial_year
    first_year = fy - OUTTURN_YEARS_SHOWN
    all_periods = list(Period.objects.filter(financial_year__gte=first_year, financial_year__lte=fy))
    outturns = [p for p in all_periods if p.is_year_end and p.financial_year < fy][-OUTTURN_YEARS_SHOWN:]
    in_year = [p for p in all_periods if p.financial_year == fy and p.key.sort_key() <= period.key.sort_key()]

    # Figures of the shown periods, and of the periods the chosen one is compared with.
    earlier = {key for measure in MeasureType.values for key in comparable_periods(period.key, measure)}
    period_by_id = {p.pk: p for p in all_periods if p in outturns or p in in_year or p.key in earlier}
    indicators = list(Indicator.objects.filter(is_active=True))
    figures_by_indicator: dict[int, dict[PeriodKey, Figure]] = defaultdict(dict)
    for figure in Figure.objects.filter(period__in=list(period_by_id), indicator__is_active=True):
        figures_by_indicator[figure.indicator_id][period_by_id[figure.period_id].key] = figure
    targets = targets_by_indicator(
        Target.objects.filter(financial_year__gte=first_year, financial_year__lte=fy, indicator__is_active=True)
    )

    # Each indicator is read against each comparator's latest average up to the period's
    # year; the column is headed with the latest year of all, and older cells say theirs.
    in_force: dict[tuple[int, int], ComparatorValue] = {}
    for value in ComparatorValue.objects.filter(year__lte=fy, indicator__is_active=True):
        key = (value.indicator_id, value.comparator_id)
        if key not in in_force or value.year > in_force[key].year:
            in_force[key] = value
    latest = {comparator_id: max(v.year for (_, c), v in in_force.items() if c == comparator_id)
              for comparator_id in {c for _, c in in_force}}  # fmt: skip
    columns = [ComparatorColumn(c, latest.get(c.pk)) for c in Comparator.objects.all()]

    card = Scorecard(period, outturns, in_year, columns)
    for indicator in indicators:
        card.rows.append(
            _scorecard_row(
                indicator,
                period,
                outturns + in_year,
                figures_by_indicator[indicator.pk],
                targets[indicator.pk],
                {c.comparator.pk: in_force.get((indicator.pk, c.comparator.pk)) for c in columns},
                latest,
            )
        )
    return card


def _scorecard_row(
    indicator: Indicator,
    period: Period,
    shown_periods: list[Period],
    figures_by_period: dict[PeriodKey, Figure],
    targets: dict[PeriodKey, TargetFacts],
    comparator_values: dict[int, ComparatorValue | None],
    column_years: dict[int, int],
) -> dict:
    cells = {key: figure_cell(figure, indicator) for key, figure in figures_by_period.items()}
    shown_by_period = {key: cell.shown for key, cell in cells.items()}
    judgement = assessment.judge(
        period.key,
        shown_by_period,
        targets,
        polarity=indicator.polarity,
        measure_type=indicator.measure_type,
        decimals=indicator.decimals,
        unit=indicator.unit,
    )
    current = shown_by_period.get(period.key)
    row = {
        "indicator": indicator,
        "ref": indicator.ref,
        "ref_sort": (int(indicator.ref) if indicator.ref.isdigit() else 0, indicator.ref),
        "description": indicator.description,
        "name": indicator.short_name,
        "target": target_cell(targets, period.key, indicator.unit),
        "rag": judgement.rag,
        "rag_sort": _RAG_ORDER[judgement.rag],
        "rag_reason": judgement.rag_reason,
        "direction": judgement.direction,
        "direction_reason": judgement.direction_reason,
        "previous": judgement.previous,
        "warnings": [
            f"{p.label}: {cells[p.key].warning}" for p in shown_periods if p.key in cells and cells[p.key].warning
        ],
    }
    for p in shown_periods:
        row[f"period_{p.pk}"] = cells.get(p.key)
    for comparator_id, value in comparator_values.items():
        cell = comparator_cell(value, indicator, column_year=column_years.get(comparator_id)) if value else None
        row[f"comparator_{comparator_id}"] = cell
        comparison = rag.compare_with_average(current, cell.value if cell else None, polarity=indicator.polarity)
        row[f"versus_{comparator_id}"] = comparison
        row[f"versus_{comparator_id}_sort"] = _COMPARISON_ORDER[comparison]
    return row


_RAG_ORDER = {rag.Rag.RED: 0, rag.Rag.AMBER: 1, rag.Rag.GREEN: 2, rag.Rag.NONE: 3}
_COMPARISON_ORDER = {
    rag.Comparison.WORSE: 0,
    rag.Comparison.SIMILAR: 1,
    rag.Comparison.BETTER: 2,
    rag.Comparison.NONE: 3,
}


@dataclass(frozen=True)
class ComparatorReading:
    name: str  # 'SN average'
    year: int | None
    cell: ComparatorCell | None
    comparison: rag.Comparison

    @property
    def year_label(self) -> str:
        return comparator_year_label(self.year) if self.year is not None else ""


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    figure: Figure
    cell: FigureCell
    judgement: assessment.Judgement
    comparators: list[ComparatorReading]


def indicator_trend(indicator: Indicator) -> list[TrendPoint]:
    """Every period's figure with its target, RAG, direction of travel and the
    comparator averages in force then, oldest first, for the indicator page."""
    figures_by_period = {
        f.period.key: f for f in Figure.objects.filter(indicator=indicator).select_related("period", "updated_by")
    }
    targets = targets_by_indicator(Target.objects.filter(indicator=indicator))[indicator.pk]
    cells = {key: figure_cell(figure, indicator) for key, figure in figures_by_period.items()}
    shown_by_period = {key: cell.shown for key, cell in cells.items()}
    averages: dict[Comparator, dict[int, ComparatorValue]] = defaultdict(dict)
    for value in ComparatorValue.objects.filter(indicator=indicator).select_related("comparator"):
        averages[value.comparator][value.year] = value
    comparators = sorted(averages, key=lambda c: (c.display_order, c.name))

    points = []
    for key in sorted(figures_by_period, key=PeriodKey.sort_key):
        readings = []
        for comparator in comparators:
            year = assessment.year_in_force(averages[comparator], key.financial_year)
            cell = comparator_cell(averages[comparator][year], indicator) if year is not None else None
            readings.append(
                ComparatorReading(
                    name=f"{comparator.short_name} average",
                    year=year,
                    cell=cell,
                    comparison=rag.compare_with_average(
                        cells[key].shown, cell.value if cell else None, polarity=indicator.polarity
                    ),
                )
            )
        judgement = assessment.judge(
            key,
            shown_by_period,
            targets,
            polarity=indicator.polarity,
            measure_type=indicator.measure_type,
            decimals=indicator.decimals,
            unit=indicator.unit,
        )
        points.append(
            TrendPoint(figures_by_period[key].period, figures_by_period[key], cells[key], judgement, readings)
        )
    return points


def demographic_profile() -> list[dict]:
    """The profile tables as plain data, in the order of Breakdown: for each, its
    series (name, in_charts, counts_children, cohort_size), categories and shares
    as {category: {series name: '26.00'}}. Plain so that a published report can
    keep it frozen."""
    profile: dict[str, dict] = {}
    series_seen: dict[str, dict[int, DemographicSeries]] = defaultdict(dict)
    for share in DemographicShare.objects.select_related("series").order_by("category_order", "pk"):
        table = profile.setdefault(
            share.breakdown,
            {"breakdown": share.breakdown, "label": share.get_breakdown_display(), "categories": [], "shares": {}},
        )
        series_seen[share.breakdown][share.series.pk] = share.series
        if share.category not in table["categories"]:
            table["categories"].append(share.category)
        table["shares"].setdefault(share.category, {})[share.series.name] = str(share.percentage)
    tables = []
    for breakdown in Breakdown.values:
        if breakdown not in profile:
            continue
        ordered = sorted(series_seen[breakdown].values(), key=lambda s: (s.display_order, s.name))
        profile[breakdown]["series"] = [
            {
                "name": s.name,
                "in_charts": s.in_charts,
                "counts_children": s.counts_children,
                "cohort_size": s.cohort_size,
            }
            for s in ordered
        ]
        tables.append(profile[breakdown])
    return tables


@dataclass(frozen=True)
class FigureChange:
    record: object  # the history record after the change
    period_label: str
    old: str  # '–' for a figure that did not exist
    new: str
    is_latest: bool

    @property
    def who(self) -> str:
        user = self.record.history_user
        return (user.get_full_name() or user.username) if user else "System"


def figure_history(indicator: Indicator) -> list[FigureChange]:
    """Every recorded change to the indicator's figures, newest first, with the old and new figure."""
    records = Figure.history.filter(indicator_id=indicator.pk).select_related("history_user", "period")
    by_figure: dict[int, list] = defaultdict(list)
    for record in records.order_by("history_date", "history_id"):
        by_figure[record.id].append(record)

    def text(record) -> str:
        if record.history_type == "-":
            return "deleted"
        shown = figures.shown_value(record.value, record.published_value, indicator.decimals)
        figure = figures.format_figure(shown, record.numerator, record.denominator, indicator.decimals)
        return f"{figure}, {record.get_status_display().lower()}"

    changes = []
    for versions in by_figure.values():
        for before, after in zip([None, *versions], versions, strict=False):
            changes.append(
                FigureChange(
                    after, after.period.label, text(before) if before else "–", text(after), after is versions[-1]
                )
            )
    return sorted(changes, key=lambda c: c.record.history_date, reverse=True)


@dataclass
class NeighbourSheet:
    indicator: Indicator
    comparator: Comparator
    year: int
    group_year: int
    councils: list[NeighbourCouncil]
    values: dict[int, Decimal | None]  # council id -> value
    own: Decimal | None  # this council's year-end figure for the year, as shown
    summary: neighbours.NeighbourAverage
    rank: neighbours.Rank | None
    stored_average: ComparatorValue | None

    @property
    def year_label(self) -> str:
        return comparator_year_label(self.year)


def neighbour_sheet(indicator: Indicator, year: int) -> NeighbourSheet | None:
    """The councils of the statistical-neighbour group for `year`, their values for the
    indicator, the average they give and this council's rank; None without a group."""
    comparator = Comparator.objects.filter(councils__isnull=False).distinct().first()
    if comparator is None:
        return None
    group_year = neighbours.group_in_force(comparator.councils.values_list("group_year", flat=True).distinct(), year)
    councils = list(comparator.councils.filter(group_year=group_year))
    stored = {v.council_id: v.value for v in NeighbourValue.objects.filter(indicator=indicator, year=year)}
    values = {c.pk: stored.get(c.pk) for c in councils}
    own_figure = Figure.objects.filter(indicator=indicator, period__financial_year=year, period__quarter=None).first()
    own = figures.shown_value(own_figure.value, own_figure.published_value, indicator.decimals) if own_figure else None
    return NeighbourSheet(
        indicator=indicator,
        comparator=comparator,
        year=year,
        group_year=group_year,
        councils=councils,
        values=values,
        own=own,
        summary=neighbours.neighbour_average({c.name: values[c.pk] for c in councils}, comparator.statistic),
        rank=neighbours.rank_among(own, values.values(), indicator.polarity),
        stored_average=ComparatorValue.objects.filter(indicator=indicator, comparator=comparator, year=year).first(),
    )
