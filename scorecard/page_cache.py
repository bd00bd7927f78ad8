"""Pages computed once per change of data: a fragment cache keyed by (name, URL,
audience, data version) and conditional GET (ETag, Last-Modified, 304).

Every write bumps the data version in its own transaction (scorecard/data_version.py),
so a key made from it can never name stale data: nothing is ever invalidated, old
entries simply stop being asked for and expire (settings.PAGE_CACHE_SECONDS).

Usage in a read view:

    from scorecard import page_cache

    @reader_required                      # permissions first: a 304 is only for those who may read
    @page_cache.conditional_page          # ETag/Last-Modified, 304 Not Modified, Cache-Control
    def demographics(request):
        html = page_cache.cached_fragment(request, "demographics.sections", lambda: _sections_html().encode())
        return page_cache.render_around(request, "scorecard/demographics.html", {}, html)

What to cache with cached_fragment: what is expensive and the same for everyone of
an audience at one URL: a rendered table's HTML, chart JSON, profile sections, a feed's
body. Never what differs per person: the signed-in name, a CSRF token, messages,
buttons shown by permission beyond the audience (those stay in the page template).
`build` must return something picklable (str, bytes, dicts and lists of them). A page's
body is kept as UTF-8 bytes and put in its page by render_around, not by the template.

An anonymous reader's whole page (with PUBLIC_SCORECARD on) is kept the same way, so a
public reader costs one query and a cache read: it carries nothing personal, and a page
whose making set a cookie or a CSRF token is not kept.

Fragments and ETags are kept apart by scorecard/audience.py's page_variant(request): the
audience ("public", "member", "officer"), the reader's role and the suppression threshold.

The ETag is made of the data version, the audience, the signed-in user (pages show
their name), their CSRF secret (signed-in pages carry the sign-out form with its token), the URL with its
query string and the code's release, so a 304 is only ever sent for a page that
would be the same byte for byte. Pages with pending messages get no ETag. Signed-in
pages are `Cache-Control: private, no-cache` (browsers revalidate; shared caches
never store them); anonymous ones `no-cache` with `Vary: Cookie`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.safestring import SafeString

from scorecard import data_version
from scorecard.audience import page_variant

T = TypeVar("T")
_MISSING = object()
log = logging.getLogger(__name__)


# Settings that change what a page shows: a restart with another value must not be served
# pages made under the old one (the Redis cache outlives the restart), above all the rule for
# which counts the public may not see.
PAGE_SETTINGS = (
    "SMALL_NUMBER_MAX",
    "PANEL_MEMBERS_SEE_SMALL_NUMBERS",
    "PUBLIC_SCORECARD",
    "COUNCIL_NAME",
    "COUNCIL_SHORT_NAME",
    "OUR_COUNCIL_CODE",  # whose figures the national pages pick out
)


@lru_cache(maxsize=1)
def release() -> str:
    """The code's release and the settings pages depend on: settings.PAGE_CACHE_RELEASE when
    set (a deploy's version), else a hash of the templates, the apps' code and the indicator
    library's definitions, so a deploy never serves fragments of the last one; with
    PAGE_SETTINGS' values, so neither does a restart."""
    digest = hashlib.sha256()
    for name in PAGE_SETTINGS:
        digest.update(f"{name}={getattr(settings, name, None)!r}\x1f".encode())
    if settings.PAGE_CACHE_RELEASE:
        digest.update(settings.PAGE_CACHE_RELEASE.encode())
        return digest.hexdigest()[:12]
    root = Path(settings.BASE_DIR)
    folders = (("templates", "*.html"), ("scorecard", "*.py"), ("national", "*.py"), ("ssda903", "*.py"),
               ("indicators", "*.json"))  # fmt: skip
    for folder, pattern in folders:
        for path in sorted((root / folder).rglob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def fragment_key(request: HttpRequest, name: str) -> str:
    version = data_version.for_request(request)
    return "page:" + _digest(release(), name, request.get_full_path(), page_variant(request), version.key)


def cached_fragment(request: HttpRequest, name: str, build: Callable[[], T]) -> T:
    """`build()`'s result for this page, audience and data version: built once, then read
    from the cache until the data changes. A cache that is down costs speed, never the page."""
    key = fragment_key(request, name)
    try:
        value = cache.get(key, _MISSING)
    except Exception:  # noqa: BLE001 - Redis down: build it
        log.warning("page cache unavailable; building %s", name, exc_info=True)
        return build()
    if value is _MISSING:
        value = build()
        try:
            cache.set(key, value, settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            log.warning("page cache unavailable; %s not stored", name, exc_info=True)
    return value


_FRAGMENT_SLOT = SafeString("<!-- the page's cached fragment -->")


def render_around(request: HttpRequest, template_name: str, context: dict, fragment: bytes) -> HttpResponse:
    """The page `template_name` with `fragment` (a cached_fragment's UTF-8 bytes) where it
    prints {{ fragment }}. Only the page around it goes through the template: a 400-indicator
    scorecard's body is 1.5 MB, and copying it through the template's blocks and encoding it
    again cost more than rendering the rest of the page."""
    page = render_to_string(template_name, {**context, "fragment": _FRAGMENT_SLOT}, request)
    before, after = page.split(_FRAGMENT_SLOT)  # exactly one: a template without it is a bug
    return HttpResponse(b"".join((before.encode(), fragment, after.encode())))


def page_etag(request: HttpRequest) -> str:
    version = data_version.for_request(request)
    signed_in = request.user.is_authenticated
    user = request.user.pk if signed_in else ""
    csrf = ""
    if signed_in:  # signed-in pages carry the sign-out form and its token: made from this secret
        get_token(request)
        csrf = request.META.get("CSRF_COOKIE", "")
    variant = page_variant(request)
    return '"' + _digest(release(), version.key, variant, user, csrf, request.get_full_path())[:32] + '"'


def _has_messages(request: HttpRequest) -> bool:
    return len(get_messages(request)) > 0  # counts without marking them read


def _set_cache_control(request: HttpRequest, response: HttpResponse) -> None:
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])


def not_shared(view):
    """For pages that are not cached here but differ by audience at one URL (a report, its PDF
    and xlsx): signed-in copies are `private`, so no shared cache (a council's CDN, which may
    ignore `Vary: Cookie` for .pdf and .xlsx) can hand the panel's version to a public reader."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        _set_cache_control(request, response)
        return response

    return wrapper


def _anonymous_page(request: HttpRequest, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """An anonymous reader's whole page, made once per change of data: it carries nothing
    personal (no name, no messages), so it is kept unless making it set a cookie or a CSRF
    token. Keyed as fragments are, with the scheme and host (absolute links)."""
    key = fragment_key(request, f"page:{request.scheme}://{request.get_host()}")
    try:
        kept = cache.get(key)
    except Exception:  # noqa: BLE001 - Redis down: make the page
        log.warning("page cache unavailable; making %s", request.path, exc_info=True)
        return respond()
    if kept is not None:
        status, headers, content = kept
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response
    response = respond()
    personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    if response.status_code == 200 and not response.streaming and not personal:
        try:
            cache.set(key, (200, list(response.headers.items()), response.content), settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            log.warning("page cache unavailable; %s not stored", request.path, exc_info=True)
    return response


def conditional_page(view):
    """Answer GET and HEAD with 304 Not Modified when the browser's copy is current; send
    ETag and Last-Modified (the data version's time) with every 200. Use below the permission
    decorator."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _has_messages(request):
            response = view(request, *args, **kwargs)
            _set_cache_control(request, response)
            return response
        etag = page_etag(request)
        last_modified = int(data_version.for_request(request).changed_at.timestamp())
        # If-Modified-Since alone is honoured only for anonymous pages: a signed-in copy is its user's.
        since = None if request.user.is_authenticated else last_modified
        response = get_conditional_response(request, etag=etag, last_modified=since)
        if response is None:
            if request.user.is_authenticated:
                response = view(request, *args, **kwargs)
            else:
                response = _anonymous_page(request, lambda: view(request, *args, **kwargs))
            if response.status_code == 200:
                response.headers.setdefault("ETag", etag)
                response.headers.setdefault("Last-Modified", http_date(last_modified))
        elif isinstance(response, HttpResponseNotModified):
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(last_modified)
        _set_cache_control(request, response)
        return response

    return wrapper
