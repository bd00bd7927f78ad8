"""Admins' writes on the product's own pages: a year's targets and the scorecard's
indicators. Validated, atomic (all or none), every change kept in history."""

from __future__ import annotations

from django.db import transaction

from scorecard.models import ChangeMeans, Indicator, Target
from scorecard.services import SaveResult
from scorecard.target_sheet import TargetSet


def _recorded(instance, *, by) -> None:
    instance._history_user = by
    instance._change_reason = ChangeMeans.FORM
    instance.full_clean()
    instance.save()


def targets_save(*, financial_year: int, targets: dict[int, TargetSet | None], by) -> SaveResult:
    """Each indicator's targets for the year (by indicator pk; None: no target), all or
    none. A quarter no longer set is deleted (the deletion is kept in history too)."""
    result = SaveResult()
    with transaction.atomic():
        stored: dict[int, dict[int | None, Target]] = {}
        for target in Target.objects.select_for_update().filter(
            financial_year=financial_year, indicator_id__in=list(targets)
        ):
            stored.setdefault(target.indicator_id, {})[target.quarter] = target
        for indicator_id, wanted in targets.items():
            existing = stored.get(indicator_id, {})
            values = wanted.values if wanted else {}
            for quarter, target in existing.items():
                if quarter not in values:
                    target._history_user = by
                    target._change_reason = ChangeMeans.FORM
                    target.delete()
                    result.changed += 1
            for quarter, value in values.items():
                target = existing.get(quarter)
                if target is None:
                    target = Target(indicator_id=indicator_id, financial_year=financial_year, quarter=quarter)
                    result.created += 1
                elif (target.value, target.tolerance, target.tolerance_kind) == (
                    value,
                    wanted.tolerance,
                    wanted.tolerance_kind,
                ):
                    result.unchanged += 1
                    continue
                else:
                    result.changed += 1
                target.value, target.tolerance, target.tolerance_kind = value, wanted.tolerance, wanted.tolerance_kind
                _recorded(target, by=by)
    return result


def indicator_save(*, indicator: Indicator, by) -> Indicator:
    """An indicator added or edited on the admins' page (its form has checked it)."""
    with transaction.atomic():
        _recorded(indicator, by=by)
    return indicator
