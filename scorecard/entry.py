"""Checking what an officer enters for one indicator in one period, whether typed
into the entry page or read from an uploaded file.

Pure functions, no Django: the form and the file importer both call
`check_entry`, so the rules and their wording are the same everywhere.
Messages are written for a performance officer, not a programmer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from scorecard import figures

DEFAULT_CHANGE_THRESHOLD = Decimal("10")
MAX_COUNT = 2_147_483_647  # the database's integer limit
MAX_VALUE = Decimal("9999999999")
PROVISIONAL = "provisional"
FINAL = "final"
ENTRY_FIELDS = ("numerator", "denominator", "value", "status", "commentary")
MAX_COMMENTARY = 5000


@dataclass(frozen=True)
class IndicatorRules:
    unit: str
    decimals: int
    change_threshold: Decimal = DEFAULT_CHANGE_THRESHOLD


class Previous(NamedTuple):
    """The previous comparable period's figure, as shown, for the change check."""

    label: str
    shown: Decimal


@dataclass(frozen=True)
class Entry:
    numerator: int | None
    denominator: int | None
    value: Decimal | None  # typed only where there are no counts
    status: str = PROVISIONAL
    commentary: str = ""

    @property
    def is_blank(self) -> bool:
        return self.numerator is None and self.denominator is None and self.value is None

    def same_numbers(self, other: Entry | None) -> bool:
        return other is not None and (self.numerator, self.denominator, self.value) == (
            other.numerator,
            other.denominator,
            other.value,
        )

    def figure_value(self, unit: str) -> Decimal | None:
        """The value the figure will hold: computed from its counts, else as typed."""
        if self.numerator is not None:
            return figures.compute_value(self.numerator, self.denominator, unit)
        return self.value


_FORMULA = re.compile(r"^[=@]|^[+-]\s*[A-Za-z(]")


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw != raw:  # NaN from a spreadsheet's empty cell
        return ""
    return str(raw).strip()


_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234 or 12,345.6: commas between thousands
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")  # 30,3 from a semicolon-separated CSV
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+,\d+$")  # 1.234,5: continental thousands and decimals
_LOOKS_GROUPED = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")  # 1,234 or 1.234: a thousand or a fraction?


def parse_number(raw: object, *, decimal_comma: bool = False) -> tuple[Decimal | None, str]:
    """The one place numbers are read, typed or uploaded: '1,234', '82.1', '82.1%'.
    A comma separates thousands only where the grouping is right (1,234 not 1,80);
    a decimal comma (30,3) is read only when `decimal_comma` (a semicolon-separated
    CSV, as continental Excel writes it), where 1,234 or 1.234 is ambiguous and refused.
    Returns (number, '') or (None, why it could not be read); blank is (None, '')."""
    text = _text(raw).removesuffix("%").strip()
    if not text:
        return None, ""
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-").strip() if text[:1] in "+-" else text
    if decimal_comma and _LOOKS_GROUPED.match(digits):
        return None, (
            f"“{text}” could be a whole number in thousands or a decimal: write it without separators "
            f"({digits.replace(',', '').replace('.', '')}), or with a decimal comma and no thousands."
        )
    if _PLAIN.match(digits):
        normal = digits
    elif _THOUSANDS.match(digits):
        normal = digits.replace(",", "")
    elif decimal_comma and _DECIMAL_COMMA.match(digits):
        normal = digits.replace(",", ".")
    elif decimal_comma and _DOT_THOUSANDS.match(digits):
        normal = digits.replace(".", "").replace(",", ".")
    elif "," in digits and re.fullmatch(r"[\d.,]+", digits):
        return None, (
            f"“{text}” has a comma that is not between thousands: use a point for decimals (30.3) "
            "and commas only between groups of three digits (1,234)."
        )
    else:
        return None, f"“{text[:40]}” is not a number."
    try:
        number = Decimal(normal) * sign
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits
        return None, f"“{text[:40]}” is not a number."
    return number, ""


def parse_whole_number(raw: object, name: str, *, decimal_comma: bool = False) -> tuple[int | None, str]:
    """('92' -> 92). Returns (number, '') or (None, message); blank is (None, '')."""
    text = _text(raw)
    if not text:
        return None, ""
    if _FORMULA.match(text):
        return None, f"Enter the {name} as a number, not a formula."
    number, why = parse_number(text, decimal_comma=decimal_comma)
    if why and "," in text:
        return None, why
    if number is None or number != number.to_integral_value():
        return None, f"Enter the {name} as a whole number, like 92."
    if number < 0:
        return None, f"The {name} must be 0 or more."
    if number > MAX_COUNT:
        return None, f"The {name} is too large: the largest allowed is {MAX_COUNT:,}."
    return int(number), ""


