"""DfE's published files shipped in national/data/dfe/: `make run` (demo_setup) loads them once,
a second run changes nothing, a newer file loaded since is never put back, and every page says
whose figures they are (the Open Government Licence attribution)."""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from national import selectors, services, shipped
from national.models import ChildPopulation, Council, CouncilValue, NationalImport, ValueChange
from scorecard.models import ComparatorValue

ATTRIBUTION = "Contains public sector information licensed under the"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def _shipped(name: str) -> bytes:
    return gzip.decompress((shipped.FOLDER / f"{name}.gz").read_bytes())


def test_the_shipped_files_are_dfes_own_with_their_licence_and_checksums():
    readme = (REPO / "national" / "data" / "README.md").read_text()
    assert "Open Government Licence v3.0" in readme and ATTRIBUTION in readme
    import hashlib

    for path in sorted(shipped.FOLDER.glob("*.csv.gz")):
        checksum = hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest()
        assert f"{checksum}  {path.name.removesuffix('.gz')}" in readme


def test_make_run_loads_every_councils_real_figures(demo, client, panel_member):
    assert "Loaded DfE's published figures" in demo and ATTRIBUTION in demo
    # Harrow's dental checks in 2024-25 as DfE published them (la_conviction_health_outcome_cla.csv).
    harrow = CouncilValue.objects.get(indicator__ref="9", year=2025, area_code="310")
    assert harrow.status == "value" and harrow.value is not None and harrow.source.file_name.endswith(".csv")
    assert CouncilValue.objects.filter(indicator__ref="9", year=2025, level="Local authority").count() > 150
    england = CouncilValue.objects.get(indicator__ref="1", year=2025, level="National")
    assert england.value > 80_000  # children looked after in England on 31 March 2025
    client.force_login(panel_member)
    page = client.get("/indicators/9/benchmark/2025/").content.decode()
    assert "No councils" not in page and "Barnet" in page and "Kent" in page
    assert ATTRIBUTION in page
    assert ATTRIBUTION in client.get("/").content.decode()


def test_a_second_run_changes_nothing(demo, capsys):
    before = sorted(CouncilValue.objects.values_list("pk", "value", "source_id"))
    imports, history = NationalImport.objects.count(), ComparatorValue.history.count()
    populations = ChildPopulation.objects.count()
    call_command("demo_setup")
    assert "DfE's published figures already loaded" in capsys.readouterr().out
    assert sorted(CouncilValue.objects.values_list("pk", "value", "source_id")) == before
    assert (NationalImport.objects.count(), ComparatorValue.history.count()) == (imports, history)
    assert ChildPopulation.objects.count() == populations


def test_a_newer_file_replaces_what_it_revises_and_make_run_never_puts_it_back(demo, admin_user):
    name = "la_conviction_health_outcome_cla.csv"
    content = _shipped(name).decode("utf-8")
    lines = content.splitlines(keepends=True)
    # DfE revises Harrow's dental checks of 2024-25: the row's percentage becomes 99.
    index = next(i for i, line in enumerate(lines) if line.startswith("2025,") and ",310,Harrow," in line
                 and "Had their teeth checked by a dentist" in line)  # fmt: skip
    cells = lines[index].rstrip("\n").split(",")
    cells[-1] = "99"
    lines[index] = ",".join(cells) + "\n"
    plan = services.national_import_plan(files=[(name, "".join(lines).encode())])
    assert plan.ok and plan.files[0].changed == 1
    (record,) = services.national_import(plan=plan, by=admin_user)
    value = CouncilValue.objects.get(indicator__ref="9", year=2025, area_code="310")
    assert value.value == Decimal("99") and value.source == record
    change = ValueChange.objects.get(value=value)
    assert change.new_value == Decimal("99") and change.made_by.imported_by == admin_user

    call_command("demo_setup")
    value.refresh_from_db()
    assert value.value == Decimal("99") and value.source == record


def test_loading_keeps_the_councils_own_typed_averages(demo):
    # The deck's 2021/22 averages (typed) stay as typed: DfE's 2021/22 (its 2022) does not replace them.
    typed = ComparatorValue.objects.get(indicator__ref="9", comparator__name="England", year=2021)
    assert typed.source == "" and typed.value == Decimal("70")
    loaded = ComparatorValue.objects.get(indicator__ref="9", comparator__name="England", year=2024)
    assert loaded.source.startswith("DfE national statistics")


def test_ons_child_populations_for_every_council_and_year(demo):
    # DfE's 2024-25 rate per 10,000 is per ONS's mid-2024 estimate: Harrow 60,452 children.
    assert selectors.child_population("310", 2025) == 60452
    assert selectors.child_population(Council.objects.get(old_code="310"), 2013) == 55504
    assert selectors.child_population("310", 2012) is None  # no mid-2011 estimate shipped
    assert selectors.child_population("999", 2025) is None
    populations = selectors.child_populations(2025)
    assert len(populations) >= 150 and populations["310"] == 60452
    # The population gives DfE's rate per 10,000 (ref 3) for every council and year.
    for value in CouncilValue.objects.filter(indicator__ref="1", level="Local authority", year=2025)[:20]:
        rate = CouncilValue.objects.get(indicator__ref="3", year=2025, area_code=value.area_code)
        population = selectors.child_population(value.area_code, 2025)
        if value.numerator is None and value.value is not None and rate.value is not None:
            assert round(value.value * 10000 / population) == rate.value


def test_every_shipped_file_gives_indicators_each_with_its_caveat(demo, client, panel_member):
    from national.models import IndicatorSource

    kinds = {name.removesuffix(".csv") for name, _ in shipped.shipped_files()}
    assert kinds == set(IndicatorSource.objects.values_list("file_kind", flat=True))
    for ref in ("immunisations", "sdq-concern", "convictions", "cl-17-18-suitable", "cl-17-18-neet",
                "cl-19-21-eet", "school-moves", "development-checks"):  # fmt: skip
        assert CouncilValue.objects.filter(indicator__ref=ref, level="Local authority").count() > 500, ref
    # Ref 13 from DfE's new placements: inside and outside the council's area more than 20 miles, summed.
    england = CouncilValue.objects.get(indicator__ref="13", year=2025, level="National")
    assert (england.numerator, england.denominator) == (4310 + 14560, 90930)
    assert england.value == Decimal("21")  # DfE's 5% + 16%
    source = IndicatorSource.objects.get(indicator__ref="13")
    assert "new placements made during the year" in source.notes and "snapshot" in source.notes
    client.force_login(panel_member)
    page = client.get("/indicators/13/").content.decode()
    assert "new placements made during the year" in page
    assert "Placed inside LA boundary more than 20 miles from home + Placed outside LA boundary" in page
    assert client.get("/indicators/immunisations/benchmark/2025/").status_code == 200
