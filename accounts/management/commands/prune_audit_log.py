from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import AuditEvent


class Command(BaseCommand):
    help = "Remove security log entries older than AUDIT_RETENTION_DAYS (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Keep this many days instead of AUDIT_RETENTION_DAYS."
        )

    def handle(self, *args, days=None, **options):
        days = days if days is not None else settings.AUDIT_RETENTION_DAYS
        removed = AuditEvent.objects.prune(before=timezone.now() - timedelta(days=days))
        self.stdout.write(
            f"Removed {removed} security log entr{'y' if removed == 1 else 'ies'} older than {days} days."
        )
