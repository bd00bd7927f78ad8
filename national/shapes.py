"""The DfE files that carry our indicators, as Explore Education Statistics
publishes them: their columns, filters and measures. A file is recognised by its
columns. Pure data and functions: no Django."""

from __future__ import annotations

from dataclasses import dataclass

GEOGRAPHY_COLUMNS = (
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
    "region_name", "old_la_code", "la_name", "new_la_code",
)  # fmt: skip
LEVELS = ("National", "Regional", "Local authority")
# DfE's symbols for a number it does not give (its "symbols" guidance).
SYMBOLS = {
    "c": "suppressed", "x": "not available", "z": "not applicable", "k": "rounds to 0", "low": "low",
    "u": "low reliability",
}  # fmt: skip


@dataclass(frozen=True)
class Shape:
    kind: str  # DfE's file name without .csv
    title: str
    filters: dict[str, tuple[str, ...]]  # filter column -> every value DfE uses
    measures: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return GEOGRAPHY_COLUMNS + tuple(self.filters) + self.measures


_CLA = "Children looked after on 31 March each year"
_HEALTH = "Health assessments: Children looked after all ages"
_STABLE = "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"
_ACTIVITY = (
    "Education other than higher education", "Higher education i.e. studies beyond A level", "In an apprenticeship",
    "In training or employment", "In training or employment (excl. apprenticeship)",
    "Not in education, training or employment, owing to illness or disability",
    "Not in education, training or employment, owing to other reasons",
    "Not in education, training or employment, owing to pregnancy or parenting", "Total",
    "Total in education, employment or training", "Total information not known",
    "Total not in education, employment or training",
)  # fmt: skip

_NEW_PLACEMENTS = (
    "Allegation (s47)", "Approval removed", "Carer requests placement end other than due to child's behaviour",
    "Carer requests placement ends due to child's behaviour", "Change in the status of a placement only",
    "Change to/implementation of care plan", "Child requests placement to end", "Custody arrangement",
    "Distance not known or not recorded", "Other", "Placed inside LA boundary less than 20 miles from home",
    "Placed inside LA boundary more than 20 miles from home", "Placed outside LA boundary less than 20 miles from home",
    "Placed outside LA boundary more than 20 miles from home", "Resignation or closure of provision",
    "Responsible/area authority requests placement ends", "Standards of care concern", "Total new placements",
    "Total placements changing",
)  # fmt: skip

SHAPES: dict[str, Shape] = {
    shape.kind: shape
    for shape in [
        Shape(
            "cla_number_and_rate_per_10k_children",
            "Children looked after: number and rate per 10,000 children",
            {"population_type": ("Children ceasing to be looked after each year", _CLA,
                                 "Children starting to be looked after each year")},
            ("population_estimate", "children_count", "rate_per_10000"),
        ),
        Shape(
            "la_cla_placement_stability",
            "Children looked after: placement stability",
            {
                "cla_group": ("CLA 2 years on 31 March", "CLA on 31 March", _STABLE),
                "placement_stability": ("Total children", "With 3 or more placements during the previous 2 years",
                                        "With 3 or more placements during the year",
                                        "Living with the same carer for at least 2 years"),
            },
            ("children_count", "children_percent"),
        ),
        Shape(
            "la_conviction_health_outcome_cla",
            "Children looked after for 12 months: convictions, health and outcomes",
            {
                "characteristic": (
                    "Ages 5 to 16 years with SDQ score", "Convictions: Children looked after Ages 10 to 17 years",
                    "Development assessments: Children looked after ages 0 to 4 years", _HEALTH,
                    "Substance misuse: Children looked after all ages",
                ),
                "breakdown": (
                    "SDQ average score", "SDQ score is a cause for concern", "SDQ score is borderline",
                    "SDQ score is normal", "SDQ score was received", "Total ages 5 to 16 years",
                    "Convicted or subject to youth cautions, or youth conditional cautions during the year",
                    "Total ages 10 to 17 years", "Development assessments up to date", "Total ages 0 to 4 years",
                    "Had their annual health assessment", "Had their immunisations up to date",
                    "Had their teeth checked by a dentist", "Total all ages",
                    "Identified as having a substance misuse problem", "Offered intervention but refused it",
                    "Received an intervention for their substance misuse problem",
                ),
            },
            ("children_count", "children_percent"),
        ),
        Shape(
            "la_care_leavers_accommodation_suitability",
            "Care leavers: suitability of accommodation",
            {
                "care_leaver_age": ("17 to 18 years", "19 to 21 years"),
                "breakdown": ("Accommodation considered suitable", "Accommodation considered unsuitable",
                              "No information", "Suitability total"),
            },
            ("care_leaver_count", "care_leaver_percent"),
        ),
        Shape(
            "la_care_leavers_activity",
            "Care leavers: activity (education, employment or training)",
            {"care_leaver_age": ("17 to 18 years", "19 to 21 years"), "breakdown": _ACTIVITY},
            ("care_leaver_count", "care_leaver_percent"),
        ),
        Shape(
            "la_cla_during_year_new_placements",
            "Children looked after: new placements in the year (distance from home, reasons for change)",
            {
                "characteristic": ("Location of new placements during the year",
                                   "Reason for placement change during the year"),
                "breakdown": _NEW_PLACEMENTS,
            },
            ("children_count", "children_percent"),
        ),
        Shape(
            "la_cla_school_moves",
            "Children looked after: school moves",
            {
                "cla_group": ("CLA 2 years on 31 March", "CLA on 31 March"),
                "move_measure": ("Any moves", "Mid-year moves"),
                "school_stability": ("Total children", "With one or more mid-year moves during the previous 2 years",
                                     "With one or more mid-year moves during the year",
                                     "With one or more moves during the previous 2 years",
                                     "With one or more moves during the year"),
            },
            ("number", "percentage"),
        ),
    ]
}  # fmt: skip
KIND_CHOICES = [(shape.kind, f"{shape.kind}.csv") for shape in SHAPES.values()]


