"""The officer's page per quarter, "Compute from the 903 extract": upload the extract,
see its issues (with DfE's rule numbers) and each computed figure beside the stored one,
with the children behind it and those the issues left out; optionally every past quarter
the extract covers too; accept any of them as provisional, all or none. Only figures where
nothing is stored start ticked; a figure past its change threshold, or with children left
out, is confirmed before it is saved.

The extract is read in memory (BoundedMemoryUploadHandler: never a temporary file), the
children's identifiers go into this one response only (never the session, the cache or
a log), and the page is never cached. Between computing and accepting, the session holds
the aggregates alone."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from accounts import audit
from scorecard import figures, read_model
from scorecard import services as scorecard_services
from scorecard.audience import Audience, small_numbers
from scorecard.models import Figure, Indicator
from scorecard.periods import PeriodKey, parse_period, period_dates, period_label, period_slug
from scorecard.roles import ENTER_FIGURES
from scorecard.views import period_key_or_404
from ssda903 import reconcile, selectors, services
from ssda903.definitions import Computed, Outcome
from ssda903.forms import ComputeForm
from ssda903.pipeline import AtDate, Computation, LeftOut, compute_from_files
from ssda903.uploads import MAX_REQUEST_BYTES, BoundedMemoryUploadHandler

SESSION_PREFIX = "ssda903-"
RATE_REF = "3"  # ssda903.indicators: the rate per 10,000, whose denominator is the child population


@dataclass(frozen=True)
class ReconciledRow:
    """One indicator in one period: the computed figure beside the stored one."""

    key: PeriodKey
    indicator: Indicator
    figure: Figure | None
    outcome: Outcome
    comparison: str
    computed_text: str
    stored_text: str
    far: str  # why accepting it asks again: a change past the indicator's threshold ('' if none)
    left_out: LeftOut | None = None  # the children the extract's issues left out of this figure, and why

    @property
    def ref(self) -> str:
        return self.indicator.ref

    @property
    def choice(self) -> str:
        """The accept box's value: the period and the indicator."""
        return f"{period_slug(self.key)}:{self.ref}"

    @property
    def period_label(self) -> str:
        return period_label(self.key)

    @property
    def computed(self) -> bool:
        return isinstance(self.outcome, Computed)

    @property
    def locked(self) -> bool:
        return self.figure is not None and self.figure.status == "final"

    @property
    def acceptable(self) -> bool:
        return self.computed and not self.locked

    @property
    def proposed(self) -> bool:
        """Ticked to start with: only a figure where nothing is stored. One that differs from a
        stored figure is the officer's choice (a partial extract must not replace a whole one)."""
        return self.acceptable and self.comparison == reconcile.NOTHING_STORED

    @property
    def confirmations(self) -> list[str]:
        return [text for text in (self.far, self.left_out and f"{self._name}: {self.left_out.text}.") if text]

    @property
    def _name(self) -> str:
        return f"{period_label(self.key)}, {self.indicator.short_name}"


def _far(indicator: Indicator, outcome: Outcome, shown: Decimal | None, computed: str, stored: str) -> str:
    if not isinstance(outcome, Computed) or shown is None:
        return ""
    change = abs(figures.round_half_up(outcome.value, indicator.decimals) - shown)
    if change <= indicator.change_threshold:
        return ""
    points = " points" if indicator.unit != figures.COUNT else ""
    return (
        f"{indicator.short_name}: computed {computed}, saved now {stored}: a change of "
        f"{figures.format_number(change, indicator.decimals)}{points}, more than the indicator's change threshold "
        f"of {indicator.change_threshold.normalize():f}{points}."
    )


