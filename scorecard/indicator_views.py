"""Admins' pages for the council's scorecard indicators: the list in scorecard order
(reordered there, a repeated position flagged), add, edit, retire and bring back. On the
Indicator model's own fields, so that a later "from the library" choice can fill them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from scorecard import admin_services, indicator_terms
from scorecard.models import Indicator, MeasureType, Polarity, Theme, Unit

MANAGE_INDICATORS = "scorecard.change_indicator"  # admins only


def _explained(choices, words: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (value, f"{label}: {words[value]}" if words.get(value, label) != label else label) for value, label in choices
    ]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "ref", "short_name", "description", "definition", "statement", "theme", "unit", "polarity",
            "measure_type", "decimals", "display_order", "change_threshold",
        ]  # fmt: skip
        labels = {
            "ref": "Reference",
            "short_name": "Name",
            "description": "Description as the deck writes it",
            "definition": "What it counts, in plain words",
            "statement": "How a key point reads after the number",
            "unit": "Shown as",
            "polarity": "Which way is better",
            "measure_type": "Counted",
            "decimals": "Decimal places shown",
            "display_order": "Position on the scorecard",
            "change_threshold": "A change needing a commentary",
        }
        help_texts = {
            "ref": "A short reference, like 15. It is the indicator's address and its row in uploads.",
            "short_name": "As the scorecard shows it, like “Dental checks”.",
            "statement": "Like “of children looked after for a year or more had up-to-date dental checks”.",
            "display_order": "1 is first. Two indicators in one position are flagged.",
            "change_threshold": "A figure that moves by more than this since the previous comparable period "
            "needs a commentary (percentage points for a percentage).",
        }
        widgets = {
            "theme": forms.RadioSelect,
            "unit": forms.RadioSelect,
            "polarity": forms.RadioSelect,
            "measure_type": forms.RadioSelect,
            "definition": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "ref": {"unique": "There is already an indicator with this reference: choose another."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = Theme.choices
        self.fields["unit"].choices = _explained(Unit.choices, indicator_terms.UNIT)
        self.fields["polarity"].choices = _explained(Polarity.choices, indicator_terms.POLARITY)
        self.fields["measure_type"].choices = _explained(MeasureType.choices, indicator_terms.MEASURE)
        for field in self.fields.values():
            verb = "Choose" if isinstance(field.widget, forms.RadioSelect) else "Enter"
            field.error_messages["required"] = f"{verb} the {field.label.lower()}."

    def clean_display_order(self) -> int:
        position = self.cleaned_data["display_order"]
        taken = Indicator.objects.filter(display_order=position, is_active=True).exclude(pk=self.instance.pk).first()
        if taken:
            raise forms.ValidationError(
                f"Indicator {taken.ref} ({taken.short_name}) is already in position {position}: choose another, "
                "or reorder the indicators on the list."
            )
        return position

    def problems(self) -> list[tuple[str, str]]:
        return [(f"id_{name}", f"{self.fields[name].label}: {errors[0]}") for name, errors in self.errors.items()]


@login_required
@permission_required(MANAGE_INDICATORS, raise_exception=True)
def indicator_list(request: HttpRequest) -> HttpResponse:
    """Every indicator in scorecard order; positions changed all at once, a repeat refused."""
    indicators = list(Indicator.objects.order_by("-is_active", "display_order", "ref"))
    problems: list[tuple[str, str]] = []
    positions = {i.pk: str(i.display_order) for i in indicators}
    if request.method == "POST":
        positions = {i.pk: request.POST.get(f"position-{i.pk}", "").strip() for i in indicators}
        problems = _position_problems(indicators, positions)
        if not problems:
            with transaction.atomic():
                changed = 0
                for indicator in indicators:
                    if indicator.display_order != int(positions[indicator.pk]):
                        indicator.display_order = int(positions[indicator.pk])
                        admin_services.indicator_save(indicator=indicator, by=request.user)
                        changed += 1
            messages.success(request, f"The scorecard's order is saved: {changed} indicator(s) moved.")
            return redirect("indicator_list")
    repeated = _repeated({i.pk: str(i.display_order) for i in indicators if i.is_active})
    rows = [{"indicator": i, "position": positions[i.pk], "repeated": i.pk in repeated} for i in indicators]
    context = {"rows": rows, "problems": problems, "repeated": bool(repeated)}
    return render(request, "scorecard/indicator_list.html", context, status=400 if problems else 200)


def _repeated(positions: dict[int, str]) -> set[int]:
    seen: dict[str, list[int]] = {}
    for pk, position in positions.items():
        seen.setdefault(position, []).append(pk)
    return {pk for pks in seen.values() if len(pks) > 1 for pk in pks}


def _position_problems(indicators: list[Indicator], positions: dict[int, str]) -> list[tuple[str, str]]:
    problems = []
    for indicator in indicators:
        text = positions[indicator.pk]
        if not text.isdigit() or int(text) > 100_000:
            problems.append((f"position-{indicator.pk}", f"{indicator}: enter the position as a whole number, like 3."))
    if problems:
        return problems
    active = {i.pk: positions[i.pk] for i in indicators if i.is_active}
    for indicator in indicators:
        if indicator.pk in _repeated(active):
            others = [str(i.ref) for i in indicators if i.is_active and i.pk != indicator.pk
                      and positions[i.pk] == positions[indicator.pk]]  # fmt: skip
            problems.append(
                (f"position-{indicator.pk}",
                 f"{indicator}: position {positions[indicator.pk]} is also given to indicator {', '.join(others)}.")
            )  # fmt: skip
    return problems


def _edit(request: HttpRequest, indicator: Indicator | None) -> HttpResponse:
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        saved = admin_services.indicator_save(indicator=form.save(commit=False), by=request.user)
        messages.success(request, f"Indicator {saved} is saved.")
        return redirect("indicator_list")
    context = {"form": form, "indicator": indicator, "problems": form.problems() if form.errors else []}
    return render(request, "scorecard/indicator_form.html", context, status=400 if form.errors else 200)


@login_required
@permission_required(MANAGE_INDICATORS, raise_exception=True)
def indicator_add(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
@permission_required(MANAGE_INDICATORS, raise_exception=True)
def indicator_edit(request: HttpRequest, ref: str) -> HttpResponse:
    return _edit(request, get_object_or_404(Indicator, ref=ref))


@require_POST
@login_required
@permission_required(MANAGE_INDICATORS, raise_exception=True)
def indicator_retire(request: HttpRequest, ref: str) -> HttpResponse:
    """Retire (leave the scorecard, figures kept) or bring back an indicator."""
    indicator = get_object_or_404(Indicator, ref=ref)
    indicator.is_active = request.POST.get("active") == "true"
    admin_services.indicator_save(indicator=indicator, by=request.user)
    done = "is back on the scorecard" if indicator.is_active else "is retired: its figures are kept"
    messages.success(request, f"Indicator {indicator} {done}.")
    return redirect("indicator_list")
