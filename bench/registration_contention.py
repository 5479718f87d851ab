"""Benchmark: many people at once for the last places of an event session.

Starts the portal under gunicorn (2 workers, production settings), then fires N concurrent
registrations (each its own HTTP client: GET the form for its CSRF token, then POST, all
POSTs released together) at a session with C places. Prints how many were confirmed and
put on the waiting list, the errors, and the POST latency (p50/p95) beside that of
uncontended registrations made one at a time. Expected: exactly C confirmed, N - C waiting,
0 errors. Runs on SQLite and, when it answers, on PostgreSQL.

    .venv/bin/python bench/registration_contention.py [--requests 200] [--capacity 20]
        [--database-url URL ...]
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "EMAIL_URL": "dummymail://",
        "FORM_RATE_LIMIT_PER_HOUR": "1000000",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


SETUP = """
from datetime import timedelta
from django.utils import timezone
from events.models import Event, Session
from registrations.models import Registration
Registration.objects.all().delete()
Event.objects.filter(slug_en__startswith="bench-").delete()
start = timezone.now() + timedelta(days=30)
ids = []
for name, capacity in (("contended", {capacity}), ("uncontended", None)):
    event = Event.objects.create(
        title_en=f"Bench {{name}}", title_fr=f"Bench {{name}}", slug_en=f"bench-{{name}}",
        slug_fr=f"bench-{{name}}-fr", kind="info-session", is_published=True,
    )
    session = Session.objects.create(
        event=event, city_en="Brussels", starts_at=start, capacity=capacity
    )
    ids.append(session.pk)
print(*ids)
"""

COUNT = """
from registrations.models import Registration
from events.models import Session
s = Session.objects.get(pk={pk})
q = Registration.objects.filter(session=s)
print(q.filter(status="confirmed").count(), q.filter(status="waiting").count(), s.places_taken)
"""


def shell(env: dict, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def form_token(port: int, path: str) -> tuple[str, str]:
    """GET the form: (csrf cookie, csrf form token)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    assert response.status == 200, (response.status, body[:300])
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    connection.close()
    return cookie, token


def post(port: int, path: str, n: int, cookie: str, token: str) -> tuple[int, float]:
    body = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"Bench person {n}",
            "email": f"bench{n}@example.org",
            "country_of_residence": "BE",
            "country_of_origin": "RW",
            "language": "fr" if n % 2 else "en",
            "consent": "on",
        }
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, elapsed


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def run(database_url: str, requests: int, capacity: int) -> dict:
    env = environment(database_url)
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True
        )
    contended, uncontended = map(int, shell(env, SETUP.format(capacity=capacity)).split())
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        base = "/en/registrations/session/{}/"
        # Uncontended: one registration at a time, to a session with room for everyone.
        path = base.format(uncontended)
        alone = []
        for n in range(20):
            cookie, token = form_token(port, path)
            status, elapsed = post(port, path, 10_000 + n, cookie, token)
            assert status == 302, status
            alone.append(elapsed)
        # Contended: every client has its form, then all POST at once.
        path = base.format(contended)
        barrier = threading.Barrier(requests)

        def client(n: int) -> tuple[int, float]:
            try:
                cookie, token = form_token(port, path)
            except Exception:  # counted as an error below
                barrier.wait()
                return 0, 0.0
            barrier.wait()
            try:
                return post(port, path, n, cookie, token)
            except Exception:  # counted as an error below
                return 0, 0.0

        with ThreadPoolExecutor(max_workers=requests) as pool:
            results = list(pool.map(client, range(requests)))
    finally:
        server.terminate()
        server.wait()
    confirmed, waiting, places_taken = map(int, shell(env, COUNT.format(pk=contended)).split())
    latencies = [elapsed for status, elapsed in results if status == 302]
    return {
        "database": database_url.split(":")[0],
        "confirmed": confirmed,
        "waiting": waiting,
        "places_taken": places_taken,
        "errors": sum(status != 302 for status, _ in results),
        "p50": percentile(latencies, 50) * 1000 if len(latencies) > 1 else float("nan"),
        "p95": percentile(latencies, 95) * 1000 if len(latencies) > 1 else float("nan"),
        "alone_p50": percentile(alone, 50) * 1000,
        "alone_p95": percentile(alone, 95) * 1000,
    }


def postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return False
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", "portal_bench"],
        capture_output=True,
    )
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=20)
    parser.add_argument("--database-url", action="append", default=[])
    args = parser.parse_args()
    urls = args.database_url
    if not urls:
        urls = [f"sqlite:///{tempfile.mkdtemp(prefix='bench-reg-')}/bench.sqlite3"]
        if postgres_answers():
            urls.append(PG_URL)
    rows = [run(url, args.requests, args.capacity) for url in urls]

    print(
        f"\nRegistration contention: {args.requests} concurrent registrations, "
        f"{args.capacity} places, gunicorn with 2 workers"
    )
    header = (
        f"{'database':<10} {'confirmed':>9} {'waiting':>8} {'errors':>7} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'alone p50':>10} {'alone p95':>10}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['database']:<10} {r['confirmed']:>9} {r['waiting']:>8} {r['errors']:>7} "
            f"{r['p50']:>8.1f} {r['p95']:>8.1f} {r['alone_p50']:>10.1f} {r['alone_p95']:>10.1f}"
        )
    expected = (args.capacity, args.requests - args.capacity, 0)
    ok = all((r["confirmed"], r["waiting"], r["errors"]) == expected for r in rows)
    ok = ok and all(r["places_taken"] == args.capacity for r in rows)
    print("expected: exactly", *expected[:1], "confirmed,", expected[1], "waiting, 0 errors:",
          "OK" if ok else "NOT MET")  # fmt: skip
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
