"""Writes: validated, atomic, and recorded in history with who, when and by what means."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from scorecard import data_version, entry_selectors, figures, panel_report, selectors, snapshots
from scorecard.audience import Audience
from scorecard.entry import FINAL, PROVISIONAL, Entry
from scorecard.importers.comparators_file import AverageEntry
from scorecard.models import (
    ChangeMeans,
    Comparator,
    ComparatorValue,
    DemographicSeries,
    DemographicShare,
    Figure,
    Indicator,
    PanelReport,
    Period,
    ReportKeyPoint,
    ReportStatus,
    ReportVersion,
)
from scorecard.periods import PeriodKey, period_label
from scorecard.roles import AMEND_REPORT


class FiguresNotSaved(Exception):
    """Nothing was saved; `problems` says why, by indicator reference."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{ref}: {message}" for ref, message in problems.items()))
        self.problems = problems


@dataclass
class SaveResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return f"{self.created} added, {self.changed} changed, {self.unchanged} unchanged"


def _describe(figure: Figure) -> str:
    shown = figures.shown_value(figure.value, figure.published_value, figure.indicator.decimals)
    text = figures.format_figure(shown, figure.numerator, figure.denominator, figure.indicator.decimals)
    who = (figure.updated_by.get_full_name() or figure.updated_by.username) if figure.updated_by else "someone"
    when = timezone.localtime(figure.updated_at).strftime("%H:%M on %d %B %Y").lstrip("0")
    return f"{who} changed this figure to {text} at {when} while you were editing"


def _record_history_baseline(stored: list[Figure]) -> None:
    """Figures loaded from fixtures have no history; record them as they stand
    before the first change, so that every change shows its old value."""
    with_history = set(Figure.history.filter(id__in=[f.pk for f in stored]).values_list("id", flat=True))
    missing = [f for f in stored if f.pk not in with_history]
    if missing:
        Figure.history.bulk_history_create(missing, default_change_reason=ChangeMeans.BEFORE_HISTORY)


def figures_save(
    *, period_key: PeriodKey, entries: dict[str, tuple[Entry, int]], by, means: str, replace_published: bool = False
) -> SaveResult:
    """Save a period's figures, all or none. `entries` maps an indicator reference to
    the checked entry and the version of the figure the officer started from (0 for
    none). A figure the officer changed that someone else changed too since, a final
    (locked) figure, or an emptied figure stops the whole save with FiguresNotSaved; a
    figure left as it was at that version is not the officer's change, so another's
    change to it since is kept and is no conflict (its history says what it was). Unchanged figures are
    left alone, so saving the same figures twice changes nothing. With `replace_published`
    (counts worked out from the child-level extract), a figure whose published value was
    kept beside its counts (the deck's 21.4 for 31/146) takes the value its counts give."""
    result = SaveResult()
    with transaction.atomic(), data_version.one_bump():
        period, _ = Period.objects.get_or_create(financial_year=period_key.financial_year, quarter=period_key.quarter)
        indicators = {i.ref: i for i in Indicator.objects.filter(ref__in=list(entries))}
        stored = {
            f.indicator.ref: f
            for f in Figure.objects.select_for_update(of=("self",))
            .filter(period=period, indicator__ref__in=list(entries))
            .select_related("indicator")  # not updated_by: a locked row's joins can be stale after the wait
        }
        moved = {ref: version for ref, (_, version) in entries.items() if _version(stored.get(ref)) != version}
        opened = entry_selectors.figures_as_opened(period_key, moved) if moved else {}
        # A row left as it was when opened, that someone else has changed since, is theirs: not a conflict.
        untouched = {ref for ref in moved if ref in opened and _same(entries[ref][0], opened[ref])}
        problems: dict[str, str] = {}
        for ref, (entry, version) in entries.items():
            figure = stored.get(ref)
            if ref in untouched:
                continue
            if ref not in indicators:
                problems[ref] = f"There is no indicator with reference “{ref}”."
            elif (figure.version if figure else 0) != version:
                problems[ref] = (
                    f"{_describe(figure)}. Nothing was saved: check the figure and save again."
                    if figure
                    else "Someone else added this figure while you were editing. Nothing was saved: check the "
                    "figure and save again."
                )
            elif figure and figure.status == FINAL and figure.as_entry() != entry:
                problems[ref] = (
                    f"The {period_label(period_key)} figure is final and locked. Ask an administrator to unlock it."
                )
            elif figure and entry.is_blank:
                problems[ref] = "A saved figure cannot be emptied here. Ask an administrator to remove it."
        if problems:
            raise FiguresNotSaved(problems)

        _record_history_baseline(list(stored.values()))
        for ref, (entry, _) in entries.items():
            figure = stored.get(ref)
            if ref in untouched:
                result.unchanged += not entry.is_blank
                continue
            corrects = replace_published and figure is not None and figure.published_value is not None
            if entry.is_blank or (figure and figure.as_entry() == entry and not corrects):
                result.unchanged += not entry.is_blank
                continue
            if figure is None:
                figure = Figure(indicator=indicators[ref], period=period, version=0)
                result.created += 1
            else:
                result.changed += 1
            _apply(figure, entry, by=by, means=means)
    return result


