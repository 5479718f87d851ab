"""The page cache's middlewares: the fast path at the top of the stack, the page cache
after CSRF and messages (the package docstring explains the whole)."""

import hashlib
import re
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language

from portal.core.cache.csrf import masked_token
from portal.core.cache.tags import ANY_TAG, DOWN, SITE_TAG, _lookup, _store, _variant_allowed

CSRF_PLACEHOLDER = b"--csrf-token-placeholder--"
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


ADMIN_PREFIX = "/admin/"
# Never looked up nor stored: staff pages, and the health check (it must see the real state).
UNCACHED_PREFIXES = (ADMIN_PREFIX, "/healthz")
NEUTRAL = "*"  # the key's language for a language-neutral view


def _is_anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
    )


def _path_language(path: str) -> str:
    """The language of a language-prefixed path, NEUTRAL for any other (robots.txt)."""
    prefix = path[1:].split("/", 1)[0]
    return prefix if any(prefix == code for code, _name in settings.LANGUAGES) else NEUTRAL


def _page_key(request: HttpRequest, language: str) -> str:
    scheme = "https" if request.is_secure() else "http"
    # Sorted by name, so the order of the parameters makes no new entry; the values of a
    # repeated parameter keep their order (a view may read the first or the last).
    query = ""
    if request.META.get("QUERY_STRING"):  # (without one, no need to parse it)
        query = urlencode(sorted(request.GET.lists(), key=lambda item: item[0]), doseq=True)
    identity = f"{scheme}://{request.get_host()}{request.path}?{query}|{language}"
    return f"pages:entry:{hashlib.sha256(identity.encode()).hexdigest()}"


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


def _has_it(request: HttpRequest, entry: dict) -> bool:
    """Whether If-None-Match names the entry's ETag, compared weakly (RFC 9110): a proxy
    that compresses the page (nginx's gzip) hands the browser `W/"…"`."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    etags = parse_etags(header)
    return "*" in etags or any(e.removeprefix("W/") == entry["etag"] for e in etags)


def _not_modified(entry: dict) -> HttpResponse:
    response = HttpResponseNotModified()
    _public_headers(response, entry["etag"])
    response["X-Page-Cache"] = "hit"
    return response


def _response(
    request: HttpRequest, entry: dict, headers: list, csrf: CsrfViewMiddleware | None = None
) -> HttpResponse:
    """A hit: the entry's body with a fresh CSRF token for this visitor if it holds a form
    (their secret read and their cookie set by `csrf` when given, as CsrfViewMiddleware does
    on a render), or a 304 when the visitor has it already."""
    if entry["csrf"]:
        if csrf is not None:
            csrf.process_request(request)
        response = _form_hit(entry, headers, masked_token(request))
        if csrf is not None:
            csrf.process_response(request, response)
        return response
    if _has_it(request, entry):
        return _not_modified(entry)
    return _public_hit(entry, headers)


def _form_hit(entry: dict, headers: list, token: str) -> HttpResponse:
    """A hit on a page with a form, with this visitor's CSRF token (its cookie is not set
    here): private to the visitor."""
    response = HttpResponse(entry["body"].replace(CSRF_PLACEHOLDER, token.encode()))
    for name, value in headers:
        response[name] = value
    _private_headers(response)
    response["X-Page-Cache"] = "hit"
    return response


def _public_hit(entry: dict, headers: list) -> HttpResponse:
    """A hit on a page without a form: the same for every visitor."""
    response = HttpResponse(entry["body"])
    for name, value in headers:
        response[name] = value
    _public_headers(response, entry["etag"])
    response["X-Page-Cache"] = "hit"
    return response


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
        if not _is_anonymous(request):
            response = self.get_response(request)
            # Rendered for this visitor (staff, or a flash message): never in a shared cache.
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response

        # The fast path may have looked this key up already (one read per request).
        looked_up = request.__dict__.pop("page_cache_lookup", None)
        key = _page_key(request, get_language())
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
            body, found = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\3", body)
            if not found:  # the token went somewhere we cannot substitute: do not store
                _private_headers(response)
                return response
        headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        neutral = _view_attribute(request, "cache_language_neutral", False)
        if neutral:
            key = _page_key(request, NEUTRAL)
        entry = {"body": body, "headers": headers, "csrf": has_csrf, "etag": etag}
        tags = {SITE_TAG, *(request.__dict__.get("page_cache_tags") or {ANY_TAG})}
        if "page_cache_fast_path" in request.__dict__:
            # The fast path above stores it, with the headers the whole stack adds.
            request.page_cache_fast_path = (key, entry, tags, marker, neutral)
        else:
            _store(key, entry, tags, marker)
        if has_csrf:
            _private_headers(response)
        else:
            _public_headers(response, etag)
        response["X-Page-Cache"] = "miss"
        return response

    def _from_entry(self, request: HttpRequest, entry: dict) -> HttpResponse:
        # CsrfViewMiddleware, further out, sets the visitor's cookie of a page with a form.
        return _response(request, entry, entry["headers"])


def _fast_key(request: HttpRequest) -> str | None:
    """The entry key of an anonymous request the fast paths may answer (this middleware and
    wsgi.py), or None: staff pages, signed-in visitors, a bad host (the stack answers 400)."""
    if request.path.startswith(UNCACHED_PREFIXES) or not _is_anonymous(request):
        return None
    try:
        return _page_key(request, _path_language(request.path))
    except DisallowedHost:
        return None


def _fast_answerable(entry: dict | None) -> bool:
    """Whether the fast paths can answer with `entry`: stored with the whole stack's headers,
    and not a form whose CSRF secret lives in the session (which they do not load)."""
    return (
        entry is not None
        and "final" in entry
        and not (entry["csrf"] and settings.CSRF_USE_SESSIONS)
    )


# Set again on each fast-path hit (by `_public_headers`), or never stored.
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
            key = _fast_key(request)
        if key is None:
            return self.get_response(request)
        entry, marker = _lookup(key)
        if _fast_answerable(entry):
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
        return _response(request, entry, entry["final"], self.csrf)
