"""Public pages answered before Django's handler (portal/core/cache/wsgi.py): from this
process's copy only, exactly as the fast path answers them, and never a page it must not.

These tests call the WSGI application as gunicorn does (an environ, a start_response), with
the real Django handler inside and the page cache in Redis."""

import io
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.urls import reverse

from portal.core import cache as page_cache
from portal.core.access_log import CACHE_KEY, PATH_KEY, REFERER_KEY
from portal.core.cache import local
from portal.core.cache.wsgi import PageCacheApplication
from portal.core.client_address import ENVIRON_KEY
from tests.events.factories import SessionFactory
from tests.portal.conftest import LOCATION

pytestmark = pytest.mark.django_db


@dataclass
class Answer:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    environ: dict

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class Django:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0
        self.paths = []  # PATH_INFO as Django got it

    def __call__(self, environ, start_response):
        self.calls += 1
        self.paths.append(environ["PATH_INFO"])
        return self.handler(environ, start_response)


@pytest.fixture
def app(redis_pages):
    # As Django's test client does: the handler must not close the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield PageCacheApplication(Django())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def call(application, path: str, method: str = "GET", **extra) -> Answer:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **extra,
    }
    started = {}
    body = application(
        environ,
        lambda status, headers, exc_info=None: started.update(status=status, headers=headers),
    )
    content = b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return Answer(started["status"], started["headers"], content, environ)


def copied(app, path: str, **extra) -> Answer:
    """Request `path` until this process holds a copy: stored (a miss), then read from Redis
    by the fast path (which keeps the copy); gives the fast path's answer."""
    assert call(app, path, **extra).header("X-Page-Cache") == "miss"
    from_redis = call(app, path, **extra)
    assert from_redis.header("X-Page-Cache") == "hit"
    return from_redis


@pytest.mark.parametrize("path", ["/robots.txt", "/en/events/", "/fr/"])
def test_a_copy_is_answered_without_django_exactly_as_the_fast_path_answers(app, path):
    SessionFactory()
    fast_path = copied(app, path)
    before = app.application.calls
    answer = call(app, path)
    assert app.application.calls == before  # Django's handler was not called
    assert (answer.status, answer.headers, answer.body) == (
        fast_path.status,
        fast_path.headers,
        fast_path.body,
    )
    assert answer.header("Content-Security-Policy") and answer.header("X-Frame-Options")


def test_a_revalidation_gets_the_fast_paths_304(app):
    SessionFactory()
    etag = copied(app, "/en/events/").header("ETag")
    fast_path = call(app.application, "/en/events/", HTTP_IF_NONE_MATCH=etag)
    calls = app.application.calls
    answer = call(app, "/en/events/", HTTP_IF_NONE_MATCH=etag)
    assert app.application.calls == calls
    assert answer.status == fast_path.status == "304 Not Modified"
    assert answer.headers == fast_path.headers and answer.body == b""


