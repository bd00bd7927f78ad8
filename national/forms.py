from __future__ import annotations

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data] or self._required()
        return [super().clean(data, initial)]

    def _required(self):
        raise forms.ValidationError(self.error_messages["required"], code="required")


class NationalFilesForm(forms.Form):
    files = MultipleFileField(
        label="DfE's files (CSV, as downloaded from Explore Education Statistics)",
        allow_empty_file=True,
        error_messages={"required": "Choose one or more of DfE's CSV files to load."},
    )
