"""The scorecard table. django-tables2 declares its columns, headings and sorting;
each row's cells are rendered once, in Python, from the read model (the HTML in
`TableRecord.cells`), so a page costs no per-cell signature inspection or template
lookup. Exports are made from the read model too (scorecard/scorecard_export.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from itertools import groupby
from operator import attrgetter
from urllib.parse import quote

import django_tables2 as tables
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.http import RFC3986_SUBDELIMS, urlencode
from django.utils.safestring import SafeString

from scorecard import rag
from scorecard.models import Theme
from scorecard.periods import comparator_year_label
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


def indicator_links() -> Callable[[str], str]:
    """What reverse("indicator", args=[ref]) gives, for every row of a table: the URL is
    reversed once and each ref quoted into it as reverse() quotes it (a reversal a row
    was a tenth of a large scorecard's render). A ref reverse() cannot take ('/') still
    goes to reverse(), to fail as it would."""
    head, tail = reverse("indicator", args=["ref"]).rsplit("ref", 1)

    def link(ref: str) -> str:
        if "/" in ref or not ref:
            return reverse("indicator", args=[ref])
        return f"{head}{quote(ref, safe=RFC3986_SUBDELIMS + '/~:@')}{tail}"

    return link


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


@dataclass(frozen=True)
class TableRecord:
    row: ScorecardRow
    cells: SafeString  # the row's <th>/<td> cells, in column order
    card: SafeString  # the same row as a card, for phones
    sort: dict[str, object]  # each sortable column's sort key
    show_commentary: bool = True  # the report gives commentary with its key points instead
    columns: int = 0  # how many columns the table has, for the commentary row's span

    @property
    def theme_label(self) -> str:
        return self.row.theme_label

    @property
    def commentary(self) -> str:
        return commentary_shown(self.row) if self.show_commentary else ""

    @property
    def html(self) -> SafeString:
        """The row's <tr>, and its commentary's under it: made here, not by a template per row."""
        commentary = self.commentary
        if not commentary:
            return SafeString(f"<tr>{self.cells}</tr>")
        return SafeString(
            f'<tr class="has-commentary">{self.cells}</tr>\n<tr class="commentary-row"><td></td>'
            f'<td colspan="{self.columns - 1}"><p class="commentary"><span class="commentary__label">Officer '
            f'commentary<span class="visually-hidden"> on {escape(self.row.name)}</span>:</span> '
            f"{linebreaksbr(commentary, autoescape=True)}</p></td></tr>"
        )


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


def _num() -> dict:
    return {"td": {"class": "num"}, "th": {"class": "num"}}


@dataclass(frozen=True)
class CardHeadings:
    """What every row's cells and card repeat from the scorecard's headings, escaped once."""

    outturns: int  # how many outturn columns come before the target
    period: str  # 'Q3 2023-24'
    comparator_terms: tuple[str, ...]  # 'vs SN average 2022/23', one per comparator

    @classmethod
    def of(cls, card: Scorecard) -> CardHeadings:
        return cls(
            len(card.outturn_periods),
            escape(card.period.label),
            tuple(f"vs {escape(heading.heading)}" for heading in card.comparators),
        )


def row_html(
    row: ScorecardRow, headings: CardHeadings, *, show_warnings: bool, link: str
) -> tuple[SafeString, SafeString]:
    """A row's cells in the order of ScorecardTable's columns (the indicator's name linking
    to `link`), and the same indicator as a card for a narrow screen: its name, the quarter's
    figure with its counts, the RAG, the target, the comparisons and the direction. Made
    together, so that what they share is made once."""
    outturns = headings.outturns
    figures = [figure_html(cell, show_warning=show_warnings) for cell in row.figures]
    versus = [versus_with_average_html(v) for v in row.versus]
    rag_cell = rag_html(row)
    name, ref, target = escape(row.name), escape(row.ref), escape(row.target.text)
    link = escape(link)

    phasing = f'<span class="cell-note">phased: {escape(row.target.phasing)}</span>' if row.target.phasing else ""
    figure_cells = [f'<td class="num">{figure}</td>' for figure in figures]
    cells = SafeString(
        "".join(
            [
                f'<td class="num">{ref}</td>',
                f'<th scope="row"><a class="indicator-link" href="{link}">{name}</a>'
                f'<span class="cell-note">{escape(row.description)}</span></th>',
                *figure_cells[:outturns],
                f'<td class="num">{target}{phasing}</td>',
                *figure_cells[outturns:],
                f"<td>{rag_cell}</td>",
                *(f"<td>{v}</td>" for v in versus),
                f"<td>{direction_html(row)}</td>",
            ]
        )
    )

    facts = [("Target", target)]
    facts += list(zip(headings.comparator_terms, versus, strict=True))
    direction = (
        withheld_marker(row.direction_reason)
        if row.direction_withheld
        else direction_marker(row.direction, row.direction_reason, reason_visible=True)
    )
    facts.append(("Direction of travel", direction))
    facts_html = "".join(f"<div><dt>{term}</dt><dd>{value}</dd></div>" for term, value in facts)
    commentary = commentary_shown(row)
    commentary_html = (
        f'<p class="commentary"><span class="commentary__label">Officer commentary:</span> {escape(commentary)}</p>'
        if commentary
        else ""
    )
    current = (
        figures[-1]
        if row.figures and row.figures[-1] == row.current
        else figure_html(row.current, show_warning=show_warnings)
    )
    card_item = SafeString(
        f'<li class="card card--{"withheld" if row.withheld else row.rag.value}">'
        f'<h3 class="card__title"><a href="{link}">{name}</a>'
        f'<span class="card__ref"> (indicator {ref})</span></h3>'
        f'<p class="card__figure"><span class="card__value">'
        f'<span class="visually-hidden">{headings.period}: </span>'
        f"{current}</span> {rag_cell}</p>"
        f'<dl class="card__facts">{facts_html}</dl>{commentary_html}</li>'
    )
    return cells, card_item


class ScorecardTable(tables.Table):
    ref = tables.Column(verbose_name="Ref", order_by=("sort__ref",), attrs=_num())
    indicator = tables.Column(verbose_name="Indicator", order_by=("sort__indicator",))

    class Meta:
        template_name = "includes/scorecard_table.html"
        attrs = {"class": "scorecard"}
        orderable = True

    def __init__(
        self, card: Scorecard, *, show_warnings: bool = False, council: str, show_commentary: bool = True, **kwargs
    ):
        def column(name: str, heading: str, attrs: dict | None = None) -> tuple[str, tables.Column]:
            return name, tables.Column(verbose_name=heading, order_by=(f"sort__{name}",), attrs=attrs or {})

        outturns = len(card.outturn_periods)
        this = _unbroken(card.period.label)
        extra = [
            column(f"figure_{i}", SafeString(f"{escape(council)} {_unbroken(p.label)}"), _num())
            for i, p in enumerate(card.outturn_periods)
        ]
        extra.append(column("target", SafeString(f"Target {this}"), _num()))
        extra += [
            column(f"figure_{outturns + i}", _unbroken(p.label), _num()) for i, p in enumerate(card.in_year_periods)
        ]
        extra.append(column("rag", SafeString(f"RAG {this}")))
        extra += [column(f"versus_{i}", _comparator_heading(c)) for i, c in enumerate(card.comparators)]
        extra.append(("direction", tables.Column(verbose_name="Direction of travel", orderable=False)))
        self.show_warnings = show_warnings  # data-quality warnings are for officers
        self.show_commentary = show_commentary
        self.column_count = 2 + len(extra)
        headings = CardHeadings.of(card)
        link = indicator_links()
        records = [self._record(row, headings, link(row.ref)) for row in by_theme(card.rows)]
        super().__init__(records, extra_columns=extra, **kwargs)
        self.caption = f"Performance scorecard, {card.period.label}"

    def body_html(self) -> SafeString:
        """The table's body in its current order: a group per theme with a heading row
        in the default order, else one list in the order of the column sorted by."""
        records = list(self.data)
        if not records:
            return SafeString(f'<tbody><tr><td colspan="{self.column_count}">Nothing to show.</td></tr></tbody>')
        if self.order_by:
            return SafeString(f"<tbody>{''.join(r.html for r in records)}</tbody>")
        return SafeString(
            "".join(
                f'<tbody class="theme-group"><tr class="theme-row"><th scope="rowgroup" colspan="{self.column_count}">'
                f"{escape(theme)}</th></tr>{''.join(r.html for r in group)}</tbody>"
                for theme, group in groupby(records, key=attrgetter("theme_label"))
            )
        )

    def cards_html(self) -> SafeString:
        """The same rows as cards, in the same order and groups."""
        records = list(self.data)
        if self.order_by:
            return SafeString(f'<ul class="card-list">{"".join(r.card for r in records)}</ul>')
        return SafeString(
            "".join(
                f'<h2 class="card-list__theme">{escape(theme)}</h2>'
                f'<ul class="card-list">{"".join(r.card for r in group)}</ul>'
                for theme, group in groupby(records, key=attrgetter("theme_label"))
            )
        )

    def _record(self, row: ScorecardRow, headings: CardHeadings, link: str) -> TableRecord:
        sort: dict[str, object] = {
            "ref": row.ref_sort,
            "indicator": row.name,
            "target": row.target.value,
            "rag": 4 if row.withheld else _RAG_ORDER[row.rag],
        }
        for i, versus in enumerate(row.versus):
            sort[f"versus_{i}"] = 4 if versus.withheld else _COMPARISON_ORDER[versus.comparison]
        for i, cell in enumerate(row.figures):
            sort[f"figure_{i}"] = cell.shown
        cells, card_cell = row_html(row, headings, show_warnings=self.show_warnings, link=link)
        return TableRecord(row, cells, card_cell, sort, show_commentary=self.show_commentary, columns=self.column_count)
