"""What is due to be sent on a given day: each alert as (kind, recipient, subject key,
content). The content names periods, indicators and reports, with links; it never
carries a figure, a count, a child's identifier or officer-only text (commentary)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from alerts import recipients, working_days
from alerts.models import AlertKind, SentAlert
from scorecard import rag
from scorecard.audience import Audience
from scorecard.models import Figure, Indicator, Period, ReportVersion
from scorecard.periods import PeriodKey, period_dates, period_label, period_slug

QUARTERS_CHASED = 2  # figures due: the last two quarters ended (a late one keeps its weekly reminder)
CHANGE_QUARTERS_DAYS = 200  # changes that matter: quarters ended within this many days
PUBLISHED_WITHIN_DAYS = 7  # a version published longer ago than this is not announced (a first run's backlog)


@dataclass(frozen=True)
class Planned:
    kind: str
    user: object
    subject_key: str
    content: dict


def link(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


# Figures due


def quarter_containing(day: date) -> PeriodKey:
    financial_year = day.year if day.month >= 4 else day.year - 1
    return PeriodKey(financial_year, (day.month - 4) % 12 // 3 + 1)


def previous_quarter(key: PeriodKey) -> PeriodKey:
    return PeriodKey(key.financial_year, key.quarter - 1) if key.quarter > 1 else PeriodKey(key.financial_year - 1, 4)


def due_date(key: PeriodKey) -> date:
    return working_days.add_working_days(period_dates(key)[1], settings.FIGURES_DUE_WORKING_DAYS)


def reminder(key: PeriodKey, today: date) -> tuple[str, str] | None:
    """Which reminder of the quarter's figures falls on or before `today`: its key and its
    opening words. Five working days before the due date, on it, then weekly."""
    due = due_date(key)
    if today < working_days.add_working_days(due, -5):
        return None
    if today < due:
        return "before", f"are due on {long_date(due)}"
    if today < due + timedelta(days=7):
        return "due", f"are due today, {long_date(due)}"
    return f"week-{(today - due).days // 7}", f"were due on {long_date(due)} and are still not all entered"


def missing_indicators(key: PeriodKey) -> list[Indicator]:
    period = Period.objects.filter(financial_year=key.financial_year, quarter=key.quarter).first()
    entered = set(Figure.objects.filter(period=period).values_list("indicator_id", flat=True)) if period else set()
    return [i for i in Indicator.objects.filter(is_active=True).order_by("display_order", "ref") if i.pk not in entered]


def figures_due(today: date) -> list[Planned]:
    planned = []
    key = previous_quarter(quarter_containing(today))
    officers = None
    for _ in range(QUARTERS_CHASED):
        stage = reminder(key, today)
        missing = missing_indicators(key) if stage else []
        if missing:
            officers = recipients.recipients(AlertKind.FIGURES_DUE) if officers is None else officers
            label = period_label(key)
            content = {
                "title": f"Figures for {label} {stage[1]}",
                "lines": ["These indicators have no figure yet:"],
                "items": [{"text": i.short_name} for i in missing],
                "links": [
                    {"text": f"Enter the figures for {label}", "url": link("enter_figures", period=period_slug(key))}
                ],
            }
            planned += [
                Planned(AlertKind.FIGURES_DUE, u, f"{period_slug(key)}:{stage[0]}", content) for u, _ in officers
            ]
        key = previous_quarter(key)
    return planned


# Changes that matter


def _audience() -> Audience:
    """What a panel member may read: RAG withheld where it rests on a suppressed figure."""
    return Audience.MEMBER if settings.PANEL_MEMBERS_SEE_SMALL_NUMBERS else Audience.PUBLIC


def changes_of(period: Period, before: Period | None, periods: list[Period]) -> list[dict]:
    """Each indicator that turned red or amber from green, or declined a second quarter
    running, at `period`: an id (what it is, to tell a change already reported), words and a link."""
    from scorecard.selectors import scorecard_for

    audience = _audience()
    current = scorecard_for(period, audience, periods=periods)
    earlier = {r.ref: r for r in scorecard_for(before, audience, periods=periods).rows} if before else {}
    changes = []
    for row in current.rows:
        previous = earlier.get(row.ref)
        if previous is None:
            continue
        url = link("indicator", ref=row.ref)
        if previous.rag is rag.Rag.GREEN and row.rag in (rag.Rag.RED, rag.Rag.AMBER):
            words = f"{row.name}: now {row.rag.value} (was green in {previous_label(before)})"
            changes.append({"id": f"{row.ref}:{row.rag.value}", "text": words, "url": url})
        if row.direction is rag.Direction.DECLINING and previous.direction is rag.Direction.DECLINING:
            words = f"{row.name}: declined for a second quarter running"
            changes.append({"id": f"{row.ref}:declining", "text": words, "url": url})
    return changes


def previous_label(period: Period) -> str:
    return period_label(period.key)


def _settled(period: Period) -> bool:
    """Figures still being entered wait: an alert summarises a quarter's saves, never follows each one."""
    latest = Figure.objects.filter(period=period).order_by("-updated_at").values_list("updated_at", flat=True).first()
    return latest is not None and timezone.now() - latest >= timedelta(minutes=settings.ALERT_SETTLE_MINUTES)


