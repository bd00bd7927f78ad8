"""The security log (append-only) and invitations."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditQuerySet(models.QuerySet):
    """Entries are never changed, and removed only by age (prune_audit_log)."""

    def update(self, **kwargs):
        raise PermissionError("Security log entries cannot be changed.")

    def delete(self):
        raise PermissionError("Security log entries cannot be deleted, only pruned by age.")

    def prune(self, *, before) -> int:
        """Remove entries made before `before`; the number removed."""
        return models.QuerySet.delete(self.filter(at__lt=before))[0]


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        SIGN_OUT = "sign_out", "Signed out"
        PASSWORD_RESET_ASKED = "password_reset_asked", "Password reset asked for"
        PASSWORD_RESET_DONE = "password_reset_done", "Password reset"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        MFA_ADDED = "mfa_added", "Second factor added"
        MFA_REMOVED = "mfa_removed", "Second factor removed"
        INVITATION_SENT = "invitation_sent", "Invitation sent"
        INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
        INVITATION_WITHDRAWN = "invitation_withdrawn", "Invitation withdrawn"
        ROLE_CHANGED = "role_changed", "Role changed"
        ACCOUNT_DEACTIVATED = "account_deactivated", "Account deactivated"
        SSO_GROUPS_CHANGED = "sso_groups_changed", "Role changed by single sign-on groups"
        SSO_REFUSED = "sso_refused", "Single sign-on refused"
        EXTRACT_UPLOADED = "extract_uploaded", "903 extract uploaded"
        COMPUTATION_ACCEPTED = "computation_accepted", "903 figures accepted"
        REPORT_PUBLISHED = "report_published", "Report published"
        REPORT_AMENDED = "report_amended", "Report amended"
        EXPORT = "export", "Officer-level file exported"
        ALERT_SENT = "alert_sent", "Alert emailed"
        ALERT_FAILED = "alert_failed", "Alert could not be emailed"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=254, blank=True, help_text="Who, as typed or as they were then.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["username", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Security log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Security log entries cannot be deleted, only pruned by age.")


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class Invitation(models.Model):
    """An admin's invitation to an email address with a role. Only a hash of the emailed
    key is kept, so the database alone cannot be used to accept one."""

    email = models.EmailField()
    role = models.CharField(max_length=80)  # a group name of scorecard.roles.ROLES
    key_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.withdrawn_at:
            return "Withdrawn"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Waiting"

    @property
    def open(self) -> bool:
        return self.status == "Waiting"
