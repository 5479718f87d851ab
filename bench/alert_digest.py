"""Benchmark: the weekly alert digests of N members, built and sent through a local SMTP sink.

N members (half English, half French) chose countries and sectors matching a few of the demo
content's calls, events and articles. A real `run_worker` process (production settings) does
what it does every week: its periodic alerts task finds the digests due, builds one per
member in bulk, and sends them through portal.core.mailing (batches, one delivery row per
member, exactly once). Printed beside it, the floor: a plain smtplib loop sending the same,
already-built messages over one connection to the same sink (as bench/newsletter_send.py
does), the ratio (goal: at least 0.5), and the worker's peak memory at two sizes, to show
that it does not grow with the number of members.

    .venv/bin/python bench/alert_digest.py [--members 10000] [--database-url URL]
"""

import argparse
import asyncio  # noqa: F401  (aiosmtpd needs it imported first on some Pythons)
import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.newsletter_send import FLOOR_LOOP, Sink, free_port, run_worker  # noqa: E402


def prepare(n: int) -> dict[str, float]:
    """Fresh schema, the demo content and its alert items, n weekly members; no digest yet
    (the worker builds them). Returns what a digest holds on average."""
    from django.core.management import call_command
    from django.utils import timezone

    from alerts.models import AlertDelivery, AlertItem, AlertSubscription
    from alerts.services.items import items_collect

    call_command("flush", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    now = timezone.now()
    AlertSubscription.objects.bulk_create(
        [
            AlertSubscription(
                email=f"member{i}@example.org",
                language="fr" if i % 2 else "en",
                frequency=AlertSubscription.Frequency.WEEKLY,
                consent_at=now,
                active_since=now - timedelta(days=1),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    # The items of what the demo has public: calls, events, articles (no member wants them
    # at once, so no immediate alert is made).
    items_collect(now)
    assert AlertItem.objects.exists(), "the demo content made no alert item"
    # Each member picks a country and a sector that one of the items is about, in turn,
    # so that every member has a digest, of a few items, differing from one to the next; a
    # quarter of them choose no country (every country), a third no sector.
    pairs = sorted(
        {
            (country, sector)
            for item in AlertItem.objects.prefetch_related("countries", "sectors")
            for country in [c.pk for c in item.countries.all()] or [None]
            for sector in [s.pk for s in item.sectors.all()] or [None]
        },
        key=str,
    )
    members = list(AlertSubscription.objects.order_by("pk").values_list("pk", flat=True))
    countries = AlertSubscription.countries.through
    sectors = AlertSubscription.sectors.through
    chosen_countries, chosen_sectors = [], []
    for i, pk in enumerate(members):
        country, sector = pairs[i % len(pairs)]
        if country and i % 4:
            chosen_countries.append(countries(alertsubscription_id=pk, country_id=country))
        if sector and i % 3:
            chosen_sectors.append(sectors(alertsubscription_id=pk, sector_id=sector))
    countries.objects.bulk_create(chosen_countries, batch_size=2000)
    sectors.objects.bulk_create(chosen_sectors, batch_size=2000)
    assert not AlertDelivery.objects.exists()
    return {"items": AlertItem.objects.count(), "choices": len(pairs)}


def digest_figures() -> tuple[int, float]:
    """(digests sent, items per digest on average) after the worker's run."""
    from alerts.models import AlertDelivery, AlertDeliveryItem

    digests = AlertDelivery.objects.filter(
        kind=AlertDelivery.Kind.DIGEST, status=AlertDelivery.Status.SENT
    ).count()
    items = AlertDeliveryItem.objects.count()
    return digests, items / max(digests, 1)


def floor(port: int, tmp: str) -> tuple[int, float]:
    """Seconds for a plain smtplib loop over the same digests, built beforehand (by the
    alerts' own renderer, from the rows the worker sent), in its own process like the
    worker. Returns (messages, seconds)."""
    import pickle

    from alerts.models import AlertDelivery
    from alerts.services.sending import AlertMailing

    mailing = AlertMailing()
    messages = []
    for delivery in (
        AlertDelivery.objects.filter(status=AlertDelivery.Status.SENT)
        .select_related("subscription")
        .order_by("pk")
        .iterator(chunk_size=2000)
    ):
        items = mailing.items_of(delivery)
        message = mailing.renderer.message(delivery, items)
        messages.append((delivery.subscription.email, message.message().as_bytes(linesep="\r\n")))
    path = Path(tmp) / "digests.pickle"
    path.write_bytes(pickle.dumps(messages))
    result = subprocess.run(
        [sys.executable, "-c", FLOOR_LOOP, str(path), str(port)],
        capture_output=True,
        text=True,
        check=True,
    )
    return len(messages), float(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    tmp = tempfile.mkdtemp(prefix="bench-alerts-")
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
        # The digests are due whenever the benchmark runs (Monday 00:00 onwards).
        "ALERTS_DIGEST_WEEKDAY": "0",
        "ALERTS_DIGEST_HOUR": "0",
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
        small = max(args.members // 5, 100)
        for n in (small, args.members):
            setup = prepare(n)
            sink.count = 0
            seconds, peak_kib = run_worker(env)
            digests, per_digest = digest_figures()
            assert digests == sink.count, f"{digests} digests sent, the sink got {sink.count}"
            assert digests == n, f"{digests} digests for {n} members"
            rows.append((n, digests, digests / seconds, peak_kib / 1024, per_digest))
        sink.count = 0
        floor_messages, floor_seconds = floor(port, tmp)
        floor_rate = floor_messages / floor_seconds
    finally:
        controller.stop()

    print(f"\nAlert digest benchmark ({env['DATABASE_URL'].split(':')[0]})")
    print(
        f"{setup['items']} alert items; members choose among {setup['choices']} "
        "(country, sector) pairs; digests built and sent by one worker"
    )
    print(
        f"{'measure':<44} {'members':>8} {'digests':>8} {'items/dig':>9}"
        f" {'dig/s':>7} {'peak MiB':>9}"
    )
    print(
        f"{'plain smtplib loop (floor)':<44} {args.members:>8} {floor_messages:>8} "
        f"{'':>9} {floor_rate:>7.0f} {'':>9}"
    )
    for n, digests, rate, mib, per_digest in rows:
        label = f"portal worker (ratio to floor {rate / floor_rate:.2f})"
        print(f"{label:<44} {n:>8} {digests:>8} {per_digest:>9.1f} {rate:>7.0f} {mib:>9.1f}")


if __name__ == "__main__":
    main()
