"""Reads for the entry page and uploads: each indicator's stored figure for a
period and what a new one would be judged against."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from scorecard import assessment, figures, read_model
from scorecard.assessment import TargetFacts
from scorecard.audience import Audience, small_numbers
from scorecard.entry import Entry, IndicatorRules, Previous
from scorecard.models import Figure, Indicator, MeasureType, Period, Target
from scorecard.periods import PeriodKey, comparable_periods, period_label
from scorecard.read_model import CellState, FigureCell
from scorecard.selectors import targets_by_indicator


@dataclass
class EntryRow:
    """One indicator on the entry page of a period: what is stored, and what a new
    figure would be judged against."""

    indicator: Indicator
    figure: Figure | None
    rules: IndicatorRules
    previous: Previous | None
    targets: dict[PeriodKey, TargetFacts]
    shown_by_period: dict[PeriodKey, Decimal]

    @property
    def current(self) -> FigureCell | None:
        if self.figure is None:
            return None
        return read_model.figure_cell(self.figure, self.indicator, Audience.OFFICER, small_numbers())

    @property
    def stored(self) -> Entry | None:
        return self.figure.as_entry() if self.figure else None


def entry_rows(key: PeriodKey) -> list[EntryRow]:
    """Every active indicator with its stored figure for `key` (a period that may
    not exist yet), in a fixed number of queries."""
    earlier = {k for measure in MeasureType.values for k in comparable_periods(key, measure)}
    wanted = earlier | {key}
    years = {k.financial_year for k in wanted}
    period_by_id = {p.pk: p for p in Period.objects.filter(financial_year__in=years) if p.key in wanted}
    stored: dict[int, dict[PeriodKey, Figure]] = defaultdict(dict)
    for figure in Figure.objects.filter(period__in=list(period_by_id)).select_related("updated_by"):
        figure.period = period_by_id[figure.period_id]
        stored[figure.indicator_id][figure.period.key] = figure
    targets = targets_by_indicator(Target.objects.filter(financial_year=key.financial_year))

    rows = []
    for indicator in Indicator.objects.filter(is_active=True):
        shown = {
            k: figures.shown_value(f.value, f.published_value, indicator.decimals)
            for k, f in stored[indicator.pk].items()
            if k != key
        }
        previous = assessment.previous_comparable(shown, key, indicator.measure_type)
        rows.append(
            EntryRow(
                indicator=indicator,
                figure=stored[indicator.pk].get(key),
                rules=IndicatorRules(indicator.unit, indicator.decimals, indicator.change_threshold),
                previous=Previous(period_label(previous[0]), previous[1]) if previous else None,
                targets=targets[indicator.pk],
                shown_by_period=shown,
            )
        )
    return rows


@dataclass(frozen=True)
class EntryPreview:
    row: EntryRow
    new: FigureCell | None
    judgement: assessment.Judgement | None
    changed: bool


def entry_preview(row: EntryRow, entry: Entry, key: PeriodKey) -> EntryPreview:
    """What saving `entry` would show on the scorecard: value, RAG and direction."""
    indicator = row.indicator
    value = entry.figure_value(indicator.unit)
    shown = figures.round_half_up(value, indicator.decimals)
    new = None
    judgement = None
    if not entry.is_blank:
        text = figures.format_figure(shown, entry.numerator, entry.denominator, indicator.decimals)
        new = FigureCell(CellState.SHOWN, text, shown, entry.numerator, entry.denominator, entry.status)
        judgement = assessment.judge(
            key,
            {**row.shown_by_period, key: shown},
            row.targets,
            polarity=indicator.polarity,
            measure_type=indicator.measure_type,
            decimals=indicator.decimals,
            unit=indicator.unit,
        )
    return EntryPreview(row, new, judgement, changed=row.stored != entry and not (entry.is_blank and not row.figure))


def figures_as_opened(period_key: PeriodKey, versions: dict[str, int]) -> dict[str, Entry | None]:
    """What each figure was at the version an officer opened it ({ref: version}), from its
    history, in one query: None for version 0 (no figure then). A version history does not
    hold (a figure changed without a record) is left out, so it is never taken as untouched."""
    opened: dict[str, Entry | None] = {ref: None for ref, version in versions.items() if version == 0}
    found: dict[str, set[Entry]] = defaultdict(set)
    wanted = {(ref, version) for ref, version in versions.items() if version}
    if wanted:
        records = Figure.history.filter(
            period__financial_year=period_key.financial_year,
            period__quarter=period_key.quarter,
            indicator__ref__in={ref for ref, _ in wanted},
            version__in={version for _, version in wanted},
        ).values_list("indicator__ref", "version", "numerator", "denominator", "value", "published_value",
                      "status", "commentary")  # fmt: skip
        for ref, version, numerator, denominator, value, published, status, commentary in records:
            if (ref, version) in wanted:
                figure = Figure(numerator=numerator, denominator=denominator, value=value, published_value=published,
                                status=status, commentary=commentary)  # fmt: skip
                found[ref].add(figure.as_entry())
    # Two different records of one version (a write that did not move it on) say nothing certain.
    opened.update({ref: entries.pop() for ref, entries in found.items() if len(entries) == 1})
    return opened
