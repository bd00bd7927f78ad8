import json
import os

from oauth2_provider.oauth2_validators import OAuth2Validator


def _claims() -> dict:
    with open(os.environ["OP_CLAIMS_FILE"]) as file:
        return json.load(file)


class ClaimsFromFile(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        person = _claims()[request.user.username]
        return {"email": person["email"], "email_verified": True, "name": person.get("name", ""),
                "groups": person.get("groups", [])}  # fmt: skip

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        mischief = _claims().get("_mischief")
        if mischief == "audience":
            claims["aud"] = "another-application"
        elif mischief == "issuer":
            claims["iss"] = "http://127.0.0.1:1/o"
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if _claims().get("_mischief") == "tamper":
            import base64

            header, payload, signature = signed.split(".")
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            claims["email"] = "someone.else@council.example"
            payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
            signed = ".".join([header, payload, signature])
        return signed
