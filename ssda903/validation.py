"""Checking the 903 tables before anything is computed from them: every date, every code
the definitions read, DEC before DECOM, overlapping episodes of one child, children in
Episodes missing from Header, a child twice in a one-row-per-child table. Each problem
by file, row and column; an extract with any problem gives no figures at all. No ORM,
no HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ssda903 import tables as t
from ssda903.readers import Problem, RawTable

MAX_PROBLEMS_SHOWN = 100


@dataclass
class Extract:
    """The checked tables: dates as datetime64 (NaT where blank), codes upper-case."""

    tables: dict[str, pd.DataFrame]
    files: list[str]
    summary: list[str] = field(default_factory=list)


@dataclass
class Checked:
    extract: Extract | None
    problems: list[Problem]

    @property
    def shown_problems(self) -> list[Problem]:
        return self.problems[:MAX_PROBLEMS_SHOWN]

    @property
    def more_problems(self) -> int:
        return max(0, len(self.problems) - MAX_PROBLEMS_SHOWN)


def _fmt(day) -> str:
    return "" if pd.isna(day) else pd.Timestamp(day).strftime("%d/%m/%Y")


def _each(raw: RawTable, mask, column: str | None, message, frame: pd.DataFrame | None = None) -> list[Problem]:
    """A problem for each row where `mask` holds; `message` is text or a function of the row,
    taken from `frame` (the typed table, whose dates are dates) or else the raw text."""
    rows = (raw.frame if frame is None else frame).loc[np.asarray(mask, dtype=bool)]
    return [
        raw.problem(message(row) if callable(message) else message, int(row["_row"]), column)
        for _, row in rows.head(MAX_PROBLEMS_SHOWN).iterrows()
    ]


def check(raws: list[RawTable], files: list[str]) -> Checked:
    """The extract, if every table is sound; else every problem found."""
    problems: list[Problem] = []
    by_table: dict[str, RawTable] = {}
    for raw in raws:
        if raw.table in by_table:
            first = by_table[raw.table]
            problems.append(
                Problem(raw.file, f"This is a second {raw.table} table (the first is in {first.file}). Give each once.")
            )
            continue
        by_table[raw.table] = raw
    if t.EPISODES not in by_table:
        found = ", ".join(f"{r.table} ({r.file})" for r in raws) or "none"
        problems.append(
            Problem(", ".join(files), f"There is no Episodes table among the files. Tables found: {found}.")
        )
    elif by_table[t.EPISODES].frame.empty:
        problems.append(Problem(by_table[t.EPISODES].file, "The Episodes table has a header row but no episodes."))
    if problems:
        return Checked(None, problems)

    typed: dict[str, pd.DataFrame] = {}
    for name, raw in by_table.items():
        frame, found = _typed(raw)
        typed[name] = frame
        problems += found
    if not problems:
        problems += _episode_problems(by_table[t.EPISODES], typed[t.EPISODES])
        problems += _cross_table_problems(by_table, typed)
    if problems:
        return Checked(None, problems)
    extract = Extract(typed, files)
    extract.summary = summary(extract)
    return Checked(extract, [])


def _typed(raw: RawTable) -> tuple[pd.DataFrame, list[Problem]]:
    frame = raw.frame.copy()
    problems: list[Problem] = []
    problems += _each(raw, frame["CHILD"] == "", "CHILD", "The child's identifier (CHILD) is blank.")
    for column in {c for table, c in t.CODES if table == raw.table} | ({"ACCOM"} if raw.table == t.OC3 else set()):
        frame[column] = frame[column].str.upper()  # codes as DfE writes them, whatever the export's case
    for (table, column), blank_allowed in t.DATES.items():
        if table != raw.table:
            continue
        text = frame[column]
        parsed = pd.to_datetime(text.where(text.str.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}")), format="%d/%m/%Y",
                                errors="coerce")  # fmt: skip
        problems += _each(
            raw, (text != "") & parsed.isna(), column, lambda row, c=column: f"“{row[c]}” is not a date (dd/mm/yyyy)."
        )
        if not blank_allowed:
            problems += _each(raw, text == "", column, f"The date ({column}) is blank.")
        frame[column] = parsed
    for (table, column), (codes, blank_allowed) in t.CODES.items():
        if table != raw.table:
            continue
        text = frame[column]
        allowed = text.isin(codes) | ((text == "") if blank_allowed else False)
        listed = ", ".join(sorted(codes))
        problems += _each(
            raw,
            ~allowed,
            column,
            lambda row, c=column, listed=listed: (
                f"The {c} code is blank; it must be one of {listed}."
                if row[c] == ""
                else f"“{row[c]}” is not a {c} code; it must be one of {listed}."
            ),
        )
    if raw.table == t.OC3:
        accom = frame["ACCOM"]
        problems += _each(
            raw,
            (accom != "") & ~accom.str.fullmatch(t.ACCOM_PATTERN),
            "ACCOM",
            lambda row: f"“{row['ACCOM']}” is not an ACCOM code: a letter, then 1 (suitable) or 2 (not suitable).",
        )
    if raw.table in t.ONE_ROW_PER_CHILD:
        repeated = frame["CHILD"].duplicated(keep="first") & (frame["CHILD"] != "")
        problems += _each(raw, repeated, "CHILD", lambda row: f"Child {row['CHILD']} is in this table more than once.")
    if raw.table == t.MISSING:
        problems += _each(
            raw,
            frame["MIS_END"] < frame["MIS_START"],
            "MIS_END",
            lambda row: (
                f"The missing episode ends ({_fmt(row['MIS_END'])}) before it starts ({_fmt(row['MIS_START'])})."
            ),
            frame,
        )
    return frame, problems


def _episode_problems(raw: RawTable, episodes: pd.DataFrame) -> list[Problem]:
    problems = _each(
        raw,
        episodes["DEC"] < episodes["DECOM"],
        "DEC",
        lambda row: f"The episode ends (DEC {_fmt(row['DEC'])}) before it starts (DECOM {_fmt(row['DECOM'])}).",
        episodes,
    )
    problems += _each(
        raw,
        episodes["DEC"].notna() & (episodes["REC"] == ""),
        "REC",
        "The episode has an end date (DEC) but no reason it ended (REC).",
    )
    problems += _each(
        raw,
        episodes["DEC"].isna() & (episodes["REC"] != ""),
        "REC",
        "The episode has a reason it ended (REC) but no end date (DEC).",
    )
    ordered = episodes.sort_values(["CHILD", "DECOM"], kind="stable")
    previous = ordered.groupby("CHILD", sort=False).shift(1)
    overlaps = previous["DECOM"].notna() & (previous["DEC"].isna() | (previous["DEC"] > ordered["DECOM"]))
    for index in ordered.index[overlaps.to_numpy()][:MAX_PROBLEMS_SHOWN]:
        row, before = ordered.loc[index], previous.loc[index]
        ends = f"ends on {_fmt(before['DEC'])}" if pd.notna(before["DEC"]) else "is still open"
        problems.append(
            raw.problem(
                f"Child {row['CHILD']}'s episode starting {_fmt(row['DECOM'])} overlaps the one in row "
                f"{int(before['_row'])}, which started {_fmt(before['DECOM'])} and {ends}.",
                int(row["_row"]),
                "DECOM",
            )
        )
    return problems


def _cross_table_problems(raws: dict[str, RawTable], typed: dict[str, pd.DataFrame]) -> list[Problem]:
    if t.HEADER not in typed:
        return []
    known = set(typed[t.HEADER]["CHILD"])
    problems = []
    for name in (t.EPISODES, t.MISSING, t.OC2, t.OC3):
        if name in typed:
            frame = typed[name]
            problems += _each(
                raws[name],
                ~frame["CHILD"].isin(known),
                "CHILD",
                lambda row: f"Child {row['CHILD']} is not in the Header table.",
            )
    return problems


def summary(extract: Extract) -> list[str]:
    """What was read, as DfE's validator reports it: children, episodes, date range."""
    tables = extract.tables
    episodes = tables[t.EPISODES]
    children = set(episodes["CHILD"])
    if t.HEADER in tables:
        children |= set(tables[t.HEADER]["CHILD"])
    first = episodes["DECOM"].min()
    last = max(episodes["DECOM"].max(), episodes["DEC"].max() if episodes["DEC"].notna().any() else first)
    lines = [
        f"{len(children):,} children; {len(episodes):,} episodes of {episodes['CHILD'].nunique():,} children, "
        f"from {_fmt(first)} to {_fmt(last)}.",
    ]
    for name in (t.HEADER, t.REVIEWS, t.MISSING, t.OC2, t.OC3):
        if name in tables:
            lines.append(f"{name}: {len(tables[name]):,} rows.")
    return lines
