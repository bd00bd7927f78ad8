"""Reads for the national pages: ORM in, plain dataclasses out, in a fixed number of
queries whatever the number of councils or years."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from national import benchmark, councils, importer
from national.benchmark import NeighbourAverage, Rank, neighbour_average, rank_among, ranks
from national.models import ChildPopulation, Council, CouncilValue, IndicatorSource, Level, Neighbour, Status
from scorecard.models import Comparator, ComparatorValue, Indicator
from scorecard.periods import comparator_year_label

year_label = benchmark.year_label  # DfE's time_period 2025 is the year ending 31 March 2025: 2024-25


def grouping_for(year: int) -> benchmark.Grouping | None:
    """DfE's grouping in force for `year`, by the registry in national/data/groupings.csv."""
    return benchmark.grouping_in_force(councils.groupings(), year)


def neighbour_minimum(group_size: int) -> int:
    """How many of a group an average or a rank among them needs (SN_MINIMUM_NEIGHBOURS of 10)."""
    return benchmark.minimum_for(group_size, of_ten=settings.SN_MINIMUM_NEIGHBOURS)


@dataclass(frozen=True)
class AreaFigure:
    name: str
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    status: str

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass(frozen=True)
class CouncilRow:
    old_code: str
    new_code: str
    name: str
    region: str
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    status: str
    rank: Rank | None
    is_ours: bool
    neighbour_position: int | None  # 1-10 in the group in force, None when not a neighbour

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass(frozen=True)
class Benchmark:
    indicator: Indicator
    year: int
    group_year: int
    our_code: str
    rows: list[CouncilRow]  # best first, then those without a value
    england: AreaFigure | None
    region: AreaFigure | None
    neighbours: NeighbourAverage
    rank: Rank | None  # ours among every council with a value
    rank_within_neighbours: Rank | None
    source: IndicatorSource | None = None
    years: list[int] = field(default_factory=list)

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def ours(self) -> CouncilRow | None:
        return next((row for row in self.rows if row.is_ours), None)


def our_code() -> str:
    return settings.OUR_COUNCIL_CODE


def neighbour_statistic() -> str:
    comparator = Comparator.objects.filter(name=settings.NATIONAL_SN_COMPARATOR).first()
    return comparator.statistic if comparator and comparator.statistic in ("mean", "median") else "mean"


def our_groups() -> dict[int, list[tuple[int, Council]]]:
    """Our council's neighbours in each of DfE's groupings: group year -> [(position, council)]."""
    groups: dict[int, list[tuple[int, Council]]] = defaultdict(list)
    links = Neighbour.objects.filter(council__old_code=our_code()).select_related("neighbour")
    for link in links.order_by("group_year", "position"):
        groups[link.group_year].append((link.position, link.neighbour))
    return groups


def loaded_years(indicator: Indicator) -> list[int]:
    return sorted(set(CouncilValue.objects.filter(indicator=indicator).values_list("year", flat=True).distinct()))


def benchmark_for(indicator: Indicator, year: int, *, statistic: str | None = None, groups=None) -> Benchmark | None:
    """Every council's figure for the indicator and year with its rank, England and our region,
    and our statistical-neighbour average; None when nothing is loaded for that year."""
    values = list(CouncilValue.objects.filter(indicator=indicator, year=year).select_related("council"))
    if not values:
        return None
    groups = our_groups() if groups is None else groups
    statistic = statistic or neighbour_statistic()
    return _benchmark(indicator, year, values, groups, statistic)


def _benchmark(indicator, year: int, values: list[CouncilValue], groups, statistic: str) -> Benchmark:
    ours = our_code()
    grouping = grouping_for(year)
    group_year = grouping.year if grouping else year
    group = groups.get(group_year, [])
    minimum = neighbour_minimum(len(group))
    position_of = {council.old_code: position for position, council in group}
    councils = {v.area_code: v for v in values if v.level == Level.LOCAL_AUTHORITY}
    by_code = {code: v.value for code, v in councils.items()}
    ranked = ranks(by_code, indicator.polarity)
    names = {council.old_code: council.name for _, council in group}
    average = neighbour_average(
        {names[code]: by_code.get(code) for code in position_of},
        statistic=statistic,
        minimum=minimum,
    )
    rows = [
        CouncilRow(
            old_code=code, new_code=v.council.new_code if v.council else "", name=v.name,
            region=v.region_name, value=v.value, numerator=v.numerator, denominator=v.denominator,
            status=v.status, rank=ranked.get(code), is_ours=code == ours, neighbour_position=position_of.get(code),
        )
        for code in benchmark.order_best_first(by_code, indicator.polarity)
        for v in [councils[code]]
    ]  # fmt: skip
    england = next((v for v in values if v.level == Level.NATIONAL), None)
    own = councils.get(ours)
    region = next(
        (v for v in values if v.level == Level.REGIONAL and own is not None and v.area_code == own.region_code), None
    )
    return Benchmark(
        indicator=indicator,
        year=year,
        group_year=group_year,
        our_code=ours,
        rows=rows,
        england=_area(england),
        region=_area(region),
        neighbours=average,
        rank=ranked.get(ours),
        rank_within_neighbours=rank_among(
            by_code.get(ours), [by_code.get(code) for code in position_of], indicator.polarity, minimum=minimum
        ),
    )


