"""The page cache in front of Django: the pages this process holds a copy of.

`PageCacheApplication` wraps Django's WSGI application (portal/wsgi.py). An anonymous GET
whose entry this process holds as a copy (local.py: current, with Redis confirming every
renewal) is answered here, before Django's request handling runs: no request signals, no
middleware stack. The answer is the one the fast path gives (`PageCacheFastPathMiddleware`),
built with its helpers (tests/portal/test_cache_wsgi.py compares the two): the same key
(scheme, host checked against ALLOWED_HOSTS, path, query, language), the same headers (the
whole stack's, stored with the entry, plus ETag, Cache-Control, Vary and X-Page-Cache), a
304 for a matching If-None-Match, and for a page with a form the visitor's own CSRF token
and cookie from Django's CsrfViewMiddleware. The access log gets the client address and the
redacted path and referer, as the two middlewares above the fast path leave them.

Everything else goes to Django unchanged: entries read from Redis (the fast path reads
them and makes the copy), signed-in visitors and those with a flash message, other
methods, staff pages, a bad Host (Django answers 400), forms when the CSRF secret is kept
in the session (CSRF_USE_SESSIONS), and every request when copies are off (no Redis,
PAGE_CACHE_LOCAL_ENTRIES=0, Redis unreachable). An error on the way is the request's (Django
answers a SuspiciousOperation with 400) or is logged; either way Django then answers.
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from portal.core.access_log import CACHE_KEY, PATH_KEY, REFERER_KEY, note_log_fields
from portal.core.cache import local
from portal.core.cache.answers import (
    fast_answerable,
    fast_key,
    form_hit,
    has_it,
    not_modified,
    public_hit,
    with_token,
)
from portal.core.cache.csrf import csrf_cookie, masked_token
from portal.core.client_address import ENVIRON_KEY, note_client_address

logger = logging.getLogger(__name__)

LOG_KEYS = (ENVIRON_KEY, PATH_KEY, REFERER_KEY)
# Where a copy keeps the status and headers of its answer (with the body, for a page
# without a form), built on its first hit here: the same for every visitor but the CSRF
# cookie. (A copy is this process's own dict, never written back to Redis.)
ANSWER = "wsgi answer"


def _wsgi(response: HttpResponse) -> tuple[str, list[tuple[str, str]], bytes]:
    """What Django's WSGI handler would send for `response` (status, headers with the
    cookies, body)."""
    headers = [*response.items(), *_cookies(response)]
    return f"{response.status_code} {response.reason_phrase}", headers, response.content


def _cookies(response: HttpResponse) -> list[tuple[str, str]]:
    return [("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()]


def _copy_for(request: WSGIRequest) -> dict | None:
    """The copy to answer `request` with, or None for Django to handle it."""
    key = fast_key(request)
    if key is None:
        return None
    entry, _token = local.get(key)
    return entry if fast_answerable(entry) else None


class PageCacheApplication:
    """A WSGI application answering page-cache copies before `application` runs."""

    def __init__(self, application: Callable) -> None:
        self.application = application
        # Django's own CSRF cookie handling for pages with a form, as the fast path uses it
        # (its get_response is never called: it only reads and sets the visitor's cookie).
        self.csrf = CsrfViewMiddleware(application)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if settings.PAGE_CACHE_ENABLED and environ.get("REQUEST_METHOD") == "GET":
            try:
                answer = self._from_copy(environ)
            except SuspiciousOperation:
                answer = None  # the request's own fault (too many query fields): Django's 400
            except Exception:
                logger.exception("Page-cache copy not served; Django answers the request.")
                answer = None
            if answer is not None:
                status, headers, body = answer
                start_response(status, list(headers))  # a copy: servers may add to it
                return [body]
        return self.application(environ, start_response)

    def _from_copy(self, environ: dict) -> tuple[str, list, bytes] | None:
        # On a copy of the environ: WSGIRequest decodes PATH_INFO in place, and Django must
        # get the request as the server gave it.
        request = WSGIRequest({**environ})
        entry = _copy_for(request)
        if entry is None:
            return None
        answer = self._answer(request, entry)
        note_client_address(request)
        note_log_fields(request)
        for key in LOG_KEYS:  # where gunicorn's access log reads them
            environ[key] = request.META[key]
        environ[CACHE_KEY] = "copy"
        return answer

    def _answer(self, request: WSGIRequest, entry: dict) -> tuple[str, list, bytes]:
        if entry["csrf"]:
            return self._form(request, entry)
        if has_it(request, entry):
            return _wsgi(not_modified(entry))
        answer = entry.get(ANSWER)
        if answer is None:
            answer = entry[ANSWER] = _wsgi(public_hit(entry, entry["final"]))
        return answer

    def _form(self, request: WSGIRequest, entry: dict) -> tuple[str, list, bytes]:
        """A page with a form: the visitor's token in the body, and their CSRF cookie as
        Django's CsrfViewMiddleware reads and writes it (`csrf_cookie`)."""
        answer = entry.get(ANSWER)
        if answer is None:
            answer = entry[ANSWER] = _wsgi(form_hit(entry, entry["final"], ""))[:2]
        status, headers = answer
        self.csrf.process_request(request)
        body = with_token(entry, masked_token(request))
        return status, [*headers, *csrf_cookie(request)], body