def _reconciled(dates: list[tuple[PeriodKey, AtDate]]) -> list[ReconciledRow]:
    """Each (period, outcomes, children left out) as rows beside the stored figures, in a
    fixed number of queries whatever the number of periods."""
    indicators, stored = selectors.stored_figures([key for key, _ in dates])
    rule = small_numbers()
    rows = []
    for key, at in dates:
        outcomes, left_out = at.outcomes, at.left_out
        for indicator in indicators:
            if indicator.ref not in outcomes:
                continue
            figure = stored.get((key, indicator.ref))
            outcome = reconcile.for_unit(outcomes[indicator.ref], indicator.unit)
            shown = figures.shown_value(figure.value, figure.published_value, indicator.decimals) if figure else None
            comparison = reconcile.comparison(
                outcome,
                decimals=indicator.decimals,
                stored_value=shown,
                stored_numerator=figure.numerator if figure else None,
                stored_denominator=figure.denominator if figure else None,
            )
            text = reconcile.computed_text(outcome, indicator.decimals) if isinstance(outcome, Computed) else ""
            stored_text = read_model.figure_cell(figure, indicator, Audience.OFFICER, rule).text if figure else ""
            far = _far(indicator, outcome, shown, text, stored_text)
            rows.append(
                ReconciledRow(
                    key,
                    indicator,
                    figure,
                    outcome,
                    comparison,
                    text,
                    stored_text,
                    f"{period_label(key)}, {far}" if far else "",
                    left_out.get(indicator.ref),
                )  # fmt: skip
            )
    return rows


def _aggregates(rows: list[ReconciledRow]) -> dict[str, dict]:
    """What the accept step needs: counts, the stored version and what to confirm, never a child."""
    return {
        r.choice: {
            "unit": r.outcome.unit,
            "numerator": r.outcome.numerator,
            "denominator": r.outcome.denominator,
            "version": r.figure.version if r.figure else 0,
            "left_out": r.left_out.count if r.left_out else 0,
            "confirm": r.confirmations,
        }
        for r in rows
        if r.acceptable
    }


@csrf_exempt  # checked by csrf_protect below, once the upload handler is in place
def compute_903(request: HttpRequest, period: str) -> HttpResponse:
    request.upload_handlers = [BoundedMemoryUploadHandler(request, MAX_REQUEST_BYTES)]
    return _compute_903(request, period)


@never_cache
@sensitive_post_parameters()
@login_required
@permission_required(ENTER_FIGURES, raise_exception=True)
def _compute_903(request: HttpRequest, period: str) -> HttpResponse:
    key = period_key_or_404(period)
    context = _context(key)
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        return _too_large(request, context)  # refused before a byte of it is read
    return _compute_checked(request, key, context)


