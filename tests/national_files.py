"""Synthetic DfE files in the exact shape of the real ones (columns, filter values, symbols,
BOM or not; see national/shapes.py), for every council in DfE's neighbour files: ~155
councils x 5 years makes files of the real size. Deterministic for a seed.

    python -m tests.national_files OUT_DIR            # real-size files, 2021 to 2025
    python -m tests.national_files --small OUT_DIR    # Harrow, its neighbours and London, 2024 and 2025
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

from national import councils, shapes

HAS_BOM = {
    "cla_number_and_rate_per_10k_children": True,
    "la_cla_placement_stability": True,
    "la_conviction_health_outcome_cla": False,
    "la_care_leavers_accommodation_suitability": False,
    "la_care_leavers_activity": True,
    "la_cla_during_year_new_placements": False,
    "la_cla_school_moves": True,
}
REGIONS = {
    "North East": "E12000001", "North West": "E12000002", "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004", "West Midlands": "E12000005", "East of England": "E12000006",
    "London": "E12000007", "South East": "E12000008", "South West": "E12000009",
}  # fmt: skip
# DfE's files also give Inner and Outer London as regions.
SUB_REGIONS = {"Inner London": "E13000001", "Outer London": "E13000002"}
INNER_LONDON = {"201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213"}
LONDON_ORDER = [
    "City of London", "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing",
    "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon",
    "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham", "Merton",
    "Newham", "Redbridge", "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest",
    "Wandsworth", "Westminster",
]  # fmt: skip
TOTALS = {"Total children", "Total all ages", "Total ages 0 to 4 years", "Total ages 5 to 16 years",
          "Total ages 10 to 17 years", "Suitability total", "Total", "Total new placements",
          "Total placements changing"}  # fmt: skip


def new_code(old_code: str, name: str) -> str:
    """ONS's code for London boroughs (E09, in alphabetical order); elsewhere a made-up E99 code."""
    if name in LONDON_ORDER:
        return f"E09{LONDON_ORDER.index(name) + 1:06d}"
    return f"E99000{old_code}"


def councils_in(year: int) -> list[tuple[str, str, str]]:
    """(old code, name, region) of the councils in a year's rows: the 2025 grouping's, the Isles
    of Scilly (in no group), and Cumbria until it was split in April 2023."""
    rows = councils.group_rows()
    names = {r.old_code: r for r in rows[2021]} | {r.old_code: r for r in rows[2025]}
    codes = [r.old_code for r in rows[2025]] + ["906"]
    if year <= 2023:
        codes = [c for c in codes if c not in ("942", "943")] + ["909"]
    result = []
    for code in codes:
        if code == "906":
            result.append(("906", "Isles of Scilly", "South West"))
        else:
            result.append((code, names[code].name, names[code].region))
    return sorted(result, key=lambda c: c[1])


def combinations(shape: shapes.Shape) -> list[dict[str, str]]:
    """Every filter combination DfE's file has (FILES.md): for two filters, the pairs that belong together."""
    filters = list(shape.filters)
    if len(filters) == 1:
        return [{filters[0]: value} for value in shape.filters[filters[0]]]
    if shape.kind == "la_cla_school_moves":
        within = {"CLA on 31 March": "during the year", "CLA 2 years on 31 March": "during the previous 2 years"}
        moves = {"Any moves": "With one or more moves", "Mid-year moves": "With one or more mid-year moves"}
        return [{"cla_group": group, "move_measure": measure, "school_stability": stability}
                for group, when in within.items() for measure, with_moves in moves.items()
                for stability in ("Total children", f"{with_moves} {when}")]  # fmt: skip
    first, second = filters
    location = [b for b in shape.filters.get("breakdown", ()) if b.startswith(("Placed", "Distance"))]
    reasons = [b for b in shape.filters.get("breakdown", ()) if b not in location and not b.startswith("Total")]
    pairs = {
        "la_cla_during_year_new_placements": {
            "Location of new placements during the year": [*location, "Total new placements"],
            "Reason for placement change during the year": [*reasons, "Total placements changing"],
        },
        "la_cla_placement_stability": {
            "CLA 2 years on 31 March": ["Total children", "With 3 or more placements during the previous 2 years"],
            "CLA on 31 March": ["Total children", "With 3 or more placements during the year"],
            "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years": [
                "Living with the same carer for at least 2 years", "Total children"],
        },
        "la_conviction_health_outcome_cla": {
            "Ages 5 to 16 years with SDQ score": ["SDQ average score", "SDQ score is a cause for concern",
                                                  "SDQ score is borderline", "SDQ score is normal",
                                                  "SDQ score was received", "Total ages 5 to 16 years"],
            "Convictions: Children looked after Ages 10 to 17 years": [
                "Convicted or subject to youth cautions, or youth conditional cautions during the year",
                "Total ages 10 to 17 years"],
            "Development assessments: Children looked after ages 0 to 4 years": [
                "Development assessments up to date", "Total ages 0 to 4 years"],
            "Health assessments: Children looked after all ages": [
                "Had their annual health assessment", "Had their immunisations up to date",
                "Had their teeth checked by a dentist", "Total all ages"],
            "Substance misuse: Children looked after all ages": [
                "Identified as having a substance misuse problem", "Offered intervention but refused it",
                "Received an intervention for their substance misuse problem", "Total all ages"],
        },
    }.get(shape.kind)  # fmt: skip
    if pairs is None:  # the care leavers' files: every age with every breakdown
        return [{first: a, second: b} for a in shape.filters[first] for b in shape.filters[second]]
    return [{first: a, second: b} for a, bs in pairs.items() for b in bs]


