"""Scale-out rehearsal on one machine: nginx in front of two gunicorn instances (separate
ports, as two hosts would be), two task workers (`manage.py run_worker`, TASKS_BACKEND=rq),
one PostgreSQL database, one Redis, and a real SMTP sink (aiosmtpd).

It shows, and prints as tables:
1. a registration made through instance A is visible on instance B's cached event page at
   once (time to visible, which includes the task queue);
2. periodic tasks run once per interval across both workers (`--periodic-interval`);
3. a newsletter send shared by the two workers delivers exactly once per subscriber, with the
   emails per second of each worker and of both;
4. killing instance A (SIGKILL to its master and workers) and worker 1 during a
   registration load through the proxy and during a send loses no registration answered
   with success and sends nobody a message twice;
5. a capacity-planning table: requests per second per instance (cached page, uncached page,
   registration POST), emails per second per worker, and what to add first.

Needs PostgreSQL (REHEARSAL_DATABASE_URL or --database-url; the database is FLUSHED), Redis
(--redis-url for the default cache and the RQ queue, --page-cache-redis-url for the page
cache: both databases are FLUSHED), nginx and aiosmtpd; when one is missing it says so and
exits 0. Every process runs in its own process group and is stopped in a `finally`.

    .venv/bin/python bench/scale_rehearsal.py [--subscribers 2000] [--quick]
"""

import argparse
import asyncio  # noqa: F401  (aiosmtpd needs it imported first on some Pythons)
import contextlib
import http.client
import itertools
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
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
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_rehearsal"
SECRET = "rehearsal-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
PERIODIC_TASK = "newsletter.tasks.resume_interrupted_sending"


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


# -- the data, through Django in this process ---------------------------------------------