def _version(figure: Figure | None) -> int:
    return figure.version if figure else 0


def _same(entry: Entry, opened: Entry | None) -> bool:
    return entry.is_blank if opened is None else entry == opened


def _apply(figure: Figure, entry: Entry, *, by, means: str) -> None:
    figure.numerator, figure.denominator = entry.numerator, entry.denominator
    figure.value = entry.figure_value(figure.indicator.unit)
    figure.published_value = None  # what is entered now is what will be published
    if figure.commentary != entry.commentary:
        figure.commentary_checked = False  # new words must be checked for publication again
    figure.status, figure.commentary = entry.status, entry.commentary
    _save_recorded(figure, by=by, means=means)


def _save_recorded(figure: Figure, *, by, means: str) -> None:
    figure.version += 1
    figure.updated_by = by
    figure._history_user = by
    figure._change_reason = means
    figure.full_clean(validate_unique=False)
    figure.save()


def figure_unlock(*, figure: Figure, by) -> None:
    """Make a final figure provisional again so that officers can correct it."""
    with transaction.atomic():
        figure = Figure.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=figure.pk)
        if figure.status != FINAL:
            return
        _record_history_baseline([figure])
        figure.status = PROVISIONAL
        _save_recorded(figure, by=by, means=ChangeMeans.UNLOCK)


def figure_restore(*, record, by) -> Figure:
    """Put a figure back as it was in an earlier history record; the restore is itself recorded."""
    with transaction.atomic():
        figure = Figure.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=record.id)
        _record_history_baseline([figure])
        for field in ("numerator", "denominator", "value", "published_value", "status", "commentary",
                      "commentary_checked"):  # fmt: skip
            setattr(figure, field, getattr(record, field))
        _save_recorded(
            figure,
            by=by,
            means=f"{ChangeMeans.RESTORE} of the version of {timezone.localtime(record.history_date):%d %B %Y %H:%M}",
        )
    return figure


class ReportNotChanged(Exception):
    """A published report is frozen; an amendment needs a reason."""


def report_start(*, period: Period, by) -> PanelReport:
    """A draft report for the period, with key points drafted from its figures."""
    with transaction.atomic():
        report, created = PanelReport.objects.get_or_create(
            period=period, defaults={"summary": panel_report.DEFAULT_SUMMARY.format(period=period.label)}
        )
        if created:
            _replace_key_points(report, by=by)
    return report


def report_redraft_key_points(*, report: PanelReport, by) -> None:
    with transaction.atomic():
        report = PanelReport.objects.select_for_update().get(pk=report.pk)
        if report.is_published:
            raise ReportNotChanged("This report is published and can no longer be changed.")
        _replace_key_points(report, by=by)


def _replace_key_points(report: PanelReport, *, by) -> None:
    report.key_points.all().delete()
    indicators = {i.ref: i for i in Indicator.objects.all()}
    card = selectors.scorecard_for(report.period, Audience.MEMBER)
    for position, point in enumerate(panel_report.drafted_key_points(card), start=1):
        key_point = ReportKeyPoint(
            report=report, position=position, indicator=indicators.get(point.ref), text=point.text, drafted=True
        )
        key_point._history_user = by
        key_point.save()


def report_publish(*, report: PanelReport, by) -> ReportVersion:
    """Freeze the report: its figures, RAG, comparisons, key points and profile as
    they are now, for the panel and for the public."""
    with transaction.atomic():
        report = PanelReport.objects.select_for_update().select_related("period").get(pk=report.pk)
        if report.is_published:
            raise ReportNotChanged("This report is already published.")
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = by
        report._history_user = by
        report.save()
        return _freeze(report, number=1, reason="", by=by)


def report_amend(*, report: PanelReport, reason: str, by, after: int | None = None) -> ReportVersion:
    """Issue an amendment of a published report: a new version frozen from the figures
    and the report's words as they are now; earlier versions stay as they were. `after`:
    the version the amendment was written against, so sending it twice amends once."""
    reason = reason.strip()
    if not reason:
        raise ReportNotChanged("Say why the report is amended: readers will see the reason.")
    with transaction.atomic():
        report = PanelReport.objects.select_for_update().select_related("period").get(pk=report.pk)
        if not report.is_published:
            raise ReportNotChanged("Only a published report can be amended; publish it first.")
        number = report.versions.count() + 1
        if after is not None and after != number - 1:
            raise ReportNotChanged(f"This amendment is already published as version {after + 1}.")
        return _freeze(report, number=number, reason=reason, by=by)