def recognise(columns: list[str], values: dict[str, set[str]] | None = None) -> tuple[Shape | None, str]:
    """The shape whose columns the file has (any order, other columns allowed), or None
    and a message naming what is missing from the nearest shape. Where two shapes have
    the same columns (the care leavers' files), the filter values in the file (`values`,
    by column) decide."""
    present = {column.strip().lower() for column in columns}
    missing_geography = [c for c in GEOGRAPHY_COLUMNS if c not in present]
    if missing_geography:
        return None, (
            "This is not one of DfE's Explore Education Statistics files: it has no "
            f"{_names(missing_geography)} column{'s' if len(missing_geography) > 1 else ''}."
        )
    matching, nearest = [], None
    for shape in SHAPES.values():
        missing = [c for c in (*shape.filters, *shape.measures) if c not in present]
        if not missing:
            matching.append(shape)
        elif nearest is None or len(missing) < len(nearest[1]):
            nearest = (shape, missing)
    if len(matching) > 1 and values is not None:
        matching.sort(key=lambda shape: -_known_share(shape, values))
    if matching:
        return matching[0], ""
    shape, missing = nearest
    known = ", ".join(f"{s.kind}.csv" for s in SHAPES.values())
    return None, (
        f"The columns are not those of any file we load ({known}). Nearest is {shape.kind}.csv, "
        f"which also has {_names(missing)}."
    )


def _known_share(shape: Shape, values: dict[str, set[str]]) -> float:
    found = [(column, value) for column in shape.filters for value in values.get(column, set())]
    return sum(value in shape.filters[column] for column, value in found) / max(1, len(found))


def unknown_filter_values(shape: Shape, values: dict[str, set[str]]) -> dict[str, list[str]]:
    """Filter values in the file that DfE's file of this kind does not use, by column."""
    unknown = {column: sorted(values.get(column, set()) - set(known)) for column, known in shape.filters.items()}
    return {column: found for column, found in unknown.items() if found}


def source_errors(shape: Shape, *, row_filters: dict, denominator_filters: dict, columns: dict) -> dict[str, str]:
    """What is wrong with a source definition for `shape`, by field; empty when it is right."""
    errors = {}
    for field, filters, required in (("row_filters", row_filters, True),
                                     ("denominator_filters", denominator_filters, False)):  # fmt: skip
        if not filters and not required:
            continue
        if not isinstance(filters, dict):
            errors[field] = 'Give the filter values by column, like {"breakdown": "Total"}.'
            continue
        problems = []
        if set(filters) != set(shape.filters):
            problems.append(f"give a value for each of the file's filter columns: {_names(list(shape.filters))}")
        for column, value in filters.items():
            # A list of values sums their rows (DfE's inside and outside the council's area, say).
            values = value if isinstance(value, list) and value else [value]
            for one in values:
                if column in shape.filters and one not in shape.filters[column]:
                    problems.append(f"“{one}” is not a value of {column}")
        if problems:
            text = "; ".join(problems)
            errors[field] = text[:1].upper() + text[1:] + "."
    for field, column in columns.items():
        if column and column not in shape.measures:
            errors[field] = f"“{column}” is not a measure of this file: it has {_names(list(shape.measures))}."
    if not columns.get("value_column"):
        errors["value_column"] = f"Choose the measure column with the figure: one of {_names(list(shape.measures))}."
    return errors


def _names(columns: list[str]) -> str:
    quoted = [f"“{c}”" for c in columns]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
