"""Synthetic 903 extracts for tests and the benchmark: random children and episodes,
made up here (no real child's data), with the answers known from how each was built.

The generator keeps its own record of every placement and period of care as it makes
them (not worked out again from the RNE codes, as the definitions do), so the expected
figures are an independent check on the definitions."""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ssda903.dates import financial_year_start, is_year_end, months_before, year_start
from ssda903.tables import COLUMNS, EPISODES, HEADER, MISSING, OC2, OC3, REVIEWS

CEASE_REASONS = ["E11", "E12", "E45", "E46", "E47", "E48", "E4A", "E4B", "E13", "E8", "E5", "E41"]
POSTCODES = {f"SY{n} {n % 9}AA": (500_000 + 4_000 * n, 180_000 + 2_500 * (n % 7)) for n in range(1, 40)}
UNKNOWN_POSTCODE = "ZZ9 9ZZ"


@dataclass
class _Episode:
    start: date
    end: date | None
    rne: str
    ls: str
    rec: str
    placement: int
    spell_start: date
    placement_start: date
    home: str
    placed: str


@dataclass
class Synthetic:
    files: dict[str, bytes]
    expected: dict[str, tuple[int, int | None]]
    episodes: int
    postcodes: bytes
    children: dict[str, list[_Episode]] = field(default_factory=dict)


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode()


def _is_open(e: _Episode, day: date) -> bool:
    return e.start <= day and (e.end is None or e.end > day)


