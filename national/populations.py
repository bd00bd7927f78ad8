"""ONS's mid-year estimates of children aged 0 to 17 (as DfE ships them beside its files):
read with pandas, loaded where not already held. The rate per 10,000 of the year ending
31 March Y is per the estimate of mid-(Y - 1), as DfE works it out."""

from __future__ import annotations

import io

import pandas as pd

COLUMNS = ("time_period", "geographic_level", "country_code", "region_code", "old_la_code", "new_la_code",
           "la_name", "region_name", "country_name", "population_estimate")  # fmt: skip
AGE_GROUP = "Children aged 0 to 17 years"


def read_populations(content: bytes) -> list[dict]:
    """Every row of children aged 0 to 17: mid_year, level, area_code, name, new_code, region, population."""
    frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"Not ONS's population file as DfE ships it: no {', '.join(missing)} column.")
    if "age_group" in frame.columns:
        frame = frame[frame["age_group"].str.strip() == AGE_GROUP]
    rows = []
    for record in frame.to_dict("records"):
        level = record["geographic_level"].strip()
        if level == "Local authority":
            code, name = record["old_la_code"].strip(), record["la_name"].strip()
        elif level == "Regional":
            code, name = record["region_code"].strip(), record["region_name"].strip()
        else:
            code, name = record["country_code"].strip(), record["country_name"].strip()
        text = record["population_estimate"].strip().replace(",", "")
        rows.append({
            "mid_year": int(record["time_period"]), "level": level, "area_code": code, "name": name,
            "new_code": record["new_la_code"].strip(), "region": record["region_name"].strip(),
            "population": int(text) if text.isdigit() else None,
        })  # fmt: skip
    return rows


def populations_load(content: bytes, *, file_name: str) -> int:
    """Create the estimates not already held (a later file never loses to this one); returns how many."""
    from django.db import transaction

    from national.councils import region_name
    from national.models import ChildPopulation, Council, Level
    from scorecard import data_version

    rows = read_populations(content)
    with transaction.atomic():
        held = set(ChildPopulation.objects.values_list("mid_year", "area_code"))
        councils = {c.old_code: c for c in Council.objects.all()}
        unknown = {r["area_code"]: r for r in rows if r["level"] == Level.LOCAL_AUTHORITY and r["area_code"]}
        Council.objects.bulk_create(
            Council(old_code=code, name=r["name"], region=region_name(r["region"]), new_code=r["new_code"])
            for code, r in unknown.items() if code not in councils
        )  # fmt: skip
        councils = {c.old_code: c for c in Council.objects.all()}
        new = [
            ChildPopulation(
                mid_year=r["mid_year"], level=r["level"], area_code=r["area_code"], name=r["name"],
                council=councils.get(r["area_code"]) if r["level"] == Level.LOCAL_AUTHORITY else None,
                population=r["population"], source=file_name,
            )
            for r in rows if r["area_code"] and (r["mid_year"], r["area_code"]) not in held
        ]  # fmt: skip
        ChildPopulation.objects.bulk_create(new, batch_size=2000)
        if new:
            data_version.bump()
    return len(new)
