"""Reads: the ORM in, plain rows out, in a fixed number of queries whatever the
number of indicators or periods."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Exists, Max, OuterRef

from scorecard import averages, figures, rag, read_model
from scorecard.assessment import TargetFacts
from scorecard.audience import Audience, small_numbers
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
    PanelReport,
    Period,
    ReportStatus,
    Target,
    Theme,
)
from scorecard.periods import PeriodKey, comparable_periods, period_label
from scorecard.prepared import PreparedRead
from scorecard.read_model import PeriodHeading, Scorecard, ScorecardRow, TrendPoint

OUTTURN_YEARS_SHOWN = 3


class StoredFigure(NamedTuple):
    """What the read model reads of a figure: rows, not model instances, so a
    scorecard of thousands of figures costs no object building."""

    pk: int
    indicator_id: int
    period_id: int
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    published_value: Decimal | None
    status: str
    commentary: str
    commentary_checked: bool


class StoredIndicator(NamedTuple):
    """What a scorecard row reads of an indicator (the read model's builders are duck-typed)."""

    pk: int
    ref: str
    short_name: str
    description: str
    statement: str
    theme: str
    unit: str
    polarity: str
    measure_type: str
    decimals: int


class StoredAverage(NamedTuple):
    indicator_id: int
    comparator_id: int
    year: int
    value: Decimal | None
    status: str
    source: str  # '' for an average entered by hand; else where it was worked out from
    dfe_value: Decimal | None  # for one entered by hand: DfE's for the same year, where loaded
    status_text: str  # 'Not published'


# Reads that are grouped into dicts are unordered (order_by()): a model's default ordering
# would join the indicator and period tables and sort every row for nothing.


# The scorecard's reads, prepared once (scorecard/prepared.py): a scorecard is a handful of
# small queries, and building them through the ORM on every render cost more than running them.

_PERIOD_FIELDS = tuple(f.attname for f in Period._meta.concrete_fields)  # whole periods, none deferred
_PERIODS_WITH_FIGURES = PreparedRead(
    lambda: Period.objects.filter(Exists(Figure.objects.filter(period=OuterRef("pk"))))
    .annotate(has_published_report=Exists(
        PanelReport.objects.filter(period=OuterRef("pk"), status=ReportStatus.PUBLISHED)))
    .order_by().values_list(*_PERIOD_FIELDS, "has_published_report")
)  # fmt: skip
_ACTIVE_INDICATORS = PreparedRead(
    lambda: Indicator.objects.filter(is_active=True).values_list(*StoredIndicator._fields)
)
_FIGURES_OF_PERIODS = PreparedRead(
    lambda period_ids: Figure.objects.filter(period__in=period_ids).order_by().values_list(*StoredFigure._fields)
)
_COHORTS = PreparedRead(
    lambda: Figure.objects.filter(indicator__is_active=True).order_by().values("indicator_id")
    .annotate(d=Max("denominator")).values_list("indicator_id", "d")
)  # fmt: skip
_TARGET_FIELDS = ("indicator_id", "financial_year", "quarter", "value", "tolerance", "tolerance_kind")
_TARGETS_OF_YEAR = PreparedRead(
    lambda year: Target.objects.filter(financial_year=year).order_by().values_list(*_TARGET_FIELDS)
)
_AVERAGES = PreparedRead(  # every year: a later one DfE has since published is a note for officers
    lambda: ComparatorValue.objects.filter(indicator__is_active=True)
    .order_by().values_list(*StoredAverage._fields[:-1])
)  # fmt: skip
_COMPARATOR_FIELDS = tuple(f.attname for f in Comparator._meta.concrete_fields)
_COMPARATORS = PreparedRead(lambda: Comparator.objects.values_list(*_COMPARATOR_FIELDS))


def _stored_averages(rows) -> list[StoredAverage]:
    labels = dict(ComparatorStatus.choices)
    status = StoredAverage._fields.index("status")
    return [StoredAverage(*row, status_text=labels[row[status]]) for row in rows]


def corrections_since_report(period: Period, card: Scorecard) -> tuple[PanelReport | None, list[ScorecardRow]]:
    """The period's published report, and the rows of its scorecard `card` whose figure for
    the period was changed after it was published (the report keeps what the panel was given).
    `period` as periods_with_figures reads it. A query of its own: a scorecard's cells carry
    no dates, so that they are cheap to read."""
    if not period.has_published_report:
        return None, []
    report = PanelReport.objects.filter(period=period, status=ReportStatus.PUBLISHED).order_by().first()
    if report is None:
        return None, []
    changed = set(
        Figure.objects.filter(period=period, updated_at__gt=report.latest_version_published_at).values_list(
            "indicator__ref", flat=True
        )
    )
    return report, [r for r in card.rows if r.ref in changed and r.current.is_shown]


def periods_with_figures() -> list[Period]:
    """In no order (every caller sorts them or looks them up by key), each with
    has_published_report, so that a scorecard looks for corrections only where there is one."""
    periods = []
    for *fields, has_published_report in _PERIODS_WITH_FIGURES():
        period = Period.from_db(connection.alias, _PERIOD_FIELDS, fields)
        period.has_published_report = has_published_report
        periods.append(period)
    return periods


def default_period(candidates: list[Period]) -> Period | None:
    """The latest quarter with data, else the latest outturn (what the panel meets about)."""
    quarters = [p for p in candidates if not p.is_year_end]
    pool = quarters or candidates
    return max(pool, key=lambda p: p.key.sort_key()) if pool else None


def targets_by_indicator(targets) -> dict[int, dict[PeriodKey, TargetFacts]]:
    """A queryset of targets, grouped by indicator and period (read as rows, not objects)."""
    return _targets_grouped(targets.order_by().values_list(*_TARGET_FIELDS))


def _targets_grouped(rows) -> dict[int, dict[PeriodKey, TargetFacts]]:
    grouped: dict[int, dict[PeriodKey, TargetFacts]] = defaultdict(dict)
    for indicator_id, year, quarter, value, tolerance, kind in rows:
        grouped[indicator_id][PeriodKey(year, quarter)] = TargetFacts(value, rag.Tolerance(tolerance, kind))
    return grouped


def _cohorts(largest) -> dict[int, int]:
    """Each indicator's largest denominator, from (indicator_id, largest) rows: what a figure
    known only as a value is judged against."""
    return {indicator_id: d for indicator_id, d in largest if d is not None}


def scorecard_for(period: Period, audience: Audience, *, periods: list[Period] | None = None) -> Scorecard:
    """Every active indicator's row for the scorecard of `period`, as `audience` may see it.
    Its columns are `period` and the periods with figures: `periods` where the caller has
    read them (periods_with_figures), else read here."""
    fy = period.financial_year
    first_year = fy - OUTTURN_YEARS_SHOWN
    chosen = period.key
    if periods is None:
        periods = periods_with_figures()
    keys = {p.pk: p.key for p in periods if first_year <= p.financial_year <= fy} | {period.pk: chosen}
    outturns = sorted(k for k in keys.values() if k.is_year_end and k.financial_year < fy)[-OUTTURN_YEARS_SHOWN:]
    in_year = sorted(
        (k for k in keys.values() if k.financial_year == fy and k.sort_key() <= chosen.sort_key()),
        key=PeriodKey.sort_key,
    )

    # Figures of the shown periods and of the periods the chosen one is compared with; for
    # the public, with the rest of their years too: a cumulative figure is hidden where its
    # difference from the year's earlier ones is a small number (read_model.figure_cells).
    wanted = set(outturns) | set(in_year) | {k for m in MeasureType.values for k in comparable_periods(chosen, m)}
    if audience.suppresses:
        years = {k.financial_year for k in wanted}
        wanted = {k for k in keys.values() if k.financial_year in years}
    key_by_id = {pk: k for pk, k in keys.items() if k in wanted and k.sort_key() <= chosen.sort_key()}
    indicators = [StoredIndicator._make(row) for row in _ACTIVE_INDICATORS()]
    cohorts = _cohorts(_COHORTS()) if audience.suppresses else {}
    stored: dict[int, dict[PeriodKey, StoredFigure]] = defaultdict(dict)
    # Figures and targets are read by period alone (no join to the indicators): those of an
    # inactive indicator are never looked up. Only the chosen period is judged, so only its
    # year's targets are read.
    for row in _FIGURES_OF_PERIODS(list(key_by_id)):
        figure = StoredFigure._make(row)
        stored[figure.indicator_id][key_by_id[figure.period_id]] = figure
    targets = _targets_grouped(_TARGETS_OF_YEAR(fy))

    # Each indicator is read against each comparator's average in force for the period
    # (scorecard/averages.py); the column is headed with the latest year of all, and older cells say theirs.
    by_year: dict[tuple[int, int], dict[int, StoredAverage]] = defaultdict(dict)
    for value in _stored_averages(_AVERAGES()):
        by_year[(value.indicator_id, value.comparator_id)][value.year] = value
    in_force: dict[tuple[int, int], StoredAverage] = {}
    for key, years in by_year.items():
        year = averages.year_in_force(years, chosen)
        if year is not None:
            in_force[key] = averages.shown(years[year])
    latest = {comparator_id: max(v.year for (_, c), v in in_force.items() if c == comparator_id)
              for comparator_id in {c for _, c in in_force}}  # fmt: skip
    comparators = [Comparator.from_db(connection.alias, _COMPARATOR_FIELDS, row) for row in _COMPARATORS()]
    theme_labels = dict(Theme.choices)

    rule = small_numbers()
    shown = outturns + in_year
    rows = []
    for indicator in indicators:
        figures_by_period = stored[indicator.pk]
        values = read_model.full_values(figures_by_period, indicator)
        cells = read_model.figure_cells(
            figures_by_period, indicator, audience, rule, cohort=cohorts.get(indicator.pk), values=values
        )
        indicator_targets = targets[indicator.pk]
        judged = read_model.judge(chosen, cells, values, indicator_targets, indicator)
        current = cells.get(chosen, read_model.EMPTY_CELL)
        previous = judged.previous
        rows.append(
            read_model.ScorecardRow(
                ref=indicator.ref,
                name=indicator.short_name,
                description=indicator.description,
                statement=indicator.statement or f"for {indicator.short_name.lower()}",
                theme=indicator.theme,
                theme_label=theme_labels.get(indicator.theme, indicator.theme),
                unit=indicator.unit,
                polarity=indicator.polarity,
                measure_type=indicator.measure_type,
                decimals=indicator.decimals,
                figures=tuple(cells.get(k, read_model.EMPTY_CELL) for k in shown),
                current=current,
                target=read_model.target_cell(indicator_targets, chosen, indicator.unit),
                rag=judged.rag,
                rag_reason=judged.rag_reason,
                direction=judged.direction,
                direction_reason=judged.direction_reason,
                previous_label=period_label(previous[0]) if previous else None,
                previous_value=previous[1] if previous else None,
                versus=tuple(
                    read_model.versus(
                        in_force.get((indicator.pk, c.pk)),
                        indicator,
                        current,
                        column_year=latest.get(c.pk),
                        withheld=judged.withheld,
                    )
                    for c in comparators
                ),
                commentary=read_model.visible_commentary(
                    figures_by_period.get(chosen), audience, withheld=judged.withheld
                ),
                withheld=judged.withheld,
                direction_withheld=judged.direction_withheld,
                warnings=tuple(
                    f"{period_label(k)}: {cells[k].warning}" for k in shown if k in cells and cells[k].warning
                )
                + tuple(
                    note
                    for c in comparators
                    for key in [(indicator.pk, c.pk)]
                    if key in in_force
                    for note in averages.notes(by_year[key], in_force[key].year, c.short_name, indicator.decimals)
                ),
            )
        )
    return Scorecard(
        audience=audience,
        period=PeriodHeading.of(chosen),
        outturn_periods=tuple(PeriodHeading.of(k) for k in outturns),
        in_year_periods=tuple(PeriodHeading.of(k) for k in in_year),
        comparators=tuple(
            read_model.ComparatorHeading(
                c.name,
                c.short_name,
                c.sentence_name or c.name,
                latest.get(c.pk),
                averages.heading_source(
                    [v for (_, cid), v in in_force.items() if cid == c.pk and v.year == latest[cid]]
                ),
            )
            for c in comparators
        ),
        rows=tuple(rows),
    )


def indicator_trend(indicator: Indicator, audience: Audience) -> list[TrendPoint]:
    """Every period's figure with its target, RAG, direction of travel and the
    comparator averages in force then, oldest first, as `audience` may see them."""
    rows = Figure.objects.filter(indicator=indicator).values_list(
        "period__financial_year", "period__quarter", *StoredFigure._fields
    )
    stored = {PeriodKey(year, quarter): StoredFigure._make(figure) for year, quarter, *figure in rows}
    targets = targets_by_indicator(Target.objects.filter(indicator=indicator))[indicator.pk]
    rule = small_numbers()
    cohort = max((f.denominator for f in stored.values() if f.denominator is not None), default=None)
    values = read_model.full_values(stored, indicator)
    cells = read_model.figure_cells(stored, indicator, audience, rule, cohort=cohort, values=values)
    by_comparator: dict[Comparator, dict[int, StoredAverage]] = defaultdict(dict)
    for value in ComparatorValue.objects.filter(indicator=indicator).select_related("comparator"):
        by_comparator[value.comparator][value.year] = StoredAverage(
            value.indicator_id,
            value.comparator_id,
            value.year,
            value.value,
            value.status,
            value.source,
            value.dfe_value,
            value.get_status_display(),
        )
    ordered = {c: by_comparator[c] for c in sorted(by_comparator, key=lambda c: (c.display_order, c.name))}
    points = []
    for key in sorted(stored, key=PeriodKey.sort_key):
        withheld = cells[key].is_suppressed
        commentary = read_model.visible_commentary(stored[key], audience, withheld=withheld)
        checked = stored[key].commentary_checked
        points.append(read_model.trend_point(key, cells, values, targets, ordered, indicator, commentary, checked))
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
                "as_at": s.as_at.isoformat() if s.as_at else None,
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
