"""allauth adapters: no public sign-up (admins invite), the product's own wording,
password reset requests in the security log, and single sign-on's rules (allowed
domains, SSO_ONLY)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render

from accounts import audit

SIGN_IN_MISMATCH = (
    "The username or email address and password do not match an account. "
    "Check both and try again: after a few tries, signing in is locked for a while."
)


def password_sign_in_allowed(username: str) -> bool:
    """With SSO_ONLY, only the named break-glass admins may sign in with a password."""
    return not (settings.SSO_ONLY and settings.SSO_ISSUER) or username in settings.SSO_BREAK_GLASS_ADMINS


REAUTHENTICATION_SECONDS = 300  # allauth's ACCOUNT_REAUTHENTICATION_TIMEOUT default


def _password_given_within(request, seconds: int) -> bool:
    import time

    records = request.session.get("account_authentication_methods", [])
    return any(r.get("method") == "password" and time.time() - r.get("at", 0) < seconds for r in records)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": SIGN_IN_MISMATCH,
        "email_password_mismatch": SIGN_IN_MISMATCH,
        "account_inactive": "This account has been deactivated. Ask one of the council's admins if you need it again.",
        "invalid_password_reset": "This link to reset a password has been used or has expired. Ask for a new one.",
    }

    def is_open_for_signup(self, request) -> bool:
        return False  # accounts come from an admin's invitation or from single sign-on

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up an authenticator straight after signing in with a password (as officers
        and admins must) does not ask for the password again within the reauthentication window."""
        request = self.request
        if app == "allauth.mfa" and request is not None and _password_given_within(request, REAUTHENTICATION_SECONDS):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def send_password_reset_mail(self, user, email, context) -> None:
        if not password_sign_in_allowed(user.get_username()):
            audit.record(
                audit.Kind.PASSWORD_RESET_ASKED,
                request=self.request,
                user=user,
                detail=f"For {email}: not sent, this account signs in with single sign-on",
            )
            return
        audit.record(audit.Kind.PASSWORD_RESET_ASKED, request=self.request, user=user, detail=f"Link sent to {email}")
        super().send_password_reset_mail(user, email, context)

    def send_mail(self, template_prefix, email, context) -> None:
        from accounts.mail import send_product_mail

        send_product_mail(template_prefix, to=email, context=context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True  # whoever the council's identity provider vouches for, in an allowed domain

    def pre_social_login(self, request, sociallogin) -> None:
        email = (sociallogin.user.email or "").lower()
        for address in sociallogin.email_addresses:
            email = email or address.email.lower()
        domain = email.rpartition("@")[2]
        if settings.SSO_ALLOWED_DOMAINS and domain not in settings.SSO_ALLOWED_DOMAINS:
            audit.record(
                audit.Kind.SSO_REFUSED,
                request=request,
                username=email,
                detail=f"Email domain {domain or '(none)'} is not allowed",
            )
            raise ImmediateHttpResponse(
                render(request, "account/sso_refused.html", {"email": email, "domain": domain}, status=403)
            )

    def is_email_verified(self, provider, email) -> bool:
        # The council's own identity provider vouches for its staff's addresses.
        domain = email.rpartition("@")[2].lower()
        return not settings.SSO_ALLOWED_DOMAINS or domain in settings.SSO_ALLOWED_DOMAINS

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        audit.record(audit.Kind.SSO_REFUSED, request=request, detail=f"{error or ''} {exception or ''}".strip()[:500])
        raise ImmediateHttpResponse(
            render(request, "account/sso_error.html", {"error": error, "exception": exception}, status=400)
        )
