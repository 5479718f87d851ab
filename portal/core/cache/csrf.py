"""The CSRF token of a cached page with a form, as Django's `get_token` makes it, cheaper.

A cached page with a form gets a fresh token for each visitor (the package docstring). Django
draws every character of a secret and of a mask with its own `secrets.choice`, each a system
call: 64 for a visitor without a CSRF cookie, about a third of the time such a page took
to serve from a copy (164 µs in the process; 103 µs with this module). Here the characters
come from one `os.urandom` read, each byte below 248 (4 × 62) mapping to one of Django's 62
allowed characters, so every character is equally likely, as with `secrets.choice`.

Everything else is Django's: the token has Django's format (a mask, then the secret
enciphered with it), the secret goes where Django's `get_token` puts it (`CSRF_COOKIE` in
the request's META, with `CSRF_COOKIE_NEEDS_UPDATE` so that CsrfViewMiddleware sets the
cookie), and Django's CsrfViewMiddleware checks the POST (tests/portal/test_cache_csrf.py
holds the format to Django's own check).

The visitor's CSRF cookie (`csrf_cookie`) is the Set-Cookie header Django's
CsrfViewMiddleware writes, made by it once a second with a stand-in secret; each visitor's
secret is put in its place. Building a response and its cookie for every visitor took a
third of the time of a cached page with a form.
"""

import os
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware

_CHARS = CSRF_ALLOWED_CHARS
_INDEX = {char: index for index, char in enumerate(_CHARS)}
_ACCEPTED = 256 - 256 % len(_CHARS)  # 248: a multiple of 62, so no character is favoured
_TABLE = bytes(ord(_CHARS[byte % len(_CHARS)]) if byte < _ACCEPTED else 0 for byte in range(256))
_REJECTED = bytes(range(_ACCEPTED, 256))


def random_chars(length: int) -> str:
    """`length` characters drawn uniformly from Django's CSRF alphabet."""
    drawn = b""
    while len(drawn) < length:  # a byte is rejected 8 times in 256: one read almost always
        drawn += os.urandom(length + 8).translate(_TABLE, _REJECTED)
    return drawn[:length].decode("ascii")


def masked_token(request: HttpRequest) -> str:
    """As django.middleware.csrf.get_token: the visitor's secret (a new one, and its cookie,
    for a visitor without one), masked anew."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = random_chars(CSRF_SECRET_LENGTH)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # (re)sent, as Django renews its expiry
    mask = random_chars(CSRF_SECRET_LENGTH)
    count = len(_CHARS)
    cipher = "".join(
        _CHARS[(_INDEX[s] + _INDEX[m]) % count] for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


# A stand-in secret: the allowed characters, so the cookie needs no quoting, and text no
# cookie attribute contains.
_SLOT = "CSRFSECRETSTANDIN".ljust(CSRF_SECRET_LENGTH, "0")
_cookie_made: tuple[tuple, str] = ((), "")


def _cookie_settings() -> tuple:
    return tuple(
        getattr(settings, name)
        for name in (
            "CSRF_COOKIE_NAME",
            "CSRF_COOKIE_AGE",
            "CSRF_COOKIE_DOMAIN",
            "CSRF_COOKIE_PATH",
            "CSRF_COOKIE_SECURE",
            "CSRF_COOKIE_HTTPONLY",
            "CSRF_COOKIE_SAMESITE",
        )
    )


def csrf_cookie(request: HttpRequest) -> list[tuple[str, str]]:
    """The Set-Cookie header CsrfViewMiddleware's process_response would add for `request`
    (none unless a token was asked for: `masked_token`), as the WSGI handler writes it. The
    expiry is to the second, as Django's; the header is Django's own, made again each
    second (and when the cookie settings change)."""
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return []
    global _cookie_made
    key = (int(time.time()), *_cookie_settings())
    made_for, header = _cookie_made
    if made_for != key:
        stand_in = HttpRequest()
        stand_in.META = {"CSRF_COOKIE": _SLOT, "CSRF_COOKIE_NEEDS_UPDATE": True}
        response = HttpResponse()
        CsrfViewMiddleware(lambda _request: response).process_response(stand_in, response)
        (cookie,) = response.cookies.values()
        header = cookie.output(header="")
        _cookie_made = key, header
    return [("Set-Cookie", header.replace(_SLOT, request.META["CSRF_COOKIE"]))]
