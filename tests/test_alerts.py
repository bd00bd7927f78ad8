"""Alerts (alerts/): `send_alerts --now DATE` against the demo deck, through a real SMTP
server (tests/smtp.py): who gets what, how often, never twice; retries; unsubscribing."""

from __future__ import annotations

import re
import socket
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from dateutil.easter import easter
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from accounts.models import AuditEvent
from alerts import compose, sending, working_days
from alerts.models import AlertKind, AlertPreference, Frequency, SentAlert
from scorecard import services
from scorecard.entry import Entry
from scorecard.models import Figure, Indicator, Period, ReportVersion
from scorecard.periods import PeriodKey
from scorecard.roles import ADMIN, OFFICER, PANEL_MEMBER
from tests.conftest import make_user


def send_alerts(day: str | None = None) -> str:
    out = StringIO()
    call_command("send_alerts", *(["--now", day] if day else []), stdout=out)
    return out.getvalue()


@pytest.fixture
def people(db):
    """An officer, a panel member, an admin, each with an email address, and a user without a role."""
    made = {}
    for name, role in [("bob", OFFICER), ("alice", PANEL_MEMBER), ("carol", ADMIN)]:
        user = make_user(name, role)
        user.email = f"{name}@council.example"
        user.save()
        made[name] = user
    made["dave"] = User.objects.create_user("dave", email="dave@council.example")  # no role: no alerts
    return made


@pytest.fixture
def settled(settings):
    settings.ALERT_SETTLE_MINUTES = 0  # the deck's figures were saved just now


def text_of(mailbox, message) -> str:
    return mailbox.text(message).replace("\r\n", "\n")


_DATE = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)? ?\d{1,2} [A-Z][a-z]+ \d{4}\b")
_PERIOD = re.compile(r"\bQ[1-4] \d{4}-\d{2}\b")


def assert_no_small_numbers(mailbox) -> None:
    """No number 1 to 5 anywhere in any email, once links, dates and period names are taken out:
    nothing that could be a count of children."""
    for message in mailbox.messages:
        for text in (text_of(mailbox, message), mailbox.html(message) or "", message["Subject"]):
            text = re.sub(r"https?://\S+|href=\"[^\"]*\"|<[^>]+>", " ", text)
            text = _PERIOD.sub(" ", _DATE.sub(" ", text))
            assert not re.findall(r"(?<![\w-])[1-5](?![\w-])", text), text


# Working days


def test_bank_holidays_are_englands_in_every_year_known():
    holidays = working_days.bank_holidays()
    for year in range(2020, 2031):
        day_of_easter = easter(year)
        assert day_of_easter - timedelta(days=2) in holidays and day_of_easter + timedelta(days=1) in holidays
        august = [date(year, 8, d) for d in range(25, 32)]
        assert [d for d in august if d.weekday() == 0][-1] in holidays
        assert sum(1 for d in holidays if d.year == year) >= 8
    assert all(d.weekday() < 5 for d in holidays)
    assert {date(2022, 9, 19), date(2023, 5, 8), date(2022, 6, 3)} <= holidays  # the one-off ones


def test_figures_are_due_twenty_working_days_after_the_quarter():
    # Q4 2023-24 ended on Sunday 31 March 2024; Easter Monday (1 April) is no working day.
    assert compose.due_date(PeriodKey(2023, 4)) == date(2024, 4, 29)
    assert compose.reminder(PeriodKey(2023, 4), date(2024, 4, 19)) is None
    assert compose.reminder(PeriodKey(2023, 4), date(2024, 4, 22))[0] == "before"
    assert compose.reminder(PeriodKey(2023, 4), date(2024, 4, 29))[0] == "due"
    assert compose.reminder(PeriodKey(2023, 4), date(2024, 5, 6))[0] == "week-1"


def test_a_year_without_bank_holidays_is_refused_clearly():
    with pytest.raises(working_days.UnknownYear, match="2031"):
        working_days.add_working_days(date(2031, 1, 2), 3)


# Figures due


