"""The anonymous page cache: whole public pages served from the shared cache.

How it works
------------
`PageCacheMiddleware` stores the response to an anonymous GET (200, no cookie of its own, no
`Cache-Control` set by the view) under a key made of the scheme, host, path, query
parameters (sorted by name), active language and the current *generation*. Any write that
changes what a page shows calls `invalidate_pages()`, which moves to a new generation: every
page is stale at once, and the old entries simply expire.

- Query strings: a view lists the parameters it reads (`cache_query_params` on a class-based
  view, or the `cache_query_params(...)` decorator on a function view). A request carrying
  any other parameter (`?utm_source=...`, a random string) is rendered but never stored, so
  random query strings cannot fill the cache; without a list, only the bare URL is stored.
- Redis down: the cache backend fails open (portal/core/redis_cache.py), every page is rendered.
  An invalidation lost while Redis was down lasts at most `PAGE_CACHE_SECONDS`.

- Who is served from the cache: requests without the session or messages cookie, so a
  signed-in member of staff (preview of drafts) or a visitor with a flash message always
  gets a freshly rendered page, and that page is sent `Cache-Control: private, no-store`.
- Forms: a page with a CSRF token is stored with a placeholder in place of the token; each
  hit renders a fresh token for the visitor (and sets their CSRF cookie), so a POST after a
  cached GET works. Such a page is per visitor, so it is `private` for browsers and CDNs.
- Other cached pages are `public` with an `ETag`; by default `no-cache` (a CDN may store
  them but revalidates each time, answered 304 from this cache), or `s-maxage` seconds with
  `PAGE_CACHE_CDN_SECONDS` for a CDN allowed to be that many seconds behind.
- Time-driven changes (a call closing, a scheduled issue's publication time) are not writes:
  they appear when the entry expires, after at most `PAGE_CACHE_SECONDS`.

Public API: `invalidate_pages()`, `invalidate_pages_on_change(*models)` and
`cache_query_params(*names)`. The models whose changes renew the cache are the apps'
declared `page_models` (portal/core/contract.py), connected at start-up by
`connect_page_invalidation()`.
"""

import hashlib
import re
import secrets
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from portal.core import contract

GENERATION_KEY = "pages:generation"
CSRF_PLACEHOLDER = b"--csrf-token-placeholder--"
# What {% csrf_token %} renders (crispy-forms uses the same tag).
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]+)(")')
# Headers the outer middleware and this one set on every response: never stored.
UNSTORED_HEADERS = {"cache-control", "vary", "etag", "expires", "set-cookie", "x-page-cache"}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _new_generation() -> int:
    # Random rather than incremented: a generation is never used twice, even after the key
    # was evicted (pages stored under an old number could otherwise come back), and no
    # cache backend needs an atomic increment.
    return secrets.randbits(62)


def _bump_generation() -> None:
    _cache().set(GENERATION_KEY, _new_generation(), None)


def _current_generation() -> int | None:
    """The current generation, or None when the cache cannot be reached (nothing cached)."""
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), None)  # atomic: the loser re-reads
        generation = cache.get(GENERATION_KEY)
    return generation


def invalidate_pages() -> None:
    """Make every cached page stale, for all visitors, in every process.

    Call it after any write that changes what a public page shows and that does not go
    through a model registered with `invalidate_pages_on_change` (for example after a
    `QuerySet.update()` or `bulk_create()`, which send no signal). Inside a transaction it
    takes effect when the transaction commits, so no request can store a page rendered from
    the data as it was before the commit under the new generation; outside one, at once.
    """
    transaction.on_commit(_bump_generation)


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture's own rows, nothing rendered yet
        return
    invalidate_pages()


def connect_page_invalidation() -> None:
    """At start-up (CoreConfig.ready): every app's declared `page_models`."""
    invalidate_pages_on_change(*contract.collect("page_models"))


def invalidate_pages_on_change(*models: type[Model]) -> None:
    """Invalidate the page cache whenever a row of these models is saved or deleted, or
    one of their many-to-many relations changes. Apps declare them as `page_models`: the
    models that public pages show (not bookkeeping models written in bulk, such as
    newsletter deliveries, which would empty the cache during a send)."""
    for model in models:
        uid = f"portal.core.cache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_change, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
            )


