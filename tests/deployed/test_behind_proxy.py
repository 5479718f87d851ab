"""The app as deployed: gunicorn with production settings behind the real nginx running
deploy/nginx.conf (the compose proxy), Redis for the shared counters.

Clients are told apart by their source address on the loopback network (127.0.0.2,
127.0.0.3, ...): nginx, trusted as 127.0.0.1, passes it on in X-Forwarded-For; a client
that talks to gunicorn directly (as when its port was published) is an untrusted peer.
"""

import contextlib
import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)
PORTS = range(18200, 18300)  # this module's port range on a shared machine
REDIS_URL = os.environ.get("DEPLOYED_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
RATE_LIMIT = 3

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (apt-get install nginx-light)"
)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18200-18299")


def wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"not listening on {port}:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def nginx_conf(tmp: Path, *, listen: int, upstream: int) -> str:
    """deploy/nginx.conf with the container's paths and names replaced by this machine's."""
    conf = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    user = "root" if os.geteuid() == 0 else "nobody"  # workers must read the tmp dirs
    replacements = {
        "user nginx;": f"user {user};",
        "listen 80;": f"listen 127.0.0.1:{listen};",
        "http://web:8000": f"http://127.0.0.1:{upstream}",
        "alias /data/static/;": f"alias {tmp / 'static'}/;",
        "alias /data/media/;": f"alias {tmp / 'media'}/;",
        "access_log /dev/stdout;": f"access_log {tmp / 'nginx-access.log'};",
        "http {": (
            "http {\n"
            + "".join(
                f"    {name}_temp_path {tmp / name};\n"
                for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
        ),
    }
    for old, new in replacements.items():
        assert conf.count(old) == 1, f"deploy/nginx.conf changed: {old!r}"
        conf = conf.replace(old, new)
    return conf


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("deployed")
    for name in ("static", "media", "private", "pages"):
        (tmp / name).mkdir()
    counters = redis.Redis.from_url(REDIS_URL)
    counters.flushdb()  # this module's own Redis database: no counter from an earlier run
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "deployed-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "PAGE_CACHE_DIR": str(tmp / "pages"),
        "FORM_RATE_LIMIT_PER_HOUR": str(RATE_LIMIT),
        "EMAIL_URL": "consolemail://",
        "WEB_CONCURRENCY": "2",  # the counters must hold across workers
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
    }
    env.pop("DATABASE_URL_TEST", None)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, timeout=300
        )
    (tmp / "media" / "probe.txt").write_text("an uploaded file\n")

    processes = []
    try:
        web_port = free_port()
        web_log = tmp / "gunicorn.log"
        with web_log.open("w") as out:
            web = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "portal.wsgi"],
                cwd=BASE_DIR,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{web_port}"},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        processes.append(web)
        wait_for(web_port, web, web_log)

        # Only nginx can serve this one: whitenoise lists the static files at start-up.
        (tmp / "static" / "probe.txt").write_text("a static file\n")
        proxy_port = free_port()
        (tmp / "nginx.conf").write_text(nginx_conf(tmp, listen=proxy_port, upstream=web_port))
        proxy_log = tmp / "nginx.log"
        with proxy_log.open("w") as out:
            proxy = subprocess.Popen(
                [
                    NGINX,
                    "-p",
                    str(tmp),
                    "-c",
                    str(tmp / "nginx.conf"),
                    "-e",
                    "stderr",
                    "-g",
                    f"daemon off; pid {tmp / 'nginx.pid'};",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        processes.append(proxy)
        wait_for(proxy_port, proxy, proxy_log)
        yield {"proxy": proxy_port, "web": web_port, "tmp": tmp}
    finally:
        for process in reversed(processes):
            stop(process)
        counters.flushdb()


class Client:
    """A browser at one loopback address, keeping its CSRF cookie."""

    def __init__(self, address: str, port: int):
        self.address, self.port, self.cookies = address, port, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.partition(";")[0]
        connection.close()
        return response.status, text, response.headers

    def post_form(self, path, data, headers=None):
        status, text, _ = self.request("GET", path, headers=headers)
        assert status == 200, text[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        body = urlencode({**data, "csrfmiddlewaretoken": token})
        return self.request(
            "POST",
            path,
            body=body,
            headers={**(headers or {}), "Content-Type": "application/x-www-form-urlencoded"},
        )[0]

    def subscribe(self, n, headers=None):
        data = {"email": f"{self.address}-{n}@example.org", "language": "en", "consent": "on"}
        return self.post_form("/en/news/subscribe/", data, headers)


def test_the_proxy_serves_static_and_media_files(stack):
    client = Client("127.0.0.2", stack["proxy"])
    status, text, headers = client.request("GET", "/static/probe.txt")
    assert (status, text) == (200, "a static file\n")
    status, text, headers = client.request("GET", "/media/probe.txt")
    assert (status, text) == (200, "an uploaded file\n")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    # Gunicorn alone does not serve uploads: that is the proxy's job.
    assert Client("127.0.0.2", stack["web"]).request("GET", "/media/probe.txt")[0] == 404


def test_the_proxy_refuses_an_oversized_body_before_gunicorn_reads_it(stack):
    connection = http.client.HTTPConnection("127.0.0.1", stack["proxy"], timeout=30)
    connection.putrequest("POST", "/en/news/subscribe/")
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", str(11 * 1024 * 1024))
    connection.endheaders()
    with contextlib.suppress(OSError):  # nginx may close before the client is done sending
        connection.send(b"x" * 65536)
    response = connection.getresponse()
    assert response.status == 413
    connection.close()
    status, _, _ = Client("127.0.0.2", stack["proxy"]).request("GET", "/en/")
    assert status == 200


def test_behind_the_proxy_each_visitor_has_their_own_rate_limit(stack):
    flooder, neighbour = Client("127.0.0.2", stack["proxy"]), Client("127.0.0.3", stack["proxy"])
    codes = [flooder.subscribe(n) for n in range(RATE_LIMIT + 1)]
    assert codes == [302] * RATE_LIMIT + [429]
    # Writing another address in X-Forwarded-For does not get the flooder a new counter.
    assert flooder.subscribe(99, {"X-Forwarded-For": "198.51.100.9"}) == 429
    # The neighbour behind the same proxy is not blocked by the flooder.
    assert neighbour.subscribe(1) == 302


def test_the_access_log_names_the_client_not_the_proxy(stack):
    Client("127.0.0.4", stack["proxy"]).request("GET", "/en/?through=proxy")
    Client("127.0.0.5", stack["web"]).request(
        "GET", "/en/?direct=forged", headers={"X-Forwarded-For": "198.51.100.77"}
    )
    time.sleep(0.5)
    log = (stack["tmp"] / "access.log").read_text()
    assert re.search(r"^127\.0\.0\.4 .*GET /en/\?through=proxy", log, re.MULTILINE), log[-2000:]
    assert re.search(r"^127\.0\.0\.5 .*GET /en/\?direct=forged", log, re.MULTILINE), log[-2000:]


def test_every_cached_hit_is_logged_with_the_client_address(stack):
    """Hits answered by a process's copy before Django (portal/core/cache/wsgi.py) are in the
    access log as every other request is: the client nginx saw, not a forged header."""
    visitor = Client("127.0.0.11", stack["proxy"])
    forged = {"X-Forwarded-For": "198.51.100.99"}
    answers = [visitor.request("GET", "/en/events/", headers=forged) for _ in range(20)]
    assert [status for status, _, _ in answers] == [200] * 20
    assert [headers["X-Page-Cache"] for _, _, headers in answers[-10:]] == ["hit"] * 10
    time.sleep(0.5)
    log = (stack["tmp"] / "access.log").read_text()
    lines = re.findall(r"^127\.0\.0\.11 .*GET /en/events/ .*$", log, re.MULTILINE)
    assert len(lines) == 20
    assert "198.51.100.99" not in log
    # The last field names the layer that answered: by the end, this process's copies.
    assert lines[0].endswith(" miss") and lines[-1].endswith(" copy"), lines


def test_a_forged_forwarded_for_sent_straight_to_gunicorn_is_ignored(stack):
    attacker = Client("127.0.0.6", stack["web"])
    codes = [
        attacker.subscribe(n, {"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(RATE_LIMIT + 1)
    ]
    assert codes == [302] * RATE_LIMIT + [429]


def test_a_forged_forwarded_for_does_not_escape_the_admin_lockout(stack):
    attacker = Client("127.0.0.7", stack["web"])
    codes = [
        attacker.post_form(
            "/admin/login/?next=/admin/",
            {"username": "officer", "password": f"guess-{n}", "next": "/admin/"},
            {"X-Forwarded-For": f"198.51.100.{n}"},
        )
        for n in range(5)  # AXES_FAILURE_LIMIT
    ]
    assert codes == [200, 200, 200, 200, 429]
    # Through the proxy, the staff member's own address is not locked out by the attacker.
    staff = Client("127.0.0.8", stack["proxy"])
    form = {"username": "officer", "password": "a typo", "next": "/admin/"}
    assert staff.post_form("/admin/login/?next=/admin/", form) == 200


def test_the_access_logs_never_hold_a_personal_link_token(stack):
    token = "Zq8_kP2xYt4WmN7rVb1LcD3sHj6GfA9eUo0iRnTy5Ew"
    visitor = Client("127.0.0.9", stack["proxy"])
    visitor.request("GET", f"/en/registrations/{token}/")
    visitor.request(
        "GET", "/en/", headers={"Referer": f"http://127.0.0.1/en/news/subscription/{token}/"}
    )
    time.sleep(0.5)
    logs = "".join(
        path.read_text()
        for path in (stack["tmp"] / "access.log", stack["tmp"] / "nginx-access.log")
        if path.exists()
    )
    assert token not in logs
    assert re.search(r"^127\.0\.0\.9 .*GET /en/registrations/\[token\]/", logs, re.MULTILINE)
    assert "/en/news/subscription/[token]/" in logs


def test_a_client_cannot_pass_for_https_through_the_proxy(stack):
    """nginx sends its own scheme, not a client's X-Forwarded-Proto: the page's absolute
    links stay http:// (with DJANGO_BEHIND_PROXY=1 Django believes the header)."""
    status, body, _ = Client("127.0.0.10", stack["proxy"]).request(
        "GET", "/en/", headers={"X-Forwarded-Proto": "https"}
    )
    assert status == 200
    assert 'rel="canonical" href="http://' in body


def test_the_proxy_compresses_pages(stack):
    """gunicorn sends pages as they are; the proxy gzips them for a slow phone."""
    connection = http.client.HTTPConnection("127.0.0.1", stack["proxy"], timeout=30)
    connection.request("GET", "/en/", headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.getheader("Vary", "")
    assert b"<html" in gzip.decompress(body)


def test_a_browser_revalidating_a_compressed_page_gets_a_304(stack):
    """nginx weakens the ETag of the pages it compresses; sent back, it still matches."""

    def get(headers):
        connection = http.client.HTTPConnection("127.0.0.1", stack["proxy"], timeout=30)
        connection.request("GET", "/en/projects/", headers={"Accept-Encoding": "gzip", **headers})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    for _ in range(3):  # stored, then copied in the worker(s)
        etag = get({}).getheader("ETag")
    assert etag.startswith('W/"')
    assert get({"If-None-Match": etag}).status == 304


def test_the_proxy_does_not_compress_admin_pages(stack):
    """Admin pages echo ?q= beside personal data: compressed, their size would leak it
    (BREACH). The login page is proxied like any page, only uncompressed."""
    connection = http.client.HTTPConnection("127.0.0.1", stack["proxy"], timeout=30)
    connection.request("GET", "/admin/login/?q=x", headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 200
    assert response.getheader("Content-Encoding") is None
    assert b"<html" in body and len(body) > 1024  # long enough that gzip would apply