def test_officers_are_reminded_before_on_and_weekly_after_the_due_date(deck, people, mailbox):
    assert "0 sent" in send_alerts("2024-04-19")
    assert mailbox.messages == []

    summary = send_alerts("2024-04-22")
    assert summary.strip() == (
        "Alerts for 2024-04-22: 2 sent, 0 queued for weekly digests, 0 to be tried again, 0 failed."
    )
    # Officers and admins enter figures; panel members and users without a role are not told.
    assert sorted(m["To"] for m in mailbox.messages) == ["bob@council.example", "carol@council.example"]
    message = mailbox.to("bob@council.example")[0]
    assert message["Subject"] == (
        "Harrow Corporate Parenting scorecard: Figures for Q4 2023-24 are due on Monday 29 April 2024"
    )
    text = text_of(mailbox, message)
    assert "These indicators have no figure yet:" in text
    for indicator in Indicator.objects.filter(is_active=True):
        assert f"- {indicator.short_name}" in text
    assert "Enter the figures for Q4 2023-24:\nhttp://localhost:8000/periods/2023-24-q4/figures/" in text
    html = mailbox.html(message)
    assert '<a href="http://localhost:8000/periods/2023-24-q4/figures/">Enter the figures for Q4 2023-24</a>' in html
    assert "<h1" in html

    assert "0 sent" in send_alerts("2024-04-22")  # a second run the same day: nothing
    assert "0 sent" in send_alerts("2024-04-26")  # the same reminder, later in the week: nothing
    assert len(mailbox.messages) == 2

    send_alerts("2024-04-29")
    assert [m["Subject"].split(": ", 1)[1] for m in mailbox.to("bob@")][-1] == (
        "Figures for Q4 2023-24 are due today, Monday 29 April 2024"
    )
    send_alerts("2024-05-06")
    send_alerts("2024-05-07")
    assert len(mailbox.to("bob@")) == 3
    assert "were due on Monday 29 April 2024" in mailbox.to("bob@")[-1]["Subject"]
    assert_no_small_numbers(mailbox)

    # Each sent alert is in the security log: what and to whom, never its contents.
    logged = AuditEvent.objects.filter(kind=AuditEvent.Kind.ALERT_SENT, username="bob")
    assert [e.detail for e in logged] == ["Figures due to bob@council.example"] * 3


def test_no_reminder_once_every_figure_is_in(deck, people, mailbox):
    period = Period.objects.create(financial_year=2023, quarter=4)
    for indicator in Indicator.objects.filter(is_active=True):
        Figure.objects.create(indicator=indicator, period=period, value=Decimal("50"))
    assert "0 sent" in send_alerts("2024-04-22")
    assert mailbox.messages == []


def test_only_the_missing_indicators_are_listed(deck, people, mailbox):
    period = Period.objects.create(financial_year=2023, quarter=4)
    indicators = list(Indicator.objects.filter(is_active=True).order_by("display_order"))
    for indicator in indicators[1:]:
        Figure.objects.create(indicator=indicator, period=period, value=Decimal("50"))
    send_alerts("2024-04-22")
    text = text_of(mailbox, mailbox.to("bob@")[0])
    assert f"- {indicators[0].short_name}\n" in text
    assert f"- {indicators[1].short_name}\n" not in text


# Published


def _published_on(version: ReportVersion, day: date) -> None:
    ReportVersion.objects.filter(pk=version.pk).update(
        published_at=timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))
    )


def test_panel_members_are_told_when_a_report_is_published_and_amended(deck, people, mailbox, settings):
    settings.FIGURES_DUE_WORKING_DAYS = 60  # no figures-due reminders in the way
    report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=people["bob"])
    services.report_publish(report=report, by=people["bob"])
    _published_on(report.versions.get(number=1), date(2024, 4, 19))
    send_alerts("2024-04-20")
    assert [m["To"] for m in mailbox.messages] == ["alice@council.example"]
    message = mailbox.messages[0]
    assert message["Subject"].endswith("Panel report for Q3 2023-24 published")
    text = text_of(mailbox, message)
    assert f"{report.title}, Q3 2023-24, was published on Friday 19 April 2024." in text
    assert "http://localhost:8000/reports/2023-24-q3/v1/" in text
    assert "Read the Q3 2023-24 panel report" in mailbox.html(message)
    assert "0 sent" in send_alerts("2024-04-21")

    services.report_amend(report=report, reason="A corrected figure.", by=people["carol"])
    _published_on(report.versions.get(number=2), date(2024, 4, 24))
    send_alerts("2024-04-24")
    assert len(mailbox.messages) == 2
    assert mailbox.messages[1]["Subject"].endswith("Panel report for Q3 2023-24 amended")
    assert "/reports/2023-24-q3/v2/" in text_of(mailbox, mailbox.messages[1])
    assert_no_small_numbers(mailbox)


