"""Sign-in (allauth, at /login/ as before), the parts of allauth the product uses (password
reset, MFA, single sign-on), and the product's own account pages.

Only the allauth URLs listed here are served: no public sign-up, no email management."""

from __future__ import annotations

from allauth.account import urls as account_urls
from allauth.account import views as account_views
from allauth.mfa import urls as mfa_urls
from allauth.socialaccount import urls as socialaccount_urls
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import oidc, views

_ACCOUNT = {
    "account_logout",
    "account_inactive",
    "account_reauthenticate",
    "account_change_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
}
_SOCIAL = {"socialaccount_login_cancelled", "socialaccount_login_error"}


def _only(patterns, names):
    found = []
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            found.extend(_only(pattern.url_patterns, names))
        elif pattern.name in names:
            found.append(pattern)
    return found


urlpatterns = [
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("login/", account_views.LoginView.as_view(), name="account_login"),  # allauth's name for the same page
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("no-role/", views.no_role, name="no_role"),
    path("users/", views.users, name="users"),
    path("users/invite/", views.invite, name="invite"),
    path("users/<int:user_id>/role/", views.change_role, name="change_role"),
    path("users/<int:user_id>/deactivate/", views.deactivate, name="deactivate_user"),
    path("users/invitations/<int:invitation_id>/withdraw/", views.withdraw_invitation, name="withdraw_invitation"),
    path("invitations/<str:key>/", views.accept_invitation, name="accept_invitation"),
    path("security-log/", views.security_log, name="security_log"),
    path("security-log.csv", views.security_log_csv, name="security_log_csv"),
    path("accounts/", include(_only(account_urls.urlpatterns, _ACCOUNT))),
    path("accounts/2fa/", include(mfa_urls.urlpatterns)),
    path("accounts/", include(_only(socialaccount_urls.urlpatterns, _SOCIAL))),
    path("accounts/oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path("accounts/oidc/<str:provider_id>/login/callback/", oidc.callback, name="openid_connect_callback"),
]
