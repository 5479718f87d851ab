"""The CSRF tokens of cached pages with a form (portal/core/cache/csrf.py): Django's format,
checked by Django's own code, from uniformly drawn characters."""

from collections import Counter

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    _check_token_format,
    _does_token_match,
)
from django.test import RequestFactory

from portal.core.cache.csrf import masked_token, random_chars


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
