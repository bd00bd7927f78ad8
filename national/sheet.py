"""The statistical-neighbour sheet: a council's neighbours for one indicator and year, council
by council, with the average they give and where the council ranks among them. For a year DfE
has published the figures are DfE's (read only); for a year it has not, admins type them in.
Either way the group, the minimum and the average are national's one set of rules
(national.benchmark, by way of national.selectors)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from national import benchmark, selectors
from national.models import Council, CouncilValue, EnteredValue, Level, Neighbour
from scorecard import figures
from scorecard import selectors as scorecard_selectors
from scorecard.audience import Audience
from scorecard.models import ChangeMeans, Comparator, ComparatorStatus, ComparatorValue, Figure, Indicator


@dataclass
class NeighbourSheet:
    indicator: Indicator
    comparator: Comparator
    year: int  # DfE's: the year ending 31 March
    group_year: int
    councils: list[Council]  # closest first
    values: dict[int, Decimal | None]  # council id -> value
    published: bool  # DfE has published the year: its figures, not typed ones
    own: Decimal | None  # this council's figure for the year, as shown to the audience
    own_text: str  # '5.0', 'c' where suppressed for the audience, '' without a figure
    summary: benchmark.NeighbourAverage
    rank: benchmark.Rank | None
    minimum: int
    stored_average: ComparatorValue | None

    @property
    def year_label(self) -> str:
        return benchmark.year_label(self.year)


def _own_from_scorecard(indicator: Indicator, year: int, audience: Audience) -> tuple[Decimal | None, str]:
    """This council's year-end outturn as the indicator page shows it to `audience` (the same
    read, so the same suppression): 'c' and no value where it is withheld."""
    key_year = benchmark.comparator_year(year)  # the scorecard's financial year starts a year earlier
    for point in scorecard_selectors.indicator_trend(indicator, audience):
        if point.period.key.financial_year == key_year and point.period.key.quarter is None:
            cell = point.cell
            if cell.is_suppressed:
                return None, cell.text
            if cell.is_shown:
                return cell.shown, figures.format_number(cell.shown, indicator.decimals)
    return None, ""


def neighbour_sheet(indicator: Indicator, year: int, audience: Audience) -> NeighbourSheet | None:
    """The neighbours of the grouping in force for `year`, their values for the indicator (DfE's
    where published, else those entered), the average they give and this council's rank; None
    without a group or a statistical-neighbour comparator."""
    comparator = Comparator.objects.filter(name=settings.NATIONAL_SN_COMPARATOR).first()
    grouping = selectors.grouping_for(year)
    if comparator is None or grouping is None:
        return None
    links = Neighbour.objects.filter(council__old_code=selectors.our_code(), group_year=grouping.year)
    councils = [link.neighbour for link in links.select_related("neighbour").order_by("position")]
    if not councils:
        return None
    published_rows = CouncilValue.objects.filter(indicator=indicator, year=year, level=Level.LOCAL_AUTHORITY)
    dfe = {council_id: value for council_id, value in published_rows.values_list("council_id", "value")}
    published = bool(dfe)
    if published:
        values = {c.pk: dfe.get(c.pk) for c in councils}
        ours = Council.objects.filter(old_code=selectors.our_code()).first()
        own = dfe.get(ours.pk) if ours else None
        own_text = "" if own is None else figures.format_number(own, indicator.decimals)
    else:
        entered = dict(EnteredValue.objects.filter(indicator=indicator, year=year).values_list("council_id", "value"))
        values = {c.pk: entered.get(c.pk) for c in councils}
        own, own_text = _own_from_scorecard(indicator, year, audience)
    minimum = selectors.neighbour_minimum(len(councils))
    return NeighbourSheet(
        indicator=indicator,
        comparator=comparator,
        year=year,
        group_year=grouping.year,
        councils=councils,
        values=values,
        published=published,
        own=own,
        own_text=own_text,
        summary=_average(councils, values, comparator, minimum),
        rank=benchmark.rank_among(own, values.values(), indicator.polarity, minimum=minimum),
        minimum=minimum,
        stored_average=ComparatorValue.objects.filter(
            indicator=indicator, comparator=comparator, year=benchmark.comparator_year(year)
        ).first(),
    )


def _average(councils, values, comparator: Comparator, minimum: int) -> benchmark.NeighbourAverage:
    statistic = comparator.statistic if comparator.statistic in ("mean", "median") else "mean"
    return benchmark.neighbour_average({c.name: values.get(c.pk) for c in councils}, statistic=statistic,
                                       minimum=minimum)  # fmt: skip


def sheet_years(indicator: Indicator, year: int | None = None) -> list[int]:
    """The years a reader can choose, newest first: each with DfE's figures, an entered value,
    a comparator average or this council's outturn for the indicator, and the one shown."""
    years = set() if year is None else {year}
    years.update(CouncilValue.objects.filter(indicator=indicator).values_list("year", flat=True).distinct())
    years.update(EnteredValue.objects.filter(indicator=indicator).values_list("year", flat=True).distinct())
    starts = set(ComparatorValue.objects.filter(indicator=indicator).values_list("year", flat=True))
    starts.update(
        Figure.objects.filter(indicator=indicator, period__quarter=None).values_list(
            "period__financial_year", flat=True
        )
    )
    years.update(start + 1 for start in starts)  # the scorecard's years start a year earlier
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class SaveResult:
    average: ComparatorValue | None  # the stored average after saving
    kept: str = ""  # why the stored average was left as it was, when it was


def entered_values_save(*, sheet: NeighbourSheet, values: dict[int, Decimal | None], by) -> SaveResult:
    """Save each council's value for the indicator and year, and the statistical-neighbour
    average they now give, together, with history. The stored average is never replaced by one
    from too few councils (sheet.minimum), nor is an average loaded from DfE's figures."""
    if sheet.published:
        raise ValueError(f"DfE has published {sheet.year_label}: its figures are not typed in.")
    with transaction.atomic():
        stored = {
            v.council_id: v
            for v in EnteredValue.objects.select_for_update().filter(indicator=sheet.indicator, year=sheet.year)
        }
        for council in sheet.councils:
            value = values.get(council.pk)
            record = stored.get(council.pk) or EnteredValue(indicator=sheet.indicator, council=council, year=sheet.year)
            if record.pk and record.value == value:
                continue
            record.value = value
            record._history_user = by
            record._change_reason = ChangeMeans.FORM
            record.full_clean()
            record.save()
        summary = _average(sheet.councils, values, sheet.comparator, sheet.minimum)
        year = benchmark.comparator_year(sheet.year)
        average = (
            ComparatorValue.objects.select_for_update()
            .filter(indicator=sheet.indicator, comparator=sheet.comparator, year=year)
            .first()
        )
        if average is not None and average.is_loaded:
            return SaveResult(average, f"it was loaded from national statistics ({average.source})")
        if summary.value is None and average is not None and average.value is not None:
            return SaveResult(
                average,
                f"{len(summary.included)} of {len(sheet.councils)} councils have a value and an average needs "
                f"{sheet.minimum}",
            )
        if average is None:
            average = ComparatorValue(indicator=sheet.indicator, comparator=sheet.comparator, year=year)
        average.value = summary.value
        average.status = ComparatorStatus.PUBLISHED if summary.value is not None else ComparatorStatus.NOT_PUBLISHED
        average._history_user = by
        average._change_reason = f"{ChangeMeans.FORM}: average of {len(summary.included)} councils"
        average.full_clean()
        average.save()
    return SaveResult(average)
