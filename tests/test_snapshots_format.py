"""Published reports' snapshots (scorecard/snapshots.py) are read in every format ever written:
tests/data/snapshots/format_<N>.json is a snapshot as format N wrote it (format 1's without
its number, as it was stored), each read back through the report's pages here; and the
format written now must be the latest fixture's, so that a change to what a snapshot holds
cannot be made without a new format number, its upgrade and its fixture."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import openpyxl
import pytest

from scorecard import services, snapshots
from scorecard.audience import Audience
from scorecard.models import Period, ReportKeyPoint, ReportVersion

FIXTURES = Path(__file__).resolve().parent / "data" / "snapshots"
REPORT = "/reports/2023-24-q3/"


def _number(path: Path) -> int:
    return int(path.stem.removeprefix("format_"))


WRITTEN = sorted(FIXTURES.glob("format_*.json"), key=_number)


def _freeze(officer) -> ReportVersion:
    """The deck's Q3 report published, two of its key points checked for the public: what each
    fixture was written from."""
    report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    for point in ReportKeyPoint.objects.filter(report=report).order_by("position")[:2]:
        services.publication_check(item=point, checked=True, by=officer)
    return services.report_publish(report=report, by=officer)


def _paths(value, path: str = "") -> set[str]:
    """The snapshot's shape: every key's path, and the type of every value that is not null."""
    if isinstance(value, dict):
        return {path + "{}"}.union(*(_paths(v, f"{path}.{k}") for k, v in value.items()))
    if isinstance(value, list):
        return {path + "[]"}.union(*(_paths(item, path + "[]") for item in value))
    return {path} if value is None else {path, f"{path}:{type(value).__name__}"}


def test_there_is_a_fixture_of_every_format_up_to_the_current_one():
    assert [_number(p) for p in WRITTEN] == list(range(1, snapshots.FORMAT + 1))


def test_a_snapshot_is_written_in_the_current_format_and_is_its_fixtures_shape(deck, officer):
    written = _freeze(officer).snapshot
    assert written["format"] == snapshots.FORMAT
    fixture = FIXTURES / f"format_{snapshots.FORMAT}.json"
    if os.environ.get("WRITE_SNAPSHOT_FIXTURE", "").lower() == "true" and not fixture.exists():
        fixture.write_text(json.dumps(written, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    kept = snapshots.current(json.loads(fixture.read_text(encoding="utf-8")))
    assert _paths(written) == _paths(kept), (
        "What a snapshot holds has changed: published reports keep the old shape for ever. Add a "
        "format to scorecard/snapshots.py (FORMAT, its upgrade) and write its fixture: "
        "WRITE_SNAPSHOT_FIXTURE=true pytest tests/test_snapshots_format.py"
    )


@pytest.mark.parametrize("path", WRITTEN, ids=lambda p: p.stem)
def test_a_report_frozen_in_each_format_ever_written_is_read(client, settings, deck, officer, panel_member, path):
    version = _freeze(officer)
    ReportVersion.objects.filter(pk=version.pk).update(snapshot=json.loads(path.read_text(encoding="utf-8")))

    client.force_login(panel_member)
    page = client.get(REPORT)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dental checks" in html and "80.9 (89/110)" in html and "public-version-banner" not in html
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"{REPORT}scorecard.xlsx").content)).active
    dental = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Dental checks")
    assert "80.9 (89/110)" in dental

    client.logout()
    settings.PUBLIC_SCORECARD = True
    public = client.get(REPORT).content.decode()
    assert "public-version-banner" in public and "c (c/53)" in public and "(2/53)" not in public


def test_a_snapshot_without_a_format_number_is_format_1_and_a_newer_one_is_refused():
    one = {"member": {"audience": "member"}, "public": {"audience": "public"}}
    assert snapshots.format_of(one) == 1
    assert snapshots.content(one, Audience.PUBLIC) == {"audience": "public"}
    with pytest.raises(ValueError, match=f"snapshot format {snapshots.FORMAT + 1}, newer than"):
        snapshots.current({**one, "format": snapshots.FORMAT + 1})
