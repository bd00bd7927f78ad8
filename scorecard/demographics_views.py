"""Officers add a new snapshot of the profile of children looked after."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scorecard import selectors, services
from scorecard.entry import IndicatorRules, breakdown_total_error, parse_value
from scorecard.models import DemographicSeries
from scorecard.roles import ADD_SNAPSHOT

PERCENT = IndicatorRules("percentage", 1)


class SnapshotForm(forms.Form):
    """A snapshot's name, date and cohort, and a percentage for every category of
    every breakdown already in the profile; each breakdown must add up to 100."""

    name = forms.CharField(max_length=80, label="Name", help_text="For example: Harrow, 31 March 2024")
    as_at = forms.DateField(label="Date the snapshot describes", widget=forms.DateInput(attrs={"type": "date"}))
    cohort_size = forms.IntegerField(
        min_value=1, max_value=100_000, label="Number of children looked after",
        help_text="Used to hide shares that stand for 1 to 5 children in public versions.",
    )  # fmt: skip

    def __init__(self, profile: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.breakdowns = []
        for table in profile:
            names = []
            for index, category in enumerate(table["categories"]):
                name = f"{table['breakdown']}-{index}"
                self.fields[name] = forms.CharField(
                    label=f"{table['label']}: {category}", required=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--number"}),
                    error_messages={"required": f"Enter the percentage for {category}, or 0."},
                )  # fmt: skip
                names.append((name, category))
            self.breakdowns.append((table["breakdown"], table["label"], names))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if DemographicSeries.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("There is already a column with this name. Choose another.")
        return name

    def clean(self):
        cleaned = super().clean()
        self.shares = {}
        for breakdown, label, names in self.breakdowns:
            values = {}
            for name, category in names:
                if name not in cleaned:
                    continue
                value, message = parse_value(cleaned[name], PERCENT)
                if message:
                    self.add_error(name, message)
                else:
                    values[category] = value
            if len(values) == len(names):
                total_error = breakdown_total_error(label, list(values.values()))
                if total_error:
                    self.add_error(names[0][0], total_error)
            self.shares[breakdown] = values
        return cleaned

    def grouped(self):
        """For the template: (label, [bound fields]) per breakdown."""
        return [(label, [self[name] for name, _ in names]) for _, label, names in self.breakdowns]


@login_required
@permission_required(ADD_SNAPSHOT, raise_exception=True)
def new_snapshot(request: HttpRequest) -> HttpResponse:
    form = SnapshotForm(selectors.demographic_profile(), request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        series = services.demographic_snapshot_create(
            name=form.cleaned_data["name"], as_at=form.cleaned_data["as_at"],
            cohort_size=form.cleaned_data["cohort_size"], shares=form.shares, by=request.user,
        )  # fmt: skip
        messages.success(request, f"“{series.name}” is added to the profile.")
        return redirect("demographics")
    return render(request, "scorecard/snapshot_new.html", {"form": form})