def synthetic_extract(*, episodes: int = 3000, as_at: date = date(2024, 3, 31), seed: int = 903) -> Synthetic:
    """About `episodes` episodes of random children, as an extract taken 60 days after
    `as_at` (so some episodes end after it), with the figures they should give."""
    rng = random.Random(seed)
    extracted = as_at + timedelta(days=60)
    header_rows, episode_rows, missing_rows, oc2_rows, oc3_rows, review_rows = [], [], [], [], [], []
    children: dict[str, list[_Episode]] = {}
    births: dict[str, date] = {}
    placement_ids = iter(range(1, 10**9))
    total = 0
    number = 0
    while total < episodes:
        number += 1
        child = f"C{number:06d}"
        born = as_at - timedelta(days=rng.randint(30, 18 * 365 - 30))
        if rng.random() < 0.02:  # some turn 16 exactly on D
            born = months_before(as_at, 16 * 12)
        births[child] = born
        header_rows.append({"CHILD": child, "SEX": rng.choice("12"), "DOB": _d(born), "ETHNIC": "WBRI", "UPN": ""})
        short_breaks = rng.random() < 0.05
        home = rng.choice([*POSTCODES, UNKNOWN_POSTCODE] if rng.random() < 0.1 else list(POSTCODES))
        made: list[_Episode] = []
        day = born + timedelta(days=rng.randint(0, max(1, (extracted - born).days - 1)))
        for _spell in range(rng.choice([1, 1, 1, 2])):
            if day >= extracted:
                break
            spell_start = day
            rne = "S"
            placement, placement_start = next(placement_ids), day
            placed = rng.choice(list(POSTCODES))
            while True:
                end = day + timedelta(days=rng.randint(1, 500))
                ls = "V3" if short_breaks else rng.choice(["C2", "C2", "V2", "J2", "E1"])
                if end >= extracted:
                    made.append(_Episode(day, None, rne, ls, "", placement, spell_start, placement_start, home, placed))
                    day = extracted
                    break
                roll = rng.random()
                if roll < 0.25:  # ceases to be looked after
                    rec = rng.choice(CEASE_REASONS)
                    made.append(_Episode(day, end, rne, ls, rec, placement, spell_start, placement_start, home, placed))
                    day = end + timedelta(days=rng.randint(1, 400))  # a gap of at least a day
                    break
                made.append(_Episode(day, end, rne, ls, "X1", placement, spell_start, placement_start, home, placed))
                day = end
                rne = rng.choice(["P", "P", "P", "L", "L", "T", "B", "U"])
                if rne != "L":
                    placement, placement_start = next(placement_ids), day
                    placed = rng.choice([*POSTCODES, UNKNOWN_POSTCODE])
        children[child] = made
        for e in made:
            episode_rows.append(
                {
                    "CHILD": child,
                    "DECOM": _d(e.start),
                    "RNE": e.rne,
                    "LS": e.ls,
                    "CIN": "N1",
                    "PLACE": "U1",
                    "PLACE_PROVIDER": "PR1",
                    "DEC": _d(e.end),
                    "REC": e.rec,
                    "REASON_PLACE_CHANGE": "",
                    "HOME_POST": e.home,
                    "PL_POST": e.placed,
                    "URN": "",
                }  # fmt: skip
            )
        total += len(made)
        if made and rng.random() < 0.3:
            first = made[0].start
            start = first + timedelta(days=rng.randint(0, max(0, (extracted - first).days)))
            missing_rows.append(
                {"CHILD": child, "DOB": _d(born), "MISSING": rng.choice("MMA"), "MIS_START": _d(start), "MIS_END": ""}
            )
        if made and rng.random() < 0.5:
            review_rows.append({"CHILD": child, "DOB": _d(born), "REVIEW": _d(made[0].start), "REVIEW_CODE": "PN1"})

    care = {c: [e for e in es if e.ls not in ("V3", "V4")] for c, es in children.items()}
    looked_after = {c for c, es in care.items() if any(_is_open(e, as_at) for e in es)}
    expected: dict[str, tuple[int, int | None]] = {"1": (len(looked_after), None)}

    y0 = year_start(as_at)
    three = 0
    for c in looked_after:
        ids = {e.placement for e in care[c] if _is_open(e, y0)}
        ids |= {e.placement for e in care[c] if y0 < e.placement_start <= as_at}
        three += len(ids) >= 3
    expected["5"] = (three, len(looked_after))

    cohort = stable = 0
    for c in looked_after:
        current = next(e for e in care[c] if _is_open(e, as_at))
        if births[c] > months_before(as_at, 192) and current.spell_start <= months_before(as_at, 30):
            cohort += 1
            stable += current.placement_start <= months_before(as_at, 24)
    expected["6"] = (stable, cohort)

    fy = financial_year_start(as_at)
    ceased: dict[str, set[str]] = {}
    for c, es in care.items():
        for e in es:
            if e.end and fy <= e.end <= as_at and e.rec != "X1":
                ceased.setdefault(c, set()).add(e.rec)
    expected["11"] = (sum(bool(r & {"E11", "E12"}) for r in ceased.values()), len(ceased))
    expected["12"] = (sum(bool(r & {"E45", "E46", "E47", "E48"}) for r in ceased.values()), len(ceased))

    in_year = {c for c, es in care.items() if any(e.start <= as_at and (e.end is None or e.end > fy) for e in es)}
    went = {r["CHILD"] for r in missing_rows if r["MISSING"] == "M"
            and fy <= date(*reversed([int(p) for p in r["MIS_START"].split("/")])) <= as_at}  # fmt: skip
    expected["14"] = (len(went & in_year), len(in_year))

    measured = far = 0
    for c in looked_after:
        current = next(e for e in care[c] if _is_open(e, as_at))
        if current.home in POSTCODES and current.placed in POSTCODES:
            measured += 1
            (e1, n1), (e2, n2) = POSTCODES[current.home], POSTCODES[current.placed]
            far += math.hypot(e1 - e2, n1 - n2) > 20 * 1609.344
    expected["13"] = (far, measured)

    if is_year_end(as_at):
        year_ago = months_before(as_at, 12)
        for c in sorted(looked_after):
            current = next(e for e in care[c] if _is_open(e, as_at))
            if current.spell_start <= year_ago:
                oc2_rows.append({"CHILD": c, "DOB": _d(births[c]), "HEALTH_CHECK": rng.choice("011"),
                                 "TEETH_CHECK": rng.choice("01"), "IMMUNISATIONS": "1"})  # fmt: skip
        expected["9"] = (sum(r["TEETH_CHECK"] == "1" for r in oc2_rows), len(oc2_rows))
        expected["10"] = (sum(r["HEALTH_CHECK"] == "1" for r in oc2_rows), len(oc2_rows))
        for n in range(max(5, len(looked_after) // 4)):
            leaver = f"L{n:06d}"
            born = months_before(as_at, 12 * rng.choice([19, 20, 21]))
            header_rows.append({"CHILD": leaver, "SEX": "1", "DOB": _d(born), "ETHNIC": "WBRI"})
            in_touch = rng.choice(["YES", "YES", "YES", "NO", "DIED", "RHOM", "REFU"])
            activ = rng.choice(["F1", "F5", "G4", "G5", "G6", "P2"]) if in_touch == "YES" else "0"
            accom = rng.choice(["B1", "D1", "U1", "S2", "W2"]) if in_touch == "YES" else "0"
            oc3_rows.append({"CHILD": leaver, "DOB": _d(born), "IN_TOUCH": in_touch, "ACTIV": activ, "ACCOM": accom})
        leavers = [r for r in oc3_rows if r["IN_TOUCH"] not in ("DIED", "RHOM")]
        expected["7"] = (sum(r["ACCOM"].endswith("1") for r in leavers), len(leavers))
        expected["8"] = (sum(r["ACTIV"] in ("G4", "G5", "G6") for r in leavers), len(leavers))

    files = {
        "header.csv": _csv(COLUMNS[HEADER], header_rows),
        "episodes.csv": _csv(COLUMNS[EPISODES], episode_rows),
        "reviews.csv": _csv(COLUMNS[REVIEWS], review_rows),
        "missing.csv": _csv(COLUMNS[MISSING], missing_rows),
    }
    if oc2_rows:
        files["oc2.csv"] = _csv(COLUMNS[OC2], oc2_rows)
    if oc3_rows:
        files["oc3.csv"] = _csv(COLUMNS[OC3], oc3_rows)
    lookup = _csv(["postcode", "easting", "northing"],
                  [{"postcode": p, "easting": e, "northing": n} for p, (e, n) in POSTCODES.items()])  # fmt: skip
    return Synthetic(files, expected, total, lookup, children)
