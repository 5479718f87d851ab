"""Answers from a stored page: the key, who may be answered, and the hit itself (body,
headers, 304, a form's CSRF token). Shared by the fast-path middleware, the page-cache
middleware and the layer before Django (wsgi.py); the package docstring explains the whole."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from portal.core.cache.csrf import masked_token

CSRF_PLACEHOLDER = b"--csrf-token-placeholder--"


ADMIN_PREFIX = "/admin/"
# Never looked up nor stored: staff pages, and the health check (it must see the real state).
UNCACHED_PREFIXES = (ADMIN_PREFIX, "/healthz")
NEUTRAL = "*"  # the key's language for a language-neutral view


def is_anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
    )


def path_language(path: str) -> str:
    """The language of a language-prefixed path, NEUTRAL for any other (robots.txt)."""
    prefix = path[1:].split("/", 1)[0]
    return prefix if any(prefix == code for code, _name in settings.LANGUAGES) else NEUTRAL


def page_key(request: HttpRequest, language: str) -> str:
    scheme = "https" if request.is_secure() else "http"
    # Sorted by name, so the order of the parameters makes no new entry; the values of a
    # repeated parameter keep their order (a view may read the first or the last).
    query = ""
    if request.META.get("QUERY_STRING"):  # (without one, no need to parse it)
        query = urlencode(sorted(request.GET.lists(), key=lambda item: item[0]), doseq=True)
    identity = f"{scheme}://{request.get_host()}{request.path}?{query}|{language}"
    return f"pages:entry:{hashlib.sha256(identity.encode()).hexdigest()}"


def public_headers(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    seconds = settings.PAGE_CACHE_CDN_SECONDS
    if seconds:
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


def private_headers(response: HttpResponse) -> None:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


def has_it(request: HttpRequest, entry: dict) -> bool:
    """Whether If-None-Match names the entry's ETag, compared weakly (RFC 9110): a proxy
    that compresses the page (nginx's gzip) hands the browser `W/"…"`."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    etags = parse_etags(header)
    return "*" in etags or any(e.removeprefix("W/") == entry["etag"] for e in etags)


def not_modified(entry: dict) -> HttpResponse:
    response = HttpResponseNotModified()
    public_headers(response, entry["etag"])
    response["X-Page-Cache"] = "hit"
    return response


def answer(
    request: HttpRequest, entry: dict, headers: list, csrf: CsrfViewMiddleware | None = None
) -> HttpResponse:
    """A hit: the entry's body with a fresh CSRF token for this visitor if it holds a form
    (their secret read and their cookie set by `csrf` when given, as CsrfViewMiddleware does
    on a render), or a 304 when the visitor has it already."""
    if entry["csrf"]:
        if csrf is not None:
            csrf.process_request(request)
        response = form_hit(entry, headers, masked_token(request))
        if csrf is not None:
            csrf.process_response(request, response)
        return response
    if has_it(request, entry):
        return not_modified(entry)
    return public_hit(entry, headers)


# Where an entry keeps its body split at the token placeholder (in this process only: a
# copy's dict is never written back to the cache).
BODY_PARTS = "body parts"


def with_token(entry: dict, token: str) -> bytes:
    """The entry's body with `token` in place of the placeholder, split once per entry."""
    parts = entry.get(BODY_PARTS)
    if parts is None:
        parts = entry[BODY_PARTS] = entry["body"].split(CSRF_PLACEHOLDER)
    return token.encode().join(parts)


def form_hit(entry: dict, headers: list, token: str) -> HttpResponse:
    """A hit on a page with a form, with this visitor's CSRF token (its cookie is not set
    here): private to the visitor."""
    response = HttpResponse(with_token(entry, token))
    for name, value in headers:
        response[name] = value
    private_headers(response)
    response["X-Page-Cache"] = "hit"
    return response


def public_hit(entry: dict, headers: list) -> HttpResponse:
    """A hit on a page without a form: the same for every visitor."""
    response = HttpResponse(entry["body"])
    for name, value in headers:
        response[name] = value
    public_headers(response, entry["etag"])
    response["X-Page-Cache"] = "hit"
    return response


def fast_key(request: HttpRequest) -> str | None:
    """The entry key of an anonymous request the fast paths may answer (this middleware and
    wsgi.py), or None: staff pages, signed-in visitors, a bad host (the stack answers 400)."""
    if request.path.startswith(UNCACHED_PREFIXES) or not is_anonymous(request):
        return None
    try:
        return page_key(request, path_language(request.path))
    except DisallowedHost:
        return None


def fast_answerable(entry: dict | None) -> bool:
    """Whether the fast paths can answer with `entry`: stored with the whole stack's headers,
    and not a form whose CSRF secret lives in the session (which they do not load)."""
    return (
        entry is not None
        and "final" in entry
        and not (entry["csrf"] and settings.CSRF_USE_SESSIONS)
    )
