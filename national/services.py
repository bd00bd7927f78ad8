"""Writes: loading DfE's files (all of them or nothing, with provenance and what changed)
and the comparator averages they give the scorecard."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from national import benchmark, importer, selectors
from national.models import Council, CouncilValue, Level, NationalImport, Status, ValueChange
from scorecard import data_version
from scorecard.importers.files import Problem
from scorecard.models import Comparator, ComparatorStatus, ComparatorValue, Indicator

LOADED = "national statistics"  # the reason in a comparator average's history
_FIELDS = ("value", "numerator", "denominator", "status")


@dataclass
class FilePlan:
    name: str
    checksum: str
    kind: str
    rows_read: int
    values: list[importer.ValueRow]
    problems: list[Problem]
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    already: NationalImport | None = None  # this very file was loaded before


@dataclass
class ImportPlan:
    files: list[FilePlan]
    unknown_councils: dict[str, str] = field(default_factory=dict)  # old code -> name, created on import
    summary: list[dict] = field(default_factory=list)  # per indicator: years, councils, symbols

    @property
    def ok(self) -> bool:
        return not any(f.problems for f in self.files)

    @property
    def changes(self) -> int:
        return sum(f.created + f.changed for f in self.files)


def national_import_plan(*, files: list[tuple[str, bytes]]) -> ImportPlan:
    """What loading these files would do, read and checked; writes nothing."""
    specs = selectors.source_specs()
    plans = []
    for name, content in files:
        read = importer.read_national_file(name, content)
        values: list[importer.ValueRow] = []
        problems = list(read.problems)
        if not problems:
            values, problems = importer.extract_values(read, [s for s in specs if s.kind == read.shape.kind])
        plans.append(FilePlan(name, read.checksum, read.shape.kind if read.shape else "", read.rows, values, problems))
    plan = ImportPlan(plans)
    _check_overlaps(plan)
    if plan.ok:
        _compare_with_stored(plan)
    return plan


def _check_overlaps(plan: ImportPlan) -> None:
    first: dict[tuple, str] = {}
    for file in plan.files:
        for kind in {f.kind for f in plan.files if f is not file and f.kind and f.kind == file.kind}:
            file.problems.append(Problem(f"Two files of the same kind ({kind}.csv) in one upload: load one of them."))
            break
        for row in file.values:
            key = (row.ref, row.year, row.area_code)
            if key in first and first[key] != file.name:
                file.problems.append(Problem(f"Indicator {row.ref} {row.year} {row.name} is also in {first[key]}."))
                break
            first.setdefault(key, file.name)


def _stored(refs: set[str], years: set[int]) -> dict[tuple, CouncilValue]:
    return {
        (v.indicator.ref, v.year, v.area_code): v
        for v in CouncilValue.objects.filter(indicator__ref__in=refs, year__in=years).select_related("indicator")
    }


def _compare_with_stored(plan: ImportPlan) -> None:
    all_rows = [row for f in plan.files for row in f.values]
    stored = _stored({r.ref for r in all_rows}, {r.year for r in all_rows})
    known = set(Council.objects.values_list("old_code", flat=True))
    previous = {i.checksum: i for i in NationalImport.objects.filter(checksum__in=[f.checksum for f in plan.files])}
    by_ref: dict[str, dict] = defaultdict(lambda: {"years": set(), "councils": set(), "symbols": Counter()})
    for file in plan.files:
        file.already = previous.get(file.checksum)
        for row in file.values:
            old = stored.get((row.ref, row.year, row.area_code))
            if old is None:
                file.created += 1
            elif _differs(old, row):
                file.changed += 1
            else:
                file.unchanged += 1
            if row.level == Level.LOCAL_AUTHORITY:
                if row.area_code not in known:
                    plan.unknown_councils[row.area_code] = row.name
                by_ref[row.ref]["councils"].add(row.area_code)
            by_ref[row.ref]["years"].add(row.year)
            if row.status != Status.VALUE:
                by_ref[row.ref]["symbols"][row.status] += 1
            by_ref[row.ref]["file"] = file.name
    indicators = Indicator.objects.filter(ref__in=list(by_ref)).order_by("display_order", "ref")
    names = dict(indicators.values_list("ref", "short_name"))
    plan.summary = [
        {"ref": ref, "name": names.get(ref, ""), "file": info["file"],
         "years": ", ".join(selectors.year_label(y) for y in sorted(info["years"])),
         "councils": len(info["councils"]), "symbols": dict(sorted(info["symbols"].items()))}
        for ref, info in sorted(by_ref.items(), key=lambda item: list(names).index(item[0]) if item[0] in names else 0)
    ]  # fmt: skip


def _differs(old: CouncilValue, row: importer.ValueRow) -> bool:
    return any(getattr(old, name) != getattr(row, name) for name in _FIELDS) or old.name != row.name


def national_import(*, plan: ImportPlan, by) -> list[NationalImport]:
    """Load a checked plan in one transaction: every value created or replaced (what a revised
    file changed is kept), each file's provenance, and the comparator averages for the scorecard.
    A file loaded before with nothing to change is left alone."""
    if not plan.ok:
        raise ValueError("The plan has problems; nothing may be loaded from it.")
    loaded = []
    with transaction.atomic():
        _councils_update(plan)
        councils = {c.old_code: c for c in Council.objects.all()}
        indicators = {i.ref: i for i in Indicator.objects.filter(ref__in={r.ref for f in plan.files for r in f.values})}
        touched: set[tuple[int, int]] = set()
        for file in plan.files:
            if file.already is not None and file.created + file.changed == 0:
                continue
            record = NationalImport.objects.create(
                file_name=file.name, checksum=file.checksum, file_kind=file.kind, rows_read=file.rows_read,
                imported_by=by if by is not None and by.is_authenticated else None,
            )  # fmt: skip
            created, changed, unchanged = _save_values(file, record, councils, indicators)
            record.values_created, record.values_changed, record.values_unchanged = created, changed, unchanged
            record.save(update_fields=["values_created", "values_changed", "values_unchanged"])
            loaded.append(record)
            touched |= {(indicators[r.ref].pk, r.year) for r in file.values}
        data_version.bump()  # bulk writes send no signal
        comparator_values_fill(indicator_years=touched, by=by)
    return loaded


def _councils_update(plan: ImportPlan) -> None:
    """Councils the group files do not name are created from the file's rows; new codes filled in."""
    described = {}
    for file in plan.files:
        for row in file.values:
            if row.level == Level.LOCAL_AUTHORITY:
                described[row.area_code] = row
    existing = {c.old_code: c for c in Council.objects.all()}
    Council.objects.bulk_create(
        Council(old_code=code, name=row.name, region=row.region_name, new_code=row.new_code)
        for code, row in described.items() if code not in existing
    )  # fmt: skip
    coded = [c for code, c in existing.items() if code in described and described[code].new_code != c.new_code
             and described[code].new_code]  # fmt: skip
    for council in coded:
        council.new_code = described[council.old_code].new_code
    Council.objects.bulk_update(coded, ["new_code"])