def test_a_report_published_long_ago_is_not_announced(deck, people, mailbox, settings):
    settings.FIGURES_DUE_WORKING_DAYS = 60
    report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=people["bob"])
    services.report_publish(report=report, by=people["bob"])
    _published_on(report.versions.get(number=1), date(2024, 1, 19))
    send_alerts("2024-04-20")
    assert mailbox.messages == []


# Changes that matter


def _subscribe(user, **fields) -> AlertPreference:
    preference, _ = AlertPreference.objects.update_or_create(
        user=user, defaults={"changes": True, "published": False, "figures_due": False, **fields}
    )
    return preference


def _save_worst(ref: str, by) -> None:
    """The Q3 2023-24 figure as bad as its counts allow: none of the children, or all of them."""
    figure = Figure.objects.get(indicator__ref=ref, period__financial_year=2023, period__quarter=3)
    numerator = 0 if figure.indicator.polarity == "higher" else figure.denominator
    entry = Entry(numerator, figure.denominator, None, figure.status, figure.commentary)
    services.figures_save(period_key=PeriodKey(2023, 3), entries={ref: (entry, figure.version)}, by=by, means="form")


def test_subscribers_get_one_email_a_quarter_of_the_changes_since_the_last(deck, people, mailbox, settled):
    _subscribe(people["alice"])
    Figure.objects.filter(period__quarter=3).update(commentary="Officer-only words about the quarter")
    send_alerts("2024-04-20")
    assert [m["To"] for m in mailbox.messages] == ["alice@council.example"]
    message = mailbox.messages[0]
    assert message["Subject"].endswith("Changes that matter in Q3 2023-24")
    text = text_of(mailbox, message)
    assert "- Reviews on time: declined for a second quarter running\n  http://localhost:8000/indicators/4/" in text
    assert "Care leavers not in education, employment or training: now amber (was green in Q2 2023-24)" in text
    assert "Placed more than 20 miles from home: now red (was green in Q2 2023-24)" in text
    assert "Officer-only" not in text and "Officer-only" not in mailbox.html(message)
    assert "0 sent" in send_alerts("2024-04-20")

    # Two indicators turn red in two saves: one email, with both, and nothing told before.
    five, seven = (Indicator.objects.get(ref=r) for r in ("5", "7"))
    _save_worst("5", people["bob"])
    _save_worst("7", people["bob"])
    send_alerts("2024-04-21")
    assert len(mailbox.messages) == 2
    text = text_of(mailbox, mailbox.messages[1])
    assert f"{five.short_name}: now red (was green in Q2 2023-24)" in text
    assert f"{seven.short_name}: now red" in text
    assert "Reviews on time" not in text
    send_alerts("2024-04-22")
    assert len(mailbox.to("alice@")) == 2
    assert_no_small_numbers(mailbox)


def test_changes_wait_until_a_quarters_figures_have_settled(deck, people, mailbox, settings):
    settings.ALERT_SETTLE_MINUTES = 60
    settings.FIGURES_DUE_WORKING_DAYS = 60
    _subscribe(people["alice"])
    Figure.objects.update(updated_at=timezone.now() - timedelta(minutes=10))
    send_alerts("2024-04-20")
    assert mailbox.messages == []
    Figure.objects.update(updated_at=timezone.now() - timedelta(minutes=61))
    send_alerts("2024-04-20")
    assert len(mailbox.messages) == 1


def _national_values(indicator: Indicator, year: int, ours: Decimal, others: list[Decimal]) -> None:
    from national import shapes
    from national.models import Council, CouncilValue, Level, NationalImport

    source = NationalImport.objects.create(
        file_name=f"dfe-{year}.csv", checksum="0" * 64, file_kind=shapes.KIND_CHOICES[0][0], rows_read=1
    )
    codes = ["310"] + [str(800 + n) for n in range(len(others))]
    for n, (code, value) in enumerate(zip(codes, [ours, *others], strict=True)):
        council, _ = Council.objects.get_or_create(
            old_code=code, defaults={"name": f"Council {code}", "new_code": f"E0900{n:04d}"}
        )
        CouncilValue.objects.create(
            indicator=indicator, year=year, level=Level.LOCAL_AUTHORITY, area_code=code, council=council,
            name=council.name, value=value, source=source,
        )  # fmt: skip