def test_the_weak_etag_a_compressing_proxy_hands_out_gets_a_304(app):
    SessionFactory()
    etag = copied(app, "/en/events/").header("ETag")
    calls = app.application.calls
    answer = call(app, "/en/events/", HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert app.application.calls == calls and answer.status == "304 Not Modified"


def test_a_change_published_by_any_process_reaches_the_next_request(app, redis_pages):
    session = SessionFactory(capacity=5)
    url = session.event.get_absolute_url()
    assert b"5 places left" in copied(app, url).body
    # Another process renews the event's tag: new versions, then the message.
    tag = page_cache.object_tag(session.event)
    redis_pages.set_many({page_cache.CHANGED_KEY: 1, f"pages:tag:{tag}": 2}, None)
    redis.Redis.from_url(LOCATION).publish(local.channel(redis_pages), tag)
    type(session).objects.filter(pk=session.pk).update(capacity=7)
    calls = app.application.calls
    answer = call(app, url)
    assert app.application.calls == calls + 1
    assert answer.header("X-Page-Cache") == "miss" and b"7 places left" in answer.body


def csrf_token(answer: Answer) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', answer.body)[1].decode()


def csrf_cookie(answer: Answer) -> str | None:
    """The CSRF cookie `answer` sets, as a browser would send it back."""
    name = settings.CSRF_COOKIE_NAME
    for header, value in answer.headers:
        if header == "Set-Cookie" and value.strip().startswith(f"{name}="):
            return value.strip().split(";")[0]
    return None


def test_a_page_with_a_form_gets_the_visitors_own_csrf_token_and_cookie(app):
    url = reverse("newsletter:subscribe")
    copied(app, url)
    calls = app.application.calls
    answer = call(app, url)
    assert app.application.calls == calls  # answered here
    assert answer.header("X-Page-Cache") == "hit" and "private" in answer.header("Cache-Control")
    assert b"--csrf-token-placeholder--" not in answer.body
    cookie = csrf_cookie(answer)
    assert cookie is not None
    # The token and the cookie make a POST that Django's CSRF check accepts; without the
    # cookie it is refused.
    data = urlencode({"csrfmiddlewaretoken": csrf_token(answer), "email": "a@example.org"})
    post = {
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(data)),
    }
    refused = call(app, url, **post, **{"wsgi.input": io.BytesIO(data.encode())})
    assert refused.status.startswith("403")
    accepted = call(
        app, url, **post, HTTP_COOKIE=cookie, **{"wsgi.input": io.BytesIO(data.encode())}
    )
    assert not accepted.status.startswith("403")


def test_a_visitor_keeps_their_csrf_secret_and_gets_a_new_mask(app):
    url = reverse("newsletter:subscribe")
    copied(app, url)
    first = call(app, url)
    cookie = csrf_cookie(first)
    again = call(app, url, HTTP_COOKIE=cookie)
    assert again.header("X-Page-Cache") == "hit"
    assert csrf_cookie(again) in (None, cookie)  # the same secret
    assert csrf_token(again) != csrf_token(first)  # masked anew for each response


def test_with_the_csrf_secret_in_the_session_forms_go_to_django(app, settings):
    url = reverse("newsletter:subscribe")
    copied(app, url)
    settings.CSRF_USE_SESSIONS = True
    calls = app.application.calls
    call(app, url)
    assert app.application.calls == calls + 1


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=abc"},  # signed in, or a session
        {"HTTP_COOKIE": "messages=abc"},  # a flash message waiting
        {"REQUEST_METHOD": "HEAD"},
        {"REQUEST_METHOD": "POST"},
        {"PATH_INFO": "/robots.txt/"},  # another path
    ],
)
def test_other_requests_go_to_django(app, extra):
    copied(app, "/robots.txt")
    calls = app.application.calls
    answer = call(app, "/robots.txt", **extra)
    assert app.application.calls == calls + 1
    assert answer.header("X-Page-Cache") != "hit"  # rendered for them, or refused


def test_a_bad_host_gets_djangos_400(app):
    copied(app, "/robots.txt")
    answer = call(app, "/robots.txt", HTTP_HOST="evil.example")
    assert answer.status.startswith("400")
    assert b"Sitemap" not in answer.body


def test_a_forged_forwarded_host_is_not_believed(app, settings):
    copied(app, "/robots.txt")
    answer = call(app, "/robots.txt", HTTP_X_FORWARDED_HOST="evil.example")
    assert answer.header("X-Page-Cache") == "hit"
    assert b"evil.example" not in answer.body and b"http://testserver/" in answer.body


