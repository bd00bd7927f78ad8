"""Every URL of the site, for anonymous visitors, panel members, officers and admins.

A URL added without a row here fails test_every_url_is_in_the_matrix."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Invitation
from national import services as national_services
from scorecard import services
from scorecard.models import Figure, Period, ReportKeyPoint

LOGIN = "login"  # redirected to the sign-in page
ROLES = ["anonymous", "panel", "officer", "admin"]

# name: (method, URL kwargs, {role: expected status, or LOGIN})
MATRIX = {
    # For load balancers: no sign-in, nothing personal or secret (tests/test_health.py).
    "healthz": ("get", {}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
    "scorecard": ("get", {}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "indicator": ("get", {"ref": "9"}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    # DfE's year, ending 31 March: 2022 is 2021-22, which DfE has not published here (typed in by admins).
    "neighbour_values": ("get", {"ref": "9", "year": "2022"}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    # The old address took the start year: moved for good, for everyone (the new one checks the role).
    "old_neighbour_values": ("get", {"ref": "9", "start_year": "2021"}, {"anonymous": 301, "panel": 301, "officer": 301, "admin": 301}),
    "demographics": ("get", {}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "new_snapshot": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "entry_index": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "enter_figures": ("get", {"period": "2023-24-q4"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "upload_figures": ("get", {"period": "2023-24-q4"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "confirm_upload": ("post", {"period": "2023-24-q4"}, {"anonymous": LOGIN, "panel": 403, "officer": 302, "admin": 302}),
    "compute_903": ("get", {"period": "2023-24-q4"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "accept_903": ("post", {"period": "2023-24-q4"}, {"anonymous": LOGIN, "panel": 403, "officer": 302, "admin": 302}),
    "figures_template": ("get", {"period": "2023-24-q4", "file_format": "csv"},
                         {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "unlock_figure": ("post", {"figure_id": "FIGURE"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 302}),
    "restore_figure": ("post", {"history_id": "HISTORY"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 302}),
    "reports": ("get", {}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    # A draft report for Q3 2023-24 exists (see `users`): panel members cannot see it before publication.
    "report": ("get", {"period": "2023-24-q3"}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "report_pdf": ("get", {"period": "2023-24-q3"}, {"anonymous": LOGIN, "panel": 404, "officer": 200, "admin": 200}),
    "report_xlsx": ("get", {"period": "2023-24-q3"}, {"anonymous": LOGIN, "panel": 404, "officer": 200, "admin": 200}),
    "report_start": ("post", {"period": "2023-24-q2"}, {"anonymous": LOGIN, "panel": 403, "officer": 302, "admin": 302}),
    "report_edit": ("get", {"period": "2023-24-q3"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    # Redrafting and publishing ask first (GET), then act (POST).
    "report_redraft": ("get", {"period": "2023-24-q3"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "report_publish": ("get", {"period": "2023-24-q3"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    # The Q2 2023-24 report is published (see `users`): its version 1 has an address of its own.
    "report_version": ("get", {"period": "2023-24-q2", "number": 1}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "report_version_pdf": ("get", {"period": "2023-24-q2", "number": 1}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "report_version_xlsx": ("get", {"period": "2023-24-q2", "number": 1}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "report_amend": ("get", {"period": "2023-24-q2"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    # After publishing: the page saying its PDFs are being printed (it asks again with print=1 to print them).
    "report_printing": ("get", {"period": "2023-24-q2"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "check_report_details": ("get", {"period": "2023-24-q3"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "check_key_point": ("get", {"point_id": "KEYPOINT"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "check_commentary": ("get", {"figure_id": "FIGURE"}, {"anonymous": LOGIN, "panel": 403, "officer": 200, "admin": 200}),
    "upload_averages": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    "confirm_averages": ("post", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 302}),
    "averages_template": ("get", {"file_format": "csv"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    # The feed answers machines: 401 with a JSON body, not the sign-in page.
    "api_scorecard_json": ("get", {"period": "2023-24-q3"}, {"anonymous": 401, "panel": 200, "officer": 200, "admin": 200}),
    "api_scorecard_csv": ("get", {"period": "2023-24-q3"}, {"anonymous": 401, "panel": 200, "officer": 200, "admin": 200}),
    # National statistics (national/): published figures, read as the scorecard is; loaded by admins.
    # "NATIONAL" is a year with DfE's dental-checks figures loaded (see `_url`).
    "benchmark": ("get", {"ref": "9", "year": "NATIONAL"}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "api_indicator_councils": ("get", {"ref": "9", "year": "NATIONAL"}, {"anonymous": 401, "panel": 200, "officer": 200, "admin": 200}),
    "national_import": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    "national_import_confirm": ("post", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 302}),
    # Admins' own pages: a year's targets...
    "targets": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 302}),
    "targets_year": ("get", {"year": "2024-25"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    # ... and the scorecard's indicators.
    "indicator_list": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    "indicator_add": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    "indicator_edit": ("get", {"ref": "9"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    "indicator_retire": ("post", {"ref": "9"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 302}),
    "login": ("get", {}, {"anonymous": 200, "panel": 302, "officer": 302, "admin": 302}),
    "logout": ("post", {}, {"anonymous": 302, "panel": 302, "officer": 302, "admin": 302}),
    # Accounts (accounts/): a user with a role is sent on from the no-role page; users and the security log are for admins.
    "no_role": ("get", {}, {"anonymous": LOGIN, "panel": 302, "officer": 302, "admin": 302}),
    "users": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    "invite": ("post", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 400}),
    "change_role": ("post", {"user_id": "PANEL_USER"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 302}),
    "deactivate_user": ("post", {"user_id": "PANEL_USER"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 302}),
    "withdraw_invitation": ("post", {"invitation_id": "INVITATION"}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 302}),
    # An unknown (or used, withdrawn, expired) invitation key: the same answer for everyone.
    "accept_invitation": ("get", {"key": "not-a-key"}, {"anonymous": 404, "panel": 404, "officer": 404, "admin": 404}),
    # Alerts (alerts/): every role chooses its own; an unsubscribe link needs no sign-in, only a valid signed token.
    "notifications": ("get", {}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "alerts_unsubscribe": ("get", {"token": "not-a-token"}, {"anonymous": 404, "panel": 404, "officer": 404, "admin": 404}),
    "security_log": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    "security_log_csv": ("get", {}, {"anonymous": LOGIN, "panel": 403, "officer": 403, "admin": 200}),
    # allauth's pages the product serves (accounts/urls.py): sign-in, password reset, MFA, single sign-on.
    "account_login": ("get", {}, {"anonymous": 200, "panel": 302, "officer": 302, "admin": 302}),
    "account_logout": ("get", {}, {"anonymous": 302, "panel": 200, "officer": 200, "admin": 200}),
    "account_inactive": ("get", {}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
    "account_reauthenticate": ("get", {}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "account_change_password": ("get", {}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "account_reset_password": ("get", {}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
    "account_reset_password_done": ("get", {}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
    "account_reset_password_from_key": ("get", {"uidb36": "1", "key": "not-a-key"}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
    "account_reset_password_from_key_done": ("get", {}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
    "mfa_index": ("get", {}, {"anonymous": LOGIN, "panel": 200, "officer": 200, "admin": 200}),
    "mfa_authenticate": ("get", {}, {"anonymous": 302, "panel": 302, "officer": 302, "admin": 302}),
    "mfa_reauthenticate": ("get", {}, {"anonymous": LOGIN, "panel": 302, "officer": 302, "admin": 302}),
    # Setting up a second factor asks for the password again unless it was given just now (a test's force_login never is).
    "mfa_activate_totp": ("get", {}, {"anonymous": LOGIN, "panel": 302, "officer": 302, "admin": 302}),
    "mfa_deactivate_totp": ("get", {}, {"anonymous": LOGIN, "panel": 404, "officer": 404, "admin": 404}),
    "mfa_view_recovery_codes": ("get", {}, {"anonymous": LOGIN, "panel": 404, "officer": 404, "admin": 404}),
    "mfa_generate_recovery_codes": ("get", {}, {"anonymous": LOGIN, "panel": 302, "officer": 302, "admin": 302}),
    "mfa_download_recovery_codes": ("get", {}, {"anonymous": LOGIN, "panel": 404, "officer": 404, "admin": 404}),
    "socialaccount_login_cancelled": ("get", {}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
    "socialaccount_login_error": ("get", {}, {"anonymous": 401, "panel": 401, "officer": 401, "admin": 401}),
    # Without SSO_ISSUER there is no council provider (tests/test_sso.py signs in through one).
    "openid_connect_login": ("post", {"provider_id": "council"}, {"anonymous": 404, "panel": 404, "officer": 404, "admin": 404}),
    "openid_connect_callback": ("get", {"provider_id": "council"}, {"anonymous": 404, "panel": 404, "officer": 404, "admin": 404}),
    "security_txt": ("get", {}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
    # Linked from every page's footer: open to everyone, signed in or not.
    "accessibility": ("get", {}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
    "privacy": ("get", {}, {"anonymous": 200, "panel": 200, "officer": 200, "admin": 200}),
}  # fmt: skip
# Django admin: staff only; everyone else is sent to the admin's own sign-in.
ADMIN_INDEX = {"anonymous": 302, "panel": 302, "officer": 302, "admin": 200}


def _named_patterns(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's own admin, covered by ADMIN_INDEX
            yield from _named_patterns(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    assert set(_named_patterns(get_resolver().url_patterns)) == set(MATRIX)


@pytest.fixture
def users(deck, panel_member, officer, admin_user):
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    published = services.report_start(period=Period.objects.get(financial_year=2023, quarter=2), by=officer)
    services.report_publish(report=published, by=officer)
    return {"anonymous": None, "panel": panel_member, "officer": officer, "admin": admin_user}


def _national_year() -> int:
    """DfE's dental-checks figures for 2024/25 (the committed small file), loaded once."""
    from django.core.management import call_command

    from national.models import CouncilValue

    if not CouncilValue.objects.filter(indicator__ref="9", year=2025).exists():
        call_command("loaddata", "national_sources", verbosity=0)
        path = Path(__file__).parent / "data" / "national" / "la_conviction_health_outcome_cla.csv"
        plan = national_services.national_import_plan(files=[(path.name, path.read_bytes())])
        national_services.national_import(plan=plan, by=None)
    return 2025