def changes_that_matter(today: date) -> list[Planned]:
    from scorecard.selectors import periods_with_figures

    periods = periods_with_figures()
    by_key = {p.key: p for p in periods}
    chosen = [
        p
        for p in periods
        if not p.is_year_end and p.end_date < today and (today - p.end_date).days <= CHANGE_QUARTERS_DAYS
    ]
    planned: list[Planned] = []
    for period in sorted(chosen, key=lambda p: p.key.sort_key()):
        if not _settled(period):
            continue
        changes = changes_of(period, by_key.get(previous_quarter(period.key)), periods)
        if not changes:
            continue
        slug, label = period_slug(period.key), period_label(period.key)
        planned += _tell(
            slug,
            changes,
            f"Changes that matter in {label}",
            f"Since the figures for {label} were last saved, these indicators have changed:",
            {"text": f"The scorecard for {label}", "url": settings.SITE_URL + reverse("scorecard") + f"?period={slug}"},
        )
    return planned


def _tell(kind_prefix: str, changes: list[dict], title: str, intro: str, more: dict) -> list[Planned]:
    """One alert per subscriber of the changes not told them before under `kind_prefix`."""
    subscribers = recipients.recipients(AlertKind.CHANGES)
    told: dict[int, set[str]] = {}
    for recipient_id, content in SentAlert.objects.filter(
        kind=AlertKind.CHANGES, subject_key__startswith=f"{kind_prefix}:"
    ).values_list("recipient_id", "content"):
        told.setdefault(recipient_id, set()).update(content.get("ids", []))
    planned = []
    for user, _ in subscribers:
        new = [c for c in changes if c["id"] not in told.get(user.pk, set())]
        if not new:
            continue
        ids = sorted(c["id"] for c in new)
        digest = hashlib.sha256("|".join(ids).encode()).hexdigest()[:16]
        content = {
            "title": title,
            "lines": [intro],
            "items": [{"text": c["text"], "url": c["url"]} for c in new],
            "links": [more],
            "ids": ids,
        }
        planned.append(Planned(AlertKind.CHANGES, user, f"{kind_prefix}:{digest}", content))
    return planned


def quartile_changes(today: date) -> list[Planned]:
    """Each indicator whose latest year of DfE's figures left the best quarter of every council,
    or entered the worst, against the year before. One query, whatever the number of councils."""
    from national.benchmark import QUARTILES, ranks, year_label
    from national.models import CouncilValue, Level

    ours = settings.OUR_COUNCIL_CODE
    values: dict[int, dict[int, dict[str, object]]] = {}
    rows = CouncilValue.objects.filter(level=Level.LOCAL_AUTHORITY, indicator__is_active=True).order_by()
    for indicator_id, year, code, value in rows.values_list("indicator_id", "year", "area_code", "value"):
        values.setdefault(indicator_id, {}).setdefault(year, {})[code] = value
    if not values:
        return []
    indicators = Indicator.objects.in_bulk(list(values))
    by_year: dict[int, list[dict]] = {}
    for indicator_id, years in values.items():
        indicator = indicators[indicator_id]
        if len(years) < 2:
            continue
        latest, before = sorted(years)[-2:][::-1]
        now_rank = ranks(years[latest], indicator.polarity).get(ours)
        then_rank = ranks(years[before], indicator.polarity).get(ours)
        if now_rank is None or then_rank is None:
            continue
        best, worst = QUARTILES[0], QUARTILES[-1]
        url = link("benchmark", ref=indicator.ref, year=latest)
        if then_rank.quartile == best and now_rank.quartile != best:
            words = f"{indicator.short_name}: no longer among the best quarter of councils in {year_label(latest)}"
            by_year.setdefault(latest, []).append({"id": f"{indicator.ref}:left-best", "text": words, "url": url})
        if now_rank.quartile == worst and then_rank.quartile != worst:
            words = f"{indicator.short_name}: now among the worst quarter of councils in {year_label(latest)}"
            by_year.setdefault(latest, []).append({"id": f"{indicator.ref}:entered-worst", "text": words, "url": url})
    planned = []
    for year, changes in sorted(by_year.items()):
        label = year_label(year)
        planned += _tell(
            f"national-{year}",
            changes,
            f"Changes against every council in {label}",
            f"In DfE's figures for {label}, against every council in England:",
            {"text": "The scorecard", "url": settings.SITE_URL + reverse("scorecard")},
        )
    return planned


# Published


def published(today: date) -> list[Planned]:
    versions = list(
        ReportVersion.objects.filter(
            published_at__date__lte=today, published_at__date__gt=today - timedelta(days=PUBLISHED_WITHIN_DAYS)
        )
        .select_related("report__period")
        .order_by("published_at")
    )
    if not versions:
        return []
    members = recipients.recipients(AlertKind.PUBLISHED)
    planned = []
    for version in versions:
        report, key = version.report, version.report.period.key
        label, slug = period_label(key), period_slug(key)
        when = long_date(timezone.localtime(version.published_at).date())
        action = "amended" if version.is_amendment else "published"
        content = {
            "title": f"Panel report for {label} {action}",
            "lines": [f"{report.title}, {label}, was {action} on {when}."],
            "items": [],
            "links": [
                {
                    "text": f"Read the {label} panel report",
                    "url": link("report_version", period=slug, number=version.number),
                }
            ],
        }
        planned += [Planned(AlertKind.PUBLISHED, u, f"{slug}:v{version.number}", content) for u, _ in members]
    return planned


def everything_due(today: date) -> list[Planned]:
    return figures_due(today) + changes_that_matter(today) + quartile_changes(today) + published(today)
