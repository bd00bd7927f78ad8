"""A period's panel report as plain data. A draft is built from the live figures;
publishing stores the same data frozen; the public version is either one with
small numbers suppressed. Built from the scorecard selectors, so the report, the
scorecard page and the exports always agree."""

from __future__ import annotations

import copy
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from scorecard import charts, key_points, selectors
from scorecard.models import Period
from scorecard.periods import period_label
from scorecard.suppression import (
    SUPPRESSED,
    WITHHELD_POINT,
    figure_is_suppressed,
    public_figure_text,
    suppress_shares,
    text_mentions_small_counts,
)


def report_content(period: Period, card: selectors.Scorecard | None = None) -> dict:
    """Everything a report shows apart from its key points, JSON-ready."""
    card = card or selectors.scorecard_for(period)
    council = settings.COUNCIL_SHORT_NAME
    columns = [
        {"key": f"comparator_{c.comparator.pk}", "heading": c.heading, "kind": "comparator"}
        for c in card.comparator_columns
    ]
    columns += [
        {"key": f"period_{p.pk}", "heading": f"{council} {p.label}", "kind": "figure"} for p in card.outturn_periods
    ]
    columns.append({"key": "target", "heading": f"Target {period.label}", "kind": "target"})
    columns += [{"key": f"period_{p.pk}", "heading": p.label, "kind": "figure"} for p in card.in_year_periods]
    versus = [
        {"key": f"versus_{c.comparator.pk}", "heading": f"vs {c.comparator.short_name}"}
        for c in card.comparator_columns
    ]
    return {
        "period": {
            "label": period.label,
            "slug": period.slug,
            "start": str(period.start_date),
            "end": str(period.end_date),
        },
        "scorecard": {
            "columns": columns,
            "versus": versus,
            "current": f"period_{period.pk}",
            "rows": [_row(row, columns, versus, f"period_{period.pk}") for row in card.rows],
        },
        "profile": selectors.demographic_profile(),
        "built_at": timezone.now().isoformat(),
    }


def _row(row: dict, columns: list[dict], versus: list[dict], current: str) -> dict:
    indicator = row["indicator"]
    cells = {}
    for column in columns:
        cell = row.get(column["key"])
        if column["kind"] == "figure":
            cells[column["key"]] = None if cell is None else {
                "text": cell.text,
                "value": None if cell.shown is None else str(cell.shown),
                "numerator": cell.numerator,
                "denominator": cell.denominator,
            }  # fmt: skip
        elif column["kind"] == "target":
            cells["target"] = {"text": cell.text, "phasing": cell.phasing}
        else:
            cells[column["key"]] = {"text": cell.text if cell else "–"}
    current_cell = row.get(current)
    return {
        "ref": indicator.ref,
        "name": indicator.short_name,
        "description": indicator.description,
        "unit": indicator.unit,
        "cells": cells,
        "rag": row["rag"].value,
        "rag_reason": row["rag_reason"],
        "versus": [{"heading": v["heading"], "comparison": row[v["key"]].value} for v in versus],
        "direction": row["direction"].value,
        "direction_reason": row["direction_reason"],
        "commentary": current_cell.commentary if current_cell else "",
    }


def drafted_key_points(period: Period, card: selectors.Scorecard | None = None) -> list[key_points.KeyPoint]:
    """The key points the product drafts for a period, for the officer to edit."""
    card = card or selectors.scorecard_for(period)
    facts = []
    for row in card.rows:
        indicator, cell = row["indicator"], row.get(f"period_{period.pk}")
        averages = [
            key_points.Average(
                column.comparator.sentence_name or column.comparator.name,
                row[f"comparator_{column.comparator.pk}"].value if row[f"comparator_{column.comparator.pk}"] else None,
                row[f"versus_{column.comparator.pk}"],
            )
            for column in card.comparator_columns
        ]
        previous = row["previous"]
        facts.append(
            key_points.IndicatorFacts(
                ref=indicator.ref,
                name=indicator.short_name,
                statement=indicator.statement or f"for {indicator.short_name.lower()}",
                unit=indicator.unit,
                decimals=indicator.decimals,
                polarity=indicator.polarity,
                period_label=period.label,
                shown=cell.shown if cell else None,
                numerator=cell.numerator if cell else None,
                denominator=cell.denominator if cell else None,
                target=row["target"].value,
                rating=row["rag"],
                averages=averages,
                direction=row["direction"],
                previous=(period_label(previous[0]), previous[1]) if previous else None,
            )
        )
    return key_points.draft_key_points(facts)


def public_version(content: dict, points: list[dict]) -> tuple[dict, list[dict]]:
    """The report with small numbers suppressed: figures from counts of 1 to 5 and
    whatever is worked out from them (value, RAG, comparisons, direction,
    commentary, key points), and demographic shares standing for 1 to 5 children."""
    content = copy.deepcopy(content)
    table = content["scorecard"]
    suppressed_refs = set()
    for row in table["rows"]:
        for key, cell in row["cells"].items():
            if cell is None or "numerator" not in cell:
                continue
            value = None if cell["value"] is None else Decimal(cell["value"])
            if figure_is_suppressed(value, cell["numerator"], cell["denominator"], row["unit"]):
                cell["text"] = public_figure_text(
                    cell["text"], value, cell["numerator"], cell["denominator"], row["unit"]
                )
                cell["value"] = cell["numerator"] = cell["denominator"] = None
                if key == table["current"]:
                    suppressed_refs.add(row["ref"])
        if row["ref"] in suppressed_refs:
            row.update(rag=SUPPRESSED, rag_reason="Suppressed: small numbers.", direction=SUPPRESSED, commentary="")
            row["direction_reason"] = "suppressed: small numbers"
            for versus in row["versus"]:
                versus["comparison"] = SUPPRESSED
    for breakdown in content["profile"]:
        for series in breakdown["series"]:
            if not series["counts_children"]:
                continue
            shares = {c: _decimal(breakdown["shares"][c].get(series["name"])) for c in breakdown["categories"]}
            for category, share in suppress_shares(shares, series["cohort_size"]).items():
                if share is None and category in breakdown["shares"]:
                    breakdown["shares"][category][series["name"]] = SUPPRESSED
    public_points = [
        {**point, "text": WITHHELD_POINT, "withheld": True}
        if point.get("ref") in suppressed_refs or text_mentions_small_counts(point["text"])
        else point
        for point in points
    ]
    return content, public_points


def _decimal(text: str | None) -> Decimal | None:
    return None if text in (None, SUPPRESSED) else Decimal(text)


def profile_sections(profile: list[dict]) -> list[dict]:
    """Each breakdown's table rows and grouped bar chart (as Plotly JSON), from plain
    profile data; suppressed shares ('c') show as 'c' and are left out of charts."""
    sections = []
    for table in profile:
        names = [s["name"] for s in table["series"]]
        rows = [(c, [_share_text(table["shares"][c].get(n)) for n in names]) for c in table["categories"]]
        chart = charts.grouped_bar_figure(
            table["categories"],
            [
                charts.BarSeries(s["name"], [_decimal(table["shares"][c].get(s["name"])) for c in table["categories"]])
                for s in table["series"]
                if s["in_charts"]
            ],
            y_title="Per cent of children",
        )
        sections.append(
            {"breakdown": table["breakdown"], "label": table["label"], "series": names, "rows": rows,
             "chart_json": chart.to_json()}
        )  # fmt: skip
    return sections


def _share_text(text: str | None) -> str:
    if text is None:
        return "–"
    if text == SUPPRESSED:
        return SUPPRESSED
    return f"{Decimal(text).normalize():f}%"
