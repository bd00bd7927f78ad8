"""Reading DfE's tidy CSVs: recognise the file by its columns, pick each indicator's rows
by its source's filter values, read numbers and DfE's symbols, and say what is wrong
(row, column, value) so that nothing is loaded unless all of it is right. pandas only:
no ORM, no HTTP."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pandas as pd

from national import shapes
from scorecard.importers.files import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024  # DfE's largest of ours is 3.3 MB
MAX_ROWS = 200_000  # the largest has 20,040
_AREA_COLUMN = {"National": "country_code", "Regional": "region_code", "Local authority": "old_la_code"}


@dataclass(frozen=True)
class SourceSpec:
    """An indicator's source (national.models.IndicatorSource) as plain data."""

    ref: str
    kind: str
    row_filters: dict[str, str | list[str]]  # a list of values sums their rows
    value_column: str
    count_column: str = ""
    denominator_filters: dict[str, str] = field(default_factory=dict)
    denominator_column: str = ""


@dataclass(frozen=True)
class ValueRow:
    ref: str
    year: int  # time_period: the year ending 31 March
    level: str
    area_code: str
    name: str
    new_code: str
    region_code: str
    region_name: str
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    status: str  # "value" or DfE's symbol
    row: int  # the file's row (the header is row 1)


@dataclass
class ReadFile:
    name: str
    checksum: str
    shape: shapes.Shape | None = None
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return 0 if self.frame is None else len(self.frame)


def read_national_file(name: str, content: bytes) -> ReadFile:
    """The file as text cells, recognised; problems when it cannot be read or is not one of ours."""
    read = ReadFile(name, hashlib.sha256(content).hexdigest())
    if len(content) > MAX_FILE_BYTES:
        read.problems.append(Problem(f"The file is larger than {MAX_FILE_BYTES >> 20} MB; DfE's files are smaller."))
        return read
    if not name.lower().endswith(".csv"):
        read.problems.append(Problem("Upload DfE's files as they are downloaded: CSV files (.csv)."))
        return read
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        read.problems.append(Problem("The file is not UTF-8 text, as DfE's CSV files are."))
        return read
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, nrows=MAX_ROWS + 1,
            skipinitialspace=True,
        )  # fmt: skip
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        read.problems.append(Problem(f"The file could not be read as CSV: {str(error).splitlines()[0]}"))
        return read
    if len(frame) > MAX_ROWS:
        read.problems.append(Problem(f"The file has more than {MAX_ROWS:,} rows; DfE's files have fewer."))
        return read
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    filter_columns = {c for shape in shapes.SHAPES.values() for c in shape.filters if c in frame.columns}
    values = {column: set(frame[column].unique()) for column in filter_columns}
    shape, message = shapes.recognise(list(frame.columns), values)
    if shape is None:
        read.problems.append(Problem(message))
        return read
    read.shape, read.frame = shape, frame
    for column, unknown in shapes.unknown_filter_values(shape, values).items():
        first = int(frame.index[frame[column].isin(unknown)][0]) + 2
        read.problems.append(
            Problem(
                f"{column} has values DfE's {shape.kind}.csv does not use: {_quoted(unknown)}. Expected "
                f"{_quoted(list(shape.filters[column]))}.",
                row=first,
                column=column,
            )  # fmt: skip
        )
    levels = set(frame["geographic_level"].unique()) - set(shapes.LEVELS)
    if levels:
        first = int(frame.index[frame["geographic_level"].isin(levels)][0]) + 2
        read.problems.append(
            Problem(
                f"Unknown geographic_level {_quoted(sorted(levels))}: expected National, Regional or Local authority.",
                row=first,
                column="geographic_level",
            )  # fmt: skip
        )
    return read


def extract_values(read: ReadFile, sources: list[SourceSpec]) -> tuple[list[ValueRow], list[Problem]]:
    """Every area's value for each source's indicator and each year in the file."""
    frame, shape = read.frame, read.shape
    if not sources:
        return [], [
            Problem(f"No indicator takes its figures from {shape.kind}.csv: an admin sets up its source first.")
        ]
    problems: list[Problem] = []
    rows: list[ValueRow] = []
    for source in sources:
        missing = _missing_filter_values(frame, source)
        if missing:
            problems.extend(missing)
            continue
        rows.extend(_source_values(frame, source, problems))
    return rows, problems


def _missing_filter_values(frame: pd.DataFrame, source: SourceSpec) -> list[Problem]:
    problems = []
    for filters in (source.row_filters, source.denominator_filters):
        for column, wanted in filters.items():
            for value in _values(wanted):
                problems.extend(_missing_value(frame, source, column, value))
    for column in (source.value_column, source.count_column, source.denominator_column):
        if column and column not in frame.columns:
            problems.append(Problem(f"Indicator {source.ref}'s source reads column “{column}”, which this file "
                                    "does not have.", column=column))  # fmt: skip
    return problems


def _values(wanted) -> list[str]:
    """A filter's value, or the values whose rows are summed."""
    return list(wanted) if isinstance(wanted, list) else [wanted]


def _missing_value(frame: pd.DataFrame, source: SourceSpec, column: str, value: str) -> list[Problem]:
    if column not in frame.columns:
        return [Problem(f"Indicator {source.ref}'s source filters on column “{column}”, which this file does "
                        "not have.", column=column)]  # fmt: skip
    if (frame[column] == value).any():
        return []
    found = sorted(frame[column].unique())
    return [
        Problem(
            f"Indicator {source.ref}'s source needs rows where {column} is “{value}”; this file has none. Its "
            f"{column} values are {_quoted(found)}.",
            column=column,
        )
    ]