def _url(name: str, kwargs: dict) -> str:
    """The URL, with a real figure and history record where it needs one."""
    figure = Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)
    if not figure.history.exists():
        Figure.history.bulk_history_create([figure])
    values = {
        "FIGURE": lambda: figure.pk,
        "HISTORY": lambda: figure.history.first().history_id,
        "KEYPOINT": lambda: ReportKeyPoint.objects.filter(report__period__quarter=3).first().pk,
        "NATIONAL": _national_year,
        "PANEL_USER": lambda: (User.objects.filter(username="alice").first() or User.objects.first()).pk,
        "INVITATION": lambda: Invitation.objects.create(email="new@example.org", role="Officers", key_hash="x" * 64).pk,
    }
    return reverse(name, kwargs={k: values[v]() if v in values else v for k, v in kwargs.items()})


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_url_gives_each_role_what_it_should(client, deck, users, name, role):
    method, kwargs, expected = MATRIX[name]
    url = _url(name, kwargs)
    if users[role]:
        client.force_login(users[role])
    response = getattr(client, method)(url)
    if expected[role] == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/login/?next="), response
    else:
        assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_django_admin_is_for_staff(client, deck, users, role):
    if users[role]:
        client.force_login(users[role])
    assert client.get("/admin/").status_code == ADMIN_INDEX[role]


@pytest.mark.parametrize("name", [n for n, (method, _, _) in MATRIX.items() if method == "post"])
def test_post_only_urls_refuse_get(client, deck, admin_user, name):
    client.force_login(admin_user)
    assert client.get(_url(name, MATRIX[name][1])).status_code == 405


def test_public_scorecard_still_needs_log_in_to_write(client, deck, settings):
    settings.PUBLIC_SCORECARD = True
    assert client.get("/").status_code == 200
    assert client.get("/indicators/9/").status_code == 200
    assert client.get("/figures/").status_code == 302
    assert client.post("/periods/2023-24-q4/figures/", {}).status_code == 302
