"""From files to figures: read, check, compute. What the page and the command share.
Everything here is in memory; the outcome holds the children behind each numerator, and
those left out, for the caller to show and then drop.

Only what cannot be read at all stops the computation (ssda903.validation's problems).
Every other finding is an issue: the children it names are left out of each indicator
that reads what it is about, and the result says, per indicator, how many and why.

With `history`, one extract gives every quarter end it covers: each child's whole
episode history is in it. The year-end tables (OC2, OC3) describe one collection year,
so they give figures at that year's 31 March only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from ssda903 import codes, readers, validation
from ssda903.definitions import Computed, NotComputed, Outcome
from ssda903.indicators import DEFINITIONS, Inputs
from ssda903.postcodes import read_postcodes
from ssda903.readers import Problem
from ssda903.validation import Issue

MAX_HISTORY_DATES = 12  # D and the quarter ends before it


@dataclass(frozen=True)
class LeftOut:
    """The children an indicator leaves out because of the extract's issues, and why."""

    children: tuple[str, ...]
    reasons: tuple[tuple[str, int], ...]  # (why, how many children), most first

    @property
    def count(self) -> int:
        return len(self.children)

    @property
    def text(self) -> str:
        """'3 children left out: overlapping episodes (rule 501)'."""
        n = self.count
        whys = [why for why, _ in self.reasons] if len(self.reasons) == 1 else [f"{w} ({k})" for w, k in self.reasons]
        return f"{n:,} child{'ren' if n != 1 else ''} left out: {'; '.join(whys)}"


@dataclass
class AtDate:
    as_at: date
    outcomes: dict[str, Outcome]
    left_out: dict[str, LeftOut]


@dataclass
class Computation:
    as_at: date
    files: list[str]
    problems: list[Problem] = field(default_factory=list)  # what stops it: nothing is computed
    issues: list[Issue] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    collection_year: str = ""
    dates: list[AtDate] = field(default_factory=list)  # D first, then each earlier quarter end
    rows: dict[str, int] = field(default_factory=dict)  # rows read, by DfE's table name

    @property
    def outcomes(self) -> dict[str, Outcome]:
        return self.dates[0].outcomes if self.dates else {}

    @property
    def left_out(self) -> dict[str, LeftOut]:
        return self.dates[0].left_out if self.dates else {}

    @property
    def more_problems(self) -> int:
        return max(0, len(self.problems) - validation.MAX_PROBLEMS_SHOWN)

    @property
    def shown_problems(self) -> list[Problem]:
        return self.problems[: validation.MAX_PROBLEMS_SHOWN]

    @property
    def shown_issues(self) -> list[Issue]:
        return self.issues[: validation.MAX_PROBLEMS_SHOWN]

    @property
    def more_issues(self) -> int:
        return max(0, len(self.issues) - validation.MAX_PROBLEMS_SHOWN)


def _quarter_end_before(day: date) -> date:
    ends = [date(day.year - 1, 12, 31), *(date(day.year, m, d) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31)))]
    return max(end for end in ends if end < day)


def quarter_ends(as_at: date, earliest: date | None, limit: int = MAX_HISTORY_DATES) -> list[date]:
    """D, then each quarter end (31 March, 30 June, 30 September, 31 December) before it, up
    to `limit` dates in all, none before `earliest` (the extract's first episode)."""
    dates = [as_at]
    while len(dates) < limit:
        day = _quarter_end_before(dates[-1])
        if earliest is not None and day < earliest:
            break
        dates.append(day)
    return dates


