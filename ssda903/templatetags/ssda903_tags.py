from __future__ import annotations

from django import template

from ssda903.indicators import BY_REF

register = template.Library()


@register.simple_tag
def ssda903_definition(ref: str) -> str:
    """How the indicator is computed from the 903 extract ('' where no definition is kept)."""
    definition = BY_REF.get(str(ref))
    return definition.text if definition else ""