def prepare_data(subscribers: int) -> dict:
    from datetime import timedelta

    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone, translation

    from events.models import Event, Session

    call_command("flush", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    event = Event.objects.create(
        title_en="Rehearsal day",
        title_fr="Journée de répétition",
        slug_en="rehearsal-day",
        slug_fr="journee-de-repetition",
        kind="info-session",
        is_published=True,
    )
    start = timezone.now() + timedelta(days=30)
    session = Session.objects.create(
        event=event, city_en="Brussels", starts_at=start, capacity=100_000
    )
    with translation.override("en"):
        urls = {
            "event": event.get_absolute_url(),
            "register": reverse("registrations:register", kwargs={"session_id": session.pk}),
            "home": "/en/",
        }
    add_subscribers(subscribers)
    return {"session_id": session.pk, **urls}


def add_subscribers(n: int) -> None:
    from django.utils import timezone

    from newsletter.models import Subscriber

    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{i}@example.org",
                language="fr" if i % 2 else "en",
                status=Subscriber.Status.CONFIRMED,
                consent_at=now,
                confirmed_at=now,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def start_send() -> int:
    """Send issue 1 again from scratch, as staff start a send: it is queued as
    NEWSLETTER_SEND_TASKS (2) tasks, so both workers take one and share the rows (SKIP
    LOCKED claims)."""
    from newsletter import services
    from newsletter.models import Delivery, Issue

    issue = Issue.objects.get(number=1)
    Delivery.objects.filter(issue=issue).delete()
    Issue.objects.filter(pk=issue.pk).update(send_started_at=None)
    issue.refresh_from_db()
    services.issue_send(issue=issue)
    return issue.pk


def delivery_statuses(issue_id: int) -> Counter:
    from newsletter.models import Delivery

    return Counter(Delivery.objects.filter(issue_id=issue_id).values_list("status", flat=True))


def registered(session_id: int, emails: set[str]) -> set[str]:
    from registrations.models import Registration

    found = Registration.objects.filter(session_id=session_id, email__in=list(emails))
    return set(found.values_list("email", flat=True))


def written_at(email: str) -> float:
    """When the worker saved the registration (a Unix time)."""
    from registrations.models import Registration

    return Registration.objects.get(email=email).created_at.timestamp()


def running_jobs() -> list[str]:
    """The tasks the workers are running now, by worker."""
    import django_rq
    from rq import Worker

    connection = django_rq.get_queue("default").connection
    return [
        f"{worker.name[-6:]}: {job.func_name.rsplit('.', 1)[-1]}"
        for worker in Worker.all(connection=connection)
        if (job := worker.get_current_job()) is not None
    ]


def rq_jobs(func_name: str) -> list:
    """Every job of `func_name` RQ still knows of (queued, running, finished, failed)."""
    return [j for j in all_rq_jobs() if j.func_name == func_name]


def all_rq_jobs() -> list:
    import django_rq
    from rq.job import Job

    queue = django_rq.get_queue("default")
    ids = set(queue.get_job_ids())
    for registry in (
        queue.started_job_registry,
        queue.finished_job_registry,
        queue.failed_job_registry,
        queue.scheduled_job_registry,
    ):
        ids.update(registry.get_job_ids())
    return [j for j in Job.fetch_many(list(ids), connection=queue.connection) if j is not None]


def queue_idle() -> bool:
    import django_rq

    queue = django_rq.get_queue("default")
    return queue.count == 0 and queue.started_job_registry.count == 0


def queue_state() -> str:
    """Jobs waiting, running (with the seconds until their heartbeat expires) and failed."""
    import django_rq

    queue = django_rq.get_queue("default")
    started = queue.connection.zrange(queue.started_job_registry.key, 0, -1, withscores=True)
    expiries = ", ".join(f"{score - time.time():.0f} s" for _key, score in started)
    failed = len(queue.failed_job_registry.get_job_ids(cleanup=False))
    return f"{queue.count} queued, {len(started)} running ({expiries}), {failed} failed"


def failed_abandoned(job) -> bool:
    """Failed by RQ's clean-up because its worker stopped its heartbeat."""
    result = job.latest_result()
    return bool(result and "AbandonedJobError" in (result.exc_string or ""))


def queue_busy() -> int:
    """Jobs queued or running, and those a dead worker was running until they have been
    queued again: still in the started registry (listed without RQ's clean-up), or failed
    by that clean-up as abandoned and not queued again yet."""
    import django_rq
    from rq.job import Job

    queue = django_rq.get_queue("default")
    failed = Job.fetch_many(
        queue.failed_job_registry.get_job_ids(cleanup=False), connection=queue.connection
    )
    abandoned = [
        job
        for job in failed
        if job is not None and not job.meta.get("abandoned_requeues") and failed_abandoned(job)
    ]
    running = queue.started_job_registry.get_job_ids(cleanup=False)
    return queue.count + len(running) + len(abandoned)


# -- the rehearsal -----------------------------------------------------------------------


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


def places_left(text: str) -> int | None:
    match = re.search(r"([\d,\u202f\xa0 ]+) places? left of", text)
    return int(re.sub(r"\D", "", match.group(1))) if match else None


def visibility(ports: dict, urls: dict) -> dict:
    """Register through A; poll B's cached event page until it shows one place fewer."""
    path = urls["event"]
    for _ in range(3):
        request(ports["B"], "GET", path)
    _status, text, headers = request(ports["B"], "GET", path)
    before = places_left(text)
    cached_before = headers.get("X-Page-Cache", "-")
    started, wall = time.monotonic(), time.time()
    code, _ = Registrant(ports["A"], urls["register"], "127.0.0.2").register("visible@example.org")
    answered = time.monotonic() - started
    seen, polls, cache_state = None, 0, "-"
    while time.monotonic() - started < 30:
        _status, text, headers = request(ports["B"], "GET", path)
        polls += 1
        if places_left(text) is not None and before is not None and places_left(text) < before:
            seen = time.monotonic() - started
            cache_state = headers.get("X-Page-Cache", "-")
            break
        time.sleep(0.02)
    _status, text, headers = request(ports["B"], "GET", path)
    return {
        "post": code,
        "written_ms": (written_at("visible@example.org") - wall) * 1000,
        "answered_ms": answered * 1000,
        "visible_ms": seen * 1000 if seen is not None else None,
        "cached_before": cached_before,
        "first_seen": cache_state,
        "next": headers.get("X-Page-Cache", "-"),
        "polls": polls,
    }


def capacity(ports: dict, urls: dict, seconds: float, threads: int) -> dict:
    """Requests per second on instance A alone: cached page, uncached render, POST."""
    port = ports["A"]
    for _ in range(5):
        request(port, "GET", urls["home"])

    def cached(thread, n):
        return request(port, "GET", urls["home"])[0] == 200

    def uncached(thread, n):
        # A parameter the page does not list: rendered every time, never stored.
        return request(port, "GET", f"{urls['home']}?r={thread}-{n}")[0] == 200

    registrants = [Registrant(port, urls["register"], f"127.0.1.{t + 1}") for t in range(threads)]
    for registrant in registrants:
        registrant.prepare()

    def post(thread, n):
        code, _ = registrants[thread].register(f"capacity-{thread}-{n}@example.org")
        return code in (302, 303)

    result = {}
    for name, work in (("cached", cached), ("uncached", uncached), ("post", post)):
        result[name] = rate(seconds, threads, work)
    return result


def run_send(sink: Sink, n: int, timeout: float) -> dict:
    sink.reset()
    started = time.monotonic()
    issue_id = start_send()
    done = wait_until(lambda: sink.total() >= n and queue_idle(), timeout, 0.2)
    elapsed = time.monotonic() - started
    per_worker, spans = [], []
    for job in rq_jobs("newsletter.tasks.send_issue_deliveries"):
        value = job.return_value() if job.started_at and job.ended_at else None
        if isinstance(value, dict) and value.get("sent"):
            seconds = (job.ended_at - job.started_at).total_seconds()
            per_worker.append((job.worker_name, value["sent"], value["sent"] / seconds))
            spans.append((job.started_at, job.ended_at))
    # Both workers: from the first sender's start to the last one's end (the wall time
    # would count the tasks queued before the send, which the workers run first).
    both = (
        sum(sent for _name, sent, _rate in per_worker)
        / (max(end for _s, end in spans) - min(start for start, _e in spans)).total_seconds()
        if spans
        else 0.0
    )
    counts = sink.received
    return {
        "done": done,
        "seconds": elapsed,
        "rate": both,
        "wall_rate": sum(counts.values()) / elapsed,
        "duplicates": sum(1 for c in counts.values() if c > 1),
        "missing": sum(1 for i in range(n) if counts[f"reader{i}@example.org"] == 0),
        "statuses": delivery_statuses(issue_id),
        "per_worker": per_worker,
    }


def kill_rehearsal(stack, sink, ports, urls, session_id, n, load_seconds, threads, settle):
    """Registrations through the proxy during a send shared by both workers; instance A and
    worker 1 are killed (SIGKILL to the whole group, as a host dies) once the load has run a
    while and the send is under way."""
    sink.reset()
    for job in rq_jobs("newsletter.tasks.send_issue_deliveries"):
        job.delete()  # the next figures are this send's
    outcomes: list[tuple[str, int, str]] = []
    lock = threading.Lock()
    registrants = [
        Registrant(ports["proxy"], urls["register"], f"127.0.2.{t + 1}") for t in range(threads)
    ]

    def work(thread, k):
        email = f"load-{thread}-{k}@example.org"
        try:
            code, text = registrants[thread].register(email)
        except OSError as exc:
            code, text = 0, str(exc)
        with lock:
            outcomes.append((email, code, text))
        return code in (302, 303)

    killed = {}

    def killer():
        started = time.monotonic()
        wait_until(lambda: sink.total() >= n * 0.3, load_seconds / 2, 0.02)
        time.sleep(max(0.0, load_seconds / 4 - (time.monotonic() - started)))
        killed["sent_before"] = sink.total()
        killed["running"] = running_jobs()
        stack.kill("web-A")
        stack.kill("worker-1")

    issue_id = start_send()
    threading.Thread(target=killer, daemon=True).start()
    rate(load_seconds, threads, work)
    # The survivors finish: worker 2 drains the queue; the dead worker's claimed rows come
    # back after NEWSLETTER_SEND_LEASE_SECONDS through the periodic resume task, and its
    # running job once its heartbeat has expired (requeue_abandoned_tasks).
    succeeded = {email for email, code, _ in outcomes if code in (302, 303)}

    def settled():
        statuses = delivery_statuses(issue_id)
        return (
            statuses["pending"] + statuses["sending"] == 0
            and queue_busy() == 0
            and registered(session_id, succeeded) == succeeded
        )

    settled_in = time.monotonic()
    finished = wait_until(settled, settle, 1)
    settled_in = time.monotonic() - settled_in
    found = registered(session_id, succeeded)
    failed = [(code, text) for _email, code, text in outcomes if code not in (302, 303)]
    by_proxy = [f for f in failed if f[0] in (502, 503, 504) and "nginx" in f[1]]
    statuses = delivery_statuses(issue_id)
    counts = sink.received
    return {
        "posts": len(outcomes),
        "succeeded": len(succeeded),
        "lost": len(succeeded - found),
        "failed": len(failed),
        "failed_by_proxy": len(by_proxy),
        "failed_codes": Counter(code for code, _ in failed),
        "sent_before_kill": killed.get("sent_before"),
        "running_at_kill": killed.get("running", []),
        "duplicates": sum(1 for c in counts.values() if c > 1),
        "missing": sum(1 for i in range(n) if counts[f"reader{i}@example.org"] == 0),
        "unknown": statuses["unknown"],
        "statuses": statuses,
        "settled_seconds": settled_in,
        "finished": finished,
        "left": queue_state(),
        "requeue_log": [
            line for line in stack.log("worker-2", 200_000).splitlines() if "queued again" in line
        ],
        "requeued_jobs": Counter(
            job.func_name.rsplit(".", 1)[-1]
            for job in all_rq_jobs()
            if job.meta.get("abandoned_requeues")
        ),
    }


def periodic_runs(interval: float) -> dict:
    jobs = sorted(rq_jobs(PERIODIC_TASK), key=lambda j: j.enqueued_at)
    times = [j.enqueued_at.timestamp() for j in jobs]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    window = times[-1] - times[0] if times else 0
    return {
        "runs": len(times),
        "expected": int(window // interval) + 1 if times else 0,
        "duplicates": sum(1 for gap in gaps if gap < interval / 2),
        "min_gap": min(gaps) if gaps else None,
        "max_gap": max(gaps) if gaps else None,
        "missed": sum(1 for gap in gaps if gap >= 2 * interval),
        "kept": Counter(job.func_name.rsplit(".", 1)[-1] for job in all_rq_jobs()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("REHEARSAL_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REHEARSAL_REDIS_URL", "redis://127.0.0.1:6379/13")
    )
    parser.add_argument(
        "--page-cache-redis-url",
        default=os.environ.get("REHEARSAL_PAGE_CACHE_REDIS_URL", "redis://127.0.0.1:6379/12"),
    )
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--periodic-interval", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="short measures (a smoke run)")
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs")
    args = parser.parse_args()
    seconds = 2.0 if args.quick else 5.0
    load_seconds = 9.0 if args.quick else 20.0
    threads = 4

    reason = why_not(args.database_url, [args.redis_url, args.page_cache_redis_url])
    if reason:
        print(f"Scale rehearsal skipped: {reason}.")
        return

    import redis

    for url in (args.redis_url, args.page_cache_redis_url):
        redis.Redis.from_url(url).flushdb()  # this rehearsal's own databases

    tmp = Path(tempfile.mkdtemp(prefix="scale-rehearsal-"))
    for name in ("static", "media", "private"):
        (tmp / name).mkdir()
    smtp_port = free_port()
    lease = 20
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",  # the proxy's address, as the README says
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "PAGE_CACHE_REDIS_URL": args.page_cache_redis_url,
        "TASKS_BACKEND": "rq",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "FORM_RATE_LIMIT_PER_HOUR": "1000000",
        "NEWSLETTER_SEND_LEASE_SECONDS": str(lease),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "off",
        "GUNICORN_LOG_LEVEL": "warning",
        "SITE_URL": "http://127.0.0.1",
    }
    env.pop("DATABASE_URL_TEST", None)
    os.environ.update(env)
    say("migrating, loading the demo content and subscribers, collecting static files")
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    urls = prepare_data(args.subscribers)

    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    stack = Stack(tmp, env)
    ports = {"A": free_port(), "B": free_port(), "proxy": free_port()}
    try:
        say("starting gunicorn A and B, nginx in front, workers 1 and 2")
        for name in ("A", "B"):
            stack.start(
                f"web-{name}",
                [str(VENV_BIN / "gunicorn"), "portal.wsgi", "-c", "gunicorn.conf.py"],
                {**env, "GUNICORN_BIND": f"127.0.0.1:{ports[name]}"},
            )
        for name in ("A", "B"):
            wait_listening(stack, f"web-{name}", ports[name])
        conf = nginx_conf(tmp, listen=ports["proxy"], upstreams=[ports["A"], ports["B"]])
        (tmp / "nginx.conf").write_text(conf)
        stack.start(
            "nginx",
            [
                *(NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", "stderr"),
                *("-g", f"daemon off; pid {tmp / 'nginx.pid'};"),
            ],
        )
        wait_listening(stack, "nginx", ports["proxy"])
        worker = [PY, "manage.py", "run_worker", "--periodic-interval", str(args.periodic_interval)]
        for name in ("worker-1", "worker-2"):
            stack.start(name, worker)
        time.sleep(2)

        say("1. a registration through A, B's cached event page")
        seen = visibility(ports, urls)
        say("5. requests per second on one instance")
        per_instance = capacity(ports, urls, seconds, threads)
        say(f"3. a send to {args.subscribers} subscribers shared by two workers")
        send = run_send(sink, args.subscribers, 120)
        say("4. registrations through the proxy and a send; instance A and worker 1 killed")
        kill = kill_rehearsal(
            stack, sink, ports, urls, urls["session_id"], args.subscribers,
            load_seconds, threads, settle=lease + 4 * args.periodic_interval + 120,
        )  # fmt: skip
        periodic = periodic_runs(args.periodic_interval)
        max_connections = max_db_connections()
    finally:
        stack.stop_all()
        controller.stop()
        for url in (args.redis_url, args.page_cache_redis_url):
            with contextlib.suppress(Exception):
                redis.Redis.from_url(url).flushdb()
        if args.keep_logs:
            print(f"Logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    report(args, seen, per_instance, send, kill, periodic, max_connections, threads)


def max_db_connections() -> int | None:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_connections")
            return int(cursor.fetchone()[0])
    except Exception:
        return None


def row(label: str, value) -> None:
    print(f"{label:<60} {value!s:>20}")


def report(args, seen, per_instance, send, kill, periodic, max_connections, threads) -> None:
    from django.conf import settings

    print("\nScale rehearsal: nginx, 2 gunicorn instances x 2 workers, 2 RQ workers,")
    print(f"PostgreSQL, Redis, SMTP sink; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}\n")
    visible = f"{seen['visible_ms']:.0f} ms" if seen["visible_ms"] is not None else "never"
    row("measure", "figure")
    row(
        "1. registration POST through A answered", f"{seen['post']} in {seen['answered_ms']:.0f} ms"
    )
    row("   B's event page before the change (X-Page-Cache)", seen["cached_before"])
    row("   registration saved by a worker after", f"{seen['written_ms']:.0f} ms")
    row("   time until B shows one place fewer (incl. the queue)", visible)
    row("   B on the next request (X-Page-Cache)", seen["next"])
    task = PERIODIC_TASK.rsplit(".", 1)[1]
    row(f"2. runs of {task}", f"{periodic['runs']} (expected {periodic['expected']})")
    row("   duplicate runs (less than half an interval apart)", periodic["duplicates"])
    gap = periodic["min_gap"]
    row(
        f"   shortest gap between runs (interval {args.periodic_interval:g} s)",
        f"{gap:.1f} s" if gap is not None else "-",
    )
    gap = periodic["max_gap"]
    row("   longest gap", f"{gap:.1f} s" if gap is not None else "-")
    row("   intervals with no run (gap of two intervals or more)", periodic["missed"])
    if not periodic["runs"]:
        print(f"   RQ jobs kept: {dict(periodic['kept'])}")
    row(f"3. send to {args.subscribers}, two workers: duplicates / missing",
        f"{send['duplicates']} / {send['missing']}")  # fmt: skip
    row("   emails/s, both workers (first start to last end)", f"{send['rate']:.0f}")
    row("   emails/s, wall time (with the tasks queued before)", f"{send['wall_rate']:.0f}")
    for name, sent, worker_rate in send["per_worker"]:
        row(f"   emails/s, worker ...{(name or '?')[-8:]} ({sent} sent)", f"{worker_rate:.0f}")
    row("4. registration POSTs through the proxy / answered 302",
        f"{kill['posts']} / {kill['succeeded']}")  # fmt: skip
    row("   lost registrations (answered 302, not in the database)", kill["lost"])
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(kill["failed_codes"].items())) or "none"
    row(
        "   failed requests / of them nginx's error page",
        f"{kill['failed']} / {kill['failed_by_proxy']}",
    )
    row("   failed requests by status", codes)
    row("   emails at the sink when A and worker 1 were killed", kill["sent_before_kill"])
    for running in kill["running_at_kill"]:
        row("   running at the kill", running)
    row("   duplicate deliveries / missing", f"{kill['duplicates']} / {kill['missing']}")
    row("   rows left unknown (in flight at the kill, not resent)", kill["unknown"])
    row(
        "   seconds until the survivors had finished",
        f"{kill['settled_seconds']:.0f}" + ("" if kill["finished"] else " (not finished)"),
    )
    row("   RQ at the end", kill["left"])
    for line in kill["requeue_log"]:
        print(f"   worker 2: {line.strip()[:100]}")
    requeued = ", ".join(f"{k}: {v}" for k, v in kill["requeued_jobs"].items()) or "none"
    row("   jobs of the dead worker queued again", requeued)
    goal = f"{kill['lost']} / {kill['duplicates']} / {periodic['duplicates']}"
    row("lost registrations / duplicate deliveries / duplicate runs", f"{goal} (goal 0 / 0 / 0)")

    cached, uncached, post = (per_instance[k][0] for k in ("cached", "uncached", "post"))
    worker_rates = [r for _n, _s, r in send["per_worker"]] or [send["rate"]]
    per_worker = statistics.mean(worker_rates)
    concurrency = os.environ.get("WEB_CONCURRENCY")
    print(f"\nCapacity planning: one instance is gunicorn with {concurrency} workers, measured")
    print(f"alone by {threads} client threads on the same machine (lower bounds)")
    print(f"{'measure':<44} {'per instance/worker':>20} {'per hour':>14}")
    for label, value in (
        ("cached page (home), req/s", cached),
        ("uncached render (home), req/s", uncached),
        ("registration POST, req/s", post),
        ("newsletter emails/s per worker", per_worker),
    ):
        print(f"{label:<44} {value:>20.0f} {value * 3600:>14,.0f}")
    used = 2 * int(concurrency or 2) + 2 * (1 + settings.NEWSLETTER_SMTP_CONNECTIONS)
    print(f"{'PostgreSQL connections (2 instances, 2 workers)':<44} {used:>20} "
          f"{f'max {max_connections}':>14}")  # fmt: skip
    print("\nWhat to add first:")
    for line in advice(cached, uncached, post, per_worker, max_connections):
        print(f"- {line}")


def advice(cached, uncached, post, per_worker, max_connections) -> list[str]:
    lines = []
    send_10k = 10_000 / per_worker / 60 if per_worker else float("inf")
    lines.append(
        f"Web instances when renders are the limit: an instance renders {uncached:.0f} pages/s "
        f"uncached against {cached:.0f} cached ({uncached / cached:.2f}); a wave of first hits or "
        "signed-in visitors is CPU-bound in gunicorn, and a second host doubles it."
    )
    lines.append(
        f"Registrations are not the limit: {post:.0f} POST/s per instance is "
        f"{post * 3600:,.0f} an hour against the 500 an hour of a busy day."
    )
    lines.append(
        f"Workers when sends are slow: 10,000 emails take {send_10k:.1f} min with one worker; "
        "each worker added shares the next send (a send is one task: queue it once more per "
        "extra worker, as this rehearsal does). The SMTP relay's own rate caps this first."
    )
    if max_connections:
        lines.append(
            "PostgreSQL connections before a third host: each gunicorn worker holds one "
            "(CONN_MAX_AGE), each task worker 1 + NEWSLETTER_SMTP_CONNECTIONS while it sends; "
            f"max_connections is {max_connections}."
        )
    return lines


if __name__ == "__main__":
    main()