def _keys_at(day: date) -> list[PeriodKey]:
    """The periods a quarter end closes: its quarter, and on 31 March the year-end outturn too."""
    financial_year = day.year if day.month >= 4 else day.year - 1
    keys = [PeriodKey(financial_year, (day.month - 4) % 12 // 3 + 1)]
    return [*keys, PeriodKey(financial_year, None)] if (day.month, day.day) == (3, 31) else keys


def _periods(key: PeriodKey, computation: Computation) -> list[tuple[PeriodKey, AtDate]]:
    """The page's period at D first, then every other period each computed date closes."""
    pairs, seen = [(key, computation.dates[0])], {key}
    for at in computation.dates:
        for other in _keys_at(at.as_at):
            if other not in seen:
                seen.add(other)
                pairs.append((other, at))
    return pairs


def _context(key: PeriodKey) -> dict:
    return {
        "period_label": period_label(key),
        "period_slug": period_slug(key),
        "as_at": period_dates(key)[1],
        "max_mb": MAX_REQUEST_BYTES >> 20,
    }


def _last_population() -> int | None:
    """The child population the rate was last saved with, to start from."""
    figure = (
        Figure.objects.filter(indicator__ref=RATE_REF, denominator__isnull=False)
        .order_by("-period__financial_year", F("period__quarter").desc(nulls_first=True))
        .only("denominator")
        .first()
    )
    return figure.denominator if figure else None


def _too_large(request: HttpRequest, context: dict) -> HttpResponse:
    context.update(form=ComputeForm(), too_large=True)
    return render(request, "ssda903/compute.html", context, status=413)


@csrf_protect
@sensitive_variables()
def _compute_checked(request: HttpRequest, key: PeriodKey, context: dict) -> HttpResponse:
    as_at = context["as_at"]
    if request.method == "POST" and any(getattr(h, "too_large", False) for h in request.upload_handlers):
        return _too_large(request, context)
    if request.method == "POST":
        form = ComputeForm(request.POST, request.FILES)
    else:
        form = ComputeForm(initial={"population": _last_population()})
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return render(request, "ssda903/compute.html", context, status=400 if request.method == "POST" else 200)

    named = [(f.name, f.read()) for f in form.cleaned_data["files"]]
    previous = [(f.name, f.read()) for f in form.cleaned_data["previous"]]
    audit.record(
        audit.Kind.EXTRACT_UPLOADED,
        request=request,
        detail=f"{period_label(key)}: {audit.file_sizes(named + previous)}",
    )
    lookup = form.cleaned_data["postcodes"]
    computation = compute_from_files(
        named,
        as_at=as_at,
        population=form.cleaned_data["population"],
        postcodes=(lookup.name, lookup.read()) if lookup else None,
        history=form.cleaned_data["history"],
        previous=previous,
    )
    context["computation"] = computation
    if computation.problems:
        return render(request, "ssda903/compute.html", context, status=400)

    rows = _reconciled(_periods(key, computation))
    for stale in [k for k in request.session.keys() if k.startswith(SESSION_PREFIX)]:
        del request.session[stale]  # one computation waits at a time: the latest
    token = secrets.token_urlsafe(16)
    request.session[f"{SESSION_PREFIX}{token}"] = {
        "period": period_slug(key),
        "files": computation.files,
        "figures": _aggregates(rows),
    }
    own = [r for r in rows if r.key == key]
    context.update(
        rows=own,
        history=[r for r in rows if r.key != key and r.computed],
        key=key,
        token=token,
        proposed=sum(r.proposed for r in own),
        differing=sum(r.acceptable and r.comparison == reconcile.DIFFERS for r in own),
    )
    return render(request, "ssda903/compute_result.html", context)


@require_POST
@login_required
@permission_required(ENTER_FIGURES, raise_exception=True)
def accept_903(request: HttpRequest, period: str) -> HttpResponse:
    key = period_key_or_404(period)
    back = redirect("compute_903", period=period_slug(key))
    session_key = f"{SESSION_PREFIX}{request.POST.get('token', '')}"
    pending = request.session.get(session_key)
    if pending is None or pending["period"] != period_slug(key):
        messages.error(
            request, "Those computed figures have already been saved or have expired. Upload the extract again."
        )
        return back
    chosen = {c: pending["figures"][c] for c in request.POST.getlist("accept") if c in pending["figures"]}
    if not chosen:
        del request.session[session_key]
        messages.error(request, "No figure was chosen, so nothing was saved. Upload the extract again to choose.")
        return back
    confirmed = set(request.POST.getlist("confirmed"))
    asking = [text for choice, a in chosen.items() if choice not in confirmed for text in a["confirm"]]
    if asking:  # the token stays in the session for the answer
        context = {**_context(key), "token": request.POST["token"], "chosen": list(chosen), "asking": asking}
        return render(request, "ssda903/confirm.html", context)
    del request.session[session_key]
    by_period: dict[PeriodKey, dict[str, dict]] = {}
    for choice, aggregate in chosen.items():
        slug, ref = choice.rsplit(":", 1)
        by_period.setdefault(parse_period(slug), {})[ref] = aggregate
    try:
        result = services.computed_figures_accept(aggregates=by_period, file_names=pending["files"], by=request.user)
    except scorecard_services.FiguresNotSaved as refused:
        for ref, problem in refused.problems.items():
            messages.error(request, f"Indicator {ref}: {problem}")
        return back
    audit.record(
        audit.Kind.COMPUTATION_ACCEPTED, request=request, detail=f"{period_label(key)}: {', '.join(sorted(chosen))}"
    )
    messages.success(
        request,
        f"{period_label(key)}: {len(chosen)} figure{'s' if len(chosen) != 1 else ''} computed from the 903 extract "
        f"saved as provisional: {result.summary()}.",
    )
    return redirect(f"{reverse('scorecard')}?period={period_slug(key)}")
