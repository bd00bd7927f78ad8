"""The scorecard's table, its phone cards and its spreadsheet, made from one declaration of
its columns (scorecard_columns) and the read model; and the markers (RAG, direction,
comparison, figure) the pages share. head_html is the sortable header of django-tables2
tables (national/tables.py); the scorecard sorts and renders its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from html import escape
from itertools import groupby
from operator import attrgetter

import django_tables2 as tables
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from scorecard import rag
from scorecard.models import Theme
from scorecard.periods import comparator_year_label
from scorecard.read_model import WITHHELD_REASON, ComparatorHeading, FigureCell, Scorecard, ScorecardRow, Versus

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


# The markers are built with f-strings and html.escape, and marked safe by SafeString
# itself, not format_html or mark_safe (whose lazy-string check costs more than the rest):
# a large scorecard has tens of thousands of them, and they are all our own markup.


def rag_badge(rating: rag.Rag, reason: str = "") -> SafeString:
    """The RAG as a tag with its word and a shape, never colour alone; the reason
    shows on hover and is read out by screen readers."""
    reason = escape(reason)
    title = f' title="{reason}"' if reason else ""
    spoken = f'<span class="visually-hidden">: {reason}</span>' if reason else ""
    return SafeString(
        f'<span class="rag rag--{rating.value}"{title}><span class="rag__shape rag__shape--{RAG_SHAPE[rating]}" '
        f'aria-hidden="true"></span>{RAG_SHORT[rating]}{spoken}</span>'
    )


def withheld_marker(reason: str = WITHHELD_REASON) -> SafeString:
    """What stands for a signal worked out from a suppressed figure: 'c', as for the figure."""
    reason = escape(reason)
    return SafeString(
        f'<span class="withheld" title="{reason}">c<span class="visually-hidden"> ({reason})</span></span>'
    )


def direction_marker(direction: rag.Direction, reason: str, *, reason_visible: bool = False) -> SafeString:
    """An arrow and a word; the reason ('Declining: up from 18.5% in 2022-23 (worse)') is
    read out by screen readers, or shown to everyone where there is room."""
    reason = escape(reason)
    reason_class = "hint" if reason_visible else "visually-hidden"
    if direction is rag.Direction.NONE:
        word, spoken = "–", f" ({reason})" if reason else ""
    else:
        word, spoken = direction.label + (":" if reason else ""), f" {reason}" if reason else ""
    return SafeString(
        f'<span class="dot dot--{DIRECTION_ARROW[direction]}" title="{reason}"><span class="dot__arrow" '
        f'aria-hidden="true"></span>{word}<span class="{reason_class}">{spoken}</span></span>'
    )


def comparison_marker(comparison: rag.Comparison) -> SafeString:
    """Better, similar or worse as a word with a symbol."""
    return _COMPARISON_MARKERS[comparison]


_COMPARISON_MARKERS = {
    comparison: SafeString(
        f'<span class="versus versus--none">–<span class="visually-hidden"> {comparison.label}</span></span>'
        if comparison is rag.Comparison.NONE
        else f'<span class="versus versus--{comparison.value}"><span aria-hidden="true">'
        f"{COMPARISON_SYMBOL[comparison]} </span>{comparison.label}</span>"
    )
    for comparison in rag.Comparison
}


_PROVISIONAL_MARK = (
    '<abbr class="provisional" title="provisional">P</abbr><span class="visually-hidden"> (provisional)</span>'
)


def figure_html(cell: FigureCell, *, show_warning: bool) -> SafeString:
    """A figure as '82.1 (92/112)', drawn as the value with its P mark on one line and
    the counts under it (CSS wraps the text at its space), so that a column stays narrow."""
    if cell.is_provisional:
        html = f'<span class="fig"><span class="figure figure--provisional">{escape(cell.text)}</span>'
        html += f"{_PROVISIONAL_MARK}</span>"
    else:
        html = f'<span class="fig"><span class="figure">{escape(cell.text)}</span></span>'
    if cell.is_suppressed:
        html += '<span class="visually-hidden"> (suppressed: small number)</span>'
    if show_warning and cell.warning:
        warning = escape(cell.warning)
        html += (
            f' <span class="dq-warning" title="{warning}"><span aria-hidden="true">⚠</span>'
            f'<span class="visually-hidden">Data-quality warning: {warning}</span></span>'
        )
    return SafeString(html)


def rag_html(row: ScorecardRow) -> SafeString:
    return withheld_marker(row.rag_reason) if row.withheld else rag_badge(row.rag, row.rag_reason)


def versus_html(versus: Versus) -> SafeString:
    if versus.withheld:
        return withheld_marker()
    return comparison_marker(versus.comparison)


def versus_with_average_html(versus: Versus) -> SafeString:
    """Better, similar or worse, with the average it is judged against underneath:
    one column per comparator instead of two."""
    average = f"average\u00a0{versus.average_text}" if versus.average is not None else versus.average_text
    return SafeString(
        f'{versus_html(versus)}<span class="cell-note">{escape(average)}{source_note(versus.source)}</span>'
    )


def source_note(source: str) -> SafeString:
    """A worked-out average says so: '(DfE)', with the whole source for screen readers and in the key."""
    if not source:
        return SafeString("")
    mark = "DfE" if source.startswith("DfE") else "council's"
    hidden = f'<span class="visually-hidden">: {escape(source)}</span>'
    return SafeString(f' <span class="source-mark">({escape(mark)})</span>{hidden}')


def direction_html(row: ScorecardRow) -> SafeString:
    if row.direction_withheld:
        return withheld_marker(row.direction_reason)
    return direction_marker(row.direction, row.direction_reason)


def head_html(table: tables.Table, query) -> SafeString:
    """The header row of an accessible sortable table (the scorecard's, and the national
    tables'): scope, aria-sort, and a sort link (`query` is the request's GET, with the
    table's sort key replaced) that says which way it sorts. Made here, not by a template
    loop over the columns, whose dozen lookups a column were a twentieth of a small scorecard's render."""
    params = dict(query)
    cells = []
    for column in table.columns:
        alias = column.order_by_alias
        sort = ""
        if column.is_ordered:
            sort = f' aria-sort="{"descending" if alias.is_descending else "ascending"}"'
        header = conditional_escape(column.header)
        if column.orderable:
            href = escape("?" + urlencode({**params, table.prefixed_order_by_field: alias.next}, doseq=True))
            way = "descending" if column.is_ordered and not alias.is_descending else "ascending"
            header = f'<a class="sort-link" href="{href}">{header}<span class="visually-hidden">, sort {way}</span></a>'
        cells.append(f'<th scope="col" {column.attrs["th"].as_html()}{sort}>{header}</th>')
    return SafeString(f"<thead><tr>{''.join(cells)}</tr></thead>")


def commentary_shown(row: ScorecardRow) -> str:
    """The officer's commentary, shown under a red or amber row (the read model has
    already left out what this audience may not read)."""
    return row.commentary if not row.withheld and row.rag in (rag.Rag.RED, rag.Rag.AMBER) else ""


_RAG_ORDER = {rag.Rag.RED: 0, rag.Rag.AMBER: 1, rag.Rag.GREEN: 2, rag.Rag.NONE: 3}
_COMPARISON_ORDER = {rag.Comparison.WORSE: 0, rag.Comparison.SIMILAR: 1, rag.Comparison.BETTER: 2,
                     rag.Comparison.NONE: 3}  # fmt: skip
_THEME_ORDER = {theme: i for i, theme in enumerate(Theme.values)}


def by_theme(rows) -> list[ScorecardRow]:
    """The scorecard's rows grouped by theme (in the order of Theme), by ref within each."""
    return sorted(rows, key=lambda row: (_THEME_ORDER.get(row.theme, len(_THEME_ORDER)), row.ref_sort))


def _unbroken(label: str) -> SafeString:
    """A period ('Q1 2023-24') kept on one line in a heading: never broken at its hyphen."""
    return SafeString(f'<span class="nowrap">{escape(label)}</span>') if label else SafeString("")


def _comparator_heading(comparator) -> SafeString:
    year = f" {_unbroken(comparator_year_label(comparator.year))}" if comparator.year is not None else ""
    source = f" ({escape(comparator.source)})" if comparator.source else ""
    return SafeString(f"vs {escape(comparator.short_name)} average{year}{source}")


def signal_text(row: ScorecardRow) -> str:
    return WITHHELD_SHORT if row.withheld else RAG_SHORT[rag.Rag(row.rag)]


# The scorecard's columns, declared once: each column's heading, its cell, its sort key, the fact
# it gives a phone's card and its columns in the spreadsheet. The table, its header, the cards
# and the exports (scorecard/scorecard_export.py) are all made from this declaration.


class Sheet(IntEnum):
    """The spreadsheet's sections, in their order: like columns together (every average, then
    every figure), whatever the order of the table's columns."""

    INDICATOR = 0
    AVERAGES = 1
    FIGURES = 2
    TARGET = 3
    JUDGEMENT = 4
    COMPARISONS = 5
    DIRECTION = 6
    COMMENTARY = 7


@dataclass(frozen=True)
class SheetColumn:
    section: Sheet
    header: str
    value: Callable[[ScorecardRow], object]  # a number as a number, else the text shown


@dataclass(frozen=True)
class Shown:
    """How a row is being shown: what its cells need besides the row."""

    link: str  # the indicator's page
    show_warnings: bool  # data-quality warnings are for officers


@dataclass(frozen=True)
class Column:
    name: str  # in the URL of the table sorted by it (?sort=rag)
    heading: SafeString
    cell: Callable[[ScorecardRow, Shown], str]  # the body cell's HTML (inside its <td>)
    sort: Callable[[ScorecardRow], object] | None = None  # None: not sortable
    numeric: bool = False
    row_header: bool = False  # the cell names the row: <th scope="row">
    fact: Callable[[ScorecardRow], tuple[str, str]] | None = None  # (term, HTML) on the phone's card
    sheet: tuple[SheetColumn, ...] = ()

    def cell_html(self, row: ScorecardRow, shown: Shown) -> str:
        if self.row_header:
            return f'<th scope="row">{self.cell(row, shown)}</th>'
        return f'<td class="num">{self.cell(row, shown)}</td>' if self.numeric else f"<td>{self.cell(row, shown)}</td>"


def _indicator_cell(row: ScorecardRow, shown: Shown) -> str:
    return (
        f'<a class="indicator-link" href="{escape(shown.link)}">{escape(row.name)}</a>'
        f'<span class="cell-note">{escape(row.description)}</span>'
    )


def _target_cell(row: ScorecardRow, shown: Shown) -> str:
    phasing = f'<span class="cell-note">phased: {escape(row.target.phasing)}</span>' if row.target.phasing else ""
    return f"{escape(row.target.text)}{phasing}"


def _figure_column(i: int, heading: SafeString, sheet_heading: str) -> Column:
    def cell(row: ScorecardRow) -> FigureCell:
        return row.figures[i]

    return Column(
        f"figure_{i}",
        heading,
        cell=lambda row, shown: figure_html(cell(row), show_warning=shown.show_warnings),
        sort=lambda row: cell(row).shown,
        numeric=True,
        sheet=(
            SheetColumn(Sheet.FIGURES, sheet_heading, lambda row: cell(row).text),
            SheetColumn(Sheet.FIGURES, f"{sheet_heading} value", lambda row: cell(row).shown),
            SheetColumn(Sheet.FIGURES, f"{sheet_heading} numerator", lambda row: cell(row).numerator),
            SheetColumn(Sheet.FIGURES, f"{sheet_heading} denominator", lambda row: cell(row).denominator),
        ),
    )


def _versus_column(i: int, comparator: ComparatorHeading) -> Column:
    def versus(row: ScorecardRow) -> Versus:
        return row.versus[i]

    def average(row: ScorecardRow) -> object:
        v = versus(row)
        return v.average.normalize() if v.average is not None else v.average_text

    return Column(
        f"versus_{i}",
        _comparator_heading(comparator),
        cell=lambda row, shown: versus_with_average_html(versus(row)),
        sort=lambda row: 4 if versus(row).withheld else _COMPARISON_ORDER[versus(row).comparison],
        fact=lambda row: (f"vs {escape(comparator.heading)}", versus_with_average_html(versus(row))),
        sheet=(
            SheetColumn(Sheet.AVERAGES, comparator.heading, average),
            SheetColumn(
                Sheet.COMPARISONS,
                comparator.versus_heading,
                lambda row: WITHHELD_SHORT if versus(row).withheld else versus(row).comparison.label,
            ),
        ),
    )


def _direction_fact(row: ScorecardRow) -> tuple[str, str]:
    if row.direction_withheld:
        return "Direction of travel", withheld_marker(row.direction_reason)
    return "Direction of travel", direction_marker(row.direction, row.direction_reason, reason_visible=True)


def scorecard_columns(card: Scorecard, *, council: str) -> list[Column]:
    """The columns of `card`'s table, in order: ref, indicator, the outturns, the target, the
    quarters, the RAG, one per comparator, the direction of travel."""
    label, this = card.period.label, _unbroken(card.period.label)
    outturns = [
        _figure_column(i, SafeString(f"{escape(council)} {_unbroken(p.label)}"), f"{council} {p.label}")
        for i, p in enumerate(card.outturn_periods)
    ]
    in_year = [
        _figure_column(len(outturns) + i, _unbroken(p.label), p.label) for i, p in enumerate(card.in_year_periods)
    ]
    return [
        Column(
            "ref", SafeString("Ref"), cell=lambda row, shown: escape(row.ref), sort=attrgetter("ref_sort"),
            numeric=True, sheet=(SheetColumn(Sheet.INDICATOR, "Ref", attrgetter("ref")),),
        ),
        Column(
            "indicator", SafeString("Indicator"), cell=_indicator_cell, sort=attrgetter("name"), row_header=True,
            sheet=(
                SheetColumn(Sheet.INDICATOR, "Indicator", attrgetter("name")),
                SheetColumn(Sheet.INDICATOR, "Description", attrgetter("description")),
                SheetColumn(Sheet.INDICATOR, "Theme", attrgetter("theme_label")),
                SheetColumn(Sheet.COMMENTARY, "Commentary", attrgetter("commentary")),
            ),
        ),
        *outturns,
        Column(
            "target", SafeString(f"Target {this}"), cell=_target_cell, sort=lambda row: row.target.value,
            numeric=True, fact=lambda row: ("Target", escape(row.target.text)),
            sheet=(
                SheetColumn(Sheet.TARGET, f"Target {label}", lambda row: row.target.text),
                SheetColumn(Sheet.TARGET, f"Target {label} value", lambda row: row.target.value),
            ),
        ),
        *in_year,
        Column(
            "rag", SafeString(f"RAG {this}"), cell=lambda row, shown: rag_html(row),
            sort=lambda row: 4 if row.withheld else _RAG_ORDER[row.rag],
            sheet=(
                SheetColumn(Sheet.JUDGEMENT, f"Status {label}", lambda row: row.current.status.capitalize()),
                SheetColumn(Sheet.JUDGEMENT, f"RAG {label}", signal_text),
            ),
        ),
        *(_versus_column(i, c) for i, c in enumerate(card.comparators)),
        Column(
            "direction", SafeString("Direction of travel"), cell=lambda row, shown: direction_html(row),
            fact=_direction_fact,
            sheet=(
                SheetColumn(
                    Sheet.DIRECTION, "Direction of travel",
                    lambda row: WITHHELD_SHORT if row.direction_withheld else row.direction.label,
                ),
                SheetColumn(Sheet.DIRECTION, "Direction of travel reason", attrgetter("direction_reason")),
            ),
        ),
    ]  # fmt: skip


def sheet_columns(columns: list[Column]) -> list[SheetColumn]:
    """The spreadsheet's columns: each section's in the order of the table's columns."""
    return sorted((part for column in columns for part in column.sheet), key=attrgetter("section"))


def _sort_key(value: object) -> tuple[bool, object]:
    return value is not None, value  # an empty cell first, as the smallest


class ScorecardTable:
    """The scorecard's table and cards for `card`: grouped by theme, or sorted by the column
    `sort` names ('rag', '-rag' for descending; anything else is the default order). `query`
    is the request's GET, kept in the header's sort links."""

    def __init__(
        self,
        card: Scorecard,
        *,
        council: str,
        show_warnings: bool = False,
        show_commentary: bool = True,
        orderable: bool = True,
        sort: str | None = None,
        query=None,
    ):
        self.columns = scorecard_columns(card, council=council)
        self.orderable = orderable
        self.show_warnings = show_warnings
        self.show_commentary = show_commentary  # the report gives commentary with its key points instead
        self.query = query or {}
        self.caption = f"Performance scorecard, {card.period.label}"
        self.period_label = escape(card.period.label)
        sortable = {column.name: column for column in self.columns if column.sort is not None}
        name = (sort or "").removeprefix("-")
        self.sorted_by = name if orderable and name in sortable else None
        self.descending = bool(self.sorted_by) and sort.startswith("-")
        rows = by_theme(card.rows)
        if self.sorted_by:
            key = sortable[self.sorted_by].sort
            rows = sorted(rows, key=lambda row: _sort_key(key(row)), reverse=self.descending)
        self.rows: list[ScorecardRow] = rows

    def as_html(self, request=None) -> SafeString:
        return SafeString(render_to_string("includes/scorecard_table.html", {"table": self}, request))

    def head_html(self) -> SafeString:
        """The header row: scope, aria-sort and a sort link that says which way it sorts."""
        params = dict(self.query)
        cells = []
        for column in self.columns:
            num = ' class="num"' if column.numeric else ""
            if not self.orderable or column.sort is None:
                cells.append(f'<th scope="col"{num}>{column.heading}</th>')
                continue
            ordered = column.name == self.sorted_by
            sort = f' aria-sort="{"descending" if self.descending else "ascending"}"' if ordered else ""
            following = f"-{column.name}" if ordered and not self.descending else column.name
            href = escape("?" + urlencode({**params, "sort": following}, doseq=True))
            way = "descending" if ordered and not self.descending else "ascending"
            cells.append(
                f'<th scope="col"{num}{sort}><a class="sort-link" href="{href}">{column.heading}'
                f'<span class="visually-hidden">, sort {way}</span></a></th>'
            )
        return SafeString(f"<thead><tr>{''.join(cells)}</tr></thead>")

    def _groups(self) -> list[tuple[str, list[ScorecardRow]]]:
        return [(theme, list(group)) for theme, group in groupby(self.rows, key=attrgetter("theme_label"))]

    def body_html(self) -> SafeString:
        """The table's body in its current order: a group per theme with a heading row
        in the default order, else one list in the order of the column sorted by."""
        span = len(self.columns)
        if not self.rows:
            return SafeString(f'<tbody><tr><td colspan="{span}">Nothing to show.</td></tr></tbody>')
        if self.sorted_by:
            return SafeString(f"<tbody>{''.join(self._row_html(row) for row in self.rows)}</tbody>")
        return SafeString(
            "".join(
                f'<tbody class="theme-group"><tr class="theme-row"><th scope="rowgroup" colspan="{span}">'
                f"{escape(theme)}</th></tr>{''.join(self._row_html(row) for row in group)}</tbody>"
                for theme, group in self._groups()
            )
        )

    def cards_html(self) -> SafeString:
        """The same rows as cards, in the same order and groups."""
        if self.sorted_by:
            return SafeString(f'<ul class="card-list">{"".join(self._card_html(row) for row in self.rows)}</ul>')
        return SafeString(
            "".join(
                f'<h2 class="card-list__theme">{escape(theme)}</h2>'
                f'<ul class="card-list">{"".join(self._card_html(row) for row in group)}</ul>'
                for theme, group in self._groups()
            )
        )

    def _shown(self, row: ScorecardRow) -> Shown:
        return Shown(link=reverse("indicator", args=[row.ref]), show_warnings=self.show_warnings)

    def _row_html(self, row: ScorecardRow) -> str:
        """The row's <tr>, and its commentary's under it."""
        shown = self._shown(row)
        cells = "".join(column.cell_html(row, shown) for column in self.columns)
        commentary = commentary_shown(row) if self.show_commentary else ""
        if not commentary:
            return f"<tr>{cells}</tr>"
        return (
            f'<tr class="has-commentary">{cells}</tr>\n<tr class="commentary-row"><td></td>'
            f'<td colspan="{len(self.columns) - 1}"><p class="commentary"><span class="commentary__label">Officer '
            f'commentary<span class="visually-hidden"> on {escape(row.name)}</span>:</span> '
            f"{linebreaksbr(commentary, autoescape=True)}</p></td></tr>"
        )

    def _card_html(self, row: ScorecardRow) -> str:
        """The row as a card for a narrow screen: its name, the period's figure with its
        counts, the RAG, then each column's fact (the target, the comparisons, the direction)."""
        shown = self._shown(row)
        link, name, ref = escape(shown.link), escape(row.name), escape(row.ref)
        facts = "".join(
            f"<div><dt>{term}</dt><dd>{value}</dd></div>"
            for term, value in (column.fact(row) for column in self.columns if column.fact is not None)
        )
        commentary = commentary_shown(row)
        commentary_html = (
            f'<p class="commentary"><span class="commentary__label">Officer commentary:</span> {escape(commentary)}</p>'
            if commentary
            else ""
        )
        return (
            f'<li class="card card--{"withheld" if row.withheld else row.rag.value}">'
            f'<h3 class="card__title"><a href="{link}">{name}</a>'
            f'<span class="card__ref"> (indicator {ref})</span></h3>'
            f'<p class="card__figure"><span class="card__value">'
            f'<span class="visually-hidden">{self.period_label}: </span>'
            f"{figure_html(row.current, show_warning=self.show_warnings)}</span> {rag_html(row)}</p>"
            f'<dl class="card__facts">{facts}</dl>{commentary_html}</li>'
        )
