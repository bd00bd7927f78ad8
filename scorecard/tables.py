"""The scorecard table. django-tables2 declares its columns, headings and sorting;
each row's cells are rendered once, in Python, from the read model (the HTML in
`TableRecord.cells`), so a page costs no per-cell signature inspection or template
lookup. Exports are made from the read model too (scorecard/scorecard_export.py)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import django_tables2 as tables
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from scorecard import rag
from scorecard.read_model import WITHHELD_REASON, FigureCell, Scorecard, ScorecardRow, Versus

RAG_SHAPE = {rag.Rag.GREEN: "circle", rag.Rag.AMBER: "diamond", rag.Rag.RED: "triangle", rag.Rag.NONE: "none"}
RAG_SHORT = {rag.Rag.GREEN: "Green", rag.Rag.AMBER: "Amber", rag.Rag.RED: "Red", rag.Rag.NONE: "No RAG"}
WITHHELD_SHORT = "Withheld"
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


# The markers are built with f-strings and html.escape, not format_html: a large
# scorecard has tens of thousands of them, and they are all our own markup.


def rag_badge(rating: rag.Rag, reason: str = "") -> SafeString:
    """The RAG as a tag with its word and a shape, never colour alone; the reason
    shows on hover and is read out by screen readers."""
    reason = escape(reason)
    title = f' title="{reason}"' if reason else ""
    spoken = f'<span class="visually-hidden">: {reason}</span>' if reason else ""
    return mark_safe(
        f'<span class="rag rag--{rating.value}"{title}><span class="rag__shape rag__shape--{RAG_SHAPE[rating]}" '
        f'aria-hidden="true"></span>{RAG_SHORT[rating]}{spoken}</span>'
    )


def withheld_marker(reason: str = WITHHELD_REASON) -> SafeString:
    """What stands for a signal worked out from a suppressed figure: 'c', as for the figure."""
    reason = escape(reason)
    return mark_safe(
        f'<span class="withheld" title="{reason}">c<span class="visually-hidden"> ({reason})</span></span>'
    )


def direction_marker(direction: rag.Direction, reason: str, *, reason_visible: bool = False) -> SafeString:
    """An arrow and a word; the reason ('down from 91.1 in 2022-23') is read out by
    screen readers, or shown to everyone where there is room."""
    reason = escape(reason)
    word = direction.label if direction is not rag.Direction.NONE else "–"
    reason_class = "hint" if reason_visible else "visually-hidden"
    return mark_safe(
        f'<span class="dot dot--{DIRECTION_ARROW[direction]}" title="{reason}"><span class="dot__arrow" '
        f'aria-hidden="true"></span>{word}<span class="{reason_class}"> ({reason})</span></span>'
    )


def comparison_marker(comparison: rag.Comparison) -> SafeString:
    """Better, similar or worse as a word with a symbol."""
    if comparison is rag.Comparison.NONE:
        return mark_safe(
            f'<span class="versus versus--none">–<span class="visually-hidden"> {comparison.label}</span></span>'
        )
    return mark_safe(
        f'<span class="versus versus--{comparison.value}"><span aria-hidden="true">{COMPARISON_SYMBOL[comparison]} '
        f"</span>{comparison.label}</span>"
    )


def figure_html(cell: FigureCell, *, show_warning: bool) -> SafeString:
    provisional = " figure--provisional" if cell.is_provisional else ""
    html = f'<span class="figure{provisional}">{escape(cell.text)}</span>'
    if cell.is_suppressed:
        html += '<span class="visually-hidden"> (suppressed: small number)</span>'
    if cell.is_provisional:
        html += (
            '<abbr class="provisional" title="provisional">P</abbr><span class="visually-hidden"> (provisional)</span>'
        )
    if show_warning and cell.warning:
        warning = escape(cell.warning)
        html += (
            f' <span class="dq-warning" title="{warning}"><span aria-hidden="true">⚠</span>'
            f'<span class="visually-hidden">Data-quality warning: {warning}</span></span>'
        )
    return mark_safe(html)


def rag_html(row: ScorecardRow) -> SafeString:
    return withheld_marker(row.rag_reason) if row.withheld else rag_badge(row.rag, row.rag_reason)


def versus_html(versus: Versus) -> SafeString:
    if versus.withheld:
        return withheld_marker()
    return comparison_marker(versus.comparison)


def direction_html(row: ScorecardRow) -> SafeString:
    if row.direction_withheld:
        return withheld_marker(row.direction_reason)
    return direction_marker(row.direction, row.direction_reason)


@dataclass(frozen=True)
class TableRecord:
    row: ScorecardRow
    cells: SafeString  # the row's <th>/<td> cells, in column order
    sort: dict[str, object]  # each sortable column's sort key

    # The template reads these beside the cells: grouping by theme, commentary under red and amber rows.
    @property
    def theme_label(self) -> str:
        return self.row.theme_label

    @property
    def commentary(self) -> str:
        return self.row.commentary if self.row.rag in (rag.Rag.RED, rag.Rag.AMBER) else ""


_RAG_ORDER = {rag.Rag.RED: 0, rag.Rag.AMBER: 1, rag.Rag.GREEN: 2, rag.Rag.NONE: 3}
_COMPARISON_ORDER = {rag.Comparison.WORSE: 0, rag.Comparison.SIMILAR: 1, rag.Comparison.BETTER: 2,
                     rag.Comparison.NONE: 3}  # fmt: skip


def _num() -> dict:
    return {"td": {"class": "num"}, "th": {"class": "num"}}


class ScorecardTable(tables.Table):
    ref = tables.Column(verbose_name="Ref", order_by=("sort__ref",), attrs=_num())
    indicator = tables.Column(verbose_name="Indicator", order_by=("sort__indicator",))

    class Meta:
        template_name = "includes/table.html"
        attrs = {"class": "scorecard"}
        orderable = True

    def __init__(self, card: Scorecard, *, show_warnings: bool = False, council: str, **kwargs):
        def column(name: str, heading: str, attrs: dict | None = None) -> tuple[str, tables.Column]:
            return name, tables.Column(verbose_name=heading, order_by=(f"sort__{name}",), attrs=attrs or {})

        outturns = len(card.outturn_periods)
        extra = [column(f"average_{i}", c.heading, _num()) for i, c in enumerate(card.comparators)]
        extra += [column(f"figure_{i}", f"{council} {p.label}", _num()) for i, p in enumerate(card.outturn_periods)]
        extra.append(column("target", f"Target {card.period.label}", _num()))
        extra += [column(f"figure_{outturns + i}", p.label, _num()) for i, p in enumerate(card.in_year_periods)]
        extra.append(column("rag", f"RAG {card.period.label}"))
        extra += [column(f"versus_{i}", c.versus_heading) for i, c in enumerate(card.comparators)]
        extra.append(("direction", tables.Column(verbose_name="Direction of travel", orderable=False)))
        self.show_warnings = show_warnings  # data-quality warnings are for officers
        records = [self._record(row, len(card.outturn_periods)) for row in card.rows]
        super().__init__(records, extra_columns=extra, **kwargs)
        self.caption = f"Performance scorecard, {card.period.label}"

    def _record(self, row: ScorecardRow, outturns: int) -> TableRecord:
        phasing = f'<span class="cell-note">phased: {escape(row.target.phasing)}</span>' if row.target.phasing else ""
        figures = [f'<td class="num">{figure_html(cell, show_warning=self.show_warnings)}</td>' for cell in row.figures]
        cells = [
            f'<td class="num">{escape(row.ref)}</td>',
            f'<th scope="row"><a class="indicator-link" href="{reverse("indicator", args=[row.ref])}">'
            f'{escape(row.name)}</a><span class="cell-note">{escape(row.description)}</span></th>',
            *(f'<td class="num">{escape(v.average_text)}</td>' for v in row.versus),
            *figures[:outturns],
            f'<td class="num">{escape(row.target.text)}{phasing}</td>',
            *figures[outturns:],
            f"<td>{rag_html(row)}</td>",
            *(f"<td>{versus_html(v)}</td>" for v in row.versus),
            f"<td>{direction_html(row)}</td>",
        ]
        sort: dict[str, object] = {
            "ref": row.ref_sort,
            "indicator": row.name,
            "target": row.target.value,
            "rag": 4 if row.withheld else _RAG_ORDER[row.rag],
        }
        for i, versus in enumerate(row.versus):
            sort[f"average_{i}"] = versus.average
            sort[f"versus_{i}"] = 4 if versus.withheld else _COMPARISON_ORDER[versus.comparison]
        for i, cell in enumerate(row.figures):
            sort[f"figure_{i}"] = cell.shown
        return TableRecord(row, mark_safe("".join(cells)), sort)
