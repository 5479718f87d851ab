"""Benchmark: the page cache while registrations arrive.

Production settings under gunicorn (2 workers), the page cache in Redis, a task worker
(`manage.py run_worker`) doing the registrations, the demo content, on PostgreSQL when
--postgres-url / BENCH_POSTGRES_URL is given, else SQLite. For --seconds, N readers
(threads, 50 by default, each with its own keep-alive connection) browse the public pages
(home, event list, event pages, issues, articles, project list, projects, in English and
French), pausing 0.5 to 2 s between pages as bench/locustfile.py's visitors do (--think;
`--think 0` reads without pause, which measures the queue of a saturated server) while
registrations are POSTed (a real form: GET for the CSRF token, then POST) at --rate per
second on one or two events.

Prints the cache hit ratio the readers saw (their X-Page-Cache header; goal >= 0.95), the
reads' p50/p95 (goal p95 <= 100 ms), the registrations made and the errors. Before
targeted invalidation every registration renewed every page (issue 19: the hit ratio fell
to about 0 under a rush). A measurement, not a test: exits 0 unless it could not run.

    .venv/bin/python bench/cache_under_writes.py [--quick] [--seconds 30] [--readers 50]
        [--think 0.5-2]
        [--rate 5] [--postgres-url URL] [--redis-url redis://127.0.0.1:6379/8]
"""

import argparse
import http.client
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlencode

from pages import ROOT, base_env, free_port, manage, redis_usable, say, start_server, stop_server

PY = sys.executable

URLS_SCRIPT = """
import json
from django.urls import reverse
from django.utils import translation
from events.models import Event, Session
from newsletter.models import Article, Issue
from projects.models import Project
out = {"pages": [], "sessions": []}
for lang in ("en", "fr"):
    with translation.override(lang):
        out["pages"] += [reverse("portal:home"), reverse("events:event-list"),
                         reverse("newsletter:issue-list"), reverse("projects:project-list")]
        out["pages"] += [e.get_absolute_url() for e in Event.objects.published()[:6]]
        out["pages"] += [i.get_absolute_url() for i in Issue.objects.published()[:3]]
        out["pages"] += [a.get_absolute_url() for a in Article.objects.published()[:6]]
        out["pages"] += [p.get_absolute_url() for p in Project.objects.published()[:4]]
# Two sessions open for registration, with room for everyone the run sends.
open_sessions = [s for s in Session.objects.filter(event__in=Event.objects.published())
                 if s.accepts_registrations()][:2]
for session in open_sessions:
    Session.objects.filter(pk=session.pk).update(capacity=None)
    out["sessions"].append(reverse("registrations:register", kwargs={"session_id": session.pk}))
print(json.dumps(out))
"""

COUNT_SCRIPT = """
from registrations.models import Registration
print(Registration.objects.filter(email__startswith="writes-bench").count())
"""


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if values else 0.0


class Readers:
    """N threads reading pages in turn until stopped; what each response said."""

    def __init__(self, port: int, pages: list[str], count: int, think: tuple[float, float]):
        self.port, self.pages, self.count, self.think = port, pages, count, think
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.hits = self.misses = self.errors = 0
        self.latencies: list[float] = []

    def run(self, index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        # Each reader starts at its own place in the list and goes round.
        for path in itertools.islice(itertools.cycle(self.pages), index, None):
            if self.stop.is_set():
                break
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                with self.lock:
                    self.errors += 1
                continue
            elapsed = time.perf_counter() - started
            with self.lock:
                self.latencies.append(elapsed * 1000)
                if response.status != 200:
                    self.errors += 1
                elif response.getheader("X-Page-Cache") == "hit":
                    self.hits += 1
                else:
                    self.misses += 1
            if self.think[1]:
                self.stop.wait(random.uniform(*self.think))
        connection.close()

    def start(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self.run, args=(i,)) for i in range(self.count)]
        for thread in threads:
            thread.start()
        return threads


