"""Run by the deployment's scheduler every 15 minutes (README "Alerts")."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alerts import compose, sending
from alerts.working_days import UnknownYear


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--now: {text!r} is not a date written YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Email the alerts due today: figures due (to officers), changes that matter (to subscribers) and "
        "panel reports published or amended (to panel members), or queue them for a weekly digest; retry "
        "earlier failures. Safe to run as often as you like, and by two schedulers at once: an alert is "
        "sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", type=_day, help="Act as if today were this date (YYYY-MM-DD): for trying out the reminders."
        )

    def handle(self, *args, now: date | None = None, **options):
        today = now or timezone.localdate()
        try:
            planned = compose.everything_due(today)
        except UnknownYear as error:
            raise CommandError(str(error)) from error
        counts = sending.run(planned, today)
        Status = sending.Status
        self.stdout.write(
            f"Alerts for {today.isoformat()}: {counts[Status.SENT]} sent, {counts[Status.QUEUED]} queued for "
            f"weekly digests, {counts[Status.RETRY]} to be tried again, {counts[Status.FAILED]} failed."
        )
