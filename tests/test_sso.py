"""Single sign-on against a real OpenID provider started by the suite (tests/oidc.py):
the whole authorization-code flow with PKCE and a nonce, over HTTP on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User

from accounts.models import AuditEvent
from scorecard.roles import ADMIN, OFFICER, PANEL_MEMBER
from tests.conftest import PASSWORD
from tests.oidc import CALLBACK, CLIENT_ID, CLIENT_SECRET, USERS
from tests.test_scorecard import _text


def _providers(issuer: str, client_id: str = CLIENT_ID) -> dict:
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "council",
                    "name": "Sign in with your council account",
                    "client_id": client_id,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": issuer, "oauth_pkce_enabled": True},
                }
            ],
        }
    }


@pytest.fixture
def sso(settings, oidc_provider, db):
    settings.SSO_ISSUER = oidc_provider.issuer
    settings.SOCIALACCOUNT_PROVIDERS = _providers(oidc_provider.issuer)
    settings.SSO_GROUPS_PANEL = ["scorecard-panel"]
    settings.SSO_GROUPS_OFFICER = ["scorecard-officers"]
    settings.SSO_GROUPS_ADMIN = ["scorecard-admins"]
    settings.SSO_ALLOWED_DOMAINS = ["council.example"]
    oidc_provider.set_claims(USERS)
    yield oidc_provider
    oidc_provider.set_claims(USERS)


def _sign_in(client, provider, username: str):
    """The browser's journey: our button, the provider's sign-in, back to our callback."""
    start = client.post("/accounts/oidc/council/login/")
    assert start.status_code == 302 and start.url.startswith(provider.issuer), start
    query = parse_qs(urlsplit(start.url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"][0]
    answer = provider.sign_in(username).get(start.url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and answer.headers["Location"].startswith(CALLBACK), answer.text
    callback = answer.headers["Location"].removeprefix("http://testserver")
    return client.get(callback), callback


def test_the_sign_in_page_offers_the_council_account(client, sso):
    text = _text(client.get("/login/"))
    assert "Sign in with your council account" in text
    assert 'action="/accounts/oidc/council/login/"' in client.get("/login/").content.decode()


def test_sign_in_gives_the_role_the_groups_give(client, sso):
    response, _ = _sign_in(client, sso, "dana")
    assert response.status_code == 302 and response.url == "/"
    dana = User.objects.get(email="dana@council.example")
    assert list(dana.groups.values_list("name", flat=True)) == [OFFICER]
    assert dana.get_full_name() == "Dana Scully"
    assert client.get("/figures/").status_code == 200  # an officer; no MFA asked: the provider's own
    sign_in = AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN, user=dana).get()
    assert sign_in.detail == "With single sign-on"
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SSO_GROUPS_CHANGED, user=dana).get().detail == (
        "no role to Officer from groups scorecard-officers"
    )


def test_a_changed_group_changes_the_role_at_the_next_sign_in(client, sso):
    _sign_in(client, sso, "fox")
    fox = User.objects.get(email="fox@council.example")
    assert list(fox.groups.values_list("name", flat=True)) == [PANEL_MEMBER]
    client.post("/logout/")
    sso.set_claims({**USERS, "fox": {**USERS["fox"], "groups": ["scorecard-admins", "everyone"]}})
    _sign_in(client, sso, "fox")
    assert list(fox.groups.values_list("name", flat=True)) == [ADMIN]
    client.post("/logout/")
    sso.set_claims({**USERS, "fox": {**USERS["fox"], "groups": ["everyone"]}})
    response, _ = _sign_in(client, sso, "fox")
    assert not fox.groups.exists()
    assert "Your account has no role yet" in _text(client.get("/"))


@pytest.mark.parametrize("mischief", ["audience", "issuer", "tamper"])
def test_a_token_with_a_wrong_audience_or_issuer_or_altered_is_refused(client, sso, mischief):
    sso.set_claims({**USERS, "_mischief": mischief})
    response, _ = _sign_in(client, sso, "dana")
    assert response.status_code == 400
    assert "Signing in with your council account did not work" in _text(response)
    assert not User.objects.filter(email__in=["dana@council.example", "someone.else@council.example"]).exists()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SSO_REFUSED).exists()


def test_a_replayed_callback_is_refused(client, sso):
    response, callback = _sign_in(client, sso, "dana")
    assert response.status_code == 302
    client.post("/logout/")
    replay = client.get(callback)
    assert replay.status_code in (400, 401)
    assert client.get("/").status_code == 302


def test_an_unknown_domain_is_refused(client, sso):
    response, _ = _sign_in(client, sso, "walter")
    assert response.status_code == 403
    assert "walter@elsewhere.example is not an address this service accepts" in _text(response)
    assert not User.objects.filter(email="walter@elsewhere.example").exists()


def test_sso_down_says_so_and_break_glass_admins_still_sign_in(client, sso, settings, admin_user, officer):
    settings.SOCIALACCOUNT_PROVIDERS = _providers("http://127.0.0.1:1/o")
    settings.SSO_ONLY = True
    settings.SSO_BREAK_GLASS_ADMINS = ["carol"]
    response = client.post("/accounts/oidc/council/login/")
    assert response.status_code == 503
    assert "The council's sign-in service is not answering" in _text(response)
    refused = client.post("/login/", {"login": "bob", "password": PASSWORD})
    assert "signing in with a password is for break-glass admins only" in _text(refused)
    assert client.post("/login/", {"login": "carol", "password": PASSWORD}).status_code == 302
