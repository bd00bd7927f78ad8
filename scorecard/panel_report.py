"""A period's panel report as plain data, for one audience. A draft is built from the
live figures; publishing freezes the panel's version and the public one (each from
the read model for its audience) in a ReportVersion. Free text (details, key points
an officer wrote or edited) reaches the public only once checked for publication."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from scorecard import charts, key_points, selectors, snapshots
from scorecard.audience import Audience, small_numbers
from scorecard.models import PanelReport, Period
from scorecard.read_model import Scorecard
from scorecard.suppression import SUPPRESSED, WITHHELD_POINT, suppress_shares

DEFAULT_TITLE = PanelReport._meta.get_field("title").default
DEFAULT_COMMITTEE = PanelReport._meta.get_field("committee").default
DEFAULT_SUMMARY = (
    "This information report sets out activity and performance for children looked after and care leavers at "
    "{period}. National and comparator data are included where appropriate for context."
)
# What a published report holds: the panel's version and the public one.
FROZEN_AUDIENCES = (Audience.MEMBER, Audience.PUBLIC)


def frozen_audience(audience: Audience) -> Audience:
    """Officers read the panel's version of a report; it carries no data-quality warnings."""
    return Audience.PUBLIC if audience is Audience.PUBLIC else Audience.MEMBER


def report_content(period: Period, audience: Audience, report: PanelReport | None) -> dict:
    """Everything a report shows to `audience`, JSON-ready (what a version freezes)."""
    card = selectors.scorecard_for(period, frozen_audience(audience))
    stored_points = _stored_points(report) if report else None
    return {
        "audience": card.audience.value,
        "details": report_details(report, period, card.audience),
        "scorecard": snapshots.to_data(card),
        "key_points": points_for(stored_points, card),
        "profile": profile_for(card.audience),
        "built_at": timezone.now().isoformat(),
    }


def report_details(report: PanelReport | None, period: Period, audience: Audience) -> dict:
    """The report's own words (who it is for, its title, officer and summary); for the
    public, only once checked for publication."""
    checked = report is not None and (report.details_checked or not audience.suppresses)
    return {
        "committee": report.committee if checked else DEFAULT_COMMITTEE,
        "title": report.title if checked else DEFAULT_TITLE,
        "meeting_date": report.meeting_date.isoformat() if report and report.meeting_date else None,
        "responsible_officer": report.responsible_officer if checked else "",
        "summary": report.summary if checked else DEFAULT_SUMMARY.format(period=period.label),
    }


def _stored_points(report: PanelReport) -> list[dict]:
    return [
        {
            "id": p.pk,
            "ref": p.indicator.ref if p.indicator else None,
            "text": p.text,
            "drafted": p.drafted,
            "checked": p.checked_for_publication,
        }
        for p in report.key_points.select_related("indicator")
    ]


def points_for(stored: list[dict] | None, card: Scorecard) -> list[dict]:
    """The key points as `card`'s audience may read them. Before a report is started:
    what the product would draft. In the public version, a point as the product
    drafted it is drafted again from the public figures; one an officer wrote or
    edited is shown only if checked for publication and not about a figure (or the
    earlier figure it is compared with) that is suppressed."""
    drafted = {p.ref: p.text for p in drafted_key_points(card)}
    if stored is None:
        return [{"ref": ref, "text": text, "withheld": text == WITHHELD_POINT} for ref, text in drafted.items()]
    if not card.audience.suppresses:
        return [{**p, "withheld": False} for p in stored]
    rows = {row.ref: row for row in card.rows}
    points = []
    for point in stored:
        row = rows.get(point["ref"])
        if point["drafted"] and point["ref"] in drafted:
            text = drafted[point["ref"]]
        elif point["checked"] and not (row and (row.withheld or row.direction_withheld)):
            text = point["text"]
        else:
            text = WITHHELD_POINT
        points.append({"ref": point["ref"], "text": text, "withheld": text == WITHHELD_POINT})
    return _in_public_order(points, card)


