"""Access-log fields without the secrets of personal links.

A subscriber's or registrant's personal link carries its token in the URL path
(`…/subscription/<token>/`, `…/registrations/<token>/`), and the next page's Referer
carries it too. Whoever reads the access log could act as that person, so the request
path and the referer are logged with every URL parameter named in SECRET_PARAMETERS
replaced by "[token]". gunicorn.conf.py prints these instead of the raw request line, and
the application log (Django's "Not Found: /path", "Method Not Allowed (HEAD): /path",
"Forbidden (CSRF …): /path") goes through RedactedPathFilter.
"""

import logging
import re
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils import translation

# URL parameters (in the urlconfs) that are secrets.
SECRET_PARAMETERS = frozenset({"token"})
# A path segment that looks like a token rather than a slug: 20+ URL-safe characters with
# a capital letter or a colon (slugs are lower case).
TOKEN_LIKE = re.compile(r"/(?=[\w:-]*[A-Z:])[\w:-]{20,}(?=/|$)")
PATH_KEY = "portal.log_path"
REFERER_KEY = "portal.log_referer"
# Which page-cache layer answered: "copy" (this process's copy, before Django), "hit" (an
# entry, in the middleware), "miss" (rendered for the cache); unset for everything else.
CACHE_KEY = "portal.page_cache"


# Paths seen with nothing to hide (a URL resolution per request was a sizeable part of the
# cost of a cached page); paths with a secret are never kept.
_PUBLIC_PATHS: dict[str, None] = {}
PUBLIC_PATHS_MAX = 4096


def redacted(path: str) -> str:
    """`path` with the value of each secret URL parameter replaced by "[token]"."""
    if path in _PUBLIC_PATHS:
        return path
    result = _redacted(path)
    if result == path:
        if len(_PUBLIC_PATHS) >= PUBLIC_PATHS_MAX:
            _PUBLIC_PATHS.clear()
        _PUBLIC_PATHS[path] = None
    return result


def _redacted(path: str) -> str:
    # Translated URL patterns resolve in their own language (a referer may be in another).
    with translation.override(translation.get_language_from_path(path)):
        try:
            match = resolve(path)
        except Resolver404:
            # A personal link mangled on its way (wrong language, a segment added, no
            # trailing slash) resolves to nothing, yet still carries its token.
            return TOKEN_LIKE.sub("/[token]", path)
    for name in SECRET_PARAMETERS & match.kwargs.keys():
        path = path.replace(f"/{match.kwargs[name]}/", "/[token]/")
    return path


def redacted_url(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL ("http://[::1/x"): nothing worth logging
        return ""
    if not parts.path:
        return url
    return parts._replace(path=redacted(parts.path)).geturl()


class RedactedLogMiddleware:
    """Leaves the loggable path (with its query string) and referer in the WSGI environ."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        note_log_fields(request)
        return self.get_response(request)


def note_log_fields(request: HttpRequest) -> None:
    """Leave the loggable path and referer where the access log reads them (also for the
    page cache's answers made before Django's handler: portal/core/cache/wsgi.py)."""
    query = request.META.get("QUERY_STRING", "")
    request.META[PATH_KEY] = redacted(request.path_info) + (f"?{query}" if query else "")
    request.META[REFERER_KEY] = redacted_url(request.META.get("HTTP_REFERER", "")) or "-"


class RedactedPathFilter(logging.Filter):
    """Redacts the request paths Django's request and security loggers put in their
    messages' arguments, so a live personal link never reaches the application log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redacted(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True
