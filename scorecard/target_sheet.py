"""A year's targets as the admins' page reads and writes them: one row per indicator,
pre-filled from what is stored (or from the year before), phased by quarter where the
indicator builds up through the year, tolerances as a percentage of the target or as
points; each posted row checked, every problem in words with the field it is in.
Pure functions over plain values, no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scorecard import figures, rag
from scorecard.entry import parse_number

QUARTERS = (1, 2, 3, 4)
PERCENT_OF_TARGET = "percent"  # the page's word for rag.RELATIVE: 5 means 0.05 of the target
POINTS = "points"
TOLERANCE_KINDS = {PERCENT_OF_TARGET: "% of the target", POINTS: "points"}
MAX_TARGET = Decimal("9999999")


@dataclass(frozen=True)
class StoredTarget:
    quarter: int | None
    value: Decimal
    tolerance: Decimal
    tolerance_kind: str  # rag.RELATIVE or rag.POINTS


@dataclass(frozen=True)
class IndicatorLine:
    """What the page needs of an indicator."""

    pk: int
    ref: str
    name: str
    unit: str
    polarity: str
    phased: bool  # cumulative: a target for each quarter, building up to the year's


@dataclass(frozen=True)
class TargetSet:
    """One indicator's targets for the year, as saved: {quarter or None: value}."""

    values: dict[int | None, Decimal]
    tolerance: Decimal  # as stored: a fraction of the target, or points
    tolerance_kind: str


def has_target(line: IndicatorLine) -> bool:
    return line.polarity != rag.NO_POLARITY


def field_names(line: IndicatorLine) -> list[str]:
    keys = [f"q{q}" for q in QUARTERS] if line.phased else ["year"]
    return [f"{line.pk}-{key}" for key in keys] + [f"{line.pk}-tolerance", f"{line.pk}-kind"]


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def initial(line: IndicatorLine, stored: list[StoredTarget]) -> dict[str, str]:
    """The row's fields filled from stored targets (this year's, or the year before's)."""
    by_quarter = {t.quarter: t for t in stored}
    data: dict[str, str] = {}
    if line.phased:
        for q in QUARTERS:
            t = by_quarter.get(q) or (by_quarter.get(None) if q == 4 else None)
            data[f"{line.pk}-q{q}"] = _plain(t.value) if t else ""
    else:
        t = by_quarter.get(None) or by_quarter.get(4)
        data[f"{line.pk}-year"] = _plain(t.value) if t else ""
    first = next(iter(sorted(stored, key=lambda t: (t.quarter is not None, t.quarter or 0))), None)
    tolerance, kind = (first.tolerance, first.tolerance_kind) if first else rag.DEFAULT_TOLERANCE
    data[f"{line.pk}-tolerance"] = _plain(tolerance * 100 if kind == rag.RELATIVE else tolerance)
    data[f"{line.pk}-kind"] = PERCENT_OF_TARGET if kind == rag.RELATIVE else POINTS
    return data


def _target(text: str, line: IndicatorLine, what: str) -> tuple[Decimal | None, str]:
    number, why = parse_number(text)
    example = "90" if line.unit == figures.PERCENTAGE else "42.5"
    if number is None:
        return None, f"{line.name}: enter {what} as a number, like {example}."
    if number < 0:
        return None, f"{line.name}: {what} must be 0 or more."
    if line.unit == figures.PERCENTAGE and number > 100:
        return None, f"{line.name}: {what} is a percentage, so it cannot be more than 100."
    if number > MAX_TARGET or number.as_tuple().exponent < -4:
        return None, f"{line.name}: {what} is too large or has more than 4 decimal places."
    return number, ""


def check_row(line: IndicatorLine, data: Mapping[str, str]) -> tuple[TargetSet | None, dict[str, str]]:
    """One indicator's posted fields: its targets (None: no target this year), or
    {field name: problem}. A phased target has all four quarters or none, never falling."""
    errors: dict[str, str] = {}
    keys = [f"q{q}" for q in QUARTERS] if line.phased else ["year"]
    texts = {key: str(data.get(f"{line.pk}-{key}", "")).strip() for key in keys}
    if not any(texts.values()):
        return None, {}
    values: dict[int | None, Decimal] = {}
    if line.phased and not any(texts[f"q{q}"] for q in (1, 2, 3)):
        texts = {"year": texts["q4"]}  # Q4 alone: the year's target, not phased (0 to Q3 would be green)
    for key, text in texts.items():
        quarter = int(key[1]) if key.startswith("q") else None
        field = f"{line.pk}-{key if quarter or not line.phased else 'q4'}"
        what = f"the Q{quarter} target" if quarter else "the target"
        if not text:
            errors[field] = (
                f"{line.name}: enter {what} too, or only Q4 for one target for the year, or none for no target."
            )
            continue
        value, why = _target(text, line, what)
        if why:
            errors[field] = why
        else:
            values[quarter] = value
    if line.phased and None not in values and not errors:
        for q in (2, 3, 4):
            if values[q] < values[q - 1]:
                now, before = _plain(values[q]), _plain(values[q - 1])
                errors[f"{line.pk}-q{q}"] = (
                    f"{line.name}: the Q{q} target ({now}) is below Q{q - 1}'s ({before}); "
                    "a year-to-date target builds up through the year."
                )
    kind = str(data.get(f"{line.pk}-kind", PERCENT_OF_TARGET))
    if kind not in TOLERANCE_KINDS:
        errors[f"{line.pk}-kind"] = f"{line.name}: choose whether the tolerance is a % of the target or points."
    tolerance_text = str(data.get(f"{line.pk}-tolerance", "")).strip()
    tolerance, why = parse_number(tolerance_text) if tolerance_text else (None, "")
    if tolerance is None:
        errors[f"{line.pk}-tolerance"] = f"{line.name}: enter the tolerance as a number, like 5 (or 0 for none)."
    elif tolerance < 0:
        errors[f"{line.pk}-tolerance"] = f"{line.name}: the tolerance must be 0 or more."
    elif kind == PERCENT_OF_TARGET and tolerance > 100:
        errors[f"{line.pk}-tolerance"] = f"{line.name}: a tolerance of more than 100% of the target is no target."
    elif tolerance.as_tuple().exponent < -2:
        errors[f"{line.pk}-tolerance"] = f"{line.name}: give the tolerance to at most 2 decimal places."
    if errors:
        return None, errors
    stored_tolerance = tolerance / 100 if kind == PERCENT_OF_TARGET else tolerance
    return TargetSet(values, stored_tolerance, rag.RELATIVE if kind == PERCENT_OF_TARGET else rag.POINTS), {}


def describe(targets: TargetSet, line: IndicatorLine) -> str:
    """'90%; amber within 5% of the target' or 'Q1 2.5%, Q2 5%, Q3 7.5%, Q4 10%; ...'."""
    suffix = figures.unit_suffix(line.unit)
    if None not in targets.values:
        text = ", ".join(f"Q{q} {_plain(targets.values[q])}{suffix}" for q in QUARTERS)
    else:
        text = f"{_plain(targets.values[None])}{suffix}"
    tolerance = rag.Tolerance(targets.tolerance, targets.tolerance_kind).describe()
    return f"{text}; amber within {tolerance}"