def register(port: int, path: str, n: int) -> int:
    """GET the form (CSRF cookie and token), POST a registration: the POST's status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if response.status != 200 or not cookie or not token:
            return response.status or 0
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "name": f"Bench person {n}",
            "email": f"writes-bench{n}@example.org",
            "country_of_residence": "BE",
            "country_of_origin": "RW",
            "language": "fr" if n % 2 else "en",
            "consent": "on",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie.group(1)}",
        }
        connection.request("POST", path, body=urlencode(form), headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        connection.close()


def write_load(port: int, sessions: list[str], rate: float, stop: threading.Event) -> list:
    """POST registrations at `rate` per second (each in its own thread, so a slow one does
    not delay the next) until stopped; the statuses."""
    statuses: list[int] = []
    threads = []
    started = time.monotonic()
    for n in itertools.count():
        due = started + n / rate
        while time.monotonic() < due:
            if stop.wait(min(0.05, max(0.0, due - time.monotonic()))):
                break
        if stop.is_set():
            break
        path = sessions[n % len(sessions)]
        thread = threading.Thread(target=lambda p=path, i=n: statuses.append(register(port, p, i)))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 s instead of 30 s")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument(
        "--think", default="0.5-2", help="seconds between a reader's pages (min-max; 0: none)"
    )
    parser.add_argument("--rate", type=float, default=5.0, help="registrations per second")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", ""))
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    )
    args = parser.parse_args()
    seconds = 10 if args.quick else args.seconds

    tmp = tempfile.mkdtemp(prefix="bench-writes-")
    if not redis_usable(args.redis_url):
        print("Redis is needed for this benchmark (the production page cache): skipped")
        return
    database = "postgres" if args.postgres_url.startswith("postgres") else "sqlite"
    url = args.postgres_url if database == "postgres" else f"sqlite:///{tmp}/bench.sqlite3"
    port = free_port()
    env = {
        **base_env(url, args.redis_url, port, tmp),
        "EMAIL_URL": "dummymail://",
        "FORM_RATE_LIMIT_PER_HOUR": "1000000",  # every registration comes from 127.0.0.1
    }
    say("compiling messages and collecting static files (as in production)")
    manage(env, "compilemessages", "-v", "0", "-i", "node_modules", "-i", ".venv")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    say(f"{database}: migrating and loading the demo content")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "flush", "--noinput", "-v", "0")
    manage(env, "load_demo", "-v", "0", capture=True)
    found = json.loads(manage(env, "shell", "-v", "0", "-c", URLS_SCRIPT, capture=True))
    pages, sessions = found["pages"], found["sessions"]
    if not sessions:
        print("No session of the demo content takes registrations: nothing to measure")
        return
    redis_usable(args.redis_url)  # an empty page cache
    server = start_server(env, port)
    worker_log = open(f"{tmp}/worker.log", "w")  # noqa: SIM115 (open while the worker runs)
    worker = subprocess.Popen(
        [PY, "manage.py", "run_worker"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        say(f"warming the cache: {len(pages)} pages")
        for path in pages * 2:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
        say(
            f"{database}: {args.readers} readers for {seconds} s, registrations at "
            f"{args.rate:g}/s on {len(sessions)} session(s)"
        )
        low, _, high = args.think.partition("-")
        readers = Readers(port, pages, args.readers, (float(low), float(high or low)))
        threads = readers.start()
        stop_writes = threading.Event()
        statuses: list[int] = []
        writer = threading.Thread(
            target=lambda: statuses.extend(write_load(port, sessions, args.rate, stop_writes))
        )
        writer.start()
        time.sleep(seconds)
        stop_writes.set()
        readers.stop.set()
        writer.join()
        for thread in threads:
            thread.join()
        time.sleep(2)  # the worker finishes the last registrations
        made = manage(env, "shell", "-v", "0", "-c", COUNT_SCRIPT, capture=True).strip()
    finally:
        stop_server(server)
        stop_server(worker)
        worker_log.close()

    reads = readers.hits + readers.misses
    ratio = readers.hits / reads if reads else 0.0
    p50, p95 = percentile(readers.latencies, 50), percentile(readers.latencies, 95)
    posted = sum(1 for status in statuses if status == 302)
    print(f"\nCache under writes, {database}, gunicorn 2 workers, page cache in Redis")
    print(f"{'reads':<28} {reads:>8} ({reads / seconds:.0f}/s, {readers.errors} errors)")
    print(f"{'hit ratio (goal >= 0.95)':<28} {ratio:>8.3f}  {'yes' if ratio >= 0.95 else 'NO'}")
    print(f"{'reads p50 ms':<28} {p50:>8.1f}")
    print(f"{'reads p95 ms (goal <= 100)':<28} {p95:>8.1f}  {'yes' if p95 <= 100 else 'NO'}")
    print(
        f"{'registrations posted':<28} {posted:>8} ({posted / seconds:.1f}/s; "
        f"{len(statuses) - posted} not 302; {made} registered by the worker)"
    )
    print("(before targeted invalidation each registration renewed every page: ratio ~0)")
    print(f"(files in {tmp})")


if __name__ == "__main__":
    main()
