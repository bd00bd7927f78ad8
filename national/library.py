"""The indicator library: one reviewed definition per indicator in indicators/definitions/<slug>.json
(title, why it matters, unit, polarity, DfE source, 903 definition, who wrote and checked it, when it
is next reviewed). Read from the repository, never from the database: pure, cached per process."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "indicators" / "definitions"
FIELDS = (
    "slug", "deck_ref", "title", "short_name", "description", "why_it_matters", "unit", "polarity", "measure_type",
    "decimal_places", "default_tolerance", "theme", "statement", "dfe_source", "ssda903_definition", "authored_by",
    "checked_by", "date_reviewed", "next_review",
)  # fmt: skip
REQUIRED = tuple(f for f in FIELDS if f not in ("deck_ref", "dfe_source", "ssda903_definition"))


@cache
def definitions() -> dict[str, dict]:
    """Every definition by slug."""
    found = {}
    for path in sorted(FOLDER.glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        found[definition.get("slug", path.stem)] = definition
    return found


def for_ref(ref: str) -> dict | None:
    """The definition of a scorecard indicator: by the deck's reference, else by its slug."""
    every = definitions()
    return next((d for d in every.values() if d.get("deck_ref") == ref), None) or every.get(ref)


def problems(definition: dict, *, today: date) -> list[str]:
    """What is missing or out of date in a definition; empty when it is fit to use."""
    found = [f"no {field}" for field in FIELDS if field not in definition]
    found += [f"{field} is empty" for field in REQUIRED if field in definition and definition[field] in ("", None)]
    try:
        if date.fromisoformat(definition.get("next_review", "")) < today:
            found.append(f"its next review ({definition['next_review']}) has passed")
    except ValueError:
        found.append("next_review is not a date like 2027-12-03")
    return found
