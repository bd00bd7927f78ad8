"""The statistical neighbours council by council for one indicator and year (DfE's year, ending
31 March, as every national URL takes it): DfE's figures where published, typed in by admins
where not. The old address, which took the year a financial year starts in, redirects here."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from national import benchmark
from national import sheet as sheets
from scorecard import page_cache
from scorecard.audience import audience_for
from scorecard.entry import IndicatorRules, parse_value
from scorecard.models import Indicator
from scorecard.roles import LOAD_AVERAGES, reader_required


class EnteredValuesForm(forms.Form):
    """Each neighbour council's value for an indicator and year; empty where not known."""

    def __init__(self, sheet: sheets.NeighbourSheet, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.rules = IndicatorRules(sheet.indicator.unit, sheet.indicator.decimals)
        for council in sheet.councils:
            value = sheet.values.get(council.pk)
            self.fields[f"council_{council.pk}"] = forms.CharField(
                label=council.name,
                required=False,
                initial="" if value is None else f"{value.normalize():f}",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--number"}),
            )

    def clean(self):
        cleaned = super().clean()
        self.values = {}
        for council in self.sheet.councils:
            name = f"council_{council.pk}"
            value, message = parse_value(cleaned.get(name, ""), self.rules)
            if message:
                self.add_error(name, message)
            self.values[council.pk] = value
        return cleaned


def _year_or_404(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404("Give the year as its end: 2025 for 2024-25.")
    return year


@reader_required
@page_cache.not_shared
def neighbour_values(request: HttpRequest, ref: str, year: int) -> HttpResponse:
    """The neighbours of the grouping in force, their values, the average they give, who is
    missing and this council's rank. Admins type the values for a year DfE has not published."""
    indicator = get_object_or_404(Indicator, ref=ref)
    year = _year_or_404(year)
    years = sheets.sheet_years(indicator, year)
    chosen = request.GET.get("year", "")
    if chosen.isdigit() and int(chosen) != year and int(chosen) in years:  # the year control
        return redirect("neighbour_values", ref=ref, year=int(chosen))
    sheet = sheets.neighbour_sheet(indicator, year, audience_for(request))
    if sheet is None:
        raise Http404("This council has no statistical neighbours in DfE's groupings.")
    can_edit = request.user.has_perm(LOAD_AVERAGES) and not sheet.published
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = EnteredValuesForm(sheet, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        saved = sheets.entered_values_save(sheet=sheet, values=form.values, by=request.user)
        average = saved.average
        shown = (
            "not published (too few councils have a value)"
            if average.value is None
            else f"{average.value.normalize():f}"
        )
        if saved.kept:
            messages.warning(
                request, f"Saved the councils' values. The statistical-neighbour average for {sheet.year_label} "
                f"stays {shown}: {saved.kept}."
            )  # fmt: skip
        else:
            messages.success(
                request, f"Saved. The statistical-neighbour average for {sheet.year_label} is now {shown}."
            )
        return redirect("neighbour_values", ref=ref, year=year)
    rows = [(council, form[f"council_{council.pk}"], sheet.values.get(council.pk)) for council in sheet.councils]
    context = {"sheet": sheet, "form": form, "rows": rows, "can_edit": can_edit,
               "years": [(y, benchmark.year_label(y)) for y in years]}  # fmt: skip
    return render(request, "national/neighbours.html", context)


def old_neighbour_values(request: HttpRequest, ref: str, start_year: int) -> HttpResponse:
    """The sheet's old address took the year a financial year starts in (2024 for 2024-25):
    moved for good to the address with DfE's year, its query kept."""
    target = reverse("neighbour_values", kwargs={"ref": ref, "year": start_year + 1})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
