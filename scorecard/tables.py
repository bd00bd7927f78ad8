"""The scorecard table. Cells render as HTML on the page and as plain text in
CSV and xlsx exports (`value()`), so an export holds what the page shows."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from scorecard import rag
from scorecard.selectors import ComparatorCell, FigureCell, Scorecard, TargetCell

RAG_SHAPE = {rag.Rag.GREEN: "circle", rag.Rag.AMBER: "diamond", rag.Rag.RED: "triangle", rag.Rag.NONE: "none"}
RAG_SHORT = {rag.Rag.GREEN: "Green", rag.Rag.AMBER: "Amber", rag.Rag.RED: "Red", rag.Rag.NONE: "No RAG"}
COMPARISON_SYMBOL = {
    rag.Comparison.BETTER: "+",
    rag.Comparison.SIMILAR: "=",
    rag.Comparison.WORSE: "−",
    rag.Comparison.NONE: "",
}
DIRECTION_ARROW = {
    rag.Direction.IMPROVING: "improving",
    rag.Direction.DECLINING: "declining",
    rag.Direction.NO_CHANGE: "same",
    rag.Direction.UP: "up",
    rag.Direction.DOWN: "down",
    rag.Direction.NONE: "none",
}


def rag_badge(rating: rag.Rag, reason: str = "") -> str:
    """The RAG as a tag with its word and a shape, never colour alone; the reason
    shows on hover and is read out by screen readers."""
    badge = format_html(
        '<span class="rag rag--{}"{}><span class="rag__shape rag__shape--{}" aria-hidden="true"></span>{}',
        rating.value,
        format_html(' title="{}"', reason) if reason else "",
        RAG_SHAPE[rating],
        RAG_SHORT[rating],
    )
    if reason:
        badge = format_html('{}<span class="visually-hidden">: {}</span>', badge, reason)
    return format_html("{}</span>", badge)


def direction_marker(direction: rag.Direction, reason: str, *, reason_visible: bool = False) -> str:
    """An arrow and a word; the reason ('down from 91.1 in 2022-23') is read out by
    screen readers, or shown to everyone where there is room."""
    return format_html(
        '<span class="dot dot--{}" title="{}"><span class="dot__arrow" aria-hidden="true"></span>{}'
        '<span class="{}"> ({})</span></span>',
        DIRECTION_ARROW[direction],
        reason,
        direction.label if direction is not rag.Direction.NONE else "–",
        "hint" if reason_visible else "visually-hidden",
        reason,
    )


class FigureColumn(tables.Column):
    def render(self, value: FigureCell, table: ScorecardTable) -> str:
        html = format_html('<span class="figure">{}</span>', value.text)
        if value.status == "provisional":
            html = format_html('{}<span class="visually-hidden"> (provisional)</span>', html)
        if table.show_warnings and value.warning:
            html = format_html(
                '{} <span class="dq-warning" title="{}"><span aria-hidden="true">⚠</span>'
                '<span class="visually-hidden">Data-quality warning: {}</span></span>',
                html,
                value.warning,
                value.warning,
            )
        return html

    def value(self, value: FigureCell) -> str:
        return value.text


class ComparatorValueColumn(tables.Column):
    def render(self, value: ComparatorCell) -> str:
        return value.text

    def value(self, value: ComparatorCell) -> str:
        return value.text


class TargetColumn(tables.Column):
    def render(self, value: TargetCell) -> str:
        if not value.phasing:
            return value.text
        return format_html('{}<span class="cell-note">phased: {}</span>', value.text, value.phasing)

    def value(self, value: TargetCell) -> str:
        return f"{value.text} (phased: {value.phasing})" if value.phasing else value.text


class RagColumn(tables.Column):
    def render(self, value: rag.Rag, record: dict) -> str:
        return rag_badge(value, record["rag_reason"])

    def value(self, value: rag.Rag) -> str:
        return RAG_SHORT[value]


def comparison_marker(comparison: rag.Comparison) -> str:
    """Better, similar or worse as a word with a symbol."""
    if comparison is rag.Comparison.NONE:
        return format_html(
            '<span class="versus versus--none">–<span class="visually-hidden"> {}</span></span>', comparison.label
        )
    return format_html(
        '<span class="versus versus--{}"><span aria-hidden="true">{} </span>{}</span>',
        comparison.value,
        COMPARISON_SYMBOL[comparison],
        comparison.label,
    )


class ComparisonColumn(tables.Column):
    def render(self, value: rag.Comparison) -> str:
        return comparison_marker(value)

    def value(self, value: rag.Comparison) -> str:
        return value.label


class DirectionColumn(tables.Column):
    def render(self, value: rag.Direction, record: dict) -> str:
        return direction_marker(value, record["direction_reason"])

    def value(self, value: rag.Direction) -> str:
        return value.label


class IndicatorColumn(tables.Column):
    """The indicator's short name, linking to its page, above the deck's wording."""

    def render(self, value: str, record: dict) -> str:
        return format_html(
            '<a class="indicator-link" href="{}">{}</a><span class="cell-note">{}</span>',
            reverse("indicator", args=[record["ref"]]),
            record["name"],
            value,
        )

    def value(self, value: str) -> str:
        return value


class ScorecardTable(tables.Table):
    ref = tables.Column(verbose_name="Ref", order_by=("ref_sort",), attrs={"td": {"class": "num"}})
    description = IndicatorColumn(verbose_name="Indicator", order_by=("name",))

    class Meta:
        template_name = "includes/table.html"
        attrs = {"class": "scorecard"}
        orderable = True

    row_header = "description"  # read by includes/table.html: that cell is a <th scope="row">

    def __init__(self, card: Scorecard, *, council: str, show_warnings: bool = False, **kwargs):
        extra = []
        for column in card.comparator_columns:
            key = f"comparator_{column.comparator.pk}"
            extra.append(
                (key, ComparatorValueColumn(verbose_name=column.heading, order_by=(f"{key}__sort",), attrs=_num()))
            )
        for period in card.outturn_periods:
            extra.append(_figure_column(period, f"{council} {period.label}"))
        extra.append(
            (
                "target",
                TargetColumn(verbose_name=f"Target {card.period.label}", order_by=("target__sort",), attrs=_num()),
            )
        )
        for period in card.in_year_periods:
            extra.append(_figure_column(period, period.label))
        extra.append(("rag", RagColumn(verbose_name=f"RAG {card.period.label}", order_by=("rag_sort",))))
        for column in card.comparator_columns:
            key = f"versus_{column.comparator.pk}"
            extra.append(
                (key, ComparisonColumn(verbose_name=f"vs {column.comparator.short_name}", order_by=(f"{key}_sort",)))
            )
        extra.append(("direction", DirectionColumn(verbose_name="Direction of travel", orderable=False)))
        self.show_warnings = show_warnings  # data-quality warnings are for officers
        super().__init__(card.rows, extra_columns=extra, **kwargs)
        self.caption = f"Performance scorecard, {card.period.label}"


def _figure_column(period, heading: str) -> tuple[str, FigureColumn]:
    key = f"period_{period.pk}"
    return key, FigureColumn(verbose_name=heading, order_by=(f"{key}__sort",), attrs=_num())


def _num() -> dict:
    return {"td": {"class": "num"}, "th": {"class": "num"}}
