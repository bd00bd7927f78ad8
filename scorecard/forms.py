from __future__ import annotations

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from scorecard import entry_selectors
from scorecard.entry import ENTRY_FIELDS, FINAL, PROVISIONAL, Entry, check_entry
from scorecard.entry_selectors import EntryRow
from scorecard.models import Unit
from scorecard.periods import PeriodKey

STATUS_CHOICES = [(PROVISIONAL, "Provisional"), (FINAL, "Final")]


def _attrs(attrs: dict) -> SafeString:
    """As Django's widgets/attrs.html: in order, True as a bare name, False left out."""
    return mark_safe(
        "".join(
            f" {escape(name)}" if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class _TextInput(forms.TextInput):
    """The same HTML as Django's template, made in Python: the entry page has about a hundred
    fields, and a template render each was most of an officer's wait for the page."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown, _attrs(widget["attrs"])
        )


class _HiddenInput(_TextInput):
    input_type = "hidden"
    template_name = forms.HiddenInput.template_name


class _Textarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', widget["name"], _attrs(widget["attrs"]), widget["value"] or ""
        )


class PeriodFiguresForm(forms.Form):
    """Every active indicator's figure for one period, checked with the same rules
    as an upload (scorecard.entry.check_entry). Fields are named '<ref>-<field>'.

    A final figure's fields are disabled: the form then ignores whatever is posted
    for them and keeps the stored figure."""

    def __init__(self, rows: list[EntryRow], *args, period_key: PeriodKey | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.period_key = period_key
        self.entries: dict[str, tuple[Entry, int]] = {}
        for row in rows:
            ref, figure, locked = row.indicator.ref, row.figure, bool(row.figure and row.figure.status == FINAL)
            initial = _initial(row)
            names = _names(row)
            for field in ENTRY_FIELDS:
                if field == "status":
                    self.fields[names[field]] = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
                elif field == "commentary":
                    self.fields[names[field]] = forms.CharField(required=False, widget=_Textarea(attrs={"rows": 2}))
                elif field == "value" or row.indicator.unit != Unit.COUNT:
                    self.fields[names[field]] = forms.CharField(
                        required=False, widget=_TextInput(attrs={"inputmode": "decimal", "class": "input--number"})
                    )
                else:
                    continue
                self.fields[names[field]].initial = initial[field]
                self.fields[names[field]].disabled = locked
            self.fields[f"{ref}-version"] = forms.IntegerField(
                widget=_HiddenInput, initial=figure.version if figure else 0, disabled=locked
            )

    def clean(self):
        cleaned = super().clean()
        versions = {row.indicator.ref: cleaned.get(f"{row.indicator.ref}-version") or 0 for row in self.rows}
        current = {row.indicator.ref: row.figure.version if row.figure else 0 for row in self.rows}
        moved = {ref: version for ref, version in versions.items() if version != current[ref]}
        # A figure someone else changed since the page was opened is judged against what the officer
        # saw: left as it was, it is untouched and no rule about a change applies to it.
        opened = entry_selectors.figures_as_opened(self.period_key, moved) if moved and self.period_key else {}
        for row in self.rows:
            names = _names(row)
            raw = {field: cleaned.get(name, "") for field, name in names.items()}
            stored = opened.get(row.indicator.ref, row.stored) if row.indicator.ref in moved else row.stored
            entry, errors = check_entry(raw, row.rules, row.previous, stored)
            for field, message in errors.items():
                self.add_error(names.get(field, names["value"]), message)
            if entry is not None:
                self.entries[row.indicator.ref] = (entry, cleaned.get(f"{row.indicator.ref}-version") or 0)
        return cleaned

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}-error"})

    @property
    def problems(self) -> list[tuple[str, str]]:
        """For the error summary: (field id, 'Indicator 9, Dental checks: numerator: ...') in page order."""
        labels = {row.indicator.ref: f"Indicator {row.indicator.ref}, {row.indicator.short_name}" for row in self.rows}
        problems = []
        for name, errors in self.errors.items():
            ref, _, field = name.rpartition("-")
            for error in errors:
                problems.append((f"id_{name}", f"{labels.get(ref, ref)}, {field}: {error}"))
        order = {row.indicator.ref: i for i, row in enumerate(self.rows)}
        return sorted(problems, key=lambda p: order.get(p[0][3:].rpartition("-")[0], 0))

    @staticmethod
    def stored_data(row: EntryRow) -> dict[str, str]:
        """The row's fields as posted for its stored figure, unchanged."""
        initial = _initial(row)
        return {name: str(initial[field]) for field, name in _names(row).items()}

    def bound_rows(self):
        """For the template: each row with its bound fields by name."""
        for row in self.rows:
            fields = {field: self[name] for field, name in _names(row).items()}
            yield row, fields, bool(row.figure and row.figure.status == FINAL), self[f"{row.indicator.ref}-version"]


def _names(row: EntryRow) -> dict[str, str]:
    fields = ENTRY_FIELDS if row.indicator.unit != Unit.COUNT else ("value", "status", "commentary")
    return {field: f"{row.indicator.ref}-{field}" for field in fields}


def _initial(row: EntryRow) -> dict[str, object]:
    stored = row.stored
    if stored is None:
        return {"numerator": "", "denominator": "", "value": "", "status": PROVISIONAL, "commentary": ""}
    return {
        "numerator": "" if stored.numerator is None else stored.numerator,
        "denominator": "" if stored.denominator is None else stored.denominator,
        "value": "" if stored.value is None else f"{stored.value.normalize():f}",
        "status": stored.status,
        "commentary": stored.commentary,
    }
