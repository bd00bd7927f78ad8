from __future__ import annotations

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data] if data else self._none(single(None, initial))
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []

    @staticmethod
    def _none(cleaned) -> list:
        return [cleaned] if cleaned else []


class ComputeForm(forms.Form):
    files = MultipleFileField(
        label="903 extract: the tables as CSV files, or the 903 XML file",
        allow_empty_file=True,  # the reader says so in its own words
        error_messages={"required": "Choose the 903 extract's files: at least the Episodes table."},
    )
    population = forms.IntegerField(
        label="Child population aged 0 to 17 (for the rate per 10,000)",
        required=False,
        min_value=1,
        max_value=10_000_000,
        error_messages={"invalid": "Enter the population as a whole number, like 60452."},
    )
    postcodes = forms.FileField(
        label="Postcode lookup (CSV of postcode, easting, northing), for distances",
        required=False,
        allow_empty_file=True,
    )
    previous = MultipleFileField(
        label="Last year's return (optional): its tables as CSV files",
        required=False,
        allow_empty_file=True,
    )
    history = forms.BooleanField(
        label="Also compute every past quarter the extract covers (up to 12 quarter ends)",
        required=False,
    )
