"""What each user wants to be told, and every alert the product has sent (or will, or
could not). A sent alert is unique by (kind, recipient, subject key): the row is written
before the email goes, so two schedulers, a second run or a crash never send one twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AlertKind(models.TextChoices):
    FIGURES_DUE = "figures_due", "Figures due"
    CHANGES = "changes", "Changes that matter"
    PUBLISHED = "published", "Report published"
    DIGEST = "digest", "Weekly digest"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "As they happen"
    WEEKLY = "weekly", "In one email a week"


class AlertPreference(models.Model):
    """A user's choice; a user without one has their role's defaults (alerts.recipients.preference_for)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference")
    figures_due = models.BooleanField("when figures are due", default=True)
    changes = models.BooleanField("changes that matter", default=False)
    published = models.BooleanField("when a panel report is published or amended", default=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Alerts of {self.user}"

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind, False))


class SentAlert(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the weekly digest"
        SENDING = "sending", "Being sent"
        RETRY = "retry", "To be tried again"
        SENT = "sent", "Sent"
        IN_DIGEST = "in_digest", "Sent in a weekly digest"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject_key = models.CharField(
        max_length=120, help_text="What it is about: the period and reminder, the report version, the week."
    )
    email = models.EmailField(help_text="The address it went to.")
    status = models.CharField(max_length=12, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    content = models.JSONField(
        default=dict, help_text="The email's title, lines and links: names of indicators and reports, never figures."
    )
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="parts")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "subject_key"], name="sent_alert_once"),
        ]
        indexes = [models.Index(fields=["status", "recipient"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.email} ({self.subject_key}, {self.get_status_display().lower()})"
