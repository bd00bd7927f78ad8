"""Accounts: email, sign-in with MFA, invitations, the users page, password reset,
the no-role page and the security log. Mail goes through a real SMTP server (tests/smtp.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone

from accounts import audit
from accounts.mail_settings import parse_email_url
from accounts.models import AuditEvent, Invitation
from scorecard.roles import ADMIN, OFFICER
from tests.conftest import PASSWORD
from tests.test_scorecard import _text

NEW_PASSWORD = "a long new passphrase for the scorecard"


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("at", "id").values_list("kind", flat=True))


def _link(text: str) -> str:
    return re.search(r"http://testserver(/\S+)", text).group(1)


# Email settings


@pytest.mark.parametrize(
    "url, expected",
    [
        ("smtp://mailer:s%40cret@mail.council.gov.uk:587", {"EMAIL_HOST": "mail.council.gov.uk", "EMAIL_PORT": 587,
         "EMAIL_HOST_USER": "mailer", "EMAIL_HOST_PASSWORD": "s@cret", "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False}),
        ("smtps://relay.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False}),
        ("smtp://127.0.0.1:2525", {"EMAIL_PORT": 2525, "EMAIL_USE_TLS": False, "EMAIL_HOST_USER": ""}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)  # fmt: skip
def test_email_url_gives_djangos_settings(url, expected):
    config = parse_email_url(url)
    assert {key: config[key] for key in expected} == expected


def test_email_url_that_is_not_smtp_says_so():
    with pytest.raises(ValueError, match="EMAIL_URL must start smtp://"):
        parse_email_url("http://mail.example.org")


def test_make_run_prints_mail_and_says_so():
    makefile = open("Makefile").read()
    assert "Emails are printed in this terminal" in makefile


# Sign-in


def test_sign_in_errors_are_at_the_top_in_the_products_words(client, panel_member):
    response = client.post("/login/", {"login": "alice", "password": "wrong"})
    html = response.content.decode()
    assert html.index('class="error-summary"') < html.index("<h1>Sign in</h1>")
    text = _text(response)
    assert "The username or email address and password do not match an account." in text
    assert "correct" not in text.lower().split("sign in")[0]
    assert client.post("/login/", {"login": "", "password": ""}).content.decode().count("Enter your password") == 2


def test_sign_in_with_an_email_address_works_and_is_logged(client, panel_member):
    panel_member.email = "alice@council.example"
    panel_member.save()
    response = client.post("/login/", {"login": "alice@council.example", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_IN)
    assert (event.username, event.ip_address, event.detail) == ("alice", "127.0.0.1", "With password")


def test_failures_lockout_and_sign_out_are_logged(client, panel_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"login": "alice", "password": "wrong"})
    assert _kinds().count(AuditEvent.Kind.SIGN_IN_FAILED) == settings.AXES_FAILURE_LIMIT
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT, username="alice").exists()
    client.force_login(panel_member)
    client.post("/logout/")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_OUT, username="alice").exists()


def test_an_officer_signing_in_with_a_password_sets_up_an_authenticator_first(
    client, officer, django_capture_on_commit_callbacks
):
    response = client.post("/login/", {"login": "bob", "password": PASSWORD})
    assert client.get("/").url == "/accounts/2fa/totp/activate/"
    assert client.get("/figures/").url == "/accounts/2fa/totp/activate/"
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):  # allauth announces it once committed
        response = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.MFA_ADDED, username="bob").exists()

    # The next sign-in asks for a code from the app after the password.
    client.post("/logout/")
    response = client.post("/login/", {"login": "bob", "password": PASSWORD})
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302  # not signed in yet
    totp = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP)
    response = client.post("/accounts/2fa/authenticate/", {"code": _code(totp.wrap().instance.data["secret"])})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert (
        AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN).first().detail == "With password and authenticator code"
    )


def test_a_panel_member_is_offered_an_authenticator_but_not_made_to(client, panel_member):
    client.post("/login/", {"login": "alice", "password": PASSWORD})
    assert client.get("/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


def test_mfa_is_not_asked_of_a_role_left_out_of_mfa_required_roles(client, officer, settings):
    settings.MFA_REQUIRED_ROLES = ["admin"]
    client.post("/login/", {"login": "bob", "password": PASSWORD})
    assert client.get("/").status_code == 200


# Password reset


def test_password_reset_arrives_by_email_and_works(client, panel_member, mailbox):
    panel_member.email = "alice@council.example"
    panel_member.save()
    assert "Enter the email address of your account" in _text(client.get("/accounts/password/reset/"))
    response = client.post("/accounts/password/reset/", {"email": "alice@council.example"}, follow=True)
    known = _text(response)
    assert "If an account has the address you entered, a link to reset its password is on its way." in known
    (message,) = mailbox.to("alice@council.example")
    text = mailbox.text(message)
    assert "London Borough of Harrow" in message["Subject"] or "scorecard" in message["Subject"]
    assert "Corporate Parenting scorecard of London Borough of Harrow" in text
    assert "Corporate Parenting scorecard" in mailbox.html(message)
    link = _link(text)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(form.redirect_chain[-1][0] if form.redirect_chain else link,
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})  # fmt: skip
    assert response.status_code == 302
    panel_member.refresh_from_db()
    assert panel_member.check_password(NEW_PASSWORD)
    assert client.post("/login/", {"login": "alice", "password": NEW_PASSWORD}).status_code == 302
    assert {AuditEvent.Kind.PASSWORD_RESET_ASKED, AuditEvent.Kind.PASSWORD_RESET_DONE} <= set(_kinds())

    # An unknown address gets the same answer, and no email.
    unknown = _text(Client().post("/accounts/password/reset/", {"email": "nobody@council.example"}, follow=True))
    assert unknown == known
    assert len(mailbox.messages) == 1


def test_a_password_reset_does_not_lift_the_lockout(client, panel_member, settings, mailbox):
    panel_member.email = "alice@council.example"
    panel_member.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"login": "alice", "password": "wrong"})
    client.post("/accounts/password/reset/", {"email": "alice@council.example"})
    link = _link(mailbox.text(mailbox.messages[0]))
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert client.post("/login/", {"login": "alice", "password": NEW_PASSWORD}).status_code == 429


def test_a_reset_link_expires(client, panel_member, settings, mailbox):
    panel_member.email = "alice@council.example"
    panel_member.save()
    client.post("/accounts/password/reset/", {"email": "alice@council.example"})
    link = _link(mailbox.text(mailbox.messages[0]))
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert "has been used or has expired" in _text(client.get(link, follow=True))


# Invitations and the users page


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_an_invitation_arrives_and_sets_up_an_officer_with_mfa(admin_client, admin_user, mailbox, client_factory):
    response = admin_client.post("/users/invite/", {"email": "Dana@Council.example", "role": OFFICER})
    assert response.status_code == 302
    assert "Invitation sent to dana@council.example as Officer." in _text(admin_client.get("/users/"))
    (message,) = mailbox.to("dana@council.example")
    text = mailbox.text(message)
    assert "Carol has invited you to the Corporate Parenting scorecard of London Borough of Harrow, as officer." in text
    assert mailbox.html(message) and "Choose a password" in mailbox.html(message)
    link = _link(text)

    invitee = client_factory()
    assert "Set up your account" in _text(invitee.get(link))
    weak = invitee.post(link, {"first_name": "Dana", "last_name": "Scully", "username": "dana",
                               "password1": "password123", "password2": "password123"})  # fmt: skip
    assert weak.status_code == 400
    assert "This password is too common." in _text(weak)
    response = invitee.post(link, {"first_name": "Dana", "last_name": "Scully", "username": "dana",
                                   "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})  # fmt: skip
    assert response.status_code == 302
    dana = User.objects.get(username="dana")
    assert dana.email == "dana@council.example" and list(dana.groups.values_list("name", flat=True)) == [OFFICER]
    assert invitee.get("/").url == "/accounts/2fa/totp/activate/"  # an officer: MFA first
    assert client_factory().get(link).status_code == 404  # the link is spent
    assert {AuditEvent.Kind.INVITATION_SENT, AuditEvent.Kind.INVITATION_ACCEPTED} <= set(_kinds())


def test_an_invitation_expires_and_can_be_withdrawn(admin_client, mailbox, client_factory):
    admin_client.post("/users/invite/", {"email": "eve@council.example", "role": OFFICER})
    link = _link(mailbox.text(mailbox.messages[0]))
    invitation = Invitation.objects.get()
    assert round((invitation.expires_at - invitation.created_at).total_seconds()) == 7 * 86400
    admin_client.post(f"/users/invitations/{invitation.pk}/withdraw/")
    assert client_factory().get(link).status_code == 404  # the link is spent
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.INVITATION_WITHDRAWN, detail="eve@council.example").exists()

    admin_client.post("/users/invite/", {"email": "eve@council.example", "role": OFFICER})
    link = _link(mailbox.text(mailbox.messages[1]))
    Invitation.objects.filter(withdrawn_at=None).update(expires_at=timezone.now())
    assert "has expired" in _text(client_factory().get(link))


def test_inviting_says_what_is_wrong(admin_client, mailbox, panel_member):
    response = admin_client.post("/users/invite/", {"email": "not an address"})
    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text and "Enter an email address like name@council.gov.uk" in text
    assert "Choose a role" in text
    assert mailbox.messages == []


def test_admins_change_roles_and_deactivate_but_never_lose_the_last_admin(
    admin_client, admin_user, panel_member, officer
):
    admin_client.post(f"/users/{panel_member.pk}/role/", {f"user-{panel_member.pk}-role": OFFICER})
    assert list(panel_member.groups.values_list("name", flat=True)) == [OFFICER]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_CHANGED)
    assert (event.username, event.detail) == ("carol", "alice: Panel member to Officer")

    response = admin_client.post(f"/users/{admin_user.pk}/role/", {f"user-{admin_user.pk}-role": OFFICER}, follow=True)
    assert "This would leave no admin: your own account is the last one." in _text(response)
    assert admin_user.groups.filter(name=ADMIN).exists()
    assert "You cannot deactivate your own account." in _text(
        admin_client.post(f"/users/{admin_user.pk}/deactivate/", follow=True)
    )

    other = Client()
    other.force_login(officer)
    admin_client.post(f"/users/{officer.pk}/deactivate/")
    officer.refresh_from_db()
    assert not officer.is_active
    assert other.get("/").status_code == 302  # signed out at once
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCOUNT_DEACTIVATED, detail="bob").exists()


def test_a_user_without_a_role_is_told_whom_to_ask(client, admin_user, db):
    admin_user.email = "carol@council.example"
    admin_user.save()
    nobody = User.objects.create_user("nobody", password=PASSWORD)
    client.force_login(nobody)
    for response in (client.get("/"), client.get("/no-role/")):
        text = _text(response)
        assert "Your account has no role yet" in text
        assert "Carol – carol@council.example" in text
        assert "Go to the scorecard" not in text
        assert 'action="/logout/"' in response.content.decode()
    assert client.get("/").status_code == 403


# The security log


def test_the_security_log_filters_and_exports(admin_client, admin_user, panel_member):
    audit.record(audit.Kind.SIGN_IN_FAILED, username="mallory", detail="")
    audit.record(audit.Kind.EXTRACT_UPLOADED, user=panel_member, detail="Q3 2023-24: header.csv (1,024 bytes)")
    text = _text(admin_client.get("/security-log/"))
    assert "mallory" in text and "header.csv (1,024 bytes)" in text
    filtered = _text(admin_client.get("/security-log/", {"person": "mall"}))
    assert "mallory" in filtered and "1 entry" in filtered and "header.csv" not in filtered
    by_kind = admin_client.get("/security-log.csv", {"kind": "extract_uploaded"})
    csv = by_kind.content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "When,Event,Who,Address,Detail"
    assert "alice" in csv and "mallory" not in csv and "header.csv (1,024 bytes)" in csv
    assert admin_client.get("/security-log/", {"date_from": "31/02/2024"}).status_code == 400


def test_security_log_entries_cannot_be_changed_or_deleted(admin_client, db):
    event = audit.record(audit.Kind.SIGN_IN, username="alice")
    with pytest.raises(PermissionError):
        event.detail = "edited"
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(detail="x")
    assert admin_client.get(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403
    response = admin_client.post(f"/admin/accounts/auditevent/{event.pk}/change/", {"detail": "edited"})
    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_prune_audit_log_removes_entries_older_than_the_retention(db, settings, capsys):
    old = audit.record(audit.Kind.SIGN_IN, username="old")
    # Made older behind the log's back (the product itself never changes an entry).
    QuerySet.update(
        AuditEvent.objects.filter(pk=old.pk), at=timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS + 1)
    )
    audit.record(audit.Kind.SIGN_IN, username="new")
    call_command("prune_audit_log")
    assert "Removed 1 security log entry older than 400 days." in capsys.readouterr().out
    assert list(AuditEvent.objects.values_list("username", flat=True)) == ["new"]


@pytest.fixture
def client_factory(db):
    return Client


def test_an_officers_scorecard_export_is_logged_and_a_panel_members_is_not(client, deck, officer, panel_member):
    client.force_login(panel_member)
    assert client.get("/", {"_export": "csv"}).status_code == 200
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).exists()
    client.force_login(officer)
    assert client.get("/", {"_export": "xlsx"}).status_code == 200
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert event.username == "bob" and event.detail.startswith("scorecard-") and event.detail.endswith(".xlsx")


def test_a_903_upload_is_logged_with_file_names_and_sizes_only(officer_client, deck):
    from tests.test_ssda903_page import ACCEPT, Q3, _compute, _token

    response = _compute(officer_client)
    uploaded = AuditEvent.objects.get(kind=AuditEvent.Kind.EXTRACT_UPLOADED)
    assert uploaded.username == "bob"
    assert re.fullmatch(r"Q3 2023-24: header\.csv \([\d,]+ bytes\), episodes\.csv \([\d,]+ bytes\)", uploaded.detail)
    assert "SYN" not in uploaded.detail  # no child's identifier, nor anything else from the files
    officer_client.post(ACCEPT, {"token": _token(response), "accept": [f"{Q3}:3"]})
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.COMPUTATION_ACCEPTED).detail == f"Q3 2023-24: {Q3}:3"


def test_a_publication_is_logged(officer_client, deck, officer):
    from scorecard import services
    from scorecard.models import Period

    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    assert officer_client.post("/reports/2023-24-q3/publish/").status_code == 302
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.REPORT_PUBLISHED).detail == "Q3 2023-24, version 1"
