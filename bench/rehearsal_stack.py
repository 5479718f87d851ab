"""The processes of bench/scale_rehearsal.py and how it talks to them: the prerequisites it
checks, nginx in front of the gunicorn instances and the RQ workers (each in its own process
group, on free ports), the SMTP sink, and the HTTP clients that drive the instances."""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
VENV_BIN = Path(PY).parent
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)


def say(message: str) -> None:
    print(f"== {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- prerequisites -----------------------------------------------------------------------


def why_not(database_url: str, redis_urls: list[str]) -> str | None:
    """The reason the rehearsal cannot run here, or None."""
    if NGINX is None:
        return "nginx is not installed (apt-get install nginx-light)"
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        return "aiosmtpd is not installed"
    if not database_url.startswith(("postgres://", "postgresql://")):
        return f"{database_url} is not PostgreSQL"
    try:
        ensure_database(database_url)
    except Exception as exc:
        return f"PostgreSQL at {database_url} does not answer ({str(exc).strip()})"
    try:
        import redis

        for url in redis_urls:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:
        return f"Redis does not answer ({exc})"
    return None


def ensure_database(database_url: str) -> None:
    """Connect to the database, creating it first when the server answers without it."""
    import psycopg2

    url = urlsplit(database_url.replace("postgres://", "postgresql://", 1))
    try:
        psycopg2.connect(url.geturl()).close()
    except psycopg2.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        server = psycopg2.connect(url._replace(path="/postgres").geturl())
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{url.path.lstrip("/")}"')
        server.close()


# -- processes ---------------------------------------------------------------------------


class Stack:
    """The processes of the rehearsal, each in its own process group."""

    def __init__(self, tmp: Path, env: dict):
        self.tmp, self.env, self.processes = tmp, env, {}

    def start(self, name: str, command: list[str], env: dict | None = None):
        log = (self.tmp / f"{name}.log").open("w")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL the whole group: the master and its workers (a host that dies)."""
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in reversed(self.processes.values()):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def log(self, name: str, size: int = 3000) -> str:
        return (self.tmp / f"{name}.log").read_text()[-size:]


def wait_listening(stack: Stack, name: str, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if stack.processes[name].poll() is not None:
            raise SystemExit(f"{name} exited:\n{stack.log(name)}")
        try:
            status, _, _ = request(port, "GET", "/healthz")
            if status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass  # not listening yet (a connection to a free port can even meet itself)
        time.sleep(0.2)
    raise SystemExit(f"{name} is not answering on {port}:\n{stack.log(name)}")


def nginx_conf(tmp: Path, *, listen: int, upstreams: list[int]) -> str:
    """deploy/nginx.conf with this machine's paths, and an upstream of two instances (as
    two hosts would be) in place of the compose service's name."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    user = "root" if os.geteuid() == 0 else "nobody"
    servers = "".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in upstreams
    )
    replacements = {
        "user nginx;": f"user {user};",
        "listen 80;": f"listen 127.0.0.1:{listen};",
        # A variable naming an upstream block: nginx uses the block, no DNS lookup.
        "set $portal_web http://web:8000;": "set $portal_web http://portal_web;",
        "alias /data/static/;": f"alias {tmp / 'static'}/;",
        "alias /data/media/;": f"alias {tmp / 'media'}/;",
        "access_log /dev/stdout;": f"access_log {tmp / 'nginx-access.log'};",
        "http {": (
            "http {\n"
            + "".join(
                f"    {name}_temp_path {tmp / name};\n"
                for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"    upstream portal_web {{\n{servers}    }}\n"
        ),
    }
    for old, new in replacements.items():
        assert conf.count(old) == 1, f"deploy/nginx.conf changed: {old!r}"
        conf = conf.replace(old, new)
    return conf


# -- HTTP clients ------------------------------------------------------------------------


def request(port, method, path, body=None, headers=None, source="127.0.0.1", cookies=None):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    headers = {"Host": f"127.0.0.1:{port}", **(headers or {})}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    if cookies is not None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name] = rest.partition(";")[0]
    return response.status, text, response.headers


class Registrant:
    """A browser at one loopback address: GET the form once (CSRF cookie and token), then
    POST registrations with it."""

    def __init__(self, port: int, path: str, source: str):
        self.port, self.path, self.source, self.cookies = port, path, source, {}
        self.token = None

    def prepare(self) -> None:
        status, text, _ = request(
            self.port, "GET", self.path, source=self.source, cookies=self.cookies
        )
        if status != 200:
            raise RuntimeError(f"form answered {status}")
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)

    def register(self, email: str) -> tuple[int, str]:
        if self.token is None:
            self.prepare()
        body = urlencode(
            {
                "name": "Rehearsal Person",
                "email": email,
                "phone": "",
                "country_of_residence": "BE",
                "country_of_origin": "FR",
                "language": "en",
                "accessibility_needs": "",
                "consent": "on",
                "website": "",
                "csrfmiddlewaretoken": self.token,
            }
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, text, _ = request(
            self.port, "POST", self.path, body, headers, self.source, self.cookies
        )
        return status, text


def rate(seconds: float, threads: int, work) -> tuple[float, int]:
    """Requests per second of `work(thread, n)` run by `threads` threads for `seconds`;
    (rate, failures)."""
    stop_at = time.monotonic() + seconds
    counts, failures = Counter(), Counter()

    def loop(thread: int) -> None:
        n = 0
        while time.monotonic() < stop_at:
            if not work(thread, n):
                failures[thread] += 1
            counts[thread] += 1
            n += 1

    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(loop, range(threads)))
    return sum(counts.values()) / (time.monotonic() - started), sum(failures.values())


# -- the SMTP sink, waiting --------------------------------------------------------------


class Sink:
    """The SMTP server: counts messages per recipient."""

    def __init__(self):
        self.received = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.update(envelope.rcpt_tos)
        return "250 OK"

    def reset(self) -> None:
        with self.lock:
            self.received.clear()

    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())


def wait_until(condition, timeout: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()
