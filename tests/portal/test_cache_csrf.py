"""The CSRF tokens of cached pages with a form (portal/core/cache/csrf.py): Django's format,
checked by Django's own code, from uniformly drawn characters."""

import time
from collections import Counter

import pytest
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
    _check_token_format,
    _does_token_match,
)
from django.test import RequestFactory

from portal.core.cache.csrf import csrf_cookie, masked_token, random_chars


def test_a_new_visitor_gets_a_secret_and_a_token_django_accepts():
    request = RequestFactory().get("/")
    token = masked_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # Django's middleware sets it
    assert len(secret) == CSRF_SECRET_LENGTH and len(token) == CSRF_TOKEN_LENGTH
    _check_token_format(token)  # raises if Django would refuse it
    _check_token_format(secret)
    assert _does_token_match(token, secret)


def test_a_visitor_keeps_their_secret_under_a_new_mask():
    request = RequestFactory().get("/")
    first = masked_token(request)
    secret = request.META["CSRF_COOKIE"]
    second = masked_token(request)
    assert request.META["CSRF_COOKIE"] == secret
    assert second != first and _does_token_match(second, secret)


def test_secrets_differ_from_visitor_to_visitor():
    secrets = set()
    for _ in range(1000):
        request = RequestFactory().get("/")
        masked_token(request)
        secrets.add(request.META["CSRF_COOKIE"])
    assert len(secrets) == 1000


def test_every_character_is_equally_likely():
    """62 × 2,000 draws: each character within 300 of 2,000 (about 6.7 standard deviations).
    A byte mapped without rejecting 248 to 255 would give 8 characters about 2,420."""
    counts = Counter(random_chars(124_000))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    assert all(1700 <= count <= 2300 for count in counts.values()), counts.most_common(3)


def djangos_cookie(request) -> list[tuple[str, str]]:
    """The Set-Cookie header CsrfViewMiddleware adds for `request`, as the WSGI handler
    writes it."""
    response = HttpResponse()
    CsrfViewMiddleware(lambda _request: response).process_response(request, response)
    return [("Set-Cookie", c.output(header="")) for c in response.cookies.values()]


@pytest.mark.parametrize(
    "cookie_settings",
    [
        {},
        {"CSRF_COOKIE_SECURE": True, "CSRF_COOKIE_HTTPONLY": True},
        {"CSRF_COOKIE_SAMESITE": "Strict", "CSRF_COOKIE_DOMAIN": ".example.org"},
        {"CSRF_COOKIE_SAMESITE": None, "CSRF_COOKIE_PATH": "/en/"},
        {"CSRF_COOKIE_AGE": None},  # a session cookie: no expiry
        {"CSRF_COOKIE_NAME": "portal_csrf", "CSRF_COOKIE_AGE": 3600},
    ],
)
def test_the_cookie_is_djangos_own_with_the_visitors_secret(settings, cookie_settings):
    for name, value in cookie_settings.items():
        setattr(settings, name, value)
    for _ in range(3):  # the expiry is to the second: compare within one second
        second = int(time.time())
        visitor = RequestFactory().get("/")
        masked_token(visitor)
        ours = csrf_cookie(visitor)
        twin = RequestFactory().get("/")
        twin.META.update(CSRF_COOKIE=visitor.META["CSRF_COOKIE"], CSRF_COOKIE_NEEDS_UPDATE=True)
        theirs = djangos_cookie(twin)
        if int(time.time()) == second:
            break
    assert ours == theirs
    assert visitor.META["CSRF_COOKIE"] in ours[0][1]


def test_no_cookie_when_no_token_was_asked_for():
    request = RequestFactory().get("/")
    assert csrf_cookie(request) == djangos_cookie(request) == []


def test_the_cookie_follows_the_clock():
    request = RequestFactory().get("/")
    masked_token(request)
    first = csrf_cookie(request)[0][1]
    time.sleep(1.1)
    later = csrf_cookie(request)[0][1]
    assert first != later  # a new expiry, a second on
    assert first.split(";")[0] == later.split(";")[0]  # the same secret
