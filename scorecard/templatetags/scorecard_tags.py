import re
from html import escape
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import SafeString, mark_safe

from scorecard import indicator_terms, rag, tables
from scorecard.assessment import format_target

register = template.Library()


@register.simple_tag(takes_context=True)
def table_head(context, table):
    return tables.head_html(table, context["request"].GET)


@register.simple_tag
def period_options(periods, chosen):
    """The period picker's options, `chosen` selected: made here, not by a template loop,
    whose lookups were a tenth of a small scorecard's body."""
    return SafeString(
        "".join(
            f'<option value="{escape(p.slug)}"{" selected" if p.slug == chosen.slug else ""}>{escape(p.label)}'
            f"{' (year end)' if p.is_year_end else ''}</option>"
            for p in periods
        )
    )


@register.simple_tag
def rag_badge(rating, reason: str = ""):
    return tables.rag_badge(rag.Rag(rating), reason or "")


@register.simple_tag
def direction_marker(direction, reason: str = "", reason_visible: bool = False):
    return tables.direction_marker(rag.Direction(direction), reason or "", reason_visible=reason_visible)


@register.simple_tag
def figure_cell(cell):
    """A figure as the scorecard shows it: text, suppressed or provisional marks."""
    return tables.figure_html(cell, show_warning=False)


@register.simple_tag(takes_context=True)
def scorecard_table(context, card, council: str):
    """The scorecard as the page shows it (cards on a phone, the table grouped by
    theme), unsorted, for the panel report and its PDF."""
    table = tables.ScorecardTable(card, council=council, show_commentary=False, orderable=False)
    return table.as_html(context.get("request"))


@register.simple_tag
def withheld_marker(reason: str = ""):
    """'c' for a withheld signal, with its reason (the standard one where none is given)."""
    return tables.withheld_marker(reason) if reason else tables.withheld_marker()


@register.simple_tag
def source_note(source: str):
    return tables.source_note(source)


@register.simple_tag
def comparison_marker(comparison):
    return tables.comparison_marker(rag.Comparison(comparison))


@register.filter
def target_text(value, unit: str) -> str:
    return format_target(value, unit)


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes, for 'locked for 15 minutes'."""
    return int(duration.total_seconds() // 60) if duration else 0


@register.simple_tag
def inline_static(path: str) -> str:
    """A static file's text, for pages printed to PDF that must not fetch anything.
    Only ever our own CSS and JS; a '</script' or '</style' inside would end the tag early, so is refused."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    text = Path(found).read_text(encoding="utf-8")
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise ValueError(f"{path} cannot be inlined: it contains a closing script or style tag.")
    return mark_safe(text)


@register.filter
def unit_words(unit: str) -> str:
    return indicator_terms.UNIT.get(unit, unit)


@register.filter
def polarity_words(polarity: str) -> str:
    return indicator_terms.POLARITY.get(polarity, polarity)


@register.filter
def measure_words(measure_type: str) -> str:
    return indicator_terms.MEASURE.get(measure_type, measure_type)
