"""The three roles, as Django groups created by migration 0002."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required

PANEL_MEMBER = "Panel members"
OFFICER = "Officers"
ADMIN = "Admins"
ROLES = [PANEL_MEMBER, OFFICER, ADMIN]


def is_officer(user) -> bool:
    """Officers and admins: they enter figures and see data-quality warnings."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_officer"):
        user._is_officer = user.groups.filter(name__in=[OFFICER, ADMIN]).exists()
    return user._is_officer


def reader_required(view):
    """Reading needs a log-in, unless the council publishes its scorecard
    (PUBLIC_SCORECARD=true), when anyone may read and nobody anonymous may write."""
    protected = login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.PUBLIC_SCORECARD and request.method in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return wrapper
