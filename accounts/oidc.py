"""Single sign-on through allauth's `openid_connect` provider, with two checks allauth
leaves out: the ID token's signature is verified even though it came straight from the
token endpoint, and a nonce sent with each sign-in must come back in its ID token (a
token issued for another sign-in is refused). PKCE, state, issuer, audience and expiry
are allauth's own."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from requests import RequestException

_NONCES = "oidc_nonces"
_KEEP_NONCES = 5  # sign-ins started in other tabs stay valid


class CouncilOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        data = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        nonces = self.request.session.get(_NONCES, [])
        if data.get("nonce") not in nonces:
            raise OAuth2Error("The ID token's nonce is not one this site sent")
        nonces.remove(data["nonce"])
        self.request.session[_NONCES] = nonces
        return data


@require_POST  # from the sign-in page's button; a link cannot start a sign-in
@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    nonce = secrets.token_urlsafe(24)
    request.session[_NONCES] = [*request.session.get(_NONCES, [])[-(_KEEP_NONCES - 1) :], nonce]
    request.GET = request.GET.copy()
    request.GET["auth_params"] = urlencode({"nonce": nonce})  # the only extra parameter sent
    try:
        return OAuth2LoginView.adapter_view(CouncilOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing
    except RequestException:
        return _unreachable(request)


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(CouncilOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing
    except RequestException:
        return _unreachable(request)


def _unreachable(request: HttpRequest) -> HttpResponse:
    from accounts import audit

    audit.record(audit.Kind.SSO_REFUSED, request=request, detail="The identity provider could not be reached")
    return render(request, "account/sso_unavailable.html", status=503)
