"""Benchmark: many people at once for the last places of an event session.

Starts the portal under gunicorn (2 workers, production settings) and task workers
(`run_worker`, 2 by default: the public form queues the registration, a worker makes it),
then fires N registrations at once (each its own HTTP client: GET the form for its CSRF
token, then POST, all POSTs released together), twice:

- spread: one registration for each of N sessions with room (nobody waits for anybody);
- contended: all N for one session with C places.

For each it prints the throughput, registrations handled per second (N divided by the time
from the release of the POSTs until the N registrations are in the database, made by the
workers), the ratio of the contended case to the spread one (goal: 0.5 or more), the POST
latency (p50/p95) and, for the contended session, how many were confirmed and put on the
waiting list. Expected: exactly C confirmed, N - C waiting, every spread registration
confirmed, 0 errors. Runs on SQLite and, when it answers, on PostgreSQL.

    .venv/bin/python bench/registration_contention.py [--requests 200] [--capacity 20]
        [--task-workers 2] [--database-url URL ...]
"""

import argparse
import http.client
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
# How long the workers may take to make a burst's registrations before the rest count as lost.
TIMEOUT_SECONDS = 180


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
        "TASKS_BACKEND": "database",
        "FORM_RATE_LIMIT_PER_HOUR": "1000000",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


SETUP = """
from datetime import timedelta
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from events.models import Event, Session
from registrations.models import Registration
Registration.objects.all().delete()
DBTaskResult.objects.all().delete()
Event.objects.filter(slug_en__startswith="bench-").delete()
start = timezone.now() + timedelta(days=30)
events = {{}}
for name in ("contended", "uncontended", "spread"):
    events[name] = Event.objects.create(
        title_en=f"Bench {{name}}", title_fr=f"Bench {{name}}", slug_en=f"bench-{{name}}",
        slug_fr=f"bench-{{name}}-fr", kind="info-session", is_published=True,
    )
def session(name, capacity):
    return Session.objects.create(
        event=events[name], city_en="Brussels", starts_at=start, capacity=capacity
    ).pk
contended = session("contended", {capacity})
alone = session("uncontended", None)
spread = [session("spread", {capacity}) for _ in range({requests})]
print(contended, alone, *spread)
"""

