"""Who may get which alert, and what each user has chosen (their role's defaults until
they choose on the Notifications page)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from alerts.models import AlertKind, AlertPreference
from scorecard.roles import ADMIN, OFFICER, PANEL_MEMBER, ROLES

ENTERS_FIGURES = {OFFICER, ADMIN}


def roles_of(user) -> set[str]:
    return {group.name for group in user.groups.all()} & set(ROLES)


def eligible_kinds(roles: set[str]) -> list[str]:
    """Figures due go to those who enter them; changes and publications to anyone with a role."""
    if not roles:
        return []
    kinds = [AlertKind.FIGURES_DUE] if roles & ENTERS_FIGURES else []
    return kinds + [AlertKind.CHANGES, AlertKind.PUBLISHED]


def preference_for(user, roles: set[str] | None = None) -> AlertPreference:
    """The stored choice, or the defaults: officers are told when figures are due, panel
    members when a report is published; changes that matter are asked for."""
    try:
        return user.alert_preference
    except AlertPreference.DoesNotExist:
        roles = roles_of(user) if roles is None else roles
        return AlertPreference(
            user=user, figures_due=bool(roles & ENTERS_FIGURES), published=PANEL_MEMBER in roles, changes=False
        )


def recipients(kind: str) -> list[tuple[object, AlertPreference]]:
    """Active users with an email address, a role that may get `kind` and who want it, in a
    fixed number of queries however many users there are."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=ROLES)
        .exclude(email="")
        .select_related("alert_preference")
        .prefetch_related("groups")
        .distinct()
        .order_by("pk")
    )
    chosen = []
    for user in users:
        roles = roles_of(user)
        preference = preference_for(user, roles)
        if kind in eligible_kinds(roles) and preference.wants(kind):
            chosen.append((user, preference))
    return chosen