def _select(frame: pd.DataFrame, filters: dict[str, str]) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in filters.items():
        mask &= frame[column].isin(value) if isinstance(value, list) else frame[column] == value
    return frame[mask]


def _summed(chosen: pd.DataFrame, source: SourceSpec) -> pd.DataFrame:
    """Where a source sums rows (a list of filter values), one row per year and area: each
    measure the sum of its parts, or the first part's symbol where a part has none."""
    if not any(isinstance(v, list) for v in source.row_filters.values()):
        return chosen
    columns = [c for c in (source.value_column, source.count_column) if c]
    keys = chosen["time_period"] + "|" + _area_codes(chosen)
    first = chosen[~keys.duplicated()].copy()
    for column in columns:
        sums: dict[str, Decimal | None] = {}
        symbols: dict[str, str] = {}
        for key, text in zip(keys, chosen[column], strict=True):
            text = text.strip().replace(",", "")
            try:
                number = Decimal(text) if text else None
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                symbols.setdefault(key, text or "x")
            elif key not in symbols:
                sums[key] = sums.get(key, Decimal(0)) + number
        first[column] = [symbols.get(key) or f"{sums.get(key, Decimal(0)):f}" for key in keys[~keys.duplicated()]]
    return first


def _area_codes(frame: pd.DataFrame) -> pd.Series:
    codes = frame["old_la_code"].where(frame["geographic_level"] == "Local authority", "")
    codes = codes.where(frame["geographic_level"] != "Regional", frame["region_code"])
    return codes.where(frame["geographic_level"] != "National", frame["country_code"]).str.strip()


def _source_values(frame: pd.DataFrame, source: SourceSpec, problems: list[Problem]) -> list[ValueRow]:
    chosen = _summed(_select(frame, source.row_filters), source)
    keys = list(zip(chosen["time_period"], _area_codes(chosen), strict=True))
    totals: dict[tuple[str, str], tuple[str, int]] = {}
    if source.denominator_filters and source.denominator_column:
        denominators = _select(frame, source.denominator_filters)
        for key, cell, index in zip(
            zip(denominators["time_period"], _area_codes(denominators), strict=True),
            denominators[source.denominator_column], denominators.index, strict=True,
        ):  # fmt: skip
            totals[key] = (cell, int(index) + 2)
    seen: dict[tuple[str, str], int] = {}
    rows = []
    for (year_text, code), index, record in zip(keys, chosen.index, chosen.to_dict("records"), strict=True):
        row = int(index) + 2
        year = _year(year_text)
        if year is None:
            problems.append(Problem(f"time_period “{year_text}” is not a year like 2025.", row, "time_period"))
            continue
        if not code:
            problems.append(Problem(f"A {record['geographic_level']} row without its "
                                    f"{_AREA_COLUMN[record['geographic_level']]}.", row,
                                    _AREA_COLUMN[record["geographic_level"]]))  # fmt: skip
            continue
        if (year_text, code) in seen:
            problems.append(Problem(f"Indicator {source.ref}: a second row for {code} in {year_text} (the first is "
                                    f"row {seen[(year_text, code)]}).", row))  # fmt: skip
            continue
        seen[(year_text, code)] = row
        value, status = _measure(record[source.value_column], row, source.value_column, problems, whole=False)
        numerator = _count(record, source.count_column, row, problems) if source.count_column else None
        denominator = None
        if source.denominator_column and source.denominator_filters:
            cell, total_row = totals.get((year_text, code), ("", row))
            denominator = _count_text(cell, total_row, source.denominator_column, problems)
        elif source.denominator_column:
            denominator = _count(record, source.denominator_column, row, problems)
        level = record["geographic_level"]
        rows.append(
            ValueRow(
                ref=source.ref, year=year, level=level, area_code=code,
                name=(record["la_name"] if level == "Local authority" else
                      record["region_name"] if level == "Regional" else record["country_name"]).strip(),
                new_code=record["new_la_code"].strip(), region_code=record["region_code"].strip(),
                region_name=record["region_name"].strip(), value=value, numerator=numerator,
                denominator=denominator, status=status, row=row,
            )
        )  # fmt: skip
    return rows


def _year(text: str) -> int | None:
    text = text.strip()
    return int(text) if len(text) == 4 and text.isdigit() and 2000 <= int(text) <= 2100 else None


def _measure(text: str, row: int, column: str, problems: list[Problem], *, whole: bool):
    """(number, "value"), or (None, symbol) for DfE's symbols; a problem for anything else."""
    text = text.strip()
    if text.lower() in shapes.SYMBOLS:
        return None, text.lower()
    if text == "":
        return None, "x"  # an empty cell gives nothing, as 'not available'
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0 or (whole and number != number.to_integral_value()):
        kind = "a whole number" if whole else "a number"
        symbols = ", ".join(shapes.SYMBOLS)
        problems.append(Problem(f"“{text}” is not {kind} or one of DfE's symbols ({symbols}).", row, column))
        return None, "x"
    return number, "value"


def _count(record, column: str, row: int, problems: list[Problem]) -> int | None:
    return _count_text(record[column], row, column, problems)


def _count_text(text: str, row: int, column: str, problems: list[Problem]) -> int | None:
    number, status = _measure(text, row, column, problems, whole=True)
    return int(number) if status == "value" else None


def symbols_found(rows: list[ValueRow]) -> Counter:
    return Counter(row.status for row in rows if row.status != "value")


def _quoted(values: list[str]) -> str:
    shown = [f"“{v}”" for v in values[:12]]
    return ", ".join(shown) + (f" and {len(values) - 12} more" if len(values) > 12 else "")
