"""The page cache's fast path (portal/core/cache.py, "The fast path"): anonymous cached
pages answered before the rest of the middleware stack, with the same headers."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from portal.core.access_log import CACHE_KEY, PATH_KEY
from portal.core.cache import PageCacheFastPathMiddleware, PageCacheMiddleware
from portal.core.client_address import ENVIRON_KEY
from tests.events.factories import SessionFactory

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
    "Content-Type",
    "Cache-Control",
    "Vary",
    "ETag",
)


@pytest.fixture
def only_fast_path(monkeypatch):
    """Any hit served by the inner middleware (after the whole stack) fails the test."""

    def inner_hit(self, request, entry):
        raise AssertionError("served by the inner page cache, not the fast path")

    monkeypatch.setattr(PageCacheMiddleware, "_from_entry", inner_hit)


def test_the_fast_path_sits_after_the_access_log_and_before_the_rest():
    names = settings.MIDDLEWARE
    fast = names.index("portal.core.cache.PageCacheFastPathMiddleware")
    assert names[:fast] == [
        "portal.core.client_address.ClientAddressMiddleware",
        "portal.core.access_log.RedactedLogMiddleware",
    ]
    assert names.index("portal.core.cache.PageCacheMiddleware") > fast


@pytest.mark.parametrize("secure", [False, True])
def test_a_fast_path_hit_carries_the_headers_of_a_miss(client, settings, secure):
    settings.SECURE_HSTS_SECONDS = 3600
    SessionFactory()
    url = reverse("events:event-list")
    miss = client.get(url, secure=secure)
    assert miss["X-Page-Cache"] == "miss"
    hit = client.get(url, secure=secure)
    assert hit["X-Page-Cache"] == "hit"
    for name in SECURITY_HEADERS:
        assert hit.get(name) == miss.get(name), name
    assert ("Strict-Transport-Security" in hit) is secure
    assert hit.content == miss.content


def test_cached_pages_are_served_by_the_fast_path(client, only_fast_path):
    SessionFactory()
    for url in (reverse("events:event-list"), "/fr/", "/robots.txt"):
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_revalidation_is_answered_304_by_the_fast_path(client, only_fast_path):
    SessionFactory()
    etag = client.get("/en/events/")["ETag"]
    response = client.get("/en/events/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("sent", ["W/{etag}", '"other", {etag}', "*"])
def test_a_weak_or_listed_etag_is_answered_304(client, sent):
    """nginx's gzip hands the browser a weak `W/"…"` ETag; a client may send a list."""
    SessionFactory()
    etag = client.get("/en/events/")["ETag"]
    response = client.get("/en/events/", HTTP_IF_NONE_MATCH=sent.format(etag=etag))
    assert response.status_code == 304
    assert client.get("/en/events/", HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_robots_txt_is_one_entry_for_every_language_and_names_none(client):
    first = client.get("/robots.txt", HTTP_ACCEPT_LANGUAGE="fr")
    assert first["X-Page-Cache"] == "miss"
    hit = client.get("/robots.txt", HTTP_ACCEPT_LANGUAGE="en")
    assert hit["X-Page-Cache"] == "hit"
    assert "Content-Language" not in hit


def test_signed_in_staff_never_get_a_fast_path_page(client, admin_user):
    SessionFactory()
    client.get("/en/events/")
    assert client.get("/en/events/")["X-Page-Cache"] == "hit"
    client.force_login(admin_user)
    response = client.get("/en/events/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_page_with_a_form_is_served_by_the_fast_path_with_a_csrf_cookie(only_fast_path):
    url = reverse("newsletter:subscribe")
    Client().get(url)  # stored by someone else
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert "private" in response["Cache-Control"]
    assert b"--csrf-token-placeholder--" not in response.content
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)[1]
    # The token and the cookie the fast path gave make a POST that CSRF accepts.
    data = {"csrfmiddlewaretoken": token.decode(), "email": "a@example.org", "language": "en"}
    assert visitor.post(url, data).status_code != 403
    assert Client(enforce_csrf_checks=True).post(url, data).status_code == 403  # no cookie


def test_a_visitor_keeps_their_csrf_secret_on_a_fast_path_hit(only_fast_path):
    url = reverse("newsletter:subscribe")
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(url).cookies[settings.CSRF_COOKIE_NAME].value
    again = visitor.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert visitor.cookies[settings.CSRF_COOKIE_NAME].value == first


def test_a_bad_host_gets_400_not_a_cached_page(client):
    client.get("/robots.txt")
    assert client.get("/robots.txt")["X-Page-Cache"] == "hit"
    assert client.get("/robots.txt", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/en/events/", HTTP_HOST="evil.example").status_code == 400


def test_forged_forwarded_headers_cannot_poison_an_entry(client, settings):
    forged = client.get(
        "/robots.txt",
        HTTP_X_FORWARDED_HOST="evil.example",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        HTTP_X_FORWARDED_PROTO="https",  # no proxy trusted here: ignored
    )
    assert "evil.example" not in forged.text
    response = client.get("/robots.txt")
    assert response["X-Page-Cache"] == "hit"
    assert "evil.example" not in response.text
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_the_scheme_a_trusted_proxy_gives_is_part_of_the_key(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert "Sitemap: http://testserver/" in client.get("/robots.txt").text
    https = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
    assert https["X-Page-Cache"] == "miss"
    assert "Sitemap: https://testserver" in https.text
    assert "Sitemap: http://testserver/" in client.get("/robots.txt").text


def test_fast_path_hits_are_in_the_access_log_with_the_client_address(client, only_fast_path):
    first = client.get("/robots.txt")
    assert first.wsgi_request.META[CACHE_KEY] == "miss"
    response = client.get("/robots.txt?", REMOTE_ADDR="198.51.100.7")
    assert response["X-Page-Cache"] == "hit"
    assert response.wsgi_request.META[PATH_KEY] == "/robots.txt"
    assert response.wsgi_request.META[ENVIRON_KEY] == "198.51.100.7"
    assert response.wsgi_request.META[CACHE_KEY] == "hit"  # the layer, for the log


def test_a_head_request_goes_through_the_whole_stack(client, only_fast_path):
    SessionFactory()
    client.get("/en/events/")
    response = client.head("/en/events/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_the_fast_path_does_nothing_when_the_page_cache_is_off(rf, settings):
    settings.PAGE_CACHE_ENABLED = False
    seen = []
    middleware = PageCacheFastPathMiddleware(lambda request: seen.append(request) or "through")
    assert middleware(rf.get("/en/events/")) == "through"
    assert len(seen) == 1
