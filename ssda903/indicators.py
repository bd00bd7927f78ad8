"""Which scorecard indicator (by reference, as in fixtures/march_2024_scorecard.json)
each definition computes, with the short text its indicator page shows. A council adding
its own definition adds a pure function to ssda903.definitions and a row here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ssda903 import definitions as d
from ssda903.tables import EPISODES, HEADER, MISSING, OC2, OC3

Reads = frozenset[tuple[str, str]]


def _reads(table: str, *fields: str) -> Reads:
    return frozenset((table, f) for f in ("CHILD", *fields))


# What each definition reads: an issue in one of these (table, field) leaves the child out.
SPELLS = _reads(EPISODES, "DECOM", "DEC", "LS", "RNE")


@dataclass(frozen=True)
class Inputs:
    """What a computation is given: the checked tables, and the optional extras."""

    tables: dict[str, pd.DataFrame]
    population: int | None = None
    postcodes: pd.DataFrame | None = None

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)


@dataclass(frozen=True)
class Definition:
    ref: str
    text: str  # shown on the indicator's page and in the README
    compute: Callable[[Inputs, date], d.Outcome]
    reads: Reads = frozenset()  # the (table, field) pairs it reads
    year_end_tables: tuple[str, ...] = ()  # tables describing one collection year (OC2, OC3)

    def touched_by(self, touches: Reads) -> bool:
        tables = {table for table, _ in self.reads}
        return any((pair in self.reads) or (pair[1] == "*" and pair[0] in tables) for pair in touches)


def _not_computed(reason: str) -> Callable[[Inputs, date], d.Outcome]:
    return lambda inputs, as_at: d.NotComputed(reason)


DEFINITIONS: list[Definition] = [
    Definition(
        "1",
        "Children with a 903 episode open at the quarter's end D (DECOM on or before D, DEC blank or after D), "
        "short breaks (legal status V3, V4) left out.",
        lambda i, as_at: d.children_looked_after(i.table(EPISODES), as_at),
        SPELLS,
    ),
    Definition(
        "2",
        "Not computed from the 903 extract: it holds care leavers only in OC3, aged 19 to 21 around their "
        "birthday in the year, so it gives no count of all current care leavers.",
        _not_computed(
            "The 903 extract has no count of current care leavers: OC3 holds only those aged 19 to 21 "
            "around their birthday in the year."
        ),
    ),
    Definition(
        "3",
        "Children looked after at D (indicator 1) per 10,000 of the child population aged 0 to 17, to one "
        "decimal place.",
        lambda i, as_at: d.rate_per_10000(i.table(EPISODES), as_at, i.population),
        SPELLS,
    ),
    Definition(
        "4",
        "Not computed from the 903 extract: the Reviews table records when reviews happened, not when each "
        "was due, so timeliness cannot be worked out from it.",
        _not_computed(
            "The 903 Reviews table records when reviews were held, not when they were due, so timeliness "
            "cannot be worked out from it."
        ),
    ),
    Definition(
        "5",
        "Of the children looked after at D, those with 3 or more placements in the 12 months ending D: the "
        "placement current on D minus one year counts as one, plus each placement starting after it (an "
        "episode with reason S, P, T, B or U; an L episode continues the placement).",
        lambda i, as_at: d.three_or_more_placements(i.table(EPISODES), as_at),
        SPELLS,
    ),
    Definition(
        "6",
        "Of the children looked after at D, aged under 16 at D and looked after continuously (no gap between "
        "one episode's end and the next's start) for at least 2.5 years, those whose current placement "
        "started at least 2 years before D. Calendar months, not days.",
        lambda i, as_at: d.long_term_stability(i.table(EPISODES), i.table(HEADER), as_at),
        SPELLS | _reads(HEADER, "DOB"),
    ),
    Definition(
        "7",
        "Year end (31 March) only: of the OC3 care leavers whose contact (IN_TOUCH) is not DIED or RHOM, those "
        "whose accommodation code (ACCOM) ends in 1, suitable.",
        lambda i, as_at: d.care_leavers_suitable_accommodation(i.table(OC3), as_at),
        _reads(OC3, "IN_TOUCH", "ACCOM"),
        (OC3,),
    ),
    Definition(
        "8",
        "Year end (31 March) only: of the OC3 care leavers whose contact (IN_TOUCH) is not DIED or RHOM, those "
        "whose activity (ACTIV) is G4, G5 or G6, not in education, employment or training.",
        lambda i, as_at: d.care_leavers_neet(i.table(OC3), as_at),
        _reads(OC3, "IN_TOUCH", "ACTIV"),
        (OC3,),
    ),
    Definition(
        "9",
        "Year end (31 March) only: of the OC2 rows (children looked after continuously for 12 months or more "
        "at 31 March), those with TEETH_CHECK 1.",
        lambda i, as_at: d.dental_checks(i.table(OC2), as_at),
        _reads(OC2, "TEETH_CHECK"),
        (OC2,),
    ),
    Definition(
        "10",
        "Year end (31 March) only: of the OC2 rows (children looked after continuously for 12 months or more "
        "at 31 March), those with HEALTH_CHECK 1.",
        lambda i, as_at: d.health_checks(i.table(OC2), as_at),
        _reads(OC2, "HEALTH_CHECK"),
        (OC2,),
    ),
    Definition(
        "11",
        "Of the children who ceased to be looked after from 1 April to D (an episode ended with a reason other "
        "than X1), those adopted (reason E11 or E12).",
        lambda i, as_at: d.adopted(i.table(EPISODES), as_at),
        _reads(EPISODES, "DEC", "REC", "LS"),
    ),
    Definition(
        "12",
        "Of the children who ceased to be looked after from 1 April to D, those who left on a special "
        "guardianship order (reason E45, E46, E47 or E48).",
        lambda i, as_at: d.special_guardianship(i.table(EPISODES), as_at),
        _reads(EPISODES, "DEC", "REC", "LS"),
    ),
    Definition(
        "13",
        "Of the children looked after at D whose current episode's home and placement postcodes are both in "
        "the postcode lookup, those placed more than 20 miles (straight line; 1 mile = 1.609344 km) from "
        "home. Children without a distance are counted and listed, not guessed.",
        lambda i, as_at: d.placed_over_20_miles(i.table(EPISODES), as_at, i.postcodes),
        SPELLS | _reads(EPISODES, "HOME_POST", "PL_POST"),
    ),
    Definition(
        "14",
        "Of the children looked after at any time from 1 April to D, those with a missing (M) episode "
        "starting in that time.",
        lambda i, as_at: d.missing_episode(i.table(EPISODES), i.table(MISSING), as_at),
        SPELLS | _reads(MISSING, "MISSING", "MIS_START"),
    ),
]
BY_REF = {definition.ref: definition for definition in DEFINITIONS}


def compute_all(inputs: Inputs, as_at: date) -> dict[str, d.Outcome]:
    """Every definition's outcome at `as_at`, by indicator reference (no issue leaving anyone out)."""
    return {definition.ref: definition.compute(inputs, as_at) for definition in DEFINITIONS}