def test_subscribers_are_told_when_an_indicator_leaves_the_best_quarter_of_councils(deck, people, mailbox, settings):
    settings.FIGURES_DUE_WORKING_DAYS = 60
    settings.OUR_COUNCIL_CODE = "310"
    _subscribe(people["bob"])
    indicator = Indicator.objects.get(ref="9")
    best, worst = (Decimal(99), Decimal(10)) if indicator.polarity == "higher" else (Decimal(10), Decimal(99))
    middle = [Decimal(50 + n) for n in range(7)]
    _national_values(indicator, 2024, best, middle)
    _national_values(indicator, 2025, worst, middle)
    send_alerts("2024-08-01")  # no quarter's changes are recent then: only DfE's figures
    (message,) = mailbox.to("bob@")
    assert message["Subject"].endswith("Changes against every council in 2024-25")
    text = text_of(mailbox, message)
    assert f"- {indicator.short_name}: no longer among the best quarter of councils in 2024-25" in text
    assert f"- {indicator.short_name}: now among the worst quarter of councils in 2024-25" in text
    assert "http://localhost:8000/indicators/9/benchmark/2025/" in text
    send_alerts("2024-08-02")
    assert len(mailbox.to("bob@")) == 1
    assert_no_small_numbers(mailbox)


# Weekly digest


def test_a_weekly_digest_instead_of_immediate_emails(deck, people, mailbox, settled):
    _subscribe(people["alice"], published=True, frequency=Frequency.WEEKLY)
    report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=people["bob"])
    services.report_publish(report=report, by=people["bob"])
    _published_on(report.versions.get(number=1), date(2024, 4, 19))
    assert "2 queued for weekly digests" in send_alerts("2024-04-20")  # a Saturday
    assert mailbox.to("alice@") == []
    send_alerts("2024-04-22")  # Monday: the week's digest
    (digest,) = mailbox.to("alice@")
    assert digest["Subject"].endswith("Your alerts for the week to Monday 22 April 2024")
    text = text_of(mailbox, digest)
    assert "Changes that matter in Q3 2023-24" in text and "Panel report for Q3 2023-24 published" in text
    assert "<h2" in mailbox.html(digest)
    send_alerts("2024-04-22")
    send_alerts("2024-04-29")
    assert len(mailbox.to("alice@")) == 1
    assert set(SentAlert.objects.filter(recipient=people["alice"]).values_list("status", flat=True)) == {
        SentAlert.Status.IN_DIGEST,
        SentAlert.Status.SENT,
    }


# Once only, retries


def test_an_alert_another_scheduler_has_written_is_not_sent_again(deck, people, mailbox):
    SentAlert.objects.create(
        kind=AlertKind.FIGURES_DUE,
        recipient=people["bob"],
        subject_key="2023-24-q4:before",
        email="bob@council.example",
        status=SentAlert.Status.SENDING,
        attempts=1,
    )
    send_alerts("2024-04-22")
    assert [m["To"] for m in mailbox.messages] == ["carol@council.example"]
    planned = compose.everything_due(date(2024, 4, 22))
    assert sending.run(planned, date(2024, 4, 22))[SentAlert.Status.SENT] == 0


def test_a_send_interrupted_by_a_crash_is_marked_failed_not_sent_twice(deck, people, mailbox):
    SentAlert.objects.create(
        kind=AlertKind.FIGURES_DUE,
        recipient=people["bob"],
        subject_key="2023-24-q4:before",
        email="bob@council.example",
        status=SentAlert.Status.SENDING,
        attempts=1,
        created_at=timezone.now() - timedelta(hours=2),
    )
    assert "1 failed" in send_alerts("2024-04-22")
    assert mailbox.to("bob@") == []
    assert SentAlert.objects.get(recipient=people["bob"]).status == SentAlert.Status.FAILED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two schedulers at once are tested on PostgreSQL")
