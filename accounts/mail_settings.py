"""EMAIL_URL read into Django's email settings: a pure function, so settings.py can use it
and tests can check it without a mail server.

    smtp://user:password@host:587   SMTP with STARTTLS when the port is 587 or ?tls=true
    smtps://user:password@host:465  SMTP over TLS from the first byte
    console://                      printed to the terminal (`make run`)
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}


def parse_email_url(url: str) -> dict:
    """The EMAIL_* settings an EMAIL_URL stands for; ValueError saying what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in _BACKENDS:
        raise ValueError(f"EMAIL_URL must start smtp://, smtps:// or console://, not {parts.scheme or url!r}.")
    config: dict = {"EMAIL_BACKEND": _BACKENDS[parts.scheme]}
    if parts.scheme == "console":
        return config
    if not parts.hostname:
        raise ValueError("EMAIL_URL names no mail server (smtp://host:port).")
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps" or query.get("ssl") in ("1", "true", "yes")
    port = parts.port or (465 if ssl else 587 if query.get("tls") in ("1", "true", "yes") else 25)
    config.update(
        {
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": ssl,
            "EMAIL_USE_TLS": not ssl and (query.get("tls") in ("1", "true", "yes") or port == 587),
        }
    )
    return config
