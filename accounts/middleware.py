"""Officers and admins who signed in with a password set up an authenticator app before
anything else (MFA_REQUIRED_ROLES); single sign-on leaves MFA to the identity provider."""

from __future__ import annotations

from django.shortcuts import redirect

# What may be reached before the authenticator is set up: setting it up, signing out, files.
_CHECKED = "_mfa_checked"
_ALLOWED_PREFIXES = ("/accounts/2fa/", "/logout/", "/static/", "/accounts/logout/")


def signed_in_with_password(request) -> bool:
    records = request.session.get("account_authentication_methods", [])
    return any(record.get("method") == "password" for record in records)


class MfaRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(_CHECKED)
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and signed_in_with_password(request)
        ):
            if _needs_mfa(user):
                return redirect("mfa_activate_totp")
            request.session[_CHECKED] = True  # asked once a session, not on every request
        return self.get_response(request)


def _needs_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    from accounts.roles import mfa_required_for

    return mfa_required_for(user) and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
