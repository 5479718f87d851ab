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
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from rehearsal_checks import (
    PERIODIC_TASK,
    kill_rehearsal,
    periodic_runs,
    prepare_data,
    run_send,
    visibility,
)
from rehearsal_stack import (
    NGINX,
    PY,
    ROOT,
    VENV_BIN,
    Registrant,
    Sink,
    Stack,
    free_port,
    nginx_conf,
    rate,
    request,
    say,
    wait_listening,
    why_not,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_rehearsal"
SECRET = "rehearsal-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105


# -- the capacity measure ----------------------------------------------------------------


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
        "a send is queued as NEWSLETTER_SEND_TASKS tasks (2), so raise it with the workers "
        "to have more of them share a send. The SMTP relay's own rate caps this first."
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