def geography(year: int, level: str, *, code: str = "", name: str = "", region: str = "") -> dict[str, str]:
    row = dict.fromkeys(shapes.GEOGRAPHY_COLUMNS, "")
    row.update(time_period=str(year), time_identifier="Reporting year", geographic_level=level,
               country_code="E92000001", country_name="England")  # fmt: skip
    if level == "Regional":
        row.update(region_code=REGIONS.get(name) or SUB_REGIONS[name], region_name=name)
    if level == "Local authority":
        row.update(region_code=REGIONS[region], region_name=region, old_la_code=code, la_name=name,
                   new_la_code=new_code(code, name))  # fmt: skip
    return row


def tidy_csv(kind: str, rows: list[dict[str, str]], *, bom: bool | None = None) -> bytes:
    """Rows (geography, filters and measures by column) as DfE writes them."""
    shape = shapes.SHAPES[kind]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(shape.columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in shape.columns})
    prefix = "\ufeff" if (HAS_BOM[kind] if bom is None else bom) else ""
    return (prefix + out.getvalue()).encode("utf-8")


def _la_measures(shape, combo, rng, total) -> dict[str, str]:
    measures = list(shape.measures)
    if shape.kind == "cla_number_and_rate_per_10k_children":
        population = rng.randint(30_000, 120_000)
        count = max(0, int(population * rng.uniform(0.002, 0.012)))
        if combo["population_type"] != "Children looked after on 31 March each year":
            count //= 2
        return {"population_estimate": str(population), "children_count": str(count),
                "rate_per_10000": str(round(count / population * 10000))}  # fmt: skip
    count_column, percent_column = measures
    breakdown = list(combo.values())[-1]
    if breakdown in TOTALS:
        return {count_column: str(total), percent_column: "100"}
    count = int(total * rng.uniform(0.0, 0.95))
    if breakdown.startswith("SDQ average"):
        return {count_column: "z", percent_column: f"{rng.uniform(10, 18):.1f}"}
    if 1 <= count <= 5:
        return {count_column: "c", percent_column: "c"}
    percent = count / total * 100 if total else 0
    return {count_column: str(count), percent_column: "k" if 0 < percent < 0.5 else str(round(percent))}


def _summed(shape, rows: list[dict]) -> dict[str, str]:
    """An area's measures from its councils' rows, rounded to the nearest 10 as DfE rounds national counts."""
    if shape.kind == "cla_number_and_rate_per_10k_children":
        rows = [r for r in rows if r["population_estimate"].isdigit()] or [
            {"population_estimate": "1", "children_count": "0"}
        ]
        population = sum(int(r["population_estimate"]) for r in rows)
        count = sum(int(r["children_count"]) for r in rows)
        return {"population_estimate": str(population), "children_count": str(round(count, -1)),
                "rate_per_10000": str(round(count / population * 10000))}  # fmt: skip
    count_column, percent_column = shape.measures
    counts = [int(r[count_column]) for r in rows if r[count_column].isdigit()]
    totals = [int(r["_total"]) for r in rows if r[count_column].isdigit()]
    if not counts:
        return {count_column: "z", percent_column: rows[0][percent_column] if rows else "z"}
    count, total = sum(counts), sum(totals) or 1
    return {count_column: str(round(count, -1)), percent_column: str(round(count / total * 100))}


