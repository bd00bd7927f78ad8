"""The JSON document of every council's figures for an indicator and year: plain data
from the selectors' Benchmark. Decimals as strings, so no reader rounds them through a float."""

from __future__ import annotations

from national.selectors import AreaFigure, Benchmark


def _number(value) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _area(area: AreaFigure | None) -> dict | None:
    if area is None:
        return None
    return {"name": area.name, "value": _number(area.value), "numerator": area.numerator,
            "denominator": area.denominator, "status": area.status}  # fmt: skip


def councils_document(result: Benchmark) -> dict:
    sn = result.neighbours
    return {
        "indicator": result.indicator.ref,
        "year": result.year,
        "year_label": result.year_label,
        "england": _area(result.england),
        "region": _area(result.region),
        "statistical_neighbours": {
            "group": result.group_year,
            "statistic": sn.statistic,
            "value": _number(sn.value),
            "councils": list(sn.included),
            "missing": list(sn.missing),
        },
        "councils": [
            {
                "old_code": row.old_code,
                "new_code": row.new_code,
                "name": row.name,
                "region": row.region,
                "value": _number(row.value),
                "numerator": row.numerator,
                "denominator": row.denominator,
                "status": row.status,
                "rank": row.rank.position if row.rank else None,
                "of": row.rank.of if row.rank else None,
                "quartile": row.rank.quartile if row.rank else None,
            }
            for row in result.rows
        ],
    }
