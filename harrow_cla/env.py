"""Reading settings from the environment: a value that cannot be read is an error that names
its variable, never a quiet default (a typo such as DEBUG=ture must not turn DEBUG off, nor
PUBLIC_SCORECARD=flase turn it on).

Secrets may instead be given in a file, as container and systemd secrets are: SECRET_KEY_FILE
names a file holding SECRET_KEY (one trailing newline is dropped).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")


def envbool(name: str, default: str) -> bool:
    """true/false, 1/0 or yes/no, in any case; anything else is refused."""
    raw = os.environ.get(name, default).strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (or 1/0, yes/no), not {raw!r}.")


def envint(name: str, default: str) -> int:
    raw = os.environ.get(name, default).strip()
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret(name: str, default: str = "") -> str:
    """The variable `name`, or the contents of the file that `<name>_FILE` names; not both."""
    file_name = os.environ.get(f"{name}_FILE", "").strip()
    if not file_name:
        return os.environ.get(name, default)
    if os.environ.get(name):
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    try:
        text = Path(file_name).read_text(encoding="utf-8")
    except OSError as error:
        raise ImproperlyConfigured(f"{name}_FILE names {file_name}, which cannot be read: {error.strerror}.") from None
    value = text.removesuffix("\n").removesuffix("\r")
    if not value:
        raise ImproperlyConfigured(f"{name}_FILE names {file_name}, which is empty.")
    return value