def test_two_schedulers_at_once_send_each_alert_once(deck, people, mailbox):
    start = threading.Barrier(2)
    summaries = []

    def scheduler():
        try:
            start.wait()
            summaries.append(send_alerts("2024-04-22"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(summaries) == 2
    assert sorted(m["To"] for m in mailbox.messages) == ["bob@council.example", "carol@council.example"]
    assert SentAlert.objects.filter(status=SentAlert.Status.SENT).count() == 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again once the socket is: nothing listens there


def test_a_failed_send_is_tried_again_then_marked_failed_after_three(deck, people, mailbox, settings):
    settings.EMAIL_PORT = _closed_port()  # the mail server is down
    assert "2 to be tried again" in send_alerts("2024-04-22")
    bob = SentAlert.objects.get(recipient=people["bob"])
    assert (bob.status, bob.attempts) == (SentAlert.Status.RETRY, 1)
    assert "ConnectionRefusedError" in bob.last_error
    send_alerts("2024-04-22")
    assert SentAlert.objects.get(recipient=people["bob"]).attempts == 2
    assert "2 failed" in send_alerts("2024-04-23")
    bob.refresh_from_db()
    assert (bob.status, bob.attempts) == (SentAlert.Status.FAILED, 3)
    assert "0 to be tried again, 0 failed" in send_alerts("2024-04-23")
    settings.EMAIL_PORT = mailbox.port
    send_alerts("2024-04-23")
    assert mailbox.messages == []  # failed for good: not sent when the server is back
    failed = AuditEvent.objects.get(kind=AuditEvent.Kind.ALERT_FAILED, username="bob")
    assert failed.detail == "Figures due to bob@council.example, after 3 attempts"


def test_a_send_that_failed_once_goes_when_the_server_is_back(deck, people, mailbox, settings):
    settings.EMAIL_PORT = _closed_port()
    send_alerts("2024-04-22")
    settings.EMAIL_PORT = mailbox.port
    assert "2 sent" in send_alerts("2024-04-22")
    send_alerts("2024-04-22")
    assert sorted(m["To"] for m in mailbox.messages) == ["bob@council.example", "carol@council.example"]
    assert SentAlert.objects.get(recipient=people["bob"]).attempts == 2


# Unsubscribing


def _unsubscribe_link(mailbox, message) -> str:
    text = text_of(mailbox, message)
    return re.search(r"Stop these emails \(no sign-in needed\):\n(\S+)", text).group(1)


def test_unsubscribing_from_the_emails_link_without_signing_in(deck, people, mailbox):
    send_alerts("2024-04-22")
    message = mailbox.to("bob@")[0]
    link = _unsubscribe_link(mailbox, message)
    assert message["List-Unsubscribe"].strip() == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link.removeprefix("http://localhost:8000")

    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200
    assert b"Stop alerts of figures due</button>" in page.content
    assert AlertPreference.objects.filter(user=people["bob"]).count() == 0  # looking changes nothing

    done = client.post(path, {"List-Unsubscribe": "One-Click"})  # what a mail program sends: no CSRF token
    assert done.status_code == 200
    assert b"You will not be emailed alerts of figures due" in done.content
    preference = AlertPreference.objects.get(user=people["bob"])
    assert not preference.figures_due
    send_alerts("2024-04-29")
    assert len(mailbox.to("bob@")) == 1 and len(mailbox.to("carol@")) == 2


def test_a_tampered_unsubscribe_link_does_nothing(deck, people):
    token = sending.unsubscribe_token(people["bob"], AlertKind.FIGURES_DUE)
    response = Client().post(f"/notifications/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 404
    assert b"This link does not work" in response.content
    assert not AlertPreference.objects.exists()


def test_the_digests_link_stops_every_alert(deck, people):
    _subscribe(people["alice"], published=True)
    Client().post(f"/notifications/unsubscribe/{sending.unsubscribe_token(people['alice'], sending.ALL)}/")
    preference = AlertPreference.objects.get(user=people["alice"])
    assert not (preference.changes or preference.published or preference.figures_due)


# The Notifications page


def test_notifications_page_offers_each_role_its_alerts(client, deck, people):
    client.force_login(people["bob"])
    page = client.get("/notifications/").content.decode()
    assert "When figures are due" in page and "Changes that matter" in page
    assert (
        'name="figures_due" id="id_figures_due" class="checkboxes__input" aria-describedby="id_figures_due-hint" checked'
        in page
    )
    client.force_login(people["alice"])
    page = client.get("/notifications/").content.decode()
    assert "When figures are due" not in page
    assert (
        'name="published" id="id_published" class="checkboxes__input" aria-describedby="id_published-hint" checked'
        in page
    )


def test_choosing_alerts_on_the_notifications_page(client, deck, people):
    client.force_login(people["alice"])
    response = client.post("/notifications/", {"changes": "on", "frequency": "weekly"})
    assert response.status_code == 302
    preference = AlertPreference.objects.get(user=people["alice"])
    assert (preference.changes, preference.published, preference.frequency) == (True, False, "weekly")
    assert "Your choice of alerts is saved." in client.get("/notifications/").content.decode()

    response = client.post("/notifications/", {"changes": "on", "frequency": "hourly"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_a_user_without_a_role_has_no_notifications_page(client, deck, people):
    client.force_login(people["dave"])
    assert client.get("/notifications/").status_code == 403
    assert Group.objects.filter(user=people["dave"]).count() == 0
