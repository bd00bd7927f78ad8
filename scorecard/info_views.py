"""The pages a UK public-sector service must publish, open to everyone: the
accessibility statement and the privacy notice. Their facts (lockout, session
length, suppression threshold) come from settings, so they stay true."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


def _facts() -> dict:
    return {
        "contact_email": settings.SERVICE_CONTACT_EMAIL,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "idle_hours": settings.SESSION_IDLE_MINUTES / 60,
    }


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "info/accessibility.html", _facts())


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "info/privacy.html", _facts())