def parse_value(raw: object, rules: IndicatorRules, *, decimal_comma: bool = False) -> tuple[Decimal | None, str]:
    text = _text(raw)
    if not text:
        return None, ""
    if _FORMULA.match(text):
        return None, "Enter the value as a number, not a formula."
    number, why = parse_number(text, decimal_comma=decimal_comma)
    if why and ("," in text or "." in text and decimal_comma):
        return None, why
    if number is None:
        example = "192" if rules.unit == figures.COUNT else "32.5"
        return None, f"Enter the value as a number, like {example}."
    if number < 0:
        return None, "The value must be 0 or more."
    if number > MAX_VALUE:
        return None, "The value is too large."
    if rules.unit == figures.COUNT and number != number.to_integral_value():
        return None, "A count is a whole number, like 192."
    if rules.unit == figures.PERCENTAGE and number > 100:
        return None, "A percentage cannot be more than 100."
    return number, ""


def parse_status(raw: object) -> tuple[str, str]:
    text = _text(raw).lower()
    if text in ("", PROVISIONAL):
        return PROVISIONAL, ""
    if text == FINAL:
        return FINAL, ""
    return PROVISIONAL, "Choose provisional or final."


def check_entry(
    raw: Mapping[str, object],
    rules: IndicatorRules,
    previous: Previous | None = None,
    stored: Entry | None = None,
    *,
    decimal_comma: bool = False,
) -> tuple[Entry | None, dict[str, str]]:
    """Read one indicator's entry (numerator, denominator, value, status,
    commentary as typed) and return (entry, {}) or (None, {field: message}).

    `previous` is the previous comparable period's figure, for the check that a big
    change is explained; `stored` is what is saved now: numbers left as they were
    need no new explanation. `decimal_comma`: read 30,3 as 30.3 (a semicolon CSV)."""
    errors: dict[str, str] = {}
    numerator, errors["numerator"] = parse_whole_number(raw.get("numerator"), "numerator", decimal_comma=decimal_comma)
    denominator, errors["denominator"] = parse_whole_number(
        raw.get("denominator"), "denominator", decimal_comma=decimal_comma
    )
    value, errors["value"] = parse_value(raw.get("value"), rules, decimal_comma=decimal_comma)
    status, errors["status"] = parse_status(raw.get("status"))
    commentary = _text(raw.get("commentary"))
    if len(commentary) > MAX_COMMENTARY:
        errors["commentary"] = f"Keep the commentary to {MAX_COMMENTARY:,} characters or fewer."
    errors = {field: message for field, message in errors.items() if message}
    if errors:
        return None, errors

    has_counts = numerator is not None or denominator is not None
    if rules.unit == figures.COUNT:
        errors.update(figures.count_errors(numerator, denominator, rules.unit))
    elif has_counts:
        errors.update(figures.count_errors(numerator, denominator, rules.unit))
        if value is not None and not errors:
            errors["value"] = (
                "Leave the value empty when you enter a numerator and denominator: it is worked out from them."
            )
    entry = Entry(numerator, denominator, value, status, commentary)
    if entry.is_blank and (commentary or status == FINAL):
        errors["value" if rules.unit == figures.COUNT else "numerator"] = (
            "Enter the figure, or leave the whole row empty."
        )
    if errors:
        return None, errors

    change_error = "" if entry.same_numbers(stored) else _unexplained_change(entry, rules, previous)
    if change_error:
        return None, {"commentary": change_error}
    return entry, {}


def _unexplained_change(entry: Entry, rules: IndicatorRules, previous: Previous | None) -> str:
    shown = figures.round_half_up(entry.figure_value(rules.unit), rules.decimals)
    if shown is None or previous is None or entry.commentary:
        return ""
    change = shown - previous.shown
    if abs(change) <= rules.change_threshold:
        return ""
    points = "points" if rules.unit != figures.COUNT else ""
    direction = "higher" if change > 0 else "lower"
    return (
        f"This figure is {figures.format_number(abs(change), rules.decimals)} {points} {direction} than in "
        f"{previous.label} ({figures.format_number(previous.shown, rules.decimals)}). A change of more than "
        f"{rules.change_threshold.normalize():f} {points} needs a commentary explaining it."
    ).replace("  ", " ")


def breakdown_total_error(label: str, shares: list[Decimal]) -> str:
    """A breakdown's percentages must add up to 100, give or take half a point per
    category for rounding: 'Ethnicity adds up to 97%: ...'."""
    total = sum(shares, Decimal(0))
    allowed = Decimal("0.5") * len(shares)
    if abs(total - 100) <= allowed:
        return ""
    return (
        f"{label} adds up to {total.normalize():f}%: it should be 100% (within {allowed.normalize():f} for rounding)."
    )
