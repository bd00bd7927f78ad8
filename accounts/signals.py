"""Security events from Django, django-axes and allauth, into the security log."""

from __future__ import annotations

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import audit


def _methods(request) -> str:
    """How this session signed in, in words (allauth keeps the steps in the session)."""
    records = request.session.get("account_authentication_methods", []) if request is not None else []
    words = {"password": "password", "socialaccount": "single sign-on", "mfa": "authenticator code"}
    steps = []
    for record in records:
        word = words.get(record.get("method"), record.get("method"))
        if record.get("type") == "recovery_codes":
            word = "recovery code"
        if word not in steps:
            steps.append(word)
    return " and ".join(steps)


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if request is None:
        return
    methods = _methods(request)
    audit.record(audit.Kind.SIGN_IN, request=request, user=user, detail=f"With {methods}" if methods else "")


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    from accounts.security import axes_username

    audit.record(audit.Kind.SIGN_IN_FAILED, request=request, username=axes_username(request, credentials) or "")


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit.record(audit.Kind.LOCKED_OUT, request=request, username=username or "", detail="Too many failed sign-ins")


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.Kind.SIGN_OUT, request=request, user=user)


@receiver(account_signals.password_reset)
def _password_reset(sender, request, user, **kwargs):
    audit.record(audit.Kind.PASSWORD_RESET_DONE, request=request, user=user, detail="With an emailed link")


@receiver(account_signals.password_changed)
def _password_changed(sender, request, user, **kwargs):
    audit.record(audit.Kind.PASSWORD_CHANGED, request=request, user=user)


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs):
    audit.record(audit.Kind.MFA_ADDED, request=request, user=user, detail=authenticator.get_type_display())


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs):
    audit.record(audit.Kind.MFA_REMOVED, request=request, user=user, detail=authenticator.get_type_display())


@receiver(mfa_signals.authenticator_reset)
def _mfa_reset(sender, request, user, authenticator, **kwargs):
    audit.record(audit.Kind.MFA_ADDED, request=request, user=user, detail="New recovery codes")


@receiver(account_signals.user_logged_in)
def _sso_role(sender, request, user, sociallogin=None, **kwargs):
    """At every single sign-on, the role the identity provider's groups give."""
    if sociallogin is None:
        return
    from accounts.services import sso_sync_role

    extra = sociallogin.account.extra_data or {}
    claims = {**(extra.get("id_token") or {}), **(extra.get("userinfo") or {})}
    sso_sync_role(user=user, claims=claims, request=request)