def _freeze(report: PanelReport, *, number: int, reason: str, by) -> ReportVersion:
    snapshot = snapshots.freeze(
        {
            audience.value: panel_report.report_content(report.period, audience, report)
            for audience in panel_report.FROZEN_AUDIENCES
        }
    )
    version = ReportVersion(
        report=report, number=number, snapshot=snapshot, published_at=timezone.now(), published_by=by, reason=reason
    )
    version.full_clean()
    version.save()
    return version


def report_version_pdf_store(*, version: ReportVersion, audience: Audience, pdf: bytes) -> None:
    """Keep a version's printed PDF, so it is printed once and then served as a file."""
    field = version.public_pdf if audience.suppresses else version.pdf
    field.save(f"panel-report-{version.report.period.slug}-v{version.number}-{audience.value}.pdf", ContentFile(pdf))


def report_save(*, report: PanelReport, details, points, by) -> None:
    """Save a report's details and key points (validated forms) together. Text that
    changes must be checked for publication again; a new point goes last unless
    given a place. A published report's words may be changed only to amend it."""
    with transaction.atomic():
        locked = PanelReport.objects.select_for_update().get(pk=report.pk)
        if locked.is_published and not by.has_perm(AMEND_REPORT):
            raise ReportNotChanged("This report is published and can no longer be changed.")
        report = details.save(commit=False)
        if any(field in details.changed_data for field in ("committee", "title", "responsible_officer", "summary")):
            report.details_checked = False
        report._history_user = by
        report.save()
        last = max((p.position for p in report.key_points.all()), default=0)
        for point in points.save(commit=False):
            if point.pk is None and not point.position:
                last += 1
                point.position = last
            if point.pk is None or "text" in _changed_fields(points, point):
                point.drafted = point.checked_for_publication = False
            point._history_user = by
            point.save()
        for point in points.deleted_objects:
            point.delete()


def _changed_fields(formset, instance) -> list[str]:
    return next((form.changed_data for form in formset.forms if form.instance is instance), [])


def publication_check(*, item, checked: bool, by) -> None:
    """Mark free text (a figure's commentary, a key point, a report's details) as
    checked for publication, or not: only checked text reaches the public."""
    with transaction.atomic():
        item = type(item).objects.select_for_update().get(pk=item.pk)
        field = {Figure: "commentary_checked", ReportKeyPoint: "checked_for_publication"}.get(
            type(item), "details_checked"
        )
        setattr(item, field, checked)
        item._history_user = by
        if isinstance(item, Figure):
            _save_recorded(
                item, by=by, means=ChangeMeans.PUBLICATION_CHECK if checked else ChangeMeans.PUBLICATION_WITHDRAWN
            )
        else:
            item.save()


def comparator_values_save(*, entries: list[AverageEntry], by, means: str) -> SaveResult:
    """Save comparator averages (from a checked upload), all or none; unchanged ones are left alone."""
    result = SaveResult()
    with transaction.atomic():
        indicators = {i.ref: i for i in Indicator.objects.filter(ref__in={e.ref for e in entries})}
        comparators = {c.name: c for c in Comparator.objects.filter(name__in={e.comparator for e in entries})}
        stored = {
            (v.indicator.ref, v.comparator.name, v.year): v
            for v in ComparatorValue.objects.select_for_update(of=("self",))
            .filter(indicator__ref__in=list(indicators), year__in={e.year for e in entries})
            .select_related("indicator", "comparator")
        }
        for entry in entries:
            average = stored.get((entry.ref, entry.comparator, entry.year))
            if average and average.value == entry.value and average.status == entry.status:
                result.unchanged += 1
                continue
            if average is None:
                average = ComparatorValue(
                    indicator=indicators[entry.ref], comparator=comparators[entry.comparator], year=entry.year
                )
                result.created += 1
            else:
                result.changed += 1
            average.value, average.status = entry.value, entry.status
            average.source = ""  # typed or uploaded by hand, seen in the preview: no longer the loaded figure
            average._history_user = by
            average._change_reason = means
            average.full_clean()
            average.save()
    return result


def demographic_snapshot_create(
    *, name: str, as_at, cohort_size: int, shares: dict[str, dict[str, Decimal]], by
) -> DemographicSeries:
    """A new snapshot of the children looked after, shown first and charted against the
    population and comparator averages in place of the earlier snapshots (which stay in the tables)."""
    with transaction.atomic():
        DemographicSeries.objects.update(display_order=F("display_order") + 1)
        DemographicSeries.objects.filter(counts_children=True).update(in_charts=False)
        data_version.bump()  # QuerySet.update sends no signal
        series = DemographicSeries.objects.create(
            name=name, as_at=as_at, cohort_size=cohort_size, counts_children=True, in_charts=True, display_order=0
        )
        for breakdown, categories in shares.items():
            for order, (category, percentage) in enumerate(categories.items(), start=1):
                share = DemographicShare(
                    series=series, breakdown=breakdown, category=category, category_order=order, percentage=percentage
                )
                share._history_user = by
                share._change_reason = ChangeMeans.FORM
                share.full_clean()
                share.save()
    return series
