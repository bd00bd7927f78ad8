from django import template

from scorecard import rag, tables
from scorecard.assessment import format_target

register = template.Library()


@register.simple_tag
def rag_badge(rating, reason: str = ""):
    return tables.rag_badge(rag.Rag(rating), reason or "")


@register.simple_tag
def direction_marker(direction, reason: str = "", reason_visible: bool = False):
    return tables.direction_marker(rag.Direction(direction), reason or "", reason_visible=reason_visible)


@register.filter
def target_text(value, unit: str) -> str:
    return format_target(value, unit)


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes, for 'locked for 15 minutes'."""
    return int(duration.total_seconds() // 60) if duration else 0
