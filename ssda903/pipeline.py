"""From files to figures: read, check, compute. What the page and the command share.
Everything here is in memory; the outcome holds the children behind each numerator for
the caller to show and then drop."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ssda903 import readers, validation
from ssda903.definitions import Outcome
from ssda903.indicators import Inputs, compute_all
from ssda903.postcodes import read_postcodes
from ssda903.readers import Problem


@dataclass
class Computation:
    as_at: date
    files: list[str]
    problems: list[Problem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    @property
    def more_problems(self) -> int:
        return max(0, len(self.problems) - validation.MAX_PROBLEMS_SHOWN)

    @property
    def shown_problems(self) -> list[Problem]:
        return self.problems[: validation.MAX_PROBLEMS_SHOWN]


def compute_from_files(
    named: list[tuple[str, bytes]],
    *,
    as_at: date,
    population: int | None = None,
    postcodes: tuple[str, bytes] | None = None,
) -> Computation:
    """Every indicator the extract gives at `as_at`, or every problem that stops it:
    nothing is computed from a broken extract."""
    computation = Computation(as_at, [name for name, _ in named])
    read = readers.read_files(named)
    lookup = None
    if postcodes is not None:
        lookup, postcode_problems = read_postcodes(*postcodes)
        read.problems += postcode_problems
    if read.problems:
        computation.problems = read.problems
        return computation
    checked = validation.check(read.tables, computation.files)
    if checked.problems:
        computation.problems = checked.problems
        return computation
    computation.summary = checked.extract.summary
    computation.outcomes = compute_all(Inputs(checked.extract.tables, population, lookup), as_at)
    return computation