def _save_values(file: FilePlan, record: NationalImport, councils, indicators) -> tuple[int, int, int]:
    stored = _stored({r.ref for r in file.values}, {r.year for r in file.values})
    new, changed, changes = [], [], []
    unchanged = 0
    for row in file.values:
        old = stored.get((row.ref, row.year, row.area_code))
        if old is None:
            new.append(
                CouncilValue(
                    indicator=indicators[row.ref], year=row.year, level=row.level, area_code=row.area_code,
                    council=councils.get(row.area_code) if row.level == Level.LOCAL_AUTHORITY else None,
                    name=row.name, region_code=row.region_code, region_name=row.region_name, value=row.value,
                    numerator=row.numerator, denominator=row.denominator, status=row.status, source=record,
                )
            )  # fmt: skip
            continue
        if not _differs(old, row):
            unchanged += 1
            continue
        changes.append(
            ValueChange(
                value=old, made_by=record, old_value=old.value, old_numerator=old.numerator,
                old_denominator=old.denominator, old_status=old.status, new_value=row.value,
                new_numerator=row.numerator, new_denominator=row.denominator, new_status=row.status,
            )
        )  # fmt: skip
        old.value, old.numerator, old.denominator, old.status = row.value, row.numerator, row.denominator, row.status
        old.name, old.region_code, old.region_name, old.source = row.name, row.region_code, row.region_name, record
        changed.append(old)
    CouncilValue.objects.bulk_create(new, batch_size=2000)
    CouncilValue.objects.bulk_update(
        changed, ["value", "numerator", "denominator", "status", "name", "region_code", "region_name", "source"],
        batch_size=1000,
    )  # fmt: skip
    ValueChange.objects.bulk_create(changes, batch_size=2000)
    return len(new), len(changed), unchanged


