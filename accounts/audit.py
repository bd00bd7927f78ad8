"""Recording security events: `audit.record(kind, request=..., user=..., detail=...)`.

Any app may call it (903 uploads, publication, exports); it never raises, so a view's
work never fails because its log entry could not be written."""

from __future__ import annotations

import logging

from accounts.models import AuditEvent
from scorecard.security import client_ip

Kind = AuditEvent.Kind
logger = logging.getLogger(__name__)


def record(kind: str, *, request=None, user=None, username: str = "", detail: str = "") -> AuditEvent | None:
    """One entry: who (the user, else the request's signed-in user, else the name typed),
    when, from which address (the client's, as the lockout sees it) and what."""
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if user is not None and not username:
        username = user.get_username()
    try:
        return AuditEvent.objects.create(
            kind=kind,
            user=user if user is not None and user.pk else None,
            username=username[:254],
            ip_address=client_ip(request) if request is not None else None,
            detail=detail,
        )
    except Exception:  # noqa: BLE001 - logged, never in the way of the user's work
        logger.exception("Could not record the security event %s for %s", kind, username)
        return None


def file_sizes(files: list[tuple[str, bytes]] | list) -> str:
    """'name (1,234 bytes), ...': what an upload record says of its files, never their contents."""
    described = []
    for item in files:
        name, size = (item[0], len(item[1])) if isinstance(item, tuple) else (item.name, item.size)
        described.append(f"{name} ({size:,} bytes)")
    return ", ".join(described)
