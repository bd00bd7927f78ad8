"""Writes fixtures/march_2024_scorecard.json from the March 2024 deck's table,
typed in below cell by cell. Run once when the transcription changes:

    python tools/build_march_2024_fixture.py

The JSON is what loaddata reads; tests/test_fixtures.py checks every cell of the
loaded data against the deck itself (fixtures/source/march-2024-scorecard.txt).
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scorecard.figures import compute_value, round_half_up  # noqa: E402
from scorecard.periods import PeriodKey, period_dates  # noqa: E402

NP, NA = "Not Published", "Not Applicable"

# How each indicator's key point reads after its number.
STATEMENTS = {
    "1": "children were looked after at the end of the quarter",
    "2": "care leavers were supported at the end of the quarter",
    "3": "children in every 10,000 under 18 were looked after",
    "4": "of children looked after had their reviews on time",
    "5": "of children looked after had three or more placements in the year",
    "6": "of children looked after for 2.5 years or more had been in the same placement for 2 years",
    "7": "of care leavers aged 19 to 21 were in suitable accommodation",
    "8": "of care leavers aged 19 to 21 were not in education, employment or training",
    "9": "of children looked after for a year or more had up-to-date dental checks",
    "10": "of children looked after for a year or more had up-to-date health checks",
    "11": "of children who left care were adopted",
    "12": "of children who left care did so through a special guardianship order",
    "13": "of children looked after were placed more than 20 miles from home",
    "14": "of children looked after had at least one missing episode in the year",
}
PHASED = {1: "2.5", 2: "5", 3: "7.5", 4: "10"}

# ref, short name, theme, unit, polarity, measure type, definition
INDICATORS = [
    (
        "1",
        "Children looked after",
        "population",
        "count",
        "none",
        "snapshot",
        "Number of children looked after by the council on the last day of the quarter.",
    ),
    (
        "2",
        "Care leavers",
        "care_leavers",
        "count",
        "none",
        "snapshot",
        "Number of care leavers the council supports on the last day of the quarter.",
    ),
    (
        "3",
        "Rate of children looked after",
        "population",
        "rate_per_10000",
        "none",
        "snapshot",
        "Children looked after on the last day of the period per 10,000 children under 18 living in the borough.",
    ),
    (
        "4",
        "Reviews on time",
        "care_planning",
        "percentage",
        "higher",
        "snapshot",
        "Children looked after whose latest looked-after review was held within the statutory timescale, "
        "as a percentage of children looked after who were due a review.",
    ),
    (
        "5",
        "Three or more placements",
        "placements",
        "percentage",
        "lower",
        "cumulative",
        "Children looked after at the period end who have had three or more placements since 1 April, "
        "as a percentage of all children looked after. Builds up through the year, so targets are phased by quarter.",
    ),
    (
        "6",
        "Long-term placement stability",
        "placements",
        "percentage",
        "higher",
        "snapshot",
        "Children under 16 looked after for 2.5 years or more who have lived in the same placement for at least "
        "2 years, as a percentage of all children under 16 looked after for 2.5 years or more.",
    ),
    (
        "7",
        "Care leavers in suitable accommodation",
        "care_leavers",
        "percentage",
        "higher",
        "cumulative",
        "Care leavers aged 19 to 21 in suitable accommodation, as a percentage of care leavers aged 19 to 21 "
        "whose birthday fell in the year to date.",
    ),
    (
        "8",
        "Care leavers not in education, employment or training",
        "care_leavers",
        "percentage",
        "lower",
        "cumulative",
        "Care leavers aged 19 to 21 not in education, employment or training (NEET), as a percentage of care "
        "leavers aged 19 to 21 whose birthday fell in the year to date.",
    ),
    (
        "9",
        "Dental checks",
        "health",
        "percentage",
        "higher",
        "rolling_12_months",
        "Children looked after continuously for 12 months or more whose teeth were checked by a dentist in the "
        "last 12 months, as a percentage of all children looked after for 12 months or more.",
    ),
    (
        "10",
        "Health checks",
        "health",
        "percentage",
        "higher",
        "rolling_12_months",
        "Children looked after continuously for 12 months or more whose annual health assessment is up to date, "
        "as a percentage of all children looked after for 12 months or more.",
    ),
    (
        "11",
        "Adopted",
        "permanence",
        "percentage",
        "higher",
        "cumulative",
        "Children who ceased to be looked after in the year to date because they were adopted, as a percentage "
        "of all children who ceased to be looked after.",
    ),
    (
        "12",
        "Special guardianship orders",
        "permanence",
        "percentage",
        "higher",
        "cumulative",
        "Children who ceased to be looked after in the year to date because a special guardianship order was "
        "made, as a percentage of all children who ceased to be looked after.",
    ),
    (
        "13",
        "Placed more than 20 miles from home",
        "placements",
        "percentage",
        "lower",
        "snapshot",
        "Children looked after at the period end placed more than 20 miles from the home they were removed "
        "from, as a percentage of children looked after with a known home postcode.",
    ),
    (
        "14",
        "Children with a missing episode",
        "safeguarding",
        "percentage",
        "lower",
        "cumulative",
        "Children looked after at any time in the year to date (current and ceased) who had at least one "
        "missing episode, as a percentage of all children looked after in the year to date.",
    ),
]

# The deck's table, column by column: description, SN 2021/22, England 2021/22,
# Harrow 2020-21, 2021-22, 2022-23, target (2022/23 heading), Q1, Q2, Q3 2023-24.
DECK = {
    "1": ("Number of current CLA at end of quarter", NA, NA, "182", "188", "179", None, "192", "191", "180"),
    "2": ("Number of current Care Leavers at end of quarter", NP, NP, "183", "189", "186", None, "185", "187", "188"),
    "3": (
        "Rate of CLA per 10,000 children aged under 18",
        "42.7",
        "70.0",
        "30.0",
        "31.5",
        "29.8",
        None,
        "32.0",
        "31.8",
        "30.6",
    ),
    "4": (
        "Timeliness of Reviews of Looked After Children",
        NP,
        NP,
        "97.1",
        "89.8",
        "68.8",
        "95",
        "94.6 (174/184)",
        "90 (162/180)",
        "89.4 (161/180)",
    ),
    "5": (
        "% of CLA with 3 or more placements",
        "10.0",
        "9.0",
        "10.0",
        "13.8",
        "9.5",
        PHASED,
        "1 (2/192)",
        "2.6 (5/191)",
        "3.3 (6/180)",
    ),
    "6": (
        "% of CLA looked after for 2.5+ years and in the same placement for 2 years",
        "69.5",
        "70.0",
        "81.0",
        "68.4",
        "66.7",
        "70",
        "69.2 (27/39)",
        "82.1 (32/39)",
        "79.5 (31/39)",
    ),
    "7": (
        "% of Care Leavers in suitable accommodation (19 - 21 year olds)",
        "86.4",
        "88.0",
        "82.1",
        "89.9",
        "90.1",
        "90",
        "96.6 (28/29)",
        "96.8 (61/63)",
        "93.6 (88/94)",
    ),
    "8": (
        "% of Care Leavers not in education, employment or training (19 - 21 year olds)",
        "35.0",
        "38.0",
        "40.0",
        "27.6",
        "28.2",
        "35",
        "34.5 (10/29)",
        "34.9 (22/63)",
        "35.1 (33/94)",
    ),
    "9": (
        "% of CLA who are looked after 1 yr + with up to date Dental Checks (rolling year)",
        "75.0",
        "70.0",
        "73.0",
        "91.5",
        "91.1",
        "90",
        "82.1 (92/112)",
        "83.3 (90/108)",
        "80.9 (89/110)",
    ),
    "10": (
        "% of CLA who are looked after 1 yr + with up to date Health Checks (rolling year)",
        "93.0",
        "89.0",
        "99.0",
        "99.1",
        "91.1",
        "95",
        "91.1 (102/112)",
        "90.7 (98/108)",
        "90.9 (100/110)",
    ),
    "11": (
        "% of children who ceased to be looked after who were adopted",
        "9.0",
        "10.0",
        "4.3",
        "3.8",
        "3.5",
        None,
        "4.8 (1/21)",
        "3.8 (2/53)",
        "3.8 (2/53)",
    ),
    "12": (
        "% Children who ceased to be looked due to a Special Guardianship Order",
        "10.0",
        "13.0",
        "19.1",
        "14.3",
        "8.8",
        None,
        "9.5 (2/21)",
        "3.8 (2/53)",
        "7.5 (4/53)",
    ),
    "13": (
        "% of CLA placed more than 20 miles away from home (snapshot)",
        "21.0",
        "16.0",
        "20.0",
        "16.0",
        "16.2",
        "20",
        "20.5 (31/151)",
        "18.5 (27/146)",
        "21.4 (31/146)",
    ),
    "14": (
        "% of all CLA (current and ceased) with at least 1 missing episode in year",
        "13.0",
        "11.0",
        "9.0",
        "8.8",
        "8.2",
        PHASED,
        "7.5 (16/213)",
        "8.6 (21/244)",
        "11.8 (30/255)",
    ),
}

OUTTURN_YEARS = [2020, 2021, 2022]
QUARTERS = [PeriodKey(2023, 1), PeriodKey(2023, 2), PeriodKey(2023, 3)]
# The deck heads its target column "Harrow target 2022/23"; the panel applied it
# to the 2023-24 quarters (minutes, autumn 2023), so it stands for both years.
TARGET_YEARS = [2022, 2023]
COMPARATOR_YEAR = 2021

DEMOGRAPHICS = {
    "series": ["Harrow latest", "Harrow 2023", "Harrow population", "SN average 2023"],
    "ethnicity": [
        ("White", 26, 30, 27, 36),
        ("Mixed", 23, 21, 9, 20),
        ("Asian", 19, 25, 49, 15),
        ("Black", 16, 13, 9, 18),
        ("Other", 16, 11, 6, 12),
    ],
    "age": [
        ("Under 1", 11, 2, 6, 5),
        ("1 to 4", 7, 9, 24, 10),
        ("5 to 9", 12, 11, 29, 12),
        ("10 to 15", 29, 32, 31, 34),
        ("16-plus", 41, 46, 10, 40),
    ],
    "gender": [("Male", 59, 61, 51, 61), ("Female", 41, 39, 49, 39)],
}

CELL = re.compile(r"^([\d.]+)(?: \((\d+)/(\d+)\))?$")


def build() -> list[dict]:
    objects: list[dict] = []
    period_pk: dict[PeriodKey, int] = {}
    for pk, key in enumerate([PeriodKey(y, None) for y in OUTTURN_YEARS] + QUARTERS, start=1):
        start, end = period_dates(key)
        period_pk[key] = pk
        objects.append(
            {
                "model": "scorecard.period",
                "pk": pk,
                "fields": {
                    "financial_year": key.financial_year,
                    "quarter": key.quarter,
                    "start_date": start.isoformat(),
                    "end_date": end.isoformat(),
                },
            }
        )

    objects += [
        {
            "model": "scorecard.comparator",
            "pk": 1,
            "fields": {
                "name": "Statistical neighbours",
                "short_name": "SN",
                "sentence_name": "statistical-neighbour",
                "statistic": "mean",
                "display_order": 1,
            },
        },
        {
            "model": "scorecard.comparator",
            "pk": 2,
            "fields": {
                "name": "England",
                "short_name": "England",
                "sentence_name": "England",
                "statistic": "national",
                "display_order": 2,
            },
        },
    ]

    figure_pk = target_pk = comparator_value_pk = 0
    for order, (ref, short, theme, unit, polarity, measure, definition) in enumerate(INDICATORS, start=1):
        description, sn, england, *outturns, target, q1, q2, q3 = DECK[ref]
        decimals = 0 if unit == "count" else 1
        indicator_pk = int(ref)
        objects.append(
            {
                "model": "scorecard.indicator",
                "pk": indicator_pk,
                "fields": {
                    "ref": ref,
                    "short_name": short,
                    "description": description,
                    "theme": theme,
                    "unit": unit,
                    "polarity": polarity,
                    "measure_type": measure,
                    "decimals": decimals,
                    "display_order": order,
                    "is_active": True,
                    "definition": definition,
                    "statement": STATEMENTS[ref],
                },
            }
        )

        for comparator_pk, cell in ((1, sn), (2, england)):
            comparator_value_pk += 1
            status = {NP: "not_published", NA: "not_applicable"}.get(cell, "published")
            objects.append(
                {
                    "model": "scorecard.comparatorvalue",
                    "pk": comparator_value_pk,
                    "fields": {
                        "indicator": indicator_pk,
                        "comparator": comparator_pk,
                        "year": COMPARATOR_YEAR,
                        "value": cell if status == "published" else None,
                        "status": status,
                    },
                }
            )

        cells = list(zip([PeriodKey(y, None) for y in OUTTURN_YEARS], outturns, strict=True)) + list(
            zip(QUARTERS, (q1, q2, q3), strict=True)
        )
        for key, cell in cells:
            published, numerator, denominator = CELL.match(cell).groups()
            numerator = int(numerator) if numerator else None
            denominator = int(denominator) if denominator else None
            computed = compute_value(numerator, denominator, unit)
            published_value = None
            if computed is not None and round_half_up(computed, decimals) != Decimal(published):
                published_value = published
            figure_pk += 1
            objects.append(
                {
                    "model": "scorecard.figure",
                    "pk": figure_pk,
                    "fields": {
                        "indicator": indicator_pk,
                        "period": period_pk[key],
                        "numerator": numerator,
                        "denominator": denominator,
                        "value": str(computed if computed is not None else Decimal(published)),
                        "published_value": published_value,
                        "status": "final" if key.quarter is None else "provisional",
                        "commentary": "",
                        "version": 1,
                        "updated_at": "2024-03-01T09:00:00Z",
                        "updated_by": None,
                    },
                }
            )

        for year in TARGET_YEARS:
            phases = target.items() if isinstance(target, dict) else [(None, target)] if target else []
            for quarter, value in phases:
                target_pk += 1
                objects.append(
                    {
                        "model": "scorecard.target",
                        "pk": target_pk,
                        "fields": {
                            "indicator": indicator_pk,
                            "financial_year": year,
                            "quarter": quarter,
                            "value": value,
                            "tolerance": "0.05",
                            "tolerance_kind": "relative",
                        },
                    }
                )

    share_pk = 0
    for order, name in enumerate(DEMOGRAPHICS["series"], start=1):
        objects.append(
            {
                "model": "scorecard.demographicseries",
                "pk": order,
                "fields": {
                    "name": name,
                    "display_order": order,
                    "in_charts": name != "Harrow 2023",
                    "counts_children": name.startswith("Harrow ") and name != "Harrow population",
                },
            }
        )
    for breakdown in ("ethnicity", "age", "gender"):
        for category_order, (category, *percentages) in enumerate(DEMOGRAPHICS[breakdown], start=1):
            for series_pk, percentage in enumerate(percentages, start=1):
                share_pk += 1
                objects.append(
                    {
                        "model": "scorecard.demographicshare",
                        "pk": share_pk,
                        "fields": {
                            "series": series_pk,
                            "breakdown": breakdown,
                            "category": category,
                            "category_order": category_order,
                            "percentage": str(percentage),
                        },
                    }
                )
    return objects


if __name__ == "__main__":
    path = ROOT / "fixtures" / "march_2024_scorecard.json"
    path.write_text(json.dumps(build(), indent=1) + "\n")
    print(f"Wrote {path.relative_to(ROOT)}")
