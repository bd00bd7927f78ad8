"""Headers, sessions, security.txt, the lockout behind the proxy and the busy page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import OperationalError
from django.test import Client

from scorecard import security, services
from scorecard.models import Figure
from tests.conftest import PASSWORD
from tests.test_scorecard import _text


def test_pages_send_a_strict_content_security_policy(panel_client, deck):
    policy = panel_client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy


def test_security_txt(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@example.gov.uk"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:security@example.gov.uk"
    assert fields["Preferred-Languages"] == "en"
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(days=360) < expires - datetime.now(UTC) <= timedelta(days=366)


def test_sessions_end_after_the_idle_time(client, panel_member, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 480 * 60
    client.post("/login/", {"login": "alice", "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 480 * 60
    assert 0 < client.session.get_expiry_age() <= 480 * 60


def test_the_idle_clock_restarts_on_use_at_most_once_a_minute(client, panel_member, deck, settings):
    client.post("/login/", {"login": "alice", "password": PASSWORD})
    session = client.session
    session[security._SEEN] = 0  # long ago
    session.save()
    client.get("/")
    assert client.session[security._SEEN] > 0
    seen = client.session[security._SEEN]
    client.get("/")
    assert client.session[security._SEEN] == seen  # not saved again within the minute


def test_admins_sessions_end_when_the_browser_closes(client, admin_user, panel_member):
    client.post("/login/", {"login": admin_user.username, "password": PASSWORD})
    assert client.session.get_expire_at_browser_close()
    assert not client.cookies[settings_name()]["max-age"]
    other = Client()
    other.post("/login/", {"login": "alice", "password": PASSWORD})
    assert not other.session.get_expire_at_browser_close()


def settings_name() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


@pytest.mark.parametrize(
    "behind_proxy, meta, address",
    [
        (True, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "203.0.113.7"),
        (True, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.7"}, "203.0.113.7"),
        (True, {"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),
        (False, {"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "198.51.100.1"),
    ],
)
def test_client_ip(rf, settings, behind_proxy, meta, address):
    settings.BEHIND_TLS_PROXY = behind_proxy
    assert security.client_ip(rf.get("/", **meta)) == address


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(db, admin_user, settings):
    """As nginx sends it: REMOTE_ADDR is the proxy, X-Forwarded-For one entry, the client."""
    settings.BEHIND_TLS_PROXY = True
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/login/", {"login": admin_user.username, "password": "wrong"})
    assert attacker.post("/login/", {"login": admin_user.username, "password": PASSWORD}).status_code == 429

    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    response = colleague.post("/login/", {"login": admin_user.username, "password": PASSWORD})
    assert response.status_code == 302  # signed in: the lock is on that username from that address only
    # and a forged extra entry does not escape the lock: nginx appends the real address last
    forged = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.66")
    assert forged.post("/login/", {"login": admin_user.username, "password": PASSWORD}).status_code == 429


def test_the_attacker_can_still_be_locked_out_of_other_usernames_separately(db, panel_member, admin_user, settings):
    settings.BEHIND_TLS_PROXY = True
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"login": "alice", "password": "wrong"})
    assert client.post("/login/", {"login": admin_user.username, "password": PASSWORD}).status_code == 302


def test_axes_reset_username_unlocks(db, panel_member, settings):
    from django.core.management import call_command

    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"login": "alice", "password": "wrong"})
    assert client.post("/login/", {"login": "alice", "password": PASSWORD}).status_code == 429
    call_command("axes_reset_username", "alice", verbosity=0)
    assert client.post("/login/", {"login": "alice", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    "error, busy",
    [
        (OperationalError("database is locked"), True),
        (OperationalError("canceling statement due to lock timeout"), True),
        (OperationalError("could not serialize access due to concurrent update"), True),
        (OperationalError("no such table: scorecard_figure"), False),
        (ValueError("database is locked"), False),
    ],
)
def test_is_busy_error(error, busy):
    assert security.is_busy_error(error) is busy


def test_a_locked_database_is_a_busy_page_not_a_server_error(officer_client, deck, monkeypatch):
    from tests.test_entry import Q4, Q4_FIGURES, URL_Q4, form_data

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "figures_save", locked)
    response = officer_client.post(URL_Q4, form_data(Q4, Q4_FIGURES))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The scorecard is busy: nothing has been saved" in _text(response)
    typed = Q4_FIGURES["9"]["numerator"]
    assert f'name="9-numerator" value="{typed}"' in response.content.decode()  # the officer's typing is kept


def test_a_lock_anywhere_else_is_the_busy_page(client, deck, monkeypatch, settings):
    from scorecard import selectors

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    settings.PUBLIC_SCORECARD = True
    monkeypatch.setattr(selectors, "periods_with_figures", locked)  # the scorecard's first read
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The scorecard is busy: try again in a few seconds" in _text(response)


def test_the_server_error_handler_turns_a_lock_into_the_busy_page(rf):
    request = rf.get("/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = security.server_error(request)
    assert response.status_code == 503
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        assert security.server_error(request).status_code == 500


def test_the_busy_page_keeps_what_any_form_sent_to_send_it_again(officer_client, deck, monkeypatch):
    """Outside the entry page (which shows its own form again), the busy page carries the
    typing in a form that sends it again with a fresh CSRF token, never a password."""
    from scorecard import publication_views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    figure = Figure.objects.first()
    monkeypatch.setattr(publication_views.services, "publication_check", locked)
    response = officer_client.post(
        f"/figures/{figure.pk}/check-commentary/",
        {"decision": "publish", "note": "Checked with the <team> & the manager", "password": "never echoed"},
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "Send it again" in html
    assert 'name="note" value="Checked with the &lt;team&gt; &amp; the manager"' in html
    assert "never echoed" not in html
    assert html.count('name="csrfmiddlewaretoken"') == 2  # the form's own, and the sign-out form's
    assert f'action="/figures/{figure.pk}/check-commentary/"' in html