def comparator_values_fill(*, indicator_years: set[tuple[int, int]], by) -> int:
    """The scorecard's England and statistical-neighbour averages for each (indicator, DfE year),
    worked out from the loaded figures and labelled with their source; returns how many changed.
    A comparator year is the year the average starts in: DfE's 2025 (2024/25) is 2024."""
    england = Comparator.objects.filter(name=settings.NATIONAL_ENGLAND_COMPARATOR).first()
    neighbours = Comparator.objects.filter(name=settings.NATIONAL_SN_COMPARATOR).first()
    if not indicator_years or (england is None and neighbours is None):
        return 0
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in={i for i, _ in indicator_years})}
    groups, statistic = selectors.our_groups(), selectors.neighbour_statistic()
    stored = {
        (v.indicator_id, v.comparator_id, v.year): v
        for v in ComparatorValue.objects.filter(indicator_id__in=list(indicators))
    }
    changed = 0
    for indicator_id, year in sorted(indicator_years):
        result = selectors.benchmark_for(indicators[indicator_id], year, statistic=statistic, groups=groups)
        if result is None:
            continue
        wanted = []
        if england is not None and result.england is not None:
            status = _comparator_status(result.england.status)
            wanted.append(
                (england, result.england.value, status, "DfE national statistics: England's published figure")
            )
        if neighbours is not None:
            average = result.neighbours
            source = (f"DfE national statistics: {average.reason}, grouped by DfE in {result.group_year}"
                      if average.value is not None else f"DfE national statistics: {average.reason}")  # fmt: skip
            status = ComparatorStatus.PUBLISHED if average.value is not None else ComparatorStatus.NOT_PUBLISHED
            wanted.append((neighbours, average.value, status, source))
        for comparator, value, status, source in wanted:
            start = benchmark.comparator_year(year)
            record = stored.get((indicator_id, comparator.pk, start)) or ComparatorValue(
                indicator_id=indicator_id, comparator=comparator, year=start
            )
            if record.pk and not record.source:
                # The council's own, typed or uploaded, is kept as published; DfE's beside it for officers.
                if (record.dfe_value, record.dfe_source) != (value, source[:200]):
                    record.dfe_value, record.dfe_source = value, source[:200]
                    record._history_user = by if by is not None and by.is_authenticated else None
                    record._change_reason = LOADED
                    record.save(update_fields=["dfe_value", "dfe_source"])
                    changed += 1
                continue
            if record.pk and (record.value, record.status, record.source) == (value, status, source):
                continue
            record.value, record.status, record.source = value, status, source[:200]
            record._history_user = by if by is not None and by.is_authenticated else None
            record._change_reason = LOADED
            # The fields checked; the keys (indicator, comparator, year) are the loop's own, not looked up again.
            record.clean_fields(exclude=["indicator", "comparator"])
            record.clean()
            record.save()
            changed += 1
    return changed


def _comparator_status(status: str) -> str:
    if status == Status.VALUE:
        return ComparatorStatus.PUBLISHED
    return ComparatorStatus.NOT_APPLICABLE if status == Status.NOT_APPLICABLE else ComparatorStatus.NOT_PUBLISHED
