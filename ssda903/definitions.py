"""The scorecard's definitions over the SSDA903 tables: one pure function each, taking
pandas frames and the date D (the quarter's end) and giving the numerator, the
denominator, the value and the children behind the numerator, or why it cannot be
computed. No Django, no ORM: each is unit-tested with hand-worked answers.

The contract (issue 11), shared by every definition:
- "The year" is the 12 months ending D: the days after D minus one calendar year, up to
  and including D. "Year to date" is 1 April to D, both included. Durations are calendar
  months and years counted back from D, never days.
- An episode is open at D when DECOM <= D and (DEC is blank or DEC > D): a child is
  looked after on day t when an episode is open at t, so one whose episode ends on D is not.
- Short breaks (LS V3 or V4) are left out everywhere.
- A placement starts with each episode whose RNE is S, P, T, B or U; an L episode
  continues the same placement. Episodes of one child follow on without a gap when one's
  DECOM is the previous one's DEC; after a gap (even of one day) a new period of care,
  and so a new placement, begins.
- Values round half up: percentages and the rate to one decimal.

Frames are as ssda903.validation gives them: dates as datetime64 (NaT where blank),
codes as upper-case text ('' where blank), CHILD as text.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from scorecard import figures
from ssda903.dates import financial_year_start, is_year_end, months_before, year_start

SHORT_BREAKS = frozenset({"V3", "V4"})
PLACEMENT_STARTS = frozenset({"S", "P", "T", "B", "U"})
ADOPTED = frozenset({"E11", "E12"})
SPECIAL_GUARDIANSHIP = frozenset({"E45", "E46", "E47", "E48"})  # DfE's codes since E43, E44 went
NOT_CEASED = "X1"  # the episode ends and another begins at once: still looked after
NEET = frozenset({"G4", "G5", "G6"})
NOT_IN_COHORT = frozenset({"DIED", "RHOM"})
METRES_PER_MILE = 1609.344
FAR_MILES = 20


@dataclass(frozen=True)
class Computed:
    unit: str  # scorecard.figures.COUNT, PERCENTAGE or RATE_PER_10000
    numerator: int
    denominator: int | None  # None for a count
    children: tuple[str, ...] = ()  # CHILD identifiers behind the numerator
    unmeasured: tuple[str, ...] = field(default=())  # counted and listed, not guessed (no distance)

    @property
    def value(self) -> Decimal:
        if self.unit == figures.COUNT:
            return Decimal(self.numerator)
        return figures.round_half_up(figures.compute_value(self.numerator, self.denominator, self.unit), 1)


@dataclass(frozen=True)
class NotComputed:
    reason: str


Outcome = Computed | NotComputed


def _ids(children) -> tuple[str, ...]:
    return tuple(sorted(set(children)))


def _percentage(numerator_children, denominator_children, empty: str) -> Outcome:
    cohort = set(denominator_children)
    if not cohort:
        return NotComputed(empty)
    behind = _ids(c for c in numerator_children if c in cohort)
    return Computed(figures.PERCENTAGE, len(behind), len(cohort), behind)


def _ts(day: date) -> pd.Timestamp:
    return pd.Timestamp(day)


_CARE: dict[int, tuple[weakref.ref, pd.DataFrame]] = {}


def care_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    """The episodes less short breaks, in order for each child, each with the start of its
    period of care (`spell_start`) and of its placement (`placement_start`). Worked out once
    per episodes frame (it does not depend on D): every definition at every date shares it."""
    known = _CARE.get(id(episodes))
    if known is not None and known[0]() is episodes:
        return known[1]
    care = _care_episodes(episodes)
    key = id(episodes)
    # dropped with the frame it was worked out from: nothing of a child outlives the computation
    _CARE[key] = (weakref.ref(episodes, lambda _, key=key: _CARE.pop(key, None)), care)
    return care


def _care_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    care = episodes.loc[~episodes["LS"].isin(SHORT_BREAKS)].sort_values(["CHILD", "DECOM"], kind="stable")
    child = care["CHILD"].to_numpy()
    decom = care["DECOM"].to_numpy()
    previous_dec = care["DEC"].shift(1).to_numpy()
    same_child = np.r_[False, child[1:] == child[:-1]] if len(care) else np.zeros(0, dtype=bool)
    follows_on = same_child & (previous_dec == decom)
    new_spell = ~follows_on
    starts_placement = new_spell | care["RNE"].isin(PLACEMENT_STARTS).to_numpy()
    decom_series = care["DECOM"]
    care = care.assign(
        spell_start=decom_series.groupby(np.cumsum(new_spell), sort=False).transform("first").to_numpy(),
        placement_start=decom_series.groupby(np.cumsum(starts_placement), sort=False).transform("first").to_numpy(),
        starts_placement=starts_placement,
        ceased=((care["REC"] != NOT_CEASED) & (care["REC"] != "")).to_numpy(),  # left care: REC other than X1
    )
    return care


_OPEN: dict[int, tuple[weakref.ref, dict[date, pd.DataFrame]]] = {}


def open_at(care: pd.DataFrame, day: date) -> pd.DataFrame:
    """The episodes open at `day`: DECOM <= day and (DEC blank or DEC > day). Worked out
    once per frame and day (several definitions ask), dropped with the frame."""
    known = _OPEN.get(id(care))
    if known is None or known[0]() is not care:
        key = id(care)
        known = (weakref.ref(care, lambda _, key=key: _OPEN.pop(key, None)), {})
        _OPEN[key] = known
    if day not in known[1]:
        t = _ts(day)
        known[1][day] = care.loc[(care["DECOM"] <= t) & (care["DEC"].isna() | (care["DEC"] > t))]
    return known[1][day]


# 1 ----------------------------------------------------------------------------------


def children_looked_after(episodes: pd.DataFrame, as_at: date) -> Outcome:
    """Children with an episode open at D."""
    behind = _ids(open_at(care_episodes(episodes), as_at)["CHILD"])
    return Computed(figures.COUNT, len(behind), None, behind)


# 3 ----------------------------------------------------------------------------------


def rate_per_10000(episodes: pd.DataFrame, as_at: date, population: int | None) -> Outcome:
    """Children looked after at D per 10,000 children aged 0 to 17, to one decimal."""
    if not population:
        return NotComputed("The child population aged 0 to 17 was not given, so there is no rate.")
    looked_after = children_looked_after(episodes, as_at)
    if looked_after.numerator > population:
        return NotComputed(
            f"The child population given ({population:,}) is smaller than the number of children looked after."
        )
    return Computed(figures.RATE_PER_10000, looked_after.numerator, population, looked_after.children)


# 5 ----------------------------------------------------------------------------------


def three_or_more_placements(episodes: pd.DataFrame, as_at: date) -> Outcome:
    """Of the children looked after at D, those with 3 or more placements in the year: the
    placement current at the year's start (D minus one year) counts as one, plus each
    placement starting in the year."""
    care = care_episodes(episodes)
    cohort = set(open_at(care, as_at)["CHILD"])
    start, end = _ts(year_start(as_at)), _ts(as_at)
    current_at_start = open_at(care, year_start(as_at))["CHILD"].value_counts()
    starting = care.loc[care["starts_placement"] & (care["DECOM"] > start) & (care["DECOM"] <= end), "CHILD"]
    placements = starting.value_counts().add(current_at_start.clip(upper=1), fill_value=0)
    return _percentage(placements.index[placements >= 3], cohort, "No child was looked after at the date.")


# 6 ----------------------------------------------------------------------------------


def long_term_stability(episodes: pd.DataFrame, header: pd.DataFrame | None, as_at: date) -> Outcome:
    """Of the children looked after at D, aged under 16 at D and looked after continuously
    for at least 2.5 years at D, those whose current placement started at least 2 years
    before D. A child whose 16th birthday is D is not under 16."""
    if header is None:
        return NotComputed("No Header table was given, so ages are not known.")
    current = open_at(care_episodes(episodes), as_at)
    sixteen_years_ago = _ts(months_before(as_at, 16 * 12))
    under_16 = set(header.loc[header["DOB"] > sixteen_years_ago, "CHILD"])
    long_term = current.loc[current["CHILD"].isin(under_16) & (current["spell_start"] <= _ts(months_before(as_at, 30)))]
    stable = long_term.loc[long_term["placement_start"] <= _ts(months_before(as_at, 24)), "CHILD"]
    return _percentage(
        stable, long_term["CHILD"], "No child under 16 had been looked after for 2.5 years or more at the date."
    )


# 9, 10 -------------------------------------------------------------------------------


def _year_end_only(as_at: date, table: pd.DataFrame | None, name: str) -> NotComputed | None:
    if not is_year_end(as_at):
        return NotComputed(f"Year-end only: the {name} table describes the year to 31 March. Compute it at 31 March.")
    if table is None:
        return NotComputed(f"No {name} table was given.")
    return None


def dental_checks(oc2: pd.DataFrame | None, as_at: date) -> Outcome:
    """Of the OC2 rows (children looked after for 12 months or more at 31 March), those
    whose TEETH_CHECK is 1."""
    return _year_end_only(as_at, oc2, "OC2") or _percentage(
        oc2.loc[oc2["TEETH_CHECK"] == "1", "CHILD"], oc2["CHILD"], "The OC2 table has no children."
    )


def health_checks(oc2: pd.DataFrame | None, as_at: date) -> Outcome:
    """Of the OC2 rows, those whose HEALTH_CHECK is 1."""
    return _year_end_only(as_at, oc2, "OC2") or _percentage(
        oc2.loc[oc2["HEALTH_CHECK"] == "1", "CHILD"], oc2["CHILD"], "The OC2 table has no children."
    )


# 7, 8 ---------------------------------------------------------------------------------


def _care_leavers(oc3: pd.DataFrame) -> pd.DataFrame:
    return oc3.loc[~oc3["IN_TOUCH"].isin(NOT_IN_COHORT)]


def care_leavers_suitable_accommodation(oc3: pd.DataFrame | None, as_at: date) -> Outcome:
    """Of the OC3 rows whose IN_TOUCH is not DIED or RHOM, those whose ACCOM ends in 1."""
    if missing := _year_end_only(as_at, oc3, "OC3"):
        return missing
    leavers = _care_leavers(oc3)
    return _percentage(
        leavers.loc[leavers["ACCOM"].str.endswith("1"), "CHILD"], leavers["CHILD"], "The OC3 table has no care leavers."
    )


def care_leavers_neet(oc3: pd.DataFrame | None, as_at: date) -> Outcome:
    """Of the OC3 rows whose IN_TOUCH is not DIED or RHOM, those whose ACTIV is G4, G5 or G6."""
    if missing := _year_end_only(as_at, oc3, "OC3"):
        return missing
    leavers = _care_leavers(oc3)
    return _percentage(
        leavers.loc[leavers["ACTIV"].isin(NEET), "CHILD"], leavers["CHILD"], "The OC3 table has no care leavers."
    )


# 11, 12 -------------------------------------------------------------------------------


def _ceased_year_to_date(episodes: pd.DataFrame, as_at: date) -> pd.DataFrame:
    care = care_episodes(episodes)
    ended = (care["DEC"] >= _ts(financial_year_start(as_at))) & (care["DEC"] <= _ts(as_at))
    return care.loc[ended & care["ceased"]]


def adopted(episodes: pd.DataFrame, as_at: date) -> Outcome:
    """Of the children whose episode ended in the year to date with a REC other than X1
    (they ceased to be looked after), those with REC E11 or E12."""
    ceased = _ceased_year_to_date(episodes, as_at)
    return _percentage(
        ceased.loc[ceased["REC"].isin(ADOPTED), "CHILD"],
        ceased["CHILD"],
        "No child ceased to be looked after in the year to date.",
    )


def special_guardianship(episodes: pd.DataFrame, as_at: date) -> Outcome:
    """Of the children who ceased to be looked after in the year to date, those with REC E45 to E48 (SGOs)."""
    ceased = _ceased_year_to_date(episodes, as_at)
    return _percentage(
        ceased.loc[ceased["REC"].isin(SPECIAL_GUARDIANSHIP), "CHILD"],
        ceased["CHILD"],
        "No child ceased to be looked after in the year to date.",
    )


# 13 -----------------------------------------------------------------------------------


def normalise_postcode(series: pd.Series) -> pd.Series:
    return series.astype(str).str.upper().str.replace(r"\s+", "", regex=True)


def placed_over_20_miles(episodes: pd.DataFrame, as_at: date, postcodes: pd.DataFrame | None) -> Outcome:
    """Of the children looked after at D whose current episode has both HOME_POST and
    PL_POST in the lookup (postcode, easting, northing in metres), those whose
    straight-line distance between them is more than 20 miles. Children without a
    distance are counted and listed (`unmeasured`), not guessed."""
    if postcodes is None:
        return NotComputed("No postcode lookup was given, so distances are not known.")
    current = open_at(care_episodes(episodes), as_at)
    lookup = postcodes.set_index("postcode")
    home = lookup.reindex(normalise_postcode(current["HOME_POST"]).to_numpy())
    placed = lookup.reindex(normalise_postcode(current["PL_POST"]).to_numpy())
    metres = np.hypot(home["easting"].to_numpy() - placed["easting"].to_numpy(),
                      home["northing"].to_numpy() - placed["northing"].to_numpy())  # fmt: skip
    children = current["CHILD"].to_numpy()
    measured = ~np.isnan(metres)
    if not measured.any():
        return NotComputed(
            f"None of the {len(children):,} children looked after at the date has both postcodes in the lookup."
        )
    far = measured & (metres > FAR_MILES * METRES_PER_MILE)
    behind = _ids(children[far])
    return Computed(figures.PERCENTAGE, len(behind), int(measured.sum()), behind, unmeasured=_ids(children[~measured]))


# 14 -----------------------------------------------------------------------------------


def missing_episode(episodes: pd.DataFrame, missing: pd.DataFrame | None, as_at: date) -> Outcome:
    """Of the children looked after at any time in the year to date, those with a MISSING
    = M episode starting in it (MIS_START from 1 April to D)."""
    if missing is None:
        return NotComputed("No Missing table was given.")
    care = care_episodes(episodes)
    start, end = _ts(financial_year_start(as_at)), _ts(as_at)
    in_year = care.loc[(care["DECOM"] <= end) & (care["DEC"].isna() | (care["DEC"] > start)), "CHILD"]
    went_missing = missing.loc[
        (missing["MISSING"] == "M") & (missing["MIS_START"] >= start) & (missing["MIS_START"] <= end), "CHILD"
    ]
    return _percentage(went_missing, in_year, "No child was looked after in the year to date.")
