"""Every English council and DfE's statistical-neighbour groups, from DfE's group files kept
in national/data/ and the registry there (groupings.csv) of which grouping applies from which
year. A new grouping is its file and a row of the registry. The readers are pure;
councils_load writes them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from national.benchmark import Grouping

DATA = Path(__file__).resolve().parent / "data"
REGISTRY = DATA / "groupings.csv"
LAYOUTS = ("2021", "wide")


@dataclass(frozen=True)
class GroupRow:
    old_code: str
    name: str
    region: str
    neighbours: tuple[tuple[str, str], ...]  # (old code, closeness), closest first


def region_name(name: str) -> str:
    """One spelling per region: the 2021 file splits London in two and writes 'the Humber'."""
    name = name.strip()
    if name.startswith("London"):
        return "London"
    return name.replace("Yorkshire and the Humber", "Yorkshire and The Humber")


def read_groups_2021(text: str) -> list[GroupRow]:
    """DfE's April 2021 groupings: LA num, LA Name, LA number, GOInd, GOReg, then SN1, SNP ... SN10, SNP.
    The file ends with the groups of councils reorganised since ('Old SNs'), read the same way."""
    rows = []
    for cells in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        if len(cells) < 25 or not cells[0].strip().isdigit():
            continue
        pairs = tuple((cells[5 + 2 * i].strip(), cells[6 + 2 * i].strip()) for i in range(10))
        rows.append(GroupRow(cells[0].strip(), cells[1].strip(), region_name(cells[4]), pairs))
    return rows


def read_groups_2025(text: str) -> list[GroupRow]:
    """DfE's 2025 model: old_la_code, la_name, region_ind, region_name, SN_1, SN_1P ... SN_10, SN_10P."""
    rows = []
    for record in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        code = (record.get("old_la_code") or "").strip()
        if not code.isdigit():
            continue
        pairs = tuple(((record[f"SN_{i}"] or "").strip(), (record[f"SN_{i}P"] or "").strip()) for i in range(1, 11))
        rows.append(GroupRow(code, record["la_name"].strip(), region_name(record["region_name"]), pairs))
    return rows


def read_registry(text: str) -> list[Grouping]:
    """groupings.csv: grouping (the year DfE published it), file (in national/data/), layout
    ("2021" for the April 2021 file's columns, "wide" for 2025's) and applies_from (the first
    year ending 31 March averaged over it). A row it cannot use is an error naming the row."""
    groupings = []
    for number, record in enumerate(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))), start=2):
        try:
            grouping = Grouping(int(record["grouping"]), record["file"].strip(), record["layout"].strip(),
                                int(record["applies_from"]))  # fmt: skip
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"groupings.csv row {number}: give grouping, file, layout and applies_from.") from error
        if grouping.layout not in LAYOUTS:
            raise ValueError(f"groupings.csv row {number}: layout is {grouping.layout!r}; use one of {LAYOUTS}.")
        groupings.append(grouping)
    years = [g.year for g in groupings]
    if len(set(years)) != len(years):
        raise ValueError("groupings.csv names a grouping twice.")
    return groupings


def groupings() -> list[Grouping]:
    """The registry of DfE's groupings, as national/data/groupings.csv lists them."""
    return read_registry(REGISTRY.read_text(encoding="utf-8-sig"))


_READERS = {"2021": read_groups_2021, "wide": read_groups_2025}


def group_rows() -> dict[int, list[GroupRow]]:
    """Every grouping's rows, by grouping year."""
    return {g.year: _READERS[g.layout]((DATA / g.file).read_text(encoding="utf-8-sig")) for g in groupings()}


def councils_load() -> tuple[int, int]:
    """Create every council named in the group files (the 2025 name and region where a
    council is in both) and replace the groups. Returns (councils, neighbour links)."""
    from django.db import transaction

    from national.models import Council, Neighbour
    from scorecard import data_version

    groups = group_rows()
    described: dict[str, GroupRow] = {}
    for year in sorted(groups):
        described.update({row.old_code: row for row in groups[year]})
    with transaction.atomic():
        existing = {c.old_code: c for c in Council.objects.all()}
        new = [Council(old_code=code, name=row.name, region=row.region)
               for code, row in described.items() if code not in existing]  # fmt: skip
        Council.objects.bulk_create(new)
        by_code = {c.old_code: c for c in Council.objects.all()}
        Neighbour.objects.all().delete()
        links = [
            Neighbour(council=by_code[row.old_code], group_year=year, position=position,
                      neighbour=by_code[code], closeness=closeness)
            for year, rows in groups.items() for row in rows
            for position, (code, closeness) in enumerate(row.neighbours, start=1) if code in by_code
        ]  # fmt: skip
        Neighbour.objects.bulk_create(links)
        data_version.bump()  # bulk writes send no signal
    return len(by_code), len(links)


def councils_load_if_empty() -> None:
    from national.models import Council

    if not Council.objects.exists():
        councils_load()


ONS_FILE = DATA / "dfe" / "ons_mid-year_population_estimates_2012_to_2024.csv.gz"


@dataclass(frozen=True)
class CouncilEntry:
    old_code: str
    new_code: str
    name: str
    region: str


class UnknownCouncil(LookupError):
    """No council has that code or name; the message lists the closest."""


def directory() -> dict[str, CouncilEntry]:
    """Every English council by old code: those in DfE's groups and ONS's estimates (its latest
    name and new code), reorganised ones included for the years they existed. Pure: no Django."""
    import gzip

    entries: dict[str, CouncilEntry] = {}
    groups = group_rows()
    for year in sorted(groups):
        for row in groups[year]:
            entries[row.old_code] = CouncilEntry(row.old_code, "", row.name, row.region)
    rows = csv.DictReader(io.StringIO(gzip.decompress(ONS_FILE.read_bytes()).decode("utf-8-sig")))
    latest: dict[str, tuple[int, dict]] = {}
    for record in rows:
        code = (record.get("old_la_code") or "").strip()
        if record.get("geographic_level") == "Local authority" and code.isdigit():
            year = int(record["time_period"])
            if code not in latest or year > latest[code][0]:
                latest[code] = (year, record)
    for code, (_, record) in latest.items():
        known = entries.get(code)
        entries[code] = CouncilEntry(
            code, record["new_la_code"].strip(), known.name if known else record["la_name"].strip(),
            known.region if known else region_name(record["region_name"]),
        )  # fmt: skip
    return entries


def resolve(text: str) -> CouncilEntry:
    """The council with that old code (302), new code (E09000003) or name (Barnet, any case);
    UnknownCouncil naming the closest matches otherwise."""
    import difflib

    wanted = text.strip()
    entries = directory()
    if wanted in entries:
        return entries[wanted]
    for entry in entries.values():
        if wanted.upper() == entry.new_code.upper() or wanted.casefold() == entry.name.casefold():
            return entry
    labels = {f"{e.name} ({e.old_code}{', ' + e.new_code if e.new_code else ''})": e for e in entries.values()}
    keys = {e.old_code: label for label, e in labels.items()}
    keys |= {e.new_code.upper(): label for label, e in labels.items() if e.new_code}
    keys |= {e.name.casefold(): label for label, e in labels.items()}
    close = difflib.get_close_matches(wanted.casefold() if not wanted[:1].isdigit() else wanted.upper(), keys, n=5,
                                      cutoff=0.6)  # fmt: skip
    matches = list(dict.fromkeys(keys[c] for c in close))
    hint = f" Closest: {'; '.join(matches)}." if matches else " Give a DfE code such as 302, an ONS code or a name."
    raise UnknownCouncil(f"No English council has the code or name “{wanted}”.{hint}")
