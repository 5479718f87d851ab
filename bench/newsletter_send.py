"""Benchmark: send one newsletter issue to N subscribers through a local SMTP sink.

Prints the portal's sending rate (a real `run_worker` process, production settings, batches
and per-recipient delivery rows) beside the floor: a plain smtplib loop sending the same,
already-built messages over one connection to the same sink. Also prints the worker's peak
memory at two sizes, to show that it does not grow with the number of subscribers.

    .venv/bin/python bench/newsletter_send.py [--subscribers 10000] [--database-url URL]
"""

import argparse
import asyncio  # noqa: F401  (aiosmtpd needs it imported first on some Pythons)
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(n: int):
    """Fresh schema, one issue, n confirmed subscribers, deliveries queued."""
    from django.core.management import call_command
    from django.utils import timezone

    from newsletter import services
    from newsletter.models import Article, Delivery, Issue, Subscriber

    call_command("flush", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    issue = Issue.objects.get(number=1)
    Issue.objects.filter(pk=issue.pk).update(send_started_at=None)
    Delivery.objects.all().delete()
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
    assert Article.objects.filter(issue=issue).exists()
    with mock.patch("newsletter.services.sending.enqueue_sending"):
        services.issue_send(issue=issue)
    return issue


def run_worker(env: dict) -> tuple[float, int]:
    """Run the worker until the queue is empty; (seconds, peak RSS in KiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            *(sys.executable, "manage.py", "run_worker", "--batch", "--no-startup-delay"),
            *("--no-reload", "--interval", "0.05", "-v", "0"),
        ],
        cwd=ROOT,
        env=env,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"worker failed with status {status}")
    return elapsed, usage.ru_maxrss


FLOOR_LOOP = """
import pickle, smtplib, sys, time
messages = pickle.load(open(sys.argv[1], "rb"))
started = time.perf_counter()
with smtplib.SMTP("127.0.0.1", int(sys.argv[2])) as smtp:
    for recipient, data in messages:
        smtp.sendmail("noreply@example.org", [recipient], data)
print(time.perf_counter() - started)
"""


def send_span() -> float:
    """Seconds from the first send task's start to the last one's end (the tasks of this
    run: each run's results are deleted afterwards)."""
    from django.db.models import Max, Min
    from django_tasks_db.models import DBTaskResult

    results = DBTaskResult.objects.filter(task_path__endswith="send_issue_deliveries")
    span = results.aggregate(start=Min("started_at"), end=Max("finished_at"))
    results.delete()
    return (span["end"] - span["start"]).total_seconds()


def floor(issue, port: int, tmp: str) -> float:
    """Seconds for a plain smtplib loop over the same messages, built beforehand, in its own
    process like the worker (the sink's thread would otherwise share this one's GIL)."""
    import pickle

    from newsletter.emails import IssueRenderer
    from newsletter.models import Subscriber

    renderer = IssueRenderer(issue)
    messages = [
        (s.email, renderer.message(s).message().as_bytes(linesep="\r\n"))
        for s in Subscriber.objects.order_by("pk").iterator()
    ]
    path = Path(tmp) / "messages.pickle"
    path.write_bytes(pickle.dumps(messages))
    result = subprocess.run(
        [sys.executable, "-c", FLOOR_LOOP, str(path), str(port)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    tmp = tempfile.mkdtemp(prefix="bench-send-")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.sqlite3",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    import django

    django.setup()

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    rows = []
    try:
        small = max(args.subscribers // 5, 100)
        for n in (small, args.subscribers):
            issue = prepare(n)
            sink.count = 0
            seconds, peak_kib = run_worker(env)
            assert sink.count == n, f"sink got {sink.count} messages for {n} subscribers"
            rows.append((n, n / send_span(), n / seconds, peak_kib / 1024))
        sink.count = 0
        floor_seconds = floor(issue, port, tmp)
        floor_rate = args.subscribers / floor_seconds
    finally:
        controller.stop()

    print(f"\nNewsletter send benchmark ({env['DATABASE_URL'].split(':')[0]})")
    print(
        "(msg/s: the send, from its task's start to its end, as a running worker does it; "
        "with start-up: the whole worker process, Django's start-up included)"
    )
    print(f"{'measure':<44} {'subscribers':>11} {'msg/s':>9} {'with start-up':>14} {'peak MiB':>9}")
    print(f"{'plain smtplib loop (floor)':<44} {args.subscribers:>11} {floor_rate:>9.0f}")
    for n, rate, whole, mib in rows:
        label = f"portal worker (ratio to floor {rate / floor_rate:.2f}, goal 0.7)"
        print(f"{label:<44} {n:>11} {rate:>9.0f} {whole:>14.0f} {mib:>9.1f}")


if __name__ == "__main__":
    main()
