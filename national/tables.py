"""The benchmark table: every council, sortable by the server (django-tables2), each row's
cells rendered once in Python, ours and our neighbours marked in words as well as style."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import django_tables2 as tables
from django.utils.safestring import SafeString, mark_safe

from national.selectors import Benchmark, CouncilRow
from scorecard.figures import shown_value


@dataclass(frozen=True)
class TableRecord:
    row: CouncilRow
    cells: SafeString
    sort: dict[str, object]
    css: str = ""  # ours and our neighbours are styled, and say so in words too


def _num() -> dict:
    return {"td": {"class": "num"}, "th": {"class": "num"}}


def number_text(value, decimals: int) -> str:
    return "–" if value is None else f"{shown_value(value, None, decimals)}"


def value_text(row, decimals: int) -> str:
    """The figure, or DfE's symbol with what it means."""
    if row.value is not None:
        return number_text(row.value, decimals)
    return row.status_label


class BenchmarkTable(tables.Table):
    rank = tables.Column(verbose_name="Rank", order_by=("sort__rank",), attrs=_num())
    council = tables.Column(verbose_name="Council", order_by=("sort__council",))
    region = tables.Column(verbose_name="Region", order_by=("sort__region",))
    value = tables.Column(verbose_name="Value", order_by=("sort__value",), attrs=_num())
    numerator = tables.Column(verbose_name="Number", order_by=("sort__numerator",), attrs=_num())
    denominator = tables.Column(verbose_name="Of", order_by=("sort__denominator",), attrs=_num())
    quartile = tables.Column(verbose_name="Quartile", order_by=("sort__quartile",))
    neighbour = tables.Column(verbose_name="Statistical neighbour", order_by=("sort__neighbour",))

    class Meta:
        template_name = "includes/table.html"
        attrs = {"class": "data-table benchmark-table"}
        row_attrs = {"class": lambda record: record.css}
        orderable = True

    def __init__(self, result: Benchmark, *, council: str, **kwargs):
        self.decimals = result.indicator.decimals
        self.council_name = council
        super().__init__([self._record(row) for row in result.rows], **kwargs)
        self.caption = f"{result.indicator.short_name}, {result.year_label}: every council, best first"

    def _record(self, row: CouncilRow) -> TableRecord:
        ours = ' <strong class="tag tag--ours">This council</strong>' if row.is_ours else ""
        neighbour = f"Yes (closest {row.neighbour_position})" if row.neighbour_position else "–"
        rank = row.rank
        cells = [
            f'<td class="num">{rank.position if rank else "–"}</td>',
            f'<th scope="row">{escape(row.name)}{ours}<span class="cell-note">{escape(row.old_code)}'
            f"{' · ' + escape(row.new_code) if row.new_code else ''}</span></th>",
            f"<td>{escape(row.region)}</td>",
            f'<td class="num">{escape(value_text(row, self.decimals))}</td>',
            f'<td class="num">{"–" if row.numerator is None else f"{row.numerator:,}"}</td>',
            f'<td class="num">{"–" if row.denominator is None else f"{row.denominator:,}"}</td>',
            f"<td>{rank.quartile if rank else '–'}</td>",
            f"<td>{neighbour}</td>",
        ]
        missing = 10**9
        sort = {
            "rank": rank.position if rank else missing,
            "council": row.name,
            "region": row.region,
            "value": row.value if row.value is not None else -1,
            "numerator": row.numerator if row.numerator is not None else -1,
            "denominator": row.denominator if row.denominator is not None else -1,
            "quartile": rank.quartile if rank else "Z",
            "neighbour": row.neighbour_position or 99,
        }
        css = "row--ours" if row.is_ours else ("row--neighbour" if row.neighbour_position else "")
        return TableRecord(row, mark_safe("".join(cells)), sort, css)