def _in_public_order(points: list[dict], card: Scorecard) -> list[dict]:
    """The stored points were put in order from the panel's figures (red first, then amber,
    then declining): kept as they are, a withheld point's place would tell its RAG. The
    public version orders them by what it shows itself, withheld points last."""
    rows = {row.ref: row for row in card.rows}
    place = {row.ref: i for i, row in enumerate(card.rows)}

    def order(point: dict) -> tuple:
        row = rows.get(point["ref"])
        shown_priority = key_points.priority(row.rag, row.direction) if row else 3
        return (point["withheld"], shown_priority, place.get(point["ref"], len(place)))

    return sorted(points, key=order)


def drafted_key_points(card: Scorecard) -> list[key_points.KeyPoint]:
    """The key points the product drafts from a scorecard, for the officer to edit."""
    facts = []
    for row in card.rows:
        averages = [
            key_points.Average(heading.sentence_name, versus.average, versus.comparison)
            for heading, versus in zip(card.comparators, row.versus, strict=True)
        ]
        facts.append(
            key_points.IndicatorFacts(
                ref=row.ref,
                name=row.name,
                statement=row.statement,
                unit=row.unit,
                decimals=row.decimals,
                polarity=row.polarity,
                period_label=card.period.label,
                shown=row.current.shown,
                numerator=row.current.numerator,
                denominator=row.current.denominator,
                target=row.target.value,
                rating=row.rag,
                averages=averages,
                direction=row.direction,
                previous=(row.previous_label, row.previous_value) if row.previous_label else None,
                withheld=row.withheld,
            )
        )
    return key_points.draft_key_points(facts)


def profile_for(audience: Audience) -> list[dict]:
    """The profile tables (selectors.demographic_profile), with shares that stand for
    a small number of children, and any one that could be worked out from 100, as 'c'."""
    profile = selectors.demographic_profile()
    if not audience.suppresses:
        return profile
    rule = small_numbers()
    for breakdown in profile:
        for series in breakdown["series"]:
            if not series["counts_children"]:
                continue
            shares = {c: _decimal(breakdown["shares"][c].get(series["name"])) for c in breakdown["categories"]}
            for category, share in suppress_shares(shares, series["cohort_size"], rule).items():
                if share is None and category in breakdown["shares"]:
                    breakdown["shares"][category][series["name"]] = SUPPRESSED
            if rule.covers(series["cohort_size"]):
                series["cohort_size"] = SUPPRESSED
    return profile


def snapshot_facts(series: list[dict]) -> list[str]:
    """What each snapshot of children looked after describes: its date and how many
    children ('<council> latest: 31 March 2024, 180 children')."""
    facts = []
    for s in series:
        if not s["counts_children"]:
            continue
        as_at = date.fromisoformat(s["as_at"]) if s.get("as_at") else None  # older frozen reports have none
        when = f"{as_at.day} {as_at:%B %Y}" if as_at else "date not recorded"
        size = s["cohort_size"]
        if size is None:
            children = "number of children not recorded"
        elif size == SUPPRESSED:
            children = "a small number of children (withheld)"
        else:
            children = f"{size:,} child{'' if size == 1 else 'ren'}"
        if as_at is None and size is None:
            facts.append(f"{s['name']}: date and number of children not recorded")
        else:
            facts.append(f"{s['name']}: {when}, {children}")
    return facts


def _decimal(text: str | None) -> Decimal | None:
    return None if text in (None, SUPPRESSED) else Decimal(text)


def profile_sections(profile: list[dict]) -> list[dict]:
    """Each breakdown's table rows and grouped bar chart (as Plotly JSON), from plain
    profile data; suppressed shares ('c') show as 'c' and are left out of charts."""
    sections = []
    for table in profile:
        names = [s["name"] for s in table["series"]]
        rows = [(c, [_share_text(table["shares"][c].get(n)) for n in names]) for c in table["categories"]]
        chart = charts.grouped_bar_figure(
            table["categories"],
            [
                charts.BarSeries(s["name"], [_decimal(table["shares"][c].get(s["name"])) for c in table["categories"]])
                for s in table["series"]
                if s["in_charts"]
            ],
            y_title="Per cent of children",
        )
        sections.append(
            {"breakdown": table["breakdown"], "label": table["label"], "series": names, "rows": rows,
             "chart_json": charts.to_json(chart), "facts": snapshot_facts(table["series"])}
        )  # fmt: skip
    return sections


def _share_text(text: str | None) -> str:
    if text is None:
        return "–"
    if text == SUPPRESSED:
        return SUPPRESSED
    return f"{Decimal(text).normalize():f}%"