def _area(value: CouncilValue | None) -> AreaFigure | None:
    if value is None:
        return None
    return AreaFigure(value.name, value.value, value.numerator, value.denominator, value.status)


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    ours: Decimal | None
    neighbours: NeighbourAverage
    region: Decimal | None
    england: Decimal | None
    rank: Rank | None

    @property
    def label(self) -> str:
        return year_label(self.year)


def indicator_series(indicator: Indicator) -> list[SeriesPoint]:
    """Our council against its neighbour average, its region and England, every loaded year, oldest first."""
    by_year: dict[int, list[CouncilValue]] = defaultdict(list)
    for value in CouncilValue.objects.filter(indicator=indicator).select_related("council"):
        by_year[value.year].append(value)
    if not by_year:
        return []
    groups, statistic = our_groups(), neighbour_statistic()
    points = []
    for year in sorted(by_year):
        result = _benchmark(indicator, year, by_year[year], groups, statistic)
        ours = result.ours
        points.append(
            SeriesPoint(
                year=year,
                ours=ours.value if ours else None,
                neighbours=result.neighbours,
                region=result.region.value if result.region else None,
                england=result.england.value if result.england else None,
                rank=result.rank,
            )
        )
    return points


def loaded_averages(indicator: Indicator) -> list[ComparatorValue]:
    """The scorecard's averages for the indicator that were worked out from loaded figures, by year."""
    return list(
        ComparatorValue.objects.filter(indicator=indicator)
        .exclude(source="")
        .select_related("comparator", "indicator")
        .order_by("year", "comparator__display_order")
    )


def own_averages(indicator: Indicator) -> list[ComparatorValue]:
    """The council's own averages for the indicator (entered or uploaded), with DfE's for the same year."""
    values = list(
        ComparatorValue.objects.filter(indicator=indicator, source="")
        .select_related("comparator", "indicator")
        .order_by("year", "comparator__display_order")
    )
    for value in values:
        value.year_label = comparator_year_label(value.year)
    return values


def source_for(indicator: Indicator) -> IndicatorSource | None:
    return IndicatorSource.objects.filter(indicator=indicator).first()


def source_specs() -> list[importer.SourceSpec]:
    return [
        importer.SourceSpec(
            ref=s.indicator.ref, kind=s.file_kind, row_filters=s.row_filters, value_column=s.value_column,
            count_column=s.count_column, denominator_filters=s.denominator_filters or {},
            denominator_column=s.denominator_column,
        )
        for s in IndicatorSource.objects.select_related("indicator")
    ]  # fmt: skip


def child_population(council: Council | str, year_ending_31_march: int) -> int | None:
    """ONS's estimate of the children aged 0 to 17 in the council (a Council or its old code)
    that DfE's rate per 10,000 of the year ending 31 March uses: that of the mid-year before
    (2025's rate is per the mid-2024 estimate). None where ONS gives none or none is loaded."""
    code = council.old_code if isinstance(council, Council) else str(council)
    return (
        ChildPopulation.objects.filter(area_code=code, level=Level.LOCAL_AUTHORITY, mid_year=year_ending_31_march - 1)
        .values_list("population", flat=True)
        .first()
    )


def child_populations(year_ending_31_march: int) -> dict[str, int]:
    """Every council's child population for the year (by old code), in one query."""
    rows = ChildPopulation.objects.filter(level=Level.LOCAL_AUTHORITY, mid_year=year_ending_31_march - 1)
    return {code: n for code, n in rows.values_list("area_code", "population") if n is not None}


@dataclass(frozen=True)
class DecileYear:
    """One year of every council's figures as deciles, with ours and where it stands."""

    year: int
    deciles: dict[int, Decimal]  # 10 -> the 10th percentile ... 90 -> the 90th
    councils: int  # how many councils have a figure
    ours: Decimal | None
    rank: Rank | None
    standing: str  # 'in the best 20% of councils in 2024-25'; '' without a figure of ours

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def median(self) -> Decimal:
        return self.deciles[50]


def decile_series(indicator: Indicator) -> list[DecileYear]:
    """Every loaded year's deciles of all councils' figures, oldest first, and ours against
    them in words that follow the indicator's polarity. One query, whatever the number of
    councils or years."""
    by_year: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    rows = CouncilValue.objects.filter(indicator=indicator, level=Level.LOCAL_AUTHORITY).order_by()
    for year, code, value in rows.values_list("year", "area_code", "value"):
        by_year[year][code] = value
    ours_code = our_code()
    result = []
    for year in sorted(by_year):
        values = by_year[year]
        by_decile = benchmark.deciles(values.values())
        if by_decile is None:
            continue
        ours = values.get(ours_code)
        rank = ranks(values, indicator.polarity).get(ours_code)
        if rank is not None:
            standing = f"{benchmark.standing(rank.position, rank.of)} in {year_label(year)}"
        elif ours is not None:
            standing = f"{benchmark.band_between(ours, by_decile)} in {year_label(year)}"
        else:
            standing = ""
        known = sum(1 for v in values.values() if v is not None)
        result.append(DecileYear(year, by_decile, known, ours, rank, standing))
    return result
