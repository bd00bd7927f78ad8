"""Writes about accounts: invitations, roles, deactivation, each recorded in the security log."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.mail import send_product_mail
from accounts.models import Invitation
from accounts.roles import ROLE_LABELS, active_admins, role_of, set_role
from scorecard.roles import ADMIN, ROLES

User = get_user_model()


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def invitation_send(*, email: str, role: str, by, request) -> Invitation:
    """Invite `email` with `role`; the key is in the email only."""
    email = email.strip().lower()
    if role not in ROLES:
        raise ValidationError({"role": "Choose a role."})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"{email} already has an account: change its role on this page."})
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.filter(email=email, accepted_at=None, withdrawn_at=None).update(withdrawn_at=timezone.now())
        invitation = Invitation.objects.create(email=email, role=role, key_hash=key_hash(key), invited_by=by)
        audit.record(audit.Kind.INVITATION_SENT, request=request, detail=f"{email} as {ROLE_LABELS[role]}")
    link = request.build_absolute_uri(reverse("accept_invitation", kwargs={"key": key}))
    send_product_mail(
        "accounts/email/invitation",
        to=email,
        context={"invitation": invitation, "link": link, "role": ROLE_LABELS[role], "by": by},
    )
    return invitation


def invitation_for_key(key: str) -> Invitation | None:
    invitation = Invitation.objects.filter(key_hash=key_hash(key)).first()
    return invitation if invitation is not None and invitation.open else None


def invitation_accept(
    *, invitation: Invitation, username: str, first_name: str, last_name: str, password: str, request
) -> User:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.open:
            raise ValidationError("This invitation has been used, withdrawn or has expired.")
        user = User(username=username, email=invitation.email, first_name=first_name, last_name=last_name)
        user.set_password(password)
        user.full_clean()
        user.save()
        set_role(user, invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=invitation.email, primary=True, verified=True)
        audit.record(
            audit.Kind.INVITATION_ACCEPTED,
            request=request,
            user=user,
            detail=f"{invitation.email} as {ROLE_LABELS[invitation.role]}",
        )
    return user


def invitation_withdraw(*, invitation: Invitation, by, request) -> None:
    if not invitation.open:
        raise ValidationError("Only a waiting invitation can be withdrawn.")
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    audit.record(audit.Kind.INVITATION_WITHDRAWN, request=request, detail=invitation.email)


def _refuse_losing_the_last_admin(user, *, by) -> None:
    if role_of(user) == ADMIN and user.is_active and not active_admins().exclude(pk=user.pk).exists():
        whose = "your own account" if by is not None and by.pk == user.pk else f"{user.get_username()}"
        raise ValidationError(f"This would leave no admin: {whose} is the last one. Make someone else an admin first.")


def user_change_role(*, user, role: str | None, by, request) -> None:
    before = role_of(user)
    if role == before:
        return
    if role is not None and role not in ROLES:
        raise ValidationError("Choose a role.")
    with transaction.atomic():
        if role != ADMIN:
            _refuse_losing_the_last_admin(user, by=by)
        set_role(user, role)
        audit.record(
            audit.Kind.ROLE_CHANGED,
            request=request,
            detail=f"{user.get_username()}: {ROLE_LABELS.get(before, 'no role')} to {ROLE_LABELS.get(role, 'no role')}",
        )


def user_deactivate(*, user, by, request) -> None:
    if by is not None and by.pk == user.pk:
        raise ValidationError("You cannot deactivate your own account.")
    with transaction.atomic():
        _refuse_losing_the_last_admin(user, by=by)
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(audit.Kind.ACCOUNT_DEACTIVATED, request=request, detail=user.get_username())
    from django.contrib.sessions.models import Session

    # End the deactivated user's sessions now, not at their next request.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def sso_sync_role(*, user, claims: dict, request) -> None:
    """The role the identity provider's groups give, set at every SSO sign-in."""
    from accounts.roles import role_from_groups

    groups = claims.get(settings.SSO_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    role = role_from_groups(groups)
    before = role_of(user)
    if role == before:
        return
    set_role(user, role)
    audit.record(
        audit.Kind.SSO_GROUPS_CHANGED,
        request=request,
        user=user,
        detail=f"{ROLE_LABELS.get(before, 'no role')} to {ROLE_LABELS.get(role, 'no role')}"
        f" from groups {', '.join(map(str, groups)) or '(none)'}",
    )
