"""Gunicorn as deployed behind a proxy on a Unix socket: REMOTE_ADDR is empty, so the client
address comes from X-Forwarded-For only when DJANGO_TRUSTED_PROXIES holds the word `unix`;
otherwise every visitor is "unknown" and the log says so once per process."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str):
        super().__init__("localhost", timeout=30)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(self.path)


def get(path: str, url: str, forwarded_for: str) -> int:
    connection = UnixConnection(path)
    connection.request("GET", url, headers={"Host": "localhost", "X-Forwarded-For": forwarded_for})
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("unix")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "unix-socket-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "REDIS_URL": "",
        "EMAIL_URL": "consolemail://",
        "WEB_CONCURRENCY": "1",
    }
    for name in ("DATABASE_URL_TEST", "PAGE_CACHE_REDIS_URL"):
        env.pop(name, None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    return tmp, env


def serve(tmp: Path, env: dict, trusted: str, name: str):
    sock, access, errors = tmp / f"{name}.sock", tmp / f"{name}-access.log", tmp / f"{name}.err"
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "portal.wsgi"],
        cwd=BASE_DIR,
        env={
            **env,
            "DJANGO_TRUSTED_PROXIES": trusted,
            "GUNICORN_BIND": f"unix:{sock}",
            "GUNICORN_ACCESS_LOG": str(access),
        },
        stdout=subprocess.DEVNULL,
        stderr=errors.open("w"),
    )
    deadline = time.monotonic() + 60
    while not sock.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"gunicorn did not start:\n{errors.read_text()[-3000:]}")
        time.sleep(0.2)
    return process, str(sock), access, errors


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_with_unix_trusted_each_visitor_is_their_own_address(environment):
    tmp, env = environment
    process, sock, access, errors = serve(tmp, env, "unix", "trusted")
    try:
        assert get(sock, "/healthz", "198.51.100.7") == 200
        assert get(sock, "/healthz", "6.6.6.6, 198.51.100.8") == 200
    finally:
        stop(process)
    clients = [line.split()[0] for line in access.read_text().splitlines()]
    assert clients == ["198.51.100.7", "198.51.100.8"]
    assert "is not an address" not in errors.read_text()


def test_without_unix_every_visitor_is_unknown_and_the_log_says_so_once(environment):
    tmp, env = environment
    process, sock, access, errors = serve(tmp, env, "", "untrusted")
    try:
        assert get(sock, "/healthz", "198.51.100.7") == 200
        assert get(sock, "/healthz", "198.51.100.8") == 200
    finally:
        stop(process)
    clients = [line.split()[0] for line in access.read_text().splitlines()]
    assert clients == ["unknown", "unknown"]
    log = errors.read_text()
    assert log.count("is not an address") == 1
    assert "DJANGO_TRUSTED_PROXIES" in log
