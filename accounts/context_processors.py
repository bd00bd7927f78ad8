from django.conf import settings


def sign_in(request):
    """The single sign-on button, where the council has configured its identity provider."""
    return {"sso_enabled": bool(settings.SSO_ISSUER), "sso_button_text": settings.SSO_BUTTON_TEXT}
