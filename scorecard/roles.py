"""The three roles, as Django groups: created by migration 0002 and kept in
step after every migrate or flush (so a test database that is flushed between
tests keeps them)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required

PANEL_MEMBER = "Panel members"
OFFICER = "Officers"
ADMIN = "Admins"
ROLES = [PANEL_MEMBER, OFFICER, ADMIN]

_READ = [
    "view_indicator", "view_period", "view_figure", "view_target", "view_comparator", "view_comparatorvalue",
    "view_demographicseries", "view_demographicshare", "view_panelreport", "view_reportkeypoint",
]  # fmt: skip
_ENTER = [
    "add_figure", "change_figure", "add_period", "add_demographicseries", "change_demographicseries",
    "add_demographicshare", "change_demographicshare", "add_panelreport", "change_panelreport",
    "publish_panelreport", "add_reportkeypoint", "change_reportkeypoint", "delete_reportkeypoint",
]  # fmt: skip


def sync_roles(group_model, permission_model) -> None:
    """Create the role groups if missing and give each its permissions. Takes the
    models as arguments so that migrations can pass their historical ones."""
    scorecard = permission_model.objects.filter(content_type__app_label="scorecard")
    permissions = {
        PANEL_MEMBER: scorecard.filter(codename__in=_READ),
        OFFICER: scorecard.filter(codename__in=_READ + _ENTER),
        ADMIN: permission_model.objects.filter(content_type__app_label__in=["scorecard", "national", "auth"]),
    }
    for name, granted in permissions.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(granted)


ENTER_FIGURES = "scorecard.change_figure"
READ_SCORECARD = "scorecard.view_figure"  # every role has it; an account without a role does not


def is_officer(user) -> bool:
    """Officers and admins: they enter figures and see data-quality warnings.
    Asked as a permission, so one cached lookup serves the whole request."""
    return user.is_authenticated and user.has_perm(ENTER_FIGURES)


def reader_required(view):
    """Reading needs a log-in with a role, unless the council publishes its scorecard
    (PUBLIC_SCORECARD=true), when anyone may read and nobody anonymous may write."""
    protected = login_required(permission_required(READ_SCORECARD, raise_exception=True)(view))

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.PUBLIC_SCORECARD and request.method in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return wrapper