COUNT = """
from registrations.models import Registration
from events.models import Session
s = Session.objects.get(pk={pk})
q = Registration.objects.filter(session=s)
spread = Registration.objects.filter(session__event__slug_en="bench-spread")
print(q.filter(status="confirmed").count(), q.filter(status="waiting").count(), s.places_taken,
      spread.filter(status="confirmed").count())
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


class Counter:
    """Counts the registrations of some sessions straight from the database (no Django in
    this process: it runs against two databases in turn)."""

    def __init__(self, database_url: str):
        url = urlsplit(database_url)
        if url.scheme == "sqlite":
            self.connection = sqlite3.connect(url.path.removeprefix("/"), timeout=30)
            self.placeholder = "?"
        else:
            import psycopg2

            self.connection = psycopg2.connect(database_url)
            self.connection.autocommit = True
            self.placeholder = "%s"

    def count(self, session_ids: list[int]) -> int:
        marks = ", ".join([self.placeholder] * len(session_ids))
        cursor = self.connection.cursor()
        table = "registrations_registration"
        sql = f"SELECT count(*) FROM {table} WHERE session_id IN ({marks})"  # noqa: S608 (placeholders)
        cursor.execute(sql, session_ids)
        (n,) = cursor.fetchone()
        cursor.close()
        return n

    def wait_for(self, session_ids: list[int], n: int) -> float:
        """perf_counter() when `n` registrations of the sessions exist (or the timeout)."""
        deadline = time.perf_counter() + TIMEOUT_SECONDS
        while time.perf_counter() < deadline:
            if self.count(session_ids) >= n:
                return time.perf_counter()
            time.sleep(0.01)
        return time.perf_counter()

    def close(self) -> None:
        self.connection.close()


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
    if len(values) < 2:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def burst(port: int, paths: list[str], counter: Counter, session_ids: list[int]) -> dict:
    """Every client GETs its form, then all POST at once (client n to paths[n]); returns the
    throughput until the workers have made every registration, and the POST latencies."""
    requests = len(paths)
    barrier = threading.Barrier(requests + 1)  # the clients and this thread
    released = []

    def client(n: int) -> tuple[int, float]:
        try:
            cookie, token = form_token(port, paths[n])
        except Exception:  # counted as an error below
            barrier.wait()
            return 0, 0.0
        barrier.wait()
        try:
            return post(port, paths[n], n, cookie, token)
        except Exception:  # counted as an error below
            return 0, 0.0

    with ThreadPoolExecutor(max_workers=requests) as pool:
        futures = [pool.submit(client, n) for n in range(requests)]
        barrier.wait()
        released.append(time.perf_counter())
        done = counter.wait_for(session_ids, requests)
        results = [future.result() for future in futures]
    made = counter.count(session_ids)
    latencies = [elapsed for status, elapsed in results if status == 302]
    return {
        "rate": made / (done - released[0]),
        "seconds": done - released[0],
        "made": made,
        "errors": sum(status != 302 for status, _ in results) + (requests - made),
        "p50": percentile(latencies, 50) * 1000,
        "p95": percentile(latencies, 95) * 1000,
    }


def run(database_url: str, requests: int, capacity: int, task_workers: int) -> dict:
    env = environment(database_url)
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True
        )
    ids = list(map(int, shell(env, SETUP.format(capacity=capacity, requests=requests)).split()))
    contended, uncontended, spread = ids[0], ids[1], ids[2:]
    port = free_port()
    bin_dir = Path(sys.executable).parent
    processes = [
        subprocess.Popen(
            [str(bin_dir / "gunicorn"), "portal.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        ),
        *(
            subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--no-reload",
                 "--interval", "0.05", "-v", "0"],
                cwd=ROOT, env=env,
            )
            for _ in range(task_workers)
        ),
    ]  # fmt: skip
    counter = Counter(database_url)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        base = "/en/registrations/session/{}/"
        # Uncontended: one registration at a time (which also warms every process up).
        path = base.format(uncontended)
        alone = []
        for n in range(20):
            cookie, token = form_token(port, path)
            status, elapsed = post(port, path, 10_000 + n, cookie, token)
            assert status == 302, status
            alone.append(elapsed)
        counter.wait_for([uncontended], 20)
        spread_row = burst(port, [base.format(pk) for pk in spread], counter, spread)
        contended_row = burst(port, [base.format(contended)] * requests, counter, [contended])
    finally:
        counter.close()
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()
    confirmed, waiting, places_taken, spread_confirmed = map(
        int, shell(env, COUNT.format(pk=contended)).split()
    )
    return {
        "database": database_url.split(":")[0],
        "confirmed": confirmed,
        "waiting": waiting,
        "places_taken": places_taken,
        "spread_confirmed": spread_confirmed,
        "spread": spread_row,
        "contended": contended_row,
        "ratio": contended_row["rate"] / spread_row["rate"],
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
    parser.add_argument("--task-workers", type=int, default=2)
    parser.add_argument("--database-url", action="append", default=[])
    args = parser.parse_args()
    urls = args.database_url
    if not urls:
        urls = [f"sqlite:///{tempfile.mkdtemp(prefix='bench-reg-')}/bench.sqlite3"]
        if postgres_answers():
            urls.append(PG_URL)
    rows = [run(url, args.requests, args.capacity, args.task_workers) for url in urls]

    print(
        f"\nRegistration contention: {args.requests} registrations at once, gunicorn with 2 "
        f"workers, {args.task_workers} task workers; spread over {args.requests} sessions, "
        f"then contended for one session of {args.capacity} places"
    )
    header = (
        f"{'database':<10} {'case':<10} {'reg/s':>7} {'seconds':>8} {'POST p50':>9} "
        f"{'p95 ms':>7} {'confirmed':>9} {'waiting':>8} {'errors':>7}"
    )
    print(header)
    for r in rows:
        for case in ("spread", "contended"):
            c = r[case]
            confirmed, waiting = (
                (r["spread_confirmed"], 0) if case == "spread" else (r["confirmed"], r["waiting"])
            )
            print(
                f"{r['database']:<10} {case:<10} {c['rate']:>7.1f} {c['seconds']:>8.2f} "
                f"{c['p50']:>9.1f} {c['p95']:>7.1f} {confirmed:>9} {waiting:>8} {c['errors']:>7}"
            )
        print(
            f"{r['database']:<10} contended ÷ spread throughput: {r['ratio']:.2f} (goal 0.5); "
            f"POST alone p50/p95 {r['alone_p50']:.1f}/{r['alone_p95']:.1f} ms"
        )
    expected = (args.capacity, args.requests - args.capacity, 0)
    ok = all(
        (r["confirmed"], r["waiting"], r["contended"]["errors"]) == expected
        and r["places_taken"] == args.capacity
        and r["spread_confirmed"] == args.requests
        and r["spread"]["errors"] == 0
        for r in rows
    )
    print(
        f"expected: exactly {expected[0]} confirmed, {expected[1]} waiting, every spread "
        f"registration confirmed, 0 errors:",
        "OK" if ok else "NOT MET",
    )


if __name__ == "__main__":
    main()