def cache_query_params(*names: str) -> Callable:
    """Declare the query parameters a function view reads: only requests whose query string
    holds nothing else are stored (class-based views set a `cache_query_params` attribute)."""

    def decorator(view: Callable) -> Callable:
        view.cache_query_params = names
        return view

    return decorator


def _allowed_query_params(request: HttpRequest) -> tuple[str, ...]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ()
    view = getattr(match.func, "view_class", match.func)
    return tuple(getattr(view, "cache_query_params", ()))


ADMIN_PREFIX = "/admin/"
# Never looked up nor stored: staff pages, and the health check (it must see the real state).
UNCACHED_PREFIXES = (ADMIN_PREFIX, "/healthz")


def _is_anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
    )


def _page_key(request: HttpRequest, generation: int) -> str:
    scheme = "https" if request.is_secure() else "http"
    # Sorted by name, so the order of the parameters makes no new entry; the values of a
    # repeated parameter keep their order (a view may read the first or the last).
    query = urlencode(sorted(request.GET.lists(), key=lambda item: item[0]), doseq=True)
    identity = f"{scheme}://{request.get_host()}{request.path}?{query}|{get_language()}"
    return f"pages:{generation}:{hashlib.sha256(identity.encode()).hexdigest()}"


def _left_state(request: HttpRequest) -> bool:
    """Whether rendering changed the visitor's session or queued a message for them."""
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and getattr(storage, "_queued_messages", None))


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not set(request.GET) <= set(_allowed_query_params(request)):
        return False  # a parameter the view does not read: rendered, never stored
    if response.has_header("Cache-Control") or response.cookies or _left_state(request):
        return False
    # A view that varies on anything but cookies is not described by our key.
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"cookie", "accept-language", "accept-encoding"}


def _public_headers(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    seconds = settings.PAGE_CACHE_CDN_SECONDS
    if seconds:
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


def _private_headers(response: HttpResponse) -> None:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


class PageCacheMiddleware:
    """Serve anonymous GET pages from the shared cache (see the module docstring).

    Sits after CsrfViewMiddleware (which then sets the CSRF cookie of a cached page with a
    form) and after MessageMiddleware (whose state it checks before storing a page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.PAGE_CACHE_ENABLED
            or request.method != "GET"
            or request.path.startswith(UNCACHED_PREFIXES)
        ):
            return self.get_response(request)
        if not _is_anonymous(request):
            response = self.get_response(request)
            # Rendered for this visitor (staff, or a flash message): never in a shared cache.
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response

        generation = _current_generation()
        key = None if generation is None else _page_key(request, generation)
        entry = None if key is None else _cache().get(key)
        if entry is not None:
            return self._from_entry(request, entry)

        response = self.get_response(request)
        if key is None or not _storable(request, response):  # (no key: the cache is down)
            if not response.has_header("Cache-Control") and (
                response.cookies or _left_state(request)
            ):
                add_never_cache_headers(response)
            return response
        body = response.content
        has_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if has_csrf:
            body, found = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\3", body)
            if not found:  # the token went somewhere we cannot substitute: do not store
                _private_headers(response)
                return response
        headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        _cache().set(
            key,
            {"body": body, "headers": headers, "csrf": has_csrf, "etag": etag},
            settings.PAGE_CACHE_SECONDS,
        )
        if has_csrf:
            _private_headers(response)
        else:
            _public_headers(response, etag)
        response["X-Page-Cache"] = "miss"
        return response

    def _from_entry(self, request: HttpRequest, entry: dict) -> HttpResponse:
        body = entry["body"]
        if entry["csrf"]:
            # A fresh masked token for this visitor; CsrfViewMiddleware sets their cookie.
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        elif request.headers.get("If-None-Match") == entry["etag"]:
            response = HttpResponseNotModified()
            _public_headers(response, entry["etag"])
            response["X-Page-Cache"] = "hit"
            return response
        response = HttpResponse(body)
        for name, value in entry["headers"]:
            response[name] = value
        if entry["csrf"]:
            _private_headers(response)
        else:
            _public_headers(response, entry["etag"])
        response["X-Page-Cache"] = "hit"
        return response
