"""The page cache's middlewares: the fast path at the top of the stack, the page cache
after CSRF and messages (the package docstring explains the whole)."""

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language

from portal.core.access_log import CACHE_KEY
from portal.core.cache.answers import (
    CSRF_PLACEHOLDER,
    NEUTRAL,
    UNCACHED_PREFIXES,
    answer,
    fast_answerable,
    fast_key,
    is_anonymous,
    page_key,
    private_headers,
    public_headers,
)
from portal.core.cache.tags import ANY_TAG, DOWN, SITE_TAG, _lookup, _store, _variant_allowed

# What {% csrf_token %} renders (crispy-forms uses the same tag).
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]+)(")')
# Headers the outer middleware and this one set on every response: never stored.
UNSTORED_HEADERS = {"cache-control", "vary", "etag", "expires", "set-cookie", "x-page-cache"}


# Views' declarations -----------------------------------------------------------------------


def cache_query_params(*names: str) -> Callable:
    """Declare the query parameters a function view reads: only requests whose query string
    holds nothing else are stored (class-based views set a `cache_query_params` attribute)."""

    def decorator(view: Callable) -> Callable:
        view.cache_query_params = names
        return view

    return decorator


def cache_language_neutral(view: Callable) -> Callable:
    """Declare that a view outside the language prefix renders the same in every language
    (robots.txt): one entry for all, served by the fast path."""
    view.cache_language_neutral = True
    return view


def _view_attribute(request: HttpRequest, name: str, default):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return default
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, name, default)


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
    if not set(request.GET) <= set(_view_attribute(request, "cache_query_params", ())):
        return False  # a parameter the view does not read: rendered, never stored
    if response.has_header("Cache-Control") or response.cookies or _left_state(request):
        return False
    # A view that varies on anything but cookies is not described by our key.
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"cookie", "accept-language", "accept-encoding"}


def _query_allowed(request: HttpRequest) -> bool:
    """A bare URL always; a query-string variant within the path's allowance."""
    if not request.GET:
        return True
    scheme = "https" if request.is_secure() else "http"
    return _variant_allowed(f"{scheme}://{request.get_host()}{request.path}|{get_language()}")


# Middleware --------------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve anonymous GET pages from the shared cache and store them (see the module
    docstring).

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
        if not is_anonymous(request):
            response = self.get_response(request)
            # Rendered for this visitor (staff, or a flash message): never in a shared cache.
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response

        # The fast path may have looked this key up already (one read per request).
        looked_up = request.__dict__.pop("page_cache_lookup", None)
        key = page_key(request, get_language())
        if looked_up is not None and looked_up[0] == key:
            entry, marker = looked_up[1:]
        else:
            entry, marker = _lookup(key)
        if entry is not None:
            return self._from_entry(request, entry)

        response = self.get_response(request)
        if marker is DOWN or not _storable(request, response) or not _query_allowed(request):
            if not response.has_header("Cache-Control") and (
                response.cookies or _left_state(request)
            ):
                add_never_cache_headers(response)
            return response
        body = response.content
        has_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if has_csrf:
            # Content quoting the placeholder itself would get each visitor's token there
            # too: such a page is not stored.
            found = 0
            if CSRF_PLACEHOLDER not in body:
                body, found = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\3", body)
            if not found:  # the token went somewhere we cannot substitute: do not store
                private_headers(response)
                return response
        headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        neutral = _view_attribute(request, "cache_language_neutral", False)
        if neutral:
            key = page_key(request, NEUTRAL)
        entry = {"body": body, "headers": headers, "csrf": has_csrf, "etag": etag}
        tags = {SITE_TAG, *(request.__dict__.get("page_cache_tags") or {ANY_TAG})}
        if "page_cache_fast_path" in request.__dict__:
            # The fast path above stores it, with the headers the whole stack adds.
            request.page_cache_fast_path = (key, entry, tags, marker, neutral)
        else:
            _store(key, entry, tags, marker)
        if has_csrf:
            private_headers(response)
        else:
            public_headers(response, etag)
        response["X-Page-Cache"] = request.META[CACHE_KEY] = "miss"
        return response

    def _from_entry(self, request: HttpRequest, entry: dict) -> HttpResponse:
        # CsrfViewMiddleware, further out, sets the visitor's cookie of a page with a form.
        request.META[CACHE_KEY] = "hit"
        return answer(request, entry, entry["headers"])


# Set again on each fast-path hit (by `public_headers`), or never stored.
FAST_PATH_UNSTORED = {"cache-control", "etag", "expires", "set-cookie", "x-page-cache"}


class PageCacheFastPathMiddleware:
    """Answer anonymous GETs whose public entry holds the final headers, before the rest
    of the stack runs (see "The fast path" in the module docstring). Must sit after the
    client address and access log middlewares and before every other one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        # Django's own CSRF cookie handling, for pages with a form (never reached: it only
        # reads and sets the visitor's CSRF cookie around a cached body).
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = None
        if settings.PAGE_CACHE_ENABLED and request.method == "GET":
            key = fast_key(request)
        if key is None:
            return self.get_response(request)
        entry, marker = _lookup(key)
        if fast_answerable(entry):
            return self._from_entry(request, entry)
        request.page_cache_lookup = (key, entry, marker)
        request.page_cache_fast_path = None
        response = self.get_response(request)
        stored = request.page_cache_fast_path
        if stored is not None:
            key, entry, tags, marker, neutral = stored
            final = [(k, v) for k, v in response.items() if k.lower() not in FAST_PATH_UNSTORED]
            if neutral:  # the same for every language: say none
                final = [(k, v) for k, v in final if k.lower() != "content-language"]
            _store(key, {**entry, "final": final}, tags, marker)
        return response

    def _from_entry(self, request: HttpRequest, entry: dict) -> HttpResponse:
        request.META[CACHE_KEY] = "hit"
        return answer(request, entry, entry["final"], self.csrf)
