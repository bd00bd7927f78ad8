from __future__ import annotations

from django import template
from django.forms.widgets import CheckboxInput, RadioSelect

register = template.Library()


@register.filter
def is_choice_group(field) -> bool:
    return isinstance(field.field.widget, RadioSelect)


@register.filter
def styled(field):
    """The field's widget with the site's input style and its hint and error described."""
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    attrs = {}
    if not isinstance(field.field.widget, CheckboxInput | RadioSelect):
        attrs["class"] = "input"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
