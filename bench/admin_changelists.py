"""Benchmark: the staff changelists of applications, event registrations and newsletter
subscribers at 10,000 rows each.

A fresh database (SQLite by default, PostgreSQL with --postgres-url or BENCH_POSTGRES_URL)
gets the demo content, then --rows rows of each kind (bulk_create), spread as real ones
are: a long tail of countries (a few frequent, 200 in all), 30 calls, 60 event sessions,
10 sectors, every status and both languages, over two years. A superuser signs in as
staff do, password then second factor (a TOTP code on the verification page), and each
changelist is fetched as a browser would: the default list, one filter, two filters, a
search, page 2 and sorted by another column. Printed per page: p50 and p95 server time in
ms over --runs runs (after one to warm up), the number of queries and of HTML bytes. The
number of queries is also taken at --small rows, and must not grow with the rows.
Goal: p95 < 300 ms on every page.

    .venv/bin/python bench/admin_changelists.py [--rows 10000] [--runs 20] [--postgres-url URL]
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_MS = 300
SEED = 19


def postgres_answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 5432), timeout=1).close()
    except OSError:
        return False
    subprocess.run(
        ["createdb", "-h", parsed.hostname, "-p", str(parsed.port or 5432),
         "-U", parsed.username or "postgres", parsed.path.lstrip("/")],
        capture_output=True,
    )  # fmt: skip
    return True


def environment(database_url: str, folder: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "EMAIL_URL": "dummymail://",
        "DJANGO_LOG_LEVEL": "WARNING",
        "ADMIN_REQUIRE_2FA": "1",  # the full staff login: password, then a code
        "REDIS_URL": "",
        "STATIC_ROOT": f"{folder}/static",
    }


# -- data --------------------------------------------------------------------------------------


def country_codes(rng: random.Random) -> list[str]:
    """200 country codes, the diaspora's countries first (Zipf-like weights follow)."""
    from django_countries import countries

    first = ["RW", "BE", "FR", "BI", "CD", "SN", "ML", "NE", "BF", "CI", "CM", "LU", "CA", "US"]
    rest = [code for code, _name in countries if code not in first]
    rng.shuffle(rest)
    return first + rest[: 200 - len(first)]


def weighted(rng: random.Random, values: list, count: int) -> list:
    weights = [1 / (rank + 1) for rank in range(len(values))]
    return rng.choices(values, weights=weights, k=count)


def reference_data(rng: random.Random) -> tuple[list, list, list]:
    """30 calls, 10 sectors, 60 sessions of 30 events (on top of the demo's)."""
    from django.utils import timezone

    from events.models import Event, Session
    from projects.models import Call, Project, Sector

    now = timezone.now()
    project = Project.objects.order_by("pk").first()
    for n in range(30 - Call.objects.count()):
        Call.objects.create(
            project=project, kind="candidates", title_en=f"Bench call {n}",
            title_fr=f"Appel {n}", slug_en=f"bench-call-{n}", slug_fr=f"appel-banc-{n}",
            opens_at=now - timedelta(days=400), closes_at=now + timedelta(days=n),
        )  # fmt: skip
    for n in range(10 - Sector.objects.count()):
        Sector.objects.create(code=f"bench-{n}", name_en=f"Sector {n}", name_fr=f"Secteur {n}")
    for n in range(max(0, 30 - Event.objects.count())):
        event = Event.objects.create(
            title_en=f"Bench event {n}", title_fr=f"Événement {n}", slug_en=f"bench-event-{n}",
            slug_fr=f"evenement-banc-{n}", kind="info-session", is_published=True,
        )  # fmt: skip
        for city in ("Brussels", "Kigali"):
            Session.objects.create(
                event=event, city_en=city, starts_at=now + timedelta(days=n), capacity=500
            )
    return list(Call.objects.all()), list(Sector.objects.all()), list(Session.objects.all())


def spread_dates(rng: random.Random, count: int) -> list:
    from django.utils import timezone

    now = timezone.now()
    return sorted(now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)) for _ in range(count))


