from __future__ import annotations

from django import forms

from alerts.models import AlertKind, AlertPreference, Frequency

HINTS = {
    AlertKind.FIGURES_DUE: (
        "Five working days before a quarter's figures are due, on the day, then weekly while any is missing."
    ),
    AlertKind.CHANGES: (
        "Once a quarter's figures are saved: indicators that turned red or amber from green, "
        "or declined a second quarter running."
    ),
    AlertKind.PUBLISHED: "When a panel report is published or amended: its title, date and a link.",
}


class PreferenceForm(forms.ModelForm):
    frequency = forms.ChoiceField(
        label="How often", choices=Frequency.choices, widget=forms.RadioSelect, initial=Frequency.IMMEDIATE
    )

    class Meta:
        model = AlertPreference
        fields = ["figures_due", "changes", "published", "frequency"]

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["figures_due", "changes", "published"]:
            if name not in kinds:
                del self.fields[name]
            else:
                self.fields[name].help_text = HINTS[name]

    def kind_fields(self):
        return [self[name] for name in ["figures_due", "changes", "published"] if name in self.fields]
