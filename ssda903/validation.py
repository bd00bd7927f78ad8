"""Checking the 903 tables before anything is computed from them, as DfE's rules check
them: every date, every code against DfE's lists for the extract's collection year
(ssda903.codes), DEC before DECOM (rule 356), DEC and REC together (148), overlapping
episodes of one child (501), a missing episode ending before it starts (567), children
missing from Header (INT01 to INT09), a child twice in a one-row-per-child table (INT31
to INT36).

Two kinds of finding:
- a **problem** stops the computation: only what cannot be read at all (a table given
  twice, no Episodes table, a date column unreadable in every row; the readers' own
  problems: a file that is no 903 table, a file past the caps);
- an **issue** is listed by table, row, child, field and rule, and leaves the children it
  names out of the figures that read what it is about (ssda903.pipeline), never all of
  them. No ORM, no HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import field as _field
from datetime import date

import numpy as np
import pandas as pd

from ssda903 import codes as code_lists
from ssda903 import tables as t
from ssda903.readers import Problem, RawTable

MAX_PROBLEMS_SHOWN = 100
NOT_NEEDED = frozenset({t.REVIEWS, t.UASC, t.AD1, t.PLACED_ADOPTION, t.PREV_PERM, t.SW_EPISODES, t.DOLO})
_DAY_FIRST = r"\d{1,2}/\d{1,2}/\d{4}"


@dataclass
class Issue:
    """One finding in the extract that does not stop the computation."""

    file: str
    table: str
    message: str
    rule: str | None = None  # DfE's rule number, or the validator's INT check
    row: int | None = None  # the file's row (the header is row 1), or the record's number in an XML file
    child: str | None = None  # in the response in hand only: never stored or logged
    field: str | None = None
    letter: str | None = None  # the column's letter in a CSV file
    record: str | None = None  # in an XML file: the element, e.g. 'EPISODE'
    kind: str = ""  # what it is, briefly: 'overlapping episodes'
    touches: frozenset[tuple[str, str]] = frozenset()  # (table, field) it is about; field '*': the whole row
    affects: list[str] = _field(default_factory=list)  # the indicators it leaves children out of (the pipeline's)

    @property
    def why(self) -> str:
        """The reason a child is left out: 'overlapping episodes (rule 501)'."""
        return f"{self.kind} (rule {self.rule})" if self.rule else self.kind

    def where(self) -> str:
        if self.row is None:
            return f"{self.file}, {self.table}" + (f", {self.field}" if self.field else "")
        if self.record:
            return f"{self.file}, {self.table} {self.record} {self.row}" + (f", {self.field}" if self.field else "")
        column = f", column {self.letter} ({self.field})" if self.letter else (f", {self.field}" if self.field else "")
        return f"{self.file}, {self.table} row {self.row}{column}"

    def __str__(self) -> str:
        return (f"Rule {self.rule}: " if self.rule else "") + f"{self.where()}: {self.message}"


@dataclass
class Extract:
    """The checked tables: dates as datetime64 (NaT where blank or unreadable), every text
    upper-cased as DfE reads it; rows without a child's identifier left out."""

    tables: dict[str, pd.DataFrame]
    files: list[str]
    collection_year: str = ""
    code_note: str = ""  # the year's lists are another year's, and why
    summary: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # rows read, by DfE's table name


@dataclass
class Checked:
    extract: Extract | None
    problems: list[Problem]
    issues: list[Issue] = field(default_factory=list)


def _fmt(day) -> str:
    return "" if pd.isna(day) else pd.Timestamp(day).strftime("%d/%m/%Y")


