"""Officers' pages: entering a period's figures, and admins' unlock and restore."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scorecard import entry_selectors, services
from scorecard.forms import PeriodFiguresForm
from scorecard.models import ChangeMeans, Figure, Period
from scorecard.periods import PeriodKey, period_label, period_slug
from scorecard.roles import ENTER_FIGURES, RESTORE_FIGURE, UNLOCK_FIGURE
from scorecard.security import RETRY_AFTER_SECONDS, is_busy_error
from scorecard.views import period_key_or_404


def _next_quarter(key: PeriodKey | None) -> PeriodKey:
    if key is None or key.quarter is None or key.quarter == 4:
        return PeriodKey((key.financial_year + 1) if key else 2023, 1)
    return PeriodKey(key.financial_year, key.quarter + 1)


@login_required
@permission_required(ENTER_FIGURES, raise_exception=True)
def entry_index(request: HttpRequest) -> HttpResponse:
    """The periods an officer can enter: every quarter so far, and the next one."""
    quarters = [p.key for p in Period.objects.filter(quarter__isnull=False)]
    latest = max(quarters, key=PeriodKey.sort_key, default=None)
    keys = sorted(set(quarters) | {_next_quarter(latest)}, key=PeriodKey.sort_key, reverse=True)
    periods = [{"label": period_label(k), "slug": period_slug(k), "is_new": k not in quarters} for k in keys]
    return render(request, "scorecard/entry_index.html", {"periods": periods})


@login_required
@permission_required(ENTER_FIGURES, raise_exception=True)
def enter_figures(request: HttpRequest, period: str) -> HttpResponse:
    """Enter or correct every indicator's figure for a period; check, preview, then save all or none."""
    key = period_key_or_404(period)
    rows = entry_selectors.entry_rows(key)
    form = PeriodFiguresForm(rows, request.POST if request.method == "POST" else None, period_key=key)
    context = {"form": form, "period_label": period_label(key), "period_slug": period_slug(key)}
    if request.method != "POST" or not form.is_valid() or request.POST.get("action") == "edit":
        return render(request, "scorecard/entry.html", context)

    if request.POST.get("action") == "save":
        try:
            result = services.figures_save(
                period_key=key, entries=form.entries, by=request.user, means=ChangeMeans.FORM
            )
        except services.FiguresNotSaved as refused:
            return _refused(request, key, refused, context)
        except OperationalError as error:
            if not is_busy_error(error):
                raise
            return _busy(request, context)
        messages.success(request, f"{period_label(key)} saved: {result.summary()}.")
        return redirect(f"{reverse('scorecard')}?period={period_slug(key)}")

    previews = [entry_selectors.entry_preview(row, form.entries[row.indicator.ref][0], key) for row in rows]
    context["previews"] = previews
    context["changes"] = sum(p.changed for p in previews)
    return render(request, "scorecard/entry_preview.html", context)


def _busy(request: HttpRequest, context: dict) -> HttpResponse:
    """The database stayed locked longer than a save may wait: nothing was saved, and
    the page comes back with everything the officer typed, to save again."""
    response = render(request, "scorecard/entry.html", {**context, "busy": True}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _refused(request, key: PeriodKey, refused: services.FiguresNotSaved, context: dict) -> HttpResponse:
    """Show the page again with the officer's own figures kept and each problem by its
    row. Versions move on to what is stored now, so saving again is a deliberate choice;
    rows the officer did not touch show what others saved meanwhile."""
    rows = entry_selectors.entry_rows(key)
    data = request.POST.copy()
    for row in rows:
        ref, version = row.indicator.ref, row.figure.version if row.figure else 0
        if ref not in refused.problems and data.get(f"{ref}-version") != str(version):
            # untouched here, changed by someone else: show what they saved, not what was opened
            data.update(PeriodFiguresForm.stored_data(row))
        data[f"{ref}-version"] = version
    form = PeriodFiguresForm(rows, data, period_key=key)
    form.is_valid()
    for ref, problem in refused.problems.items():
        name = next((n for n in (f"{ref}-numerator", f"{ref}-value") if n in form.fields), None)
        form.add_error(name, problem)
    context["form"] = form
    return render(request, "scorecard/entry.html", context, status=409)


@require_POST
@login_required
@permission_required(UNLOCK_FIGURE, raise_exception=True)
def unlock_figure(request: HttpRequest, figure_id: int) -> HttpResponse:
    figure = get_object_or_404(Figure.objects.select_related("indicator", "period"), pk=figure_id)
    services.figure_unlock(figure=figure, by=request.user)
    messages.success(
        request, f"Indicator {figure.indicator.ref}, {figure.period.label} is unlocked: officers can correct it."
    )
    return redirect(reverse("indicator", args=[figure.indicator.ref]) + "#history")


@require_POST
@login_required
@permission_required(RESTORE_FIGURE, raise_exception=True)
def restore_figure(request: HttpRequest, history_id: int) -> HttpResponse:
    record = get_object_or_404(Figure.history.select_related("indicator", "period"), history_id=history_id)
    services.figure_restore(record=record, by=request.user)
    messages.success(
        request, f"Indicator {record.indicator.ref}, {record.period.label} is restored to an earlier version."
    )
    return redirect(reverse("indicator", args=[record.indicator.ref]) + "#history")