class created_at_as_given:
    """bulk_create with the dates given: `auto_now_add` would stamp every row with now."""

    def __init__(self, *models):
        self.fields = [model._meta.get_field("created_at") for model in models]

    def __enter__(self):
        for field in self.fields:
            field.auto_now_add = False

    def __exit__(self, *exc):
        for field in self.fields:
            field.auto_now_add = True


def build_rows(count: int, start: int, rng: random.Random) -> None:
    """`count` applications, registrations and subscribers, numbered from `start`."""
    from django.utils import timezone

    from newsletter.models import Subscriber
    from registrations.models import Application, Registration
    from registrations.models.interest import REFERENCE_ALPHABET, ReviewStatus

    calls, sectors, sessions = reference_data(rng)
    codes = country_codes(rng)
    now = timezone.now()
    first = ["Amina", "Brice", "Claire", "Didier", "Esther", "Fabrice", "Grace", "Hervé"]
    last = ["Uwase", "Nkurunziza", "Diallo", "Traoré", "Mukamana", "Kabila", "Sow", "Dupont"]

    def name(n: int) -> str:
        return f"{first[n % len(first)]} {last[(n // 8) % len(last)]} {n}"

    def reference(n: int) -> str:
        code = "".join(REFERENCE_ALPHABET[(n * 7 + i * 13) % len(REFERENCE_ALPHABET)]
                       for i in range(8))  # fmt: skip
        return f"APP-{code[:4]}-{code[4:]}"

    numbers = range(start, start + count)
    with created_at_as_given(Application, Registration, Subscriber):
        dates = spread_dates(rng, count)
        origins = weighted(rng, codes, count)
        residences = weighted(rng, codes[1:] + codes[:1], count)
        rows = list(zip(numbers, dates, origins, residences, strict=True))
        Application.objects.bulk_create(
            [
                Application(
                    reference=f"{reference(n)}{n}"[:20], name=name(n),
                    email=f"person{n % (count // 2 or 1)}@example.org",
                    language=rng.choice(["en", "fr"]), consent_at=date,
                    submission_key=uuid.uuid4(), created_at=date, call=rng.choice(calls),
                    status=rng.choice(ReviewStatus.values), country_of_origin=origin,
                    country_of_residence=residence, profession="Nurse",
                    sector=rng.choice(sectors), years_of_experience=rng.randrange(30),
                    languages=[{"language": "fr", "level": "fluent"}],
                    qualification="master", available_from=now.date(), availability="3-6",
                    motivation="Bench motivation.", cv="cv/bench.pdf",
                )
                for n, date, origin, residence in rows
            ],
            batch_size=1000,
        )  # fmt: skip
        statuses = [s for s in Registration.Status.values if s != "offered"]
        Registration.objects.bulk_create(
            [
                Registration(
                    session=rng.choice(sessions), status=rng.choice(statuses), name=name(n),
                    email=f"person{n}@example.org", language=rng.choice(["en", "fr"]),
                    country_of_residence=residence, country_of_origin=origin,
                    consent_at=date, created_at=date, queued_at=date,
                    source=rng.choice(["online"] * 9 + ["door"]),
                    attended_at=date if n % 3 == 0 else None,
                )
                for n, date, origin, residence in rows
            ],
            batch_size=1000,
        )  # fmt: skip
        sources = ["home", "footer", "event", "import", "newsletter"]
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"reader{n}@example.org", language=rng.choice(["en", "fr"]),
                    status=rng.choice(Subscriber.Status.values),
                    source=rng.choice(sources), consent_at=date, created_at=date,
                )
                for n, date in zip(numbers, dates, strict=True)
            ],
            batch_size=1000,
        )  # fmt: skip


# -- the pages ---------------------------------------------------------------------------------