def compute_from_files(
    named: list[tuple[str, bytes]],
    *,
    as_at: date,
    population: int | None = None,
    postcodes: tuple[str, bytes] | None = None,
    history: bool = False,
    previous: list[tuple[str, bytes]] | None = None,
) -> Computation:
    """Every indicator the extract gives at `as_at` (and, with `history`, at each quarter
    end before it), with the issues found and the children they leave out; or the
    problems that stop it being read at all. `previous` is last year's return, for DfE's
    rules that compare with it."""
    computation = Computation(as_at, [name for name, _ in named])
    read = readers.read_files(named)
    last = readers.read_files(previous or [])
    read.problems += last.problems
    lookup = None
    if postcodes is not None:
        lookup, postcode_problems = read_postcodes(*postcodes)
        read.problems += postcode_problems
    if read.problems:
        computation.problems = read.problems
        return computation
    checked = validation.check(read.tables, computation.files, as_at)
    if checked.problems:
        computation.problems = checked.problems
        return computation
    extract = checked.extract
    computation.summary = extract.summary
    computation.collection_year = extract.collection_year
    computation.rows = extract.rows
    if last.tables:
        checked.issues += validation.compare_with_last_year(read.tables, last.tables)
        extract.summary.append(
            "Last year's return: " + "; ".join(f"{r.table} {len(r.frame):,} rows ({r.file})" for r in last.tables) + "."
        )
    computation.issues = checked.issues
    inputs = Inputs(extract.tables, population, lookup)
    first = extract.tables["Episodes"]["DECOM"].min()
    dates = quarter_ends(as_at, None if pd.isna(first) else first.date()) if history else [as_at]
    for issue in checked.issues:
        issue.affects = [d.ref for d in DEFINITIONS if d.touched_by(issue.touches)]
    filtered: dict[frozenset[str], Inputs] = {frozenset(): inputs}  # the tables less each set of children left out
    year = codes.collection_year(as_at)
    by_ref = {d.ref: [i for i in checked.issues if d.ref in i.affects] for d in DEFINITIONS}
    computation.dates = [_at(filtered, by_ref, day, year) for day in dates]
    return computation


def _at(filtered: dict[frozenset[str], Inputs], by_ref: dict[str, list[Issue]], as_at: date, year: str) -> AtDate:
    """Every definition at one date, each leaving out the children its issues name."""
    inputs = filtered[frozenset()]
    outcomes: dict[str, Outcome] = {}
    left_out: dict[str, LeftOut] = {}
    for definition in DEFINITIONS:
        if definition.year_end_tables and codes.collection_year(as_at) != year:
            names = " and ".join(definition.year_end_tables)
            outcomes[definition.ref] = NotComputed(
                f"The {names} table describes the extract's collection year ({year}) only."
            )
            continue
        touching = by_ref[definition.ref]
        whole = next((i for i in touching if i.row is None), None)
        if whole is not None:
            outcomes[definition.ref] = NotComputed(f"{whole.table}: {whole.message}")
            continue
        children = frozenset(i.child for i in touching if i.child)
        if children not in filtered:
            filtered[children] = _without(inputs, children)
        outcomes[definition.ref] = definition.compute(filtered[children], as_at)
        if children:
            whys: Counter[str] = Counter()
            seen: dict[str, set[str]] = {}
            for issue in touching:
                if issue.child and issue.child not in seen.setdefault(issue.why, set()):
                    seen[issue.why].add(issue.child)
                    whys[issue.why] += 1
            left_out[definition.ref] = LeftOut(tuple(sorted(children)), tuple(whys.most_common()))
    return AtDate(as_at, outcomes, left_out)


def _without(inputs: Inputs, children: frozenset[str]) -> Inputs:
    if not children:
        return inputs
    left = list(children)
    tables = {name: frame.loc[~frame["CHILD"].isin(left)] for name, frame in inputs.tables.items()}
    return Inputs(tables, inputs.population, inputs.postcodes)


def as_json(computation: Computation, *, history: bool = False) -> dict:
    """What `compute_903 --json` prints: the aggregates, the issues (with the children, for
    the officer who ran it) and the rows read by table."""
    issues = [
        {
            "rule": i.rule,
            "table": i.table,
            "row": i.row,
            "child": i.child,
            "field": i.field,
            "message": i.message,
            "affects": i.affects,
        }
        for i in computation.issues
    ]

    def one(at: AtDate) -> dict:
        indicators: dict[str, dict] = {}
        for ref, outcome in at.outcomes.items():
            if isinstance(outcome, NotComputed):
                indicators[ref] = {"not_computed": outcome.reason}
                continue
            value = outcome.value
            indicators[ref] = {
                "numerator": outcome.numerator,
                "denominator": outcome.denominator,
                "value": int(value) if outcome.denominator is None else float(value),
                "left_out": at.left_out[ref].count if ref in at.left_out else 0,
            }
        return {
            "as_at": at.as_at.isoformat(),
            "collection_year": codes.collection_year(at.as_at),
            "indicators": indicators,
            "issues": issues,
            "tables": dict(computation.rows),
        }

    if history:
        return {"dates": [one(at) for at in computation.dates]}
    return one(computation.dates[0])


__all__ = ["AtDate", "Computation", "Computed", "LeftOut", "as_json", "compute_from_files", "quarter_ends"]
