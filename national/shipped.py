"""DfE's published files shipped in the repository (national/data/dfe/, gzipped; see the
README there): loaded by `make run` once, through the same checks as an upload. Loading
only fills what is not held: a figure loaded since (a later release or a revision, through
the import page or command) is never put back to the shipped one."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from national import populations, selectors, services
from national.models import CouncilValue, NationalImport

FOLDER = Path(__file__).resolve().parent / "data" / "dfe"
POPULATIONS = "ons_mid-year_population_estimates_2012_to_2024.csv"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


@dataclass
class ShippedLoad:
    files: list[str]  # the DfE files that gave anything new
    values: int  # council, region and England values created
    populations: int  # ONS estimates created
    problems: list[str]


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def shipped_files() -> list[tuple[str, bytes]]:
    """The shipped DfE files, decompressed, by their names as DfE publishes them (x.csv)."""
    files = []
    for path in sorted(FOLDER.glob("*.csv.gz")):
        name = path.name.removesuffix(".gz")
        if name != POPULATIONS:
            files.append((name, gzip.decompress(path.read_bytes())))
    return files


def load_shipped(*, by=None) -> ShippedLoad:
    """Load what the shipped files hold that the database does not; nothing when run again."""
    specs = selectors.source_specs()
    kinds = {spec.kind for spec in specs}  # a file no indicator reads waits for one
    files = [f for f in shipped_files() if f[0].removesuffix(".csv") in kinds]
    # A file loaded before, every indicator it feeds already holding figures, has nothing to give: not read again.
    loaded = set(NationalImport.objects.filter(checksum__in=[_sha256(c) for _, c in files]).values_list("checksum"))
    with_values = set(CouncilValue.objects.values_list("indicator__ref", flat=True).distinct())
    files = [
        (name, content) for name, content in files
        if (_sha256(content),) not in loaded
        or any(s.ref not in with_values for s in specs if s.kind == name.removesuffix(".csv"))
    ]  # fmt: skip
    plan = services.national_import_plan(files=files)
    if not plan.ok:
        problems = [f"{f.name}: {p}" for f in plan.files for p in f.problems]
        return ShippedLoad([], 0, 0, problems)
    held = set(CouncilValue.objects.values_list("indicator__ref", "year", "area_code"))
    for file in plan.files:
        file.values = [row for row in file.values if (row.ref, row.year, row.area_code) not in held]
        file.created, file.changed, file.unchanged = len(file.values), 0, 0
        file.already = None
    plan.files = [file for file in plan.files if file.values]
    if plan.files:
        services.national_import(plan=plan, by=by)
    created = populations.populations_load(
        gzip.decompress((FOLDER / f"{POPULATIONS}.gz").read_bytes()), file_name=POPULATIONS
    )
    return ShippedLoad([f.name for f in plan.files], sum(f.created for f in plan.files), created, [])