def staff_client():
    """A test client signed in as a superuser: password, then the authenticator's code."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_superuser("bench-boss", "boss@example.org", "x" * 20)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    client.post(reverse("admin:login"), {"username": "bench-boss", "password": "x" * 20})
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    client.post(reverse("admin:two-factor-verify"), {"code": code})
    response = client.get(reverse("admin:registrations_application_changelist"))
    assert response.status_code == 200, f"staff login failed ({response.status_code})"
    return client


def pages() -> list[tuple[str, str, dict]]:
    """(changelist, case, query string) of what staff open."""
    from events.models import Session
    from projects.models import Call

    call = Call.objects.order_by("pk").first()
    session = Session.objects.order_by("pk").first()
    a, r, s = "application", "registration", "subscriber"
    return [
        (a, "default", {}),
        (a, "filter: status", {"status__exact": "new"}),
        (a, "filter: country of origin", {"country_of_origin": "RW"}),
        (a, "filters: call + status", {"call__id__exact": call.pk, "status__exact": "new"}),
        (a, "search: name", {"q": "Uwase"}),
        (a, "page 2", {"p": 2}),
        (a, "sorted by name", {"o": "2"}),
        (r, "default", {}),
        (r, "filter: status", {"status__exact": "confirmed"}),
        (r, "filter: session", {"session__id__exact": session.pk}),
        (r, "filter: country of residence", {"country_of_residence": "BE"}),
        (r, "search: email", {"q": "person12"}),
        (r, "page 2", {"p": 2}),
        (r, "sorted by name", {"o": "1"}),
        (s, "default", {}),
        (s, "filter: status", {"status__exact": "confirmed"}),
        (s, "filters: language + status", {"language__exact": "fr", "status__exact": "pending"}),
        (s, "search: email", {"q": "reader12"}),
        (s, "page 2", {"p": 2}),
        (s, "sorted by email", {"o": "1"}),
    ]


def url_of(model: str) -> str:
    from django.urls import reverse

    app = "newsletter" if model == "subscriber" else "registrations"
    return reverse(f"admin:{app}_{model}_changelist")


def measure(client, url: str, params: dict, runs: int) -> tuple[float, float, float, int, int]:
    """p50 and p95 in ms over `runs` runs (after one to warm up), the median of this
    process's CPU time (Python's share, which other processes on a busy machine do not
    inflate as much as the wall time), the queries and bytes of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    queries = len(captured)  # now: the next request empties the log it reads
    assert response.status_code == 200, (url, params, response.status_code)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, statistics.median(cpu), queries, len(response.content)


def query_counts(client) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for model, case, params in pages():
        with CaptureQueriesContext(connection) as captured:
            client.get(url_of(model), params)
        counts[model, case] = len(captured)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", ""))
    parser.add_argument("--quick", action="store_true", help="2,000 rows, 5 runs")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.runs = 2_000, 5
    folder = tempfile.mkdtemp(prefix="bench-admin-")
    if args.postgres_url:
        if not postgres_answers(args.postgres_url):
            print("Admin changelists benchmark: PostgreSQL does not answer; skipped.")
            return 0
        database_url, engine = args.postgres_url, "PostgreSQL"
    else:
        database_url, engine = f"sqlite:///{folder}/bench.sqlite3", "SQLite"
    env = environment(database_url, folder)
    os.environ.update(env)
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True
        )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("flush", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    rng = random.Random(SEED)
    small = min(args.small, args.rows)
    build_rows(small, 0, rng)
    client = staff_client()
    small_counts = query_counts(client)
    build_rows(args.rows - small, small, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    print(f"\nAdmin changelists ({engine}, {args.rows} rows each, {args.runs} runs each)")
    print(
        f"{'changelist':<13} {'case':<28} {'p50 ms':>7} {'p95 ms':>7} {'cpu ms':>7} {'KB':>5}"
        f" {'queries@' + str(small):>12} {'queries@' + str(args.rows):>14}  verdict"
    )
    failed = False
    for model, case, params in pages():
        p50, p95, cpu, queries, size = measure(client, url_of(model), params, args.runs)
        ok = p95 < GOAL_MS and queries == small_counts[model, case]
        failed |= not ok
        print(
            f"{model:<13} {case:<28} {p50:>7.1f} {p95:>7.1f} {cpu:>7.1f} {size / 1024:>5.0f}"
            f" {small_counts[model, case]:>12} {queries:>14}  {'ok' if ok else 'OVER GOAL'}"
        )
    print(f"Goal: p95 < {GOAL_MS} ms and the same number of queries at both sizes.")
    print(f"Load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    if failed:
        print("Some pages missed the goal.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
