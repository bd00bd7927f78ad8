"""The data version: one number that every write to the data goes up by, in the
writer's own transaction, so that pages cached by (URL, audience, data version)
are never stale (scorecard/page_cache.py).

Every save and delete of a model of an app in settings.DATA_VERSION_APPS (or a
model in settings.DATA_VERSION_MODELS, "app_label.ModelName") bumps it through
signals: services, Django admin, history restores, loaddata (raw saves) and
importers alike. Writes that send no signals (QuerySet.update, bulk_create,
bulk_update, raw SQL) must call bump() themselves, in the same transaction.
A migrate bumps it too. A new app registers by adding its label to the setting.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import timezone

ROW = 1


@dataclass(frozen=True)
class Version:
    counter: int
    token: str
    changed_at: datetime

    @property
    def key(self) -> str:
        """What cache keys and ETags are made from."""
        return f"{self.counter}.{self.token}"


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Count a change of data: one UPDATE, inside the caller's transaction, so the new
    version becomes visible exactly when the change does (and rolls back with it)."""
    from scorecard.models import DataVersion

    changed = (
        DataVersion.objects.using(using)
        .filter(pk=ROW)
        .update(counter=F("counter") + 1, token=uuid.uuid4().hex, changed_at=timezone.now())
    )
    if not changed:  # a database emptied by flush: start again
        DataVersion.objects.using(using).get_or_create(
            pk=ROW, defaults={"counter": 1, "token": uuid.uuid4().hex, "changed_at": timezone.now()}
        )


@contextmanager
def one_bump(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Inside the caller's transaction: the writes of the block count as one change, bumped
    once as the block ends. The version's row is then locked only from there to the commit,
    so savers do not queue for it behind each other's whole transactions."""
    connection = connections[using]
    if getattr(connection, "_data_version_changed", None) is not None:  # already inside one
        yield
        return
    connection._data_version_changed = False
    try:
        yield
        changed = connection._data_version_changed
    finally:
        connection._data_version_changed = None
    if changed:
        bump(using)


def current(using: str = DEFAULT_DB_ALIAS) -> Version:
    """The version now: one query, in plain SQL (a twentieth of the ORM's cost, read on every page)."""
    from scorecard.models import DataVersion

    connection = connections[using]
    table, quote = DataVersion._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT counter, token, changed_at FROM {quote(table)} WHERE id = %s", [ROW])
        row = cursor.fetchone()
    if row is None:
        return Version(0, "", datetime(2000, 1, 1, tzinfo=UTC))
    counter, token, changed_at = row
    if isinstance(changed_at, str):
        changed_at = datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):  # SQLite keeps UTC without its zone
        changed_at = changed_at.replace(tzinfo=UTC)
    return Version(counter, token, changed_at)


def for_request(request) -> Version:
    """The version for this request, read once however many fragments and headers ask."""
    if not hasattr(request, "_data_version"):
        request._data_version = current()
    return request._data_version


def tracked_models() -> list[type]:
    """The models whose writes bump the version."""
    from scorecard.models import DataVersion

    models = [m for label in settings.DATA_VERSION_APPS for m in apps.get_app_config(label).get_models()]
    models += [apps.get_model(label) for label in settings.DATA_VERSION_MODELS]
    return [m for m in dict.fromkeys(models) if m is not DataVersion]


def _bump_or_note(using: str) -> None:
    connection = connections[using]
    if getattr(connection, "_data_version_changed", None) is not None:
        connection._data_version_changed = True  # bumped once at the end of one_bump()
    else:
        bump(using)


def _on_write(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    _bump_or_note(using)  # raw saves (loaddata) too: their data is as new to the pages as any other


def _on_m2m(sender, action, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if action.startswith("post_"):
        _bump_or_note(using)


def _on_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    from scorecard.models import DataVersion

    if DataVersion._meta.db_table in connections[using].introspection.table_names():
        bump(using)


def connect() -> None:
    """Connect the receivers (from ScorecardConfig.ready, once every app's models are loaded)."""
    for model in tracked_models():
        uid = f"data_version:{model._meta.label}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + ":delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(_on_m2m, sender=field.remote_field.through, dispatch_uid=uid + f":m2m:{field.name}")
    post_migrate.connect(_on_migrate, dispatch_uid="data_version:migrate")
