"""The postcode lookup for distances: postcode, easting, northing (metres), as the ONS
Postcode Directory gives them (its pcd/pcds, oseast1m, osnrth1m headings are read too).
Read in memory like the extract; each problem by row and column."""

from __future__ import annotations

import csv
import io

import pandas as pd

from scorecard.importers import files
from ssda903.definitions import normalise_postcode
from ssda903.readers import MAX_FILE_BYTES, MAX_ROWS, Problem, _decode

_NAMES = {
    "postcode": ("POSTCODE", "PCDS", "PCD", "PCD2"),
    "easting": ("EASTING", "OSEAST1M"),
    "northing": ("NORTHING", "OSNRTH1M"),
}


def read_postcodes(name: str, content: bytes) -> tuple[pd.DataFrame | None, list[Problem]]:
    if not content.strip():
        return None, [Problem(name, "The postcode lookup is empty.")]
    if len(content) > MAX_FILE_BYTES:
        return None, [Problem(name, f"The postcode lookup is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")]
    try:
        text = _decode(content)
    except files.Unreadable as unreadable:
        return None, [Problem(name, str(unreadable))]
    csv.field_size_limit(4096)
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return None, [Problem(name, f"This CSV file could not be read: {error}.")]
    if len(table) > MAX_ROWS + 1:
        return None, [Problem(name, f"The postcode lookup has more than {MAX_ROWS:,} rows.")]
    headers = [h.strip().upper() for h in table[0]]
    where = {}
    for column, names in _NAMES.items():
        found = next((headers.index(n) for n in names if n in headers), None)
        if found is None:
            return None, [Problem(name, f"The postcode lookup has no “{column}” column (postcode, easting, northing).")]
        where[column] = found
    width = max(where.values()) + 1
    rows = [(n, r) for n, r in enumerate(table[1:], start=2) if any(c.strip() for c in r)]
    frame = pd.DataFrame(
        {c: [r[i].strip() if len(r) >= width else "" for _, r in rows] for c, i in where.items()}
    ).assign(_row=[n for n, _ in rows])
    problems = []
    for column in ("easting", "northing"):
        numbers = pd.to_numeric(frame[column], errors="coerce")
        for _, row in frame.loc[numbers.isna()].head(100).iterrows():
            problems.append(
                Problem(name, f"“{row[column]}” is not a number of metres.", int(row["_row"]), column,
                        files.column_letter(where[column]))
            )  # fmt: skip
        frame[column] = numbers
    if problems:
        return None, problems
    frame["postcode"] = normalise_postcode(frame["postcode"])
    return frame.drop_duplicates("postcode")[["postcode", "easting", "northing"]], []