class _Table:
    """One raw table being checked, making its issues."""

    def __init__(self, raw: RawTable):
        self.raw = raw
        self.issues: list[Issue] = []

    def each(self, frame: pd.DataFrame, mask, column: str | None, message, *, rule, kind, touches) -> None:
        """An issue for each row where `mask` holds; `message` is text or a function of the row."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        raw = self.raw
        letter = raw.letters.get(column) if column else None
        touched = frozenset(touches)
        for row in frame.loc[mask].to_dict("records"):
            self.issues.append(
                Issue(
                    raw.file,
                    raw.table,
                    message(row) if callable(message) else message,
                    rule,
                    int(row["_row"]),
                    row["CHILD"] or None,
                    column,
                    letter,
                    raw.record,
                    kind,
                    touched,
                )  # fmt: skip
            )

    def whole(self, message: str, column: str | None, *, kind: str) -> None:
        self.issues.append(
            Issue(
                self.raw.file,
                self.raw.table,
                message,
                None,
                None,
                None,
                column,
                kind=kind,
                touches=frozenset({(self.raw.table, column or "*")}),
            )  # fmt: skip
        )


def check(raws: list[RawTable], files: list[str], as_at: date) -> Checked:
    """The extract and its issues; or, when it cannot be read at all, the problems that stop it."""
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

    lists = code_lists.lists_for(as_at)
    typed: dict[str, pd.DataFrame] = {}
    issues: list[Issue] = []
    for name, raw in by_table.items():
        checking = _Table(raw)
        frame, stops = _typed(checking, lists)
        problems += stops
        if name == t.EPISODES and not stops:
            _episode_issues(checking, frame)
        typed[name] = frame
        issues += checking.issues
    if problems:
        return Checked(None, problems)
    issues += _cross_table_issues(by_table, typed)
    rows = {name: len(raw.frame) for name, raw in by_table.items()}
    for name, frame in typed.items():
        typed[name] = frame.loc[frame["CHILD"] != ""]
    extract = Extract(typed, files, lists.collection_year, lists.fallback, rows=rows)
    extract.summary = summary(extract)
    return Checked(extract, [], issues)


def _typed(checking: _Table, lists: code_lists.YearLists) -> tuple[pd.DataFrame, list[Problem]]:
    raw = checking.raw
    table = raw.table
    header = ",".join(raw.header)
    for column in raw.lacking:
        checking.whole(
            f"The file has no {column} column, so it is read as blank"
            + (f" (the file's header row: “{header}”)." if raw.header else "."),
            column,
            kind=f"no {column} column",
        )
    frame = raw.frame.copy()  # every value upper-cased by the reader, as DfE reads it
    checking.each(frame, frame["CHILD"] == "", "CHILD", "The child's identifier (CHILD) is blank: the row is left out.",
                  rule=None, kind="no child identifier", touches={(table, "*")})  # fmt: skip
    stops: list[Problem] = []
    for (name, column), date_rule in t.DATES.items():
        if name != table:
            continue
        text = frame[column]
        parsed = pd.to_datetime(text.where(text.str.fullmatch(_DAY_FIRST)), format="%d/%m/%Y", errors="coerce")
        unreadable = (text != "") & parsed.isna()
        if unreadable.any() and unreadable.sum() == (text != "").sum():
            first = raw.frame.loc[unreadable.to_numpy(), column].iloc[0]
            stops.append(
                raw.problem(
                    f"No row's {column} can be read as a date (dd/mm/yyyy): the first reads “{first}”. "
                    "Export the dates as dd/mm/yyyy.",
                    None,
                    column,
                )
            )
            continue
        checking.each(frame, unreadable, column, lambda row, c=column: f"“{row[c]}” is not a date (dd/mm/yyyy).",
                      rule=date_rule.rule, kind=f"{column} not a date", touches={(table, column)})  # fmt: skip
        if not date_rule.blank and column not in raw.lacking:
            checking.each(frame, text == "", column, f"The date ({column}) is blank.", rule=date_rule.rule,
                          kind=f"{column} blank", touches={(table, column)})  # fmt: skip
        frame[column] = parsed
    for (name, column), codes in lists.fields.items():
        if name != table or column in raw.lacking:
            continue
        text = frame[column]
        wrong = ~(text.isin(codes.codes) | ((text == "") if codes.blank else False))
        listed = codes.listed()
        checking.each(
            frame, wrong, column,
            lambda row, c=column, listed=listed: (
                f"The {c} code is blank; it must be one of {listed}." if row[c] == ""
                else f"“{row[c]}” is not a {c} code in {lists.collection_year}; it must be one of {listed}."
            ),
            rule=codes.rule, kind=f"{column} code not DfE's", touches={(table, column)},
        )  # fmt: skip
    if table in t.ONE_ROW_PER_CHILD:
        repeated = frame["CHILD"].duplicated(keep="first") & (frame["CHILD"] != "")
        checking.each(
            frame, repeated, "CHILD", lambda row: f"Child {row['CHILD']} is in this table more than once.",
            rule=t.ONE_ROW_PER_CHILD[table], kind=f"in {table} more than once", touches={(table, "*")},
        )  # fmt: skip
    if table == t.MISSING:
        checking.each(
            frame, frame["MIS_END"] < frame["MIS_START"], "MIS_END",
            lambda row: (
                f"The missing episode ends ({_fmt(row['MIS_END'])}) before it starts ({_fmt(row['MIS_START'])})."
            ),
            rule="567", kind="missing episode ends before it starts", touches={(table, "MIS_START")},
        )  # fmt: skip
    return frame, stops


def _episode_issues(checking: _Table, episodes: pd.DataFrame) -> None:
    spell = {(t.EPISODES, "DECOM"), (t.EPISODES, "DEC")}
    checking.each(
        episodes, episodes["DEC"] < episodes["DECOM"], "DEC",
        lambda row: f"The episode ends (DEC {_fmt(row['DEC'])}) before it starts (DECOM {_fmt(row['DECOM'])}).",
        rule="356", kind="episode ends before it starts", touches=spell,
    )  # fmt: skip
    checking.each(episodes, episodes["DEC"].notna() & (episodes["REC"] == ""), "REC",
                  "The episode has an end date (DEC) but no reason it ended (REC).", rule="148",
                  kind="end date without a reason", touches={(t.EPISODES, "REC")})  # fmt: skip
    checking.each(episodes, episodes["DEC"].isna() & (episodes["REC"] != ""), "REC",
                  "The episode has a reason it ended (REC) but no end date (DEC).", rule="148",
                  kind="reason without an end date", touches={(t.EPISODES, "DEC")})  # fmt: skip
    dated = episodes.loc[episodes["DECOM"].notna() & (episodes["CHILD"] != "")]
    ordered = dated.sort_values(["CHILD", "DECOM"], kind="stable")
    previous = ordered.groupby("CHILD", sort=False)[["DECOM", "DEC", "_row"]].shift(1)
    overlaps = previous["DECOM"].notna() & (previous["DEC"].isna() | (previous["DEC"] > ordered["DECOM"]))
    shown = ordered.assign(_before_decom=previous["DECOM"], _before_dec=previous["DEC"], _before_row=previous["_row"])

    def overlap(row) -> str:
        ends = f"ends on {_fmt(row['_before_dec'])}" if pd.notna(row["_before_dec"]) else "is still open"
        return (
            f"Child {row['CHILD']}'s episode starting {_fmt(row['DECOM'])} overlaps the one in row "
            f"{int(row['_before_row'])}, which started {_fmt(row['_before_decom'])} and {ends}."
        )

    checking.each(shown, overlaps, "DECOM", overlap, rule="501", kind="overlapping episodes", touches=spell)


def _cross_table_issues(raws: dict[str, RawTable], typed: dict[str, pd.DataFrame]) -> list[Issue]:
    if t.HEADER not in typed:
        return []
    known = set(typed[t.HEADER]["CHILD"])
    issues: list[Issue] = []
    for name, rule in t.IN_HEADER.items():
        if name in typed:
            checking = _Table(raws[name])
            frame = typed[name]
            checking.each(frame, ~frame["CHILD"].isin(known) & (frame["CHILD"] != ""), "CHILD",
                          lambda row: f"Child {row['CHILD']} is not in the Header table.", rule=rule,
                          kind="not in the Header table", touches={(t.HEADER, "*")})  # fmt: skip
            issues += checking.issues
    return issues


def summary(extract: Extract) -> list[str]:
    """What was read, as DfE's validator reports it: children, episodes, date range, and
    each other table (those no figure uses said to be read and not needed)."""
    tables = extract.tables
    episodes = tables[t.EPISODES]
    children = set(episodes["CHILD"])
    if t.HEADER in tables:
        children |= set(tables[t.HEADER]["CHILD"])
    first = episodes["DECOM"].min()
    last = max(episodes["DECOM"].max(), episodes["DEC"].max() if episodes["DEC"].notna().any() else first)
    dated = f", from {_fmt(first)} to {_fmt(last)}" if pd.notna(first) else ""
    lines = [
        f"{len(children):,} children; {len(episodes):,} episodes of {episodes['CHILD'].nunique():,} children{dated}.",
    ]
    for name in t.COLUMNS:
        if name in tables and name != t.EPISODES:
            note = " (read; no figure uses it)" if name in NOT_NEEDED else ""
            lines.append(f"{name}: {extract.rows[name]:,} rows{note}.")
    year = f"Checked against DfE's code lists for {extract.collection_year}."
    lines.append(f"{year} {extract.code_note}" if extract.code_note else year)
    return lines


def compare_with_last_year(raws: list[RawTable], last: list[RawTable]) -> list[Issue]:
    """DfE's rule 203: a child's date of birth differs from last year's Header."""
    this = next((r for r in raws if r.table == t.HEADER), None)
    before = next((r for r in last if r.table == t.HEADER), None)
    if this is None or before is None:
        return []
    dates = {}
    for child, dob in zip(before.frame["CHILD"], before.frame["DOB"], strict=True):
        parsed = pd.to_datetime(dob, format="%d/%m/%Y", errors="coerce") if dob else pd.NaT
        if pd.notna(parsed):
            dates[child] = parsed
    frame = this.frame
    now = pd.to_datetime(frame["DOB"].where(frame["DOB"].str.fullmatch(_DAY_FIRST)), format="%d/%m/%Y", errors="coerce")
    then = frame["CHILD"].map(dates)
    frame = frame.assign(_then=then)
    checking = _Table(this)
    checking.each(
        frame, then.notna() & now.notna() & (now != then), "DOB",
        lambda row: f"The date of birth {row['DOB']} differs from last year's ({_fmt(row['_then'])}).",
        rule="203", kind="date of birth differs from last year's", touches={(t.HEADER, "DOB")},
    )  # fmt: skip
    return checking.issues
