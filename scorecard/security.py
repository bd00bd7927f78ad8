"""Hardening that sits around every request: the client's real address behind the
proxy (for the sign-in lockout), a clear "busy, try again" page instead of a server
error when the database is locked, sessions that end when idle (and, for admins, when
the browser closes), and security.txt."""

from __future__ import annotations

import time
from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

RETRY_AFTER_SECONDS = 5
# What SQLite and PostgreSQL say when a wait for a lock ran out or a transaction lost a race.
_BUSY_MESSAGES = (
    "database is locked",
    "database table is locked",
    "database is busy",
    "lock timeout",
    "could not obtain lock",
    "deadlock detected",
    "could not serialize access",
)
_SEEN = "_last_seen"
_REFRESH_SECONDS = 60  # refresh the idle clock at most once a minute, not a write per request


def client_ip(request: HttpRequest) -> str | None:
    """The address the lockout counts failures against (AXES_CLIENT_IP_CALLABLE).

    Behind the documented nginx (BEHIND_TLS_PROXY=true) every request comes from the
    proxy, and nginx's `proxy_add_x_forwarded_for` appends the address it saw to
    X-Forwarded-For: the last entry is the client; anything before it was sent by the
    client and could be forged. Without the proxy, REMOTE_ADDR is the client."""
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            return entries[-1][:45]
    return request.META.get("REMOTE_ADDR")


def is_busy_error(error: BaseException | None) -> bool:
    """A lock wait that timed out or a serialisation failure: the database is busy, not broken."""
    for _ in range(10):  # the exception, what caused it, and so on, not round in a circle
        if error is None:
            return False
        if isinstance(error, OperationalError) and any(m in str(error).lower() for m in _BUSY_MESSAGES):
            return True
        if type(error).__name__ in ("LockNotAvailable", "SerializationFailure", "DeadlockDetected"):
            return True
        error = error.__cause__ or error.__context__
    return False


def busy_response(request: HttpRequest) -> HttpResponse:
    if not hasattr(request, "user"):  # the lock was met before the user was loaded
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    was_post = request.method == "POST"
    response = render(
        request,
        "busy.html",
        {"was_post": was_post, "kept": _typing(request) if was_post else [], "had_files": was_post and request.FILES},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _typing(request: HttpRequest) -> list[tuple[str, str]]:
    """What the form sent, to send again from the busy page: never the old CSRF token
    (the page carries a fresh one) nor a password."""
    try:
        fields = request.POST.lists()
    except Exception:  # noqa: BLE001 - a body that cannot be read again: nothing to keep
        return []
    return [
        (name, value)
        for name, values in fields
        if name != "csrfmiddlewaretoken" and "password" not in name.lower()
        for value in values
    ]


class DatabaseBusyMiddleware:
    """A view that meets a locked database answers 503 "busy, try again" with
    Retry-After; so does any 503 (PDF printer busy) that does not say when to retry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 503 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_busy_error(exception) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the busy page when what failed was a lock wait (in middleware, say,
    where process_exception does not reach); otherwise Django's plain server error."""
    import sys

    from django.views.defaults import server_error as default_server_error

    if is_busy_error(sys.exc_info()[1]):
        return busy_response(request)
    return default_server_error(request)


class SessionIdleMiddleware:
    """Sessions last SESSION_IDLE_MINUTES after the last request (SESSION_COOKIE_AGE is
    that long): the session, and with it its expiry, is saved again at most once a
    minute while someone is using the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(_SEEN, 0) >= _REFRESH_SECONDS:
                session[_SEEN] = now  # marks the session modified: saved with a fresh expiry
        return self.get_response(request)


@receiver(user_logged_in)
def _on_log_in(sender, request, user, **kwargs):
    """The idle clock starts at sign-in. An admin's session cookie is not kept when the
    browser closes (the server side still ends after the idle time)."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[_SEEN] = int(time.time())
    if user.is_staff or user.is_superuser or _is_admin(user):
        request.session.set_expiry(0)


def _is_admin(user) -> bool:
    from scorecard.roles import ADMIN

    return user.groups.filter(name=ADMIN).exists()


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: who to tell about a vulnerability, until when this holds."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
