"""Sending alerts at most once each. The row (unique by kind, recipient and subject key)
is inserted before the email goes: whoever inserts it sends it, anyone else (a second
run, another scheduler) gets the constraint's error and moves on. A failed send is
marked to be tried again by the next run, and failed for good after ALERT_MAX_ATTEMPTS.
A row left 'sending' by a crash is never sent again (it may have gone): it is marked failed."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.mail import send_product_mail
from alerts.compose import Planned, long_date
from alerts.models import AlertKind, Frequency, SentAlert

logger = logging.getLogger(__name__)
Status = SentAlert.Status
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
STALE_AFTER = timedelta(hours=1)
ALL = "all"


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(user, kind: str) -> str:
    return settings.SITE_URL + reverse("alerts_unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})


def _insert(planned: Planned, status: str, *, attempts: int, digest=None) -> SentAlert | None:
    """The row, if this caller is the first to write it; None if it was already written."""
    try:
        with transaction.atomic():
            return SentAlert.objects.create(
                kind=planned.kind,
                recipient=planned.user,
                subject_key=planned.subject_key,
                email=planned.user.email,
                status=status,
                attempts=attempts,
                content=planned.content,
            )
    except IntegrityError:
        return None


def deliver(alert: SentAlert) -> str:
    """Send a row this caller has claimed (status 'sending', attempts counted): its status after."""
    kind = ALL if alert.kind == AlertKind.DIGEST else alert.kind
    unsubscribe = unsubscribe_url(alert.recipient, kind)
    sections = alert.content.get("sections") or [alert.content]
    context = {
        "title": alert.content["title"],
        "sections": sections,
        "is_digest": alert.kind == AlertKind.DIGEST,
        "kind_label": AlertKind(alert.kind).label.lower(),
        "unsubscribe_url": unsubscribe,
        "notifications_url": settings.SITE_URL + reverse("notifications"),
        "recipient": alert.recipient,
    }
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    try:
        send_product_mail("alerts/email/alert", to=alert.email, context=context, headers=headers)
    except Exception as error:  # noqa: BLE001 - any failure to send is retried by the next run
        failed = alert.attempts >= settings.ALERT_MAX_ATTEMPTS
        SentAlert.objects.filter(pk=alert.pk).update(
            status=Status.FAILED if failed else Status.RETRY, last_error=f"{type(error).__name__}: {error}"[:200]
        )
        logger.warning("Alert %s to %s not sent (attempt %s): %s", alert.kind, alert.email, alert.attempts, error)
        if failed:
            audit.record(
                audit.Kind.ALERT_FAILED,
                user=alert.recipient,
                detail=f"{alert.get_kind_display()} to {alert.email}, after {alert.attempts} attempts",
            )
        return Status.FAILED if failed else Status.RETRY
    SentAlert.objects.filter(pk=alert.pk).update(status=Status.SENT, sent_at=timezone.now(), last_error="")
    audit.record(audit.Kind.ALERT_SENT, user=alert.recipient, detail=f"{alert.get_kind_display()} to {alert.email}")
    return Status.SENT


def _claim_retry(alert: SentAlert) -> bool:
    """Take a row to be retried, unless another run took it first."""
    claimed = SentAlert.objects.filter(pk=alert.pk, status=Status.RETRY, attempts=alert.attempts).update(
        status=Status.SENDING, attempts=alert.attempts + 1
    )
    alert.attempts += 1
    return claimed == 1


def _digest(user, today, queued: list[SentAlert]) -> Planned:
    year, week, _ = today.isocalendar()
    return Planned(
        AlertKind.DIGEST,
        user,
        f"{year}-W{week:02d}",
        {
            "title": f"Your alerts for the week to {long_date(today)}",
            "sections": [q.content for q in queued],
        },
    )


def run(planned: list[Planned], today) -> Counter:
    """Send what is due (or queue it for a weekly digest), retry earlier failures, send
    the week's digests on ALERT_DIGEST_WEEKDAY. The counts of what happened."""
    counts: Counter = Counter()
    for stale in SentAlert.objects.filter(status=Status.SENDING, created_at__lt=timezone.now() - STALE_AFTER):
        SentAlert.objects.filter(pk=stale.pk, status=Status.SENDING).update(
            status=Status.FAILED, last_error="Interrupted while sending: not tried again, in case it went."
        )
        counts[Status.FAILED] += 1

    to_send: list[SentAlert] = []
    for item in planned:
        preference = getattr(item.user, "alert_preference", None)
        weekly = preference is not None and preference.frequency == Frequency.WEEKLY
        row = _insert(item, Status.QUEUED if weekly else Status.SENDING, attempts=0 if weekly else 1)
        if row is None:
            continue
        if weekly:
            counts[Status.QUEUED] += 1
        else:
            to_send.append(row)

    for row in SentAlert.objects.filter(status=Status.RETRY).select_related("recipient"):
        if _claim_retry(row):
            to_send.append(row)

    if today.weekday() == settings.ALERT_DIGEST_WEEKDAY:
        queued: dict[int, list[SentAlert]] = {}
        for row in (
            SentAlert.objects.filter(status=Status.QUEUED).select_related("recipient").order_by("created_at", "pk")
        ):
            queued.setdefault(row.recipient_id, []).append(row)
        for parts in queued.values():
            user = parts[0].recipient
            with transaction.atomic():
                row = _insert(_digest(user, today, parts), Status.SENDING, attempts=1)
                if row is None:
                    continue
                claimed = SentAlert.objects.filter(pk__in=[p.pk for p in parts], status=Status.QUEUED).update(
                    status=Status.IN_DIGEST, digest=row
                )
                if not claimed:
                    transaction.set_rollback(True)
                    continue
            to_send.append(row)

    for row in to_send:
        counts[deliver(row)] += 1
    return counts
