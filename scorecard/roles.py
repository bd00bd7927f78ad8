"""The catalogue of roles and permissions, for every app: the three roles, as Django
groups (created by migration 0002 and kept in step after every migrate or flush, so a
test database that is flushed between tests keeps them), and each permission a view,
service or template asks for, by one name. Nothing else spells a permission: views
decorate with these names, services ask `user.has_perm(NAME)` and templates ask
`{% if permission.NAME in perms %}` (the `permission` context processor below)."""

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

# What each permission lets its holder do. Panel members have READ_SCORECARD only;
# officers also the ones granted by _ENTER; admins every permission of the apps.
READ_SCORECARD = "scorecard.view_figure"  # every role has it; an account without a role does not
ENTER_FIGURES = "scorecard.change_figure"  # officers: type, upload and check figures
UNLOCK_FIGURE = "scorecard.unlock_figure"  # admins: reopen a final figure
RESTORE_FIGURE = "scorecard.restore_figure"  # admins: put back an earlier version of a figure
ADD_SNAPSHOT = "scorecard.add_demographicseries"  # officers: a new demographics snapshot
START_REPORT = "scorecard.add_panelreport"  # officers: start the quarter's panel report
EDIT_REPORT = "scorecard.change_panelreport"  # officers: write an unpublished report
PUBLISH_REPORT = "scorecard.publish_panelreport"  # officers: publish a report
AMEND_REPORT = "scorecard.amend_panelreport"  # admins: amend a published report
LOAD_AVERAGES = "scorecard.change_comparatorvalue"  # admins: load or type comparator averages
SET_TARGETS = "scorecard.change_target"  # admins
MANAGE_INDICATORS = "scorecard.change_indicator"  # admins
LOAD_NATIONAL = "national.add_nationalimport"  # admins: import DfE's national tables
MANAGE_USERS = "auth.change_user"  # admins: invite users and set their roles

# By name, for templates (the `permission` context processor).
PERMISSIONS = {
    "READ_SCORECARD": READ_SCORECARD,
    "ENTER_FIGURES": ENTER_FIGURES,
    "UNLOCK_FIGURE": UNLOCK_FIGURE,
    "RESTORE_FIGURE": RESTORE_FIGURE,
    "ADD_SNAPSHOT": ADD_SNAPSHOT,
    "START_REPORT": START_REPORT,
    "EDIT_REPORT": EDIT_REPORT,
    "PUBLISH_REPORT": PUBLISH_REPORT,
    "AMEND_REPORT": AMEND_REPORT,
    "LOAD_AVERAGES": LOAD_AVERAGES,
    "SET_TARGETS": SET_TARGETS,
    "MANAGE_INDICATORS": MANAGE_INDICATORS,
    "LOAD_NATIONAL": LOAD_NATIONAL,
    "MANAGE_USERS": MANAGE_USERS,
}


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


def permission(request):
    """Context processor: the catalogue's names for templates, e.g.
    `{% if permission.ENTER_FIGURES in perms %}`."""
    return {"permission": PERMISSIONS}


def is_admin(user) -> bool:
    """The admin role (or a superuser): asked as a permission only admins hold."""
    return user.is_authenticated and user.has_perm(UNLOCK_FIGURE)


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
