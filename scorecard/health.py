"""/healthz: how the database, the cache, file storage and Chromium are, as JSON, for
load balancers and monitoring. No sign-in, plain HTTP allowed (SECURE_REDIRECT_EXEMPT),
no secrets: no addresses, paths or versions, only what works.

503 only when the database does not answer (nothing can be served); a cache that is
down (pages are made uncached), storage that cannot be written (PDFs are printed when
asked for) or a missing Chromium (PDFs say what to install) make it "degraded", 200:
every worker shares them, and a load balancer must not take every worker out for them."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from scorecard import data_version, page_cache, pdf


def _database() -> dict:
    try:
        data_version.current()  # a real read of the data, through the pooled connection
    except Exception:  # noqa: BLE001 - down: say so, the log has the detail
        connection.close()
        return {"ok": False, "detail": "the database does not answer"}
    return {"ok": True}


def _cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, 1, 10)
        ok = cache.get(key) == 1
        cache.delete(key)
    except Exception as error:  # noqa: BLE001
        page_cache.outage.failed(error)
        return {"ok": False, "detail": "the cache does not answer: pages are made uncached"}
    page_cache.outage.succeeded()
    return {"ok": ok} if ok else {"ok": False, "detail": "the cache does not keep values"}


def _storage() -> dict:
    try:
        root = Path(settings.MEDIA_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-") as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError:
        return {"ok": False, "detail": "report PDFs cannot be written"}
    return {"ok": True}


def _chromium() -> dict:
    if Path(pdf.CHROMIUM).is_file() and os.access(pdf.CHROMIUM, os.X_OK):
        return {"ok": True}
    return {"ok": False, "detail": "Chromium is not installed: PDFs cannot be printed"}


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.monotonic()
    checks = {"database": _database(), "cache": _cache(), "storage": _storage(), "chromium": _chromium()}
    if not checks["database"]["ok"]:
        status = "down"
    elif all(check["ok"] for check in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    body = {"status": status, "checks": checks, "seconds": round(time.monotonic() - started, 3)}
    return JsonResponse(body, status=503 if status == "down" else 200)
