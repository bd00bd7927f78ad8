"""Sign-in hardening glue: the name the lockout counts failures against."""

from __future__ import annotations


def axes_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: allauth authenticates with `username` or `email`
    (whichever was typed in its `login` field); Django admin's form posts `username`."""
    for key in ("username", "email"):
        if credentials and credentials.get(key):
            return str(credentials[key]).lower()
    for key in ("login", "username"):
        if request is not None and request.POST.get(key):
            return request.POST[key].strip().lower()
    return None
