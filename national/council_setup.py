"""Any council's scorecard, without editing code: its indicators chosen from the library
(indicators/definitions/, the deck's 14 with the deck's references by default), their DfE
sources, the England and statistical-neighbour comparators, and its year-end outturns filled
from DfE's published figures for every indicator DfE publishes (the shipped files, loaded here
if they are not yet). The council then adds its quarters by entry, upload or the 903 extract."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings

from national import councils, library, selectors, services, shipped
from national.models import Council, CouncilValue, IndicatorSource, Level, ScorecardCouncil, Status
from scorecard.models import Comparator, Figure, FigureStatus, Indicator, Period, Unit

LOADED = "year-end outturn from DfE's published figures"


@dataclass
class SetUp:
    council: councils.CouncilEntry
    indicators: int  # on the scorecard
    library: int  # every indicator set up (the rest kept off the scorecard)
    outturns: int  # figures filled from DfE's
    values: int  # DfE values loaded


class CouncilMismatch(ValueError):
    """The database already holds another council's scorecard."""


def default_slugs() -> list[str]:
    """The deck's indicators, in the deck's order."""
    deck = [d for d in library.definitions().values() if d.get("deck_ref")]
    return [d["slug"] for d in sorted(deck, key=lambda d: int(d["deck_ref"]))]


def recorded_council() -> Council | None:
    row = ScorecardCouncil.objects.select_related("council").first()
    return row.council if row else None


def record_council(old_code: str) -> None:
    council = Council.objects.get(old_code=old_code)
    ScorecardCouncil.objects.update_or_create(pk=1, defaults={"council": council})


def setup_council(text: str, *, slugs: list[str] | None = None, by=None) -> SetUp:
    """Set the database up as the council's (by code or name); refused when it holds another's."""
    entry = councils.resolve(text)
    recorded = recorded_council()
    if recorded is not None and recorded.old_code != entry.old_code:
        raise CouncilMismatch(
            f"This database holds {recorded.name}'s scorecard ({recorded.old_code}); set {entry.name} up on a "
            "fresh database (make clean, then COUNCIL=... make run)."
        )
    if recorded is None and Figure.objects.exists():
        raise CouncilMismatch("This database holds a scorecard of an unrecorded council; use a fresh database.")
    chosen = slugs or default_slugs()
    unknown = [slug for slug in chosen if slug not in library.definitions()]
    if unknown:
        raise ValueError(f"Not in the indicator library: {', '.join(unknown)}.")
    names = {"OUR_COUNCIL_CODE": entry.old_code, "COUNCIL_SHORT_NAME": entry.name}
    with override_settings(**names), transaction.atomic():
        councils.councils_load_if_empty()
        indicators = _indicators(chosen)
        _comparators()
        loaded = shipped.load_shipped(by=by)
        if loaded.problems:
            raise ValueError("; ".join(loaded.problems))
        outturns = fill_outturns(entry.old_code, indicators)
        if not loaded.values:  # loaded before, perhaps for another indicator list: averages afresh
            _averages(by)
        record_council(entry.old_code)
    return SetUp(entry, len(chosen), len(indicators), outturns, loaded.values)


def _indicators(chosen: list[str]) -> dict[str, Indicator]:
    """Every library indicator (the chosen on the scorecard, in their order; the rest off it, for
    the national pages), each with its DfE source. Refs: the deck's, else the definition's slug."""
    order = {slug: position for position, slug in enumerate(chosen, start=1)}
    made = {}
    for slug, definition in library.definitions().items():
        ref = definition.get("deck_ref") or slug
        indicator, _ = Indicator.objects.update_or_create(
            ref=ref,
            defaults={
                "short_name": definition["short_name"], "description": definition["title"][:300],
                "theme": definition["theme"], "unit": definition["unit"], "polarity": definition["polarity"],
                "measure_type": definition["measure_type"], "decimals": definition["decimal_places"],
                "display_order": order.get(slug, 100 + len(made)), "is_active": slug in order,
                "definition": definition["description"], "statement": definition["statement"][:200],
            },
        )  # fmt: skip
        source = definition.get("dfe_source")
        if source:
            record = IndicatorSource(
                indicator=indicator, file_kind=source["file"].removesuffix(".csv"), row_filters=source["row_filters"],
                value_column=source["value_column"], count_column=source.get("count_column", ""),
                denominator_filters=source.get("denominator_filters") or {},
                denominator_column=source.get("denominator_column", ""), notes=source.get("caveat", ""),
            )  # fmt: skip
            record.full_clean(exclude=["indicator"])
            existing = IndicatorSource.objects.filter(indicator=indicator).first()
            if existing is None:
                record.save()
        made[slug] = indicator
    return made


def _comparators() -> None:
    Comparator.objects.get_or_create(
        name=settings.NATIONAL_SN_COMPARATOR,
        defaults={"short_name": "SN", "sentence_name": "statistical-neighbour", "statistic": "mean",
                  "display_order": 1},
    )  # fmt: skip
    Comparator.objects.get_or_create(
        name=settings.NATIONAL_ENGLAND_COMPARATOR,
        defaults={"short_name": "England", "sentence_name": "England", "statistic": "national", "display_order": 2},
    )


def fill_outturns(old_code: str, indicators: dict[str, Indicator]) -> int:
    """The council's year-end outturns from DfE's published figures, where it has none: DfE's
    2025 (the year ending 31 March 2025) is the 2024-25 outturn. A rate per 10,000 without DfE's
    population takes ONS's (selectors.child_population). Returns how many were made."""
    active = {i.pk: i for i in indicators.values() if i.is_active}
    values = CouncilValue.objects.filter(
        indicator_id__in=list(active), level=Level.LOCAL_AUTHORITY, area_code=old_code, status=Status.VALUE
    )
    outturns = Figure.objects.filter(period__quarter__isnull=True)
    held = set(outturns.values_list("indicator_id", "period__financial_year"))
    periods: dict[int, Period] = {}
    made = 0
    for value in values.order_by("year"):
        fy = value.year - 1
        if (value.indicator_id, fy) in held:
            continue
        indicator = active[value.indicator_id]
        period = periods.get(fy)
        if period is None:
            period = periods[fy] = Period.objects.get_or_create(financial_year=fy, quarter=None)[0]
        numerator, denominator = value.numerator, value.denominator
        if indicator.unit == Unit.RATE_PER_10000 and numerator is not None and denominator is None:
            denominator = selectors.child_population(old_code, value.year)
        counted = (indicator.unit != Unit.COUNT and numerator is not None and denominator
                   and numerator <= denominator)  # fmt: skip
        figure = Figure(
            indicator=indicator, period=period, numerator=numerator if counted else None,
            denominator=denominator if counted else None, value=value.value,
            published_value=value.value if counted else None, status=FigureStatus.FINAL,
        )  # fmt: skip
        figure._change_reason = LOADED
        figure.save()
        made += 1
    return made


def _averages(by) -> None:
    """The England and neighbour averages of every loaded year, for this council's neighbours."""
    pairs = set(CouncilValue.objects.values_list("indicator_id", "year").distinct())
    services.comparator_values_fill(indicator_years=pairs, by=by)