def generate(kind: str, *, years=range(2021, 2026), seed: int = 0, only: set[str] | None = None) -> bytes:
    """A whole file: England, the regions and every council (or only those codes), every year and combination."""
    shape = shapes.SHAPES[kind]
    rng = random.Random(f"{kind}-{seed}")
    rows = []
    for year in sorted(years, reverse=True):  # DfE lists the latest year first
        la_rows = []
        for code, name, region in councils_in(year):
            if only is not None and code not in only:
                continue
            group_totals = {}
            for combo in combinations(shape):
                group = list(combo.values())[0]
                total = group_totals.setdefault(group, rng.randint(12, 700))
                row = {**geography(year, "Local authority", code=code, name=name, region=region), **combo,
                       **_la_measures(shape, combo, rng, total), "_total": str(total)}  # fmt: skip
                if rng.random() < 0.01:  # now and then DfE has no figure
                    row.update(dict.fromkeys(shape.measures, "x"))
                la_rows.append(row)
        areas = [("National", "England", lambda r: True)]
        areas += [("Regional", region, lambda r, region=region: r["region_name"] == region) for region in REGIONS]
        areas += [("Regional", "Inner London", lambda r: r["old_la_code"] in INNER_LONDON),
                  ("Regional", "Outer London",
                   lambda r: r["region_name"] == "London" and r["old_la_code"] not in INNER_LONDON)]  # fmt: skip
        for level, name, member in areas:
            for combo in combinations(shape):
                members = [r for r in la_rows if member(r) and all(r[k] == v for k, v in combo.items())]
                if not members and level == "Regional":
                    continue
                rows.append({**geography(year, level, name=name), **combo, **_summed(shape, members)})
        rows.extend(la_rows)
    return tidy_csv(kind, rows)


def small_councils() -> set[str]:
    """Harrow, its 2021 and 2025 neighbours and a few more London boroughs."""
    groups = councils.group_rows()
    harrow = {year: next(r for r in rows if r.old_code == "310") for year, rows in groups.items()}
    codes = {"310", "302", "304", "207", "213"}
    for row in harrow.values():
        codes |= {code for code, _ in row.neighbours}
    return codes


def write_files(folder: Path, *, small: bool = False, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in shapes.SHAPES:
        years = (2024, 2025) if small else range(2021, 2026)
        content = generate(kind, years=years, seed=seed, only=small_councils() if small else None)
        path = folder / f"{kind}.csv"
        path.write_bytes(content)
        paths.append(path)
    return paths


if __name__ == "__main__":
    args = sys.argv[1:]
    small = "--small" in args
    folder = Path([a for a in args if not a.startswith("--")][0])
    for written in write_files(folder, small=small):
        print(f"{written}: {written.stat().st_size:,} bytes")


HEALTH = "Health assessments: Children looked after all ages"
DENTAL = {"characteristic": HEALTH, "breakdown": "Had their teeth checked by a dentist"}
DENTAL_TOTAL = {"characteristic": HEALTH, "breakdown": "Total all ages"}
HEALTH_CHECKS = {"characteristic": HEALTH, "breakdown": "Had their annual health assessment"}


def percent_file(
    values: dict[tuple[int, str], tuple[str, str, str]],
    *,
    kind: str = "la_conviction_health_outcome_cla",
    row_filters: dict[str, str] = DENTAL,
    total_filters: dict[str, str] = DENTAL_TOTAL,
    also: tuple[dict[str, str], ...] = (HEALTH_CHECKS,),
) -> bytes:
    """A small file of one percentage: {(year, area): (count, total, percent)}, the cells as DfE writes
    them (numbers or symbols). The area is England's code, a region's code or a council's old code.
    `also` are rows of other filters given the same cells (a file holds every source's rows)."""
    by_code = {code: (name, region) for year in range(2021, 2026) for code, name, region in councils_in(year)}
    regions = {code: name for name, code in REGIONS.items()}
    count_column, percent_column = shapes.SHAPES[kind].measures
    rows = []
    for (year, area), (count, total, percent) in values.items():
        if area == "E92000001":
            where = geography(year, "National")
        elif area in regions:
            where = geography(year, "Regional", name=regions[area])
        else:
            name, region = by_code[area]
            where = geography(year, "Local authority", code=area, name=name, region=region)
        for filters in (row_filters, *also):
            rows.append({**where, **filters, count_column: count, percent_column: percent})
        rows.append({**where, **total_filters, count_column: total, percent_column: "100"})
    return tidy_csv(kind, rows)
