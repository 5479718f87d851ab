"""Fault injection, as deployed: the real app under gunicorn with production settings, with
Redis unreachable, then with the database unreachable (both on closed local ports).

- Redis down: pages render uncached in both languages, forms work, the admin login page
  answers, and /healthz answers 503 JSON naming the cache.
- Database down: every page is the styled 500 page in the visitor's language (not
  gunicorn's bare "Internal Server Error"), and /healthz answers 503 naming the database.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
# The database-down run keeps a working Redis, as deployed (Redis database 7 of this suite).
REDIS_URL = "redis://127.0.0.1:6379/7"


def production_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    for name in ("DATABASE_URL", "PAGE_CACHE_REDIS_URL", "TASKS_BACKEND", "EMAIL_URL"):
        env.pop(name, None)
    env.update(
        {
            # Production settings; the only change is where collected static files live,
            # so that the test writes nothing into the working tree.
            "DJANGO_SETTINGS_MODULE": "faults_settings",
            "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "faults-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback
            "DJANGO_HSTS_SECONDS": "0",
            "PAGE_CACHE_ENABLED": "1",
            "PAGE_CACHE_DIR": str(tmp / "pages"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_ACCESS_LOG": "off",
            "DJANGO_LOG_LEVEL": "CRITICAL",  # the failures are expected: keep the output short
        }
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Path:
    """A settings module over the production one, and static files collected for it."""
    tmp = tmp_path_factory.mktemp("faults")
    (tmp / "faults_settings.py").write_text(
        f"from portal.settings import *  # noqa: F403\nSTATIC_ROOT = {str(tmp / 'static')!r}\n"
    )
    env = production_env(tmp, DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "compilemessages", "-v", "0", "-i", "node_modules", "-i", ".venv")
    return tmp


class Server:
    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.log = Path(env["PAGE_CACHE_DIR"]).parent / f"gunicorn-{self.port}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(GUNICORN), "portal.wsgi", "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                self.get("/robots.txt")
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn did not start:\n{self.log.read_text()}")

    def request(self, method: str, path: str, *, body: str = "", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()

    def get(self, path: str, **headers: str):
        return self.request("GET", path, headers=headers)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture(scope="module")
def redis_down(deployment) -> Iterator[Server]:
    env = production_env(
        deployment,
        DATABASE_URL=f"sqlite:///{deployment / 'db.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        REDIS_TIMEOUT_SECONDS="0.5",
    )
    manage(env, "migrate", "--noinput", "-v", "0")
    server = Server(env)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def database_down(deployment) -> Iterator[Server]:
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    env = production_env(
        deployment,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/x",
        REDIS_URL=REDIS_URL,
        PAGE_CACHE_REDIS_URL=REDIS_URL,
    )
    server = Server(env)
    yield server
    server.stop()
    store.flushdb()


@pytest.mark.parametrize(("language", "path"), [("en", "/en/"), ("fr", "/fr/")])
def test_redis_down_pages_render_in_both_languages(redis_down, language, path):
    for _ in range(2):  # and never from the cache
        status, headers, html = redis_down.get(path)
        assert status == 200, html
        assert f'<html lang="{language}">' in html
        assert headers["X-Page-Cache"] is None


def test_redis_down_the_newsletter_form_works(redis_down):
    status, headers, html = redis_down.get("/en/news/subscribe/")
    assert status == 200
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = (
        f"csrfmiddlewaretoken={token}&email=reader%40example.org&language=en&consent=on"
        "&source=website"
    )
    status, headers, html = redis_down.request(
        "POST",
        "/en/news/subscribe/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        },
    )
    assert status == 302, html
    assert redis_down.get(headers["Location"])[0] == 200


def test_redis_down_the_admin_login_page_answers(redis_down):
    status, _headers, html = redis_down.get("/admin/login/")
    assert status == 200
    assert 'name="password"' in html


def test_redis_down_healthz_is_503_naming_the_cache(redis_down):
    status, headers, body = redis_down.get("/healthz")
    assert status == 503
    assert headers["Content-Type"] == "application/json"
    result = json.loads(body)
    assert result["status"] == "error"
    assert result["checks"]["database"] == "ok"
    assert result["checks"]["cache"] == "error"
    assert "no-cache" in headers["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "headers", "language", "text"),
    [
        ("/en/", {}, "en", "Something went wrong"),
        ("/fr/", {}, "fr", "Une erreur s’est produite"),
        ("/en/events/", {}, "en", "Something went wrong"),
        ("/fr/evenements/", {}, "fr", "Une erreur s’est produite"),
        ("/fr/actualites/", {"Accept-Language": "en"}, "fr", "Une erreur s’est produite"),
        ("/en/projects/", {"Accept-Language": "fr"}, "en", "Something went wrong"),
        ("/sitemap.xml", {"Accept-Language": "fr-BE,fr;q=0.9"}, "fr", "Une erreur s’est produite"),
        ("/sitemap.xml", {"Accept-Language": "en-GB"}, "en", "Something went wrong"),
        ("/admin/login/", {"Accept-Language": "fr"}, "fr", "Une erreur s’est produite"),
    ],
)
def test_database_down_every_page_is_the_styled_500_page_in_the_visitors_language(
    database_down, path, headers, language, text
):
    status, _headers, html = database_down.get(path, **headers)
    assert status == 500
    assert text in html
    assert f'<html lang="{language}">' in html
    assert "/static/css/site." in html  # the styled page, not gunicorn's bare error


def test_database_down_healthz_is_503_naming_the_database(database_down):
    status, headers, body = database_down.get("/healthz")
    assert status == 503
    result = json.loads(body)
    assert result["status"] == "error"
    assert result["checks"]["database"] == "error"
    assert result["checks"]["cache"] == "ok"
    assert "no-cache" in headers["Cache-Control"]