def test_the_scheme_a_trusted_proxy_gives_is_part_of_the_key(app, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    copied(app, "/robots.txt")
    https = call(app, "/robots.txt", HTTP_X_FORWARDED_PROTO="https")
    assert https.header("X-Page-Cache") == "miss" and b"https://testserver" in https.body


def test_the_access_log_gets_the_client_and_the_redacted_path(app, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    copied(app, "/robots.txt")
    calls = app.application.calls
    answer = call(
        app,
        "/robots.txt",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        HTTP_REFERER="https://testserver/en/newsletter/subscription/AbCdEfGhIjKlMnOpQrStUv/",
    )
    assert app.application.calls == calls
    assert answer.environ[ENVIRON_KEY] == "198.51.100.7"
    assert answer.environ[PATH_KEY] == "/robots.txt"
    assert "AbCdEfGhIjKlMnOpQrStUv" not in answer.environ[REFERER_KEY]
    assert answer.environ[CACHE_KEY] == "copy"  # the layer that answered, for the log


def test_nothing_is_answered_here_when_the_page_cache_is_off(app, settings):
    copied(app, "/robots.txt")
    settings.PAGE_CACHE_ENABLED = False
    calls = app.application.calls
    call(app, "/robots.txt")
    assert app.application.calls == calls + 1


def test_without_copies_every_request_goes_to_django(app, settings):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 0  # (as with the file or local-memory cache)
    call(app, "/robots.txt"), call(app, "/robots.txt")
    calls = app.application.calls
    assert call(app, "/robots.txt").header("X-Page-Cache") == "hit"  # from Redis, by Django
    assert app.application.calls == calls + 1


def test_the_deployed_application_is_wrapped():
    from portal import wsgi

    assert isinstance(wsgi.application, PageCacheApplication)
    assert wsgi.application.application is wsgi.django_application


def test_staff_pages_are_never_answered_from_a_copy(app, rf):
    """Even a copy under an admin URL (none is ever stored) is not served."""
    copied(app, "/robots.txt")  # the subscription is confirmed: copies are kept
    key = page_cache.page_key(rf.get("/admin/login/"), "*")
    robots = local.get(page_cache.page_key(rf.get("/robots.txt"), "*"))[0]
    local.put(key, robots, local.get(key)[1])
    assert local.get(key)[0] is robots
    calls = app.application.calls
    answer = call(app, "/admin/login/")
    assert app.application.calls == calls + 1 and b"Sitemap" not in answer.body


def test_a_server_adding_to_the_headers_changes_no_later_answer(app):
    """wsgiref (runserver) adds Date and Server to the very list it is given."""
    copied(app, "/robots.txt")
    environ = call(app, "/robots.txt").environ

    def start_response(status, headers, exc_info=None):
        seen.append(list(headers))
        headers.append(("Server", "wsgiref"))

    seen = []
    for _ in range(2):
        app({**environ, "wsgi.input": io.BytesIO()}, start_response)
    assert seen[0] == seen[1] and ("Server", "wsgiref") not in seen[1]


@pytest.mark.parametrize("path", ["/fr/café/", "/en/новини/"])
def test_a_path_beyond_ascii_reaches_django_as_the_server_gave_it(app, path):
    raw = path.encode().decode("latin-1")  # how a WSGI server passes the path's bytes
    answer = call(app, raw)
    assert app.application.paths[-1] == raw
    assert answer.status.startswith("404")  # not 500


def test_too_many_query_fields_get_djangos_400(app):
    copied(app, "/robots.txt")
    assert call(app, "/en/?" + "a=1&" * 1001).status.startswith("400")


def test_a_referer_that_is_no_url_is_logged_as_none(app):
    copied(app, "/robots.txt")
    answer = call(app, "/robots.txt", HTTP_REFERER="http://[::1/x")
    assert answer.status.startswith("200") and answer.environ[REFERER_KEY] == "-"


def test_an_unexpected_error_is_logged_and_django_answers(app, monkeypatch, caplog):
    copied(app, "/robots.txt")

    def broken(self, request, entry):
        raise RuntimeError("a bug in this layer")

    monkeypatch.setattr(PageCacheApplication, "_answer", broken)
    calls = app.application.calls
    answer = call(app, "/robots.txt")
    assert app.application.calls == calls + 1 and answer.status.startswith("200")
    assert "a bug in this layer" in caplog.text
