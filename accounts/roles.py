"""Who has which role: reading and setting a user's one role (a group of scorecard.roles)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from scorecard.roles import ADMIN, OFFICER, PANEL_MEMBER, ROLES

# The short names settings use (MFA_REQUIRED_ROLES), for the groups.
ROLE_KEYS = {"panel": PANEL_MEMBER, "officer": OFFICER, "admin": ADMIN}
ROLE_LABELS = {PANEL_MEMBER: "Panel member", OFFICER: "Officer", ADMIN: "Admin"}
ROLE_CHOICES = [(name, ROLE_LABELS[name]) for name in ROLES]


def role_of(user) -> str | None:
    """The user's role (the highest, if an operator gave more than one), or None."""
    if not user.is_authenticated:
        return None
    names = {group.name for group in user.groups.all()}
    for name in reversed(ROLES):
        if name in names:
            return name
    return None


def mfa_required_for(user) -> bool:
    required = {ROLE_KEYS[key] for key in settings.MFA_REQUIRED_ROLES if key in ROLE_KEYS}
    return role_of(user) in required or (user.is_authenticated and user.is_superuser)


def active_admins():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=ADMIN)
        .distinct()
        .order_by("first_name", "username")
    )


def role_from_groups(claimed: list[str]) -> str | None:
    """The role the identity provider's groups give: the highest that any group maps to."""
    claimed_set = {str(group) for group in claimed}
    for name, configured in (
        (ADMIN, settings.SSO_GROUPS_ADMIN),
        (OFFICER, settings.SSO_GROUPS_OFFICER),
        (PANEL_MEMBER, settings.SSO_GROUPS_PANEL),
    ):
        if claimed_set & set(configured):
            return name
    return None


def set_role(user, role: str | None) -> None:
    """Give the user exactly this role (None: no role). No checks and no record: see services."""
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    if role:
        user.groups.add(Group.objects.get(name=role))
