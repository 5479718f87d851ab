"""Benchmark: the talent pool's faceted search and call matching at 5,000 and 50,000 profiles.

On PostgreSQL (the full text and its GIN indexes are PostgreSQL's): a fresh schema, the demo
content, then generated profiles (bench/talent_pool_data.build_pool). Each realistic search
(a facet, two facets, free text in English and in French with accents, text and facets) is
run as the search page runs it: a page of 25 results with their rows, the result's count and
every facet's counts. Printed: p50 and p95 over --runs runs at the full size, and the number
of queries at both sizes, which must be equal (goal: p95 under 200 ms). Call matching
(talent.matching: a page of ranked profiles with the why, and the count) is measured the
same way.
Skipped, with a message, when PostgreSQL does not answer.

    .venv/bin/python bench/talent_pool.py [--profiles 50000] [--runs 50] [--database-url URL]
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = "postgres://postgres@127.0.0.1:5432/bench_talent"
GOAL_MS = 200
SMALL = 5_000


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


def searches() -> list[tuple[str, object]]:
    """(label, PoolQuery) of what officers ask, on the demo's reference data."""
    from projects.models import Sector, Skill
    from talent.search import PoolQuery

    sector = Sector.objects.order_by("pk").first()
    skill = Skill.objects.filter(sector=sector).order_by("pk").first() or Skill.objects.first()
    return [
        ("no filter", PoolQuery()),
        ("one facet: origin", PoolQuery(origin="RW")),
        ("two facets: sector + language",
         PoolQuery(sector=sector.pk, language="fr", level="fluent")),
        ("four facets", PoolQuery(origin="MR", skill=skill.pk, availability="now", years=10)),
        ("text, English: nurse", PoolQuery(q="nurse")),
        ("text, French: ingénieure", PoolQuery(q="ingénieure civile")),
        ("text, French no accent: irrigation", PoolQuery(q="specialiste irrigation")),
        ("text + facets", PoolQuery(q="teacher", residence="FR", work_mode="remote")),
    ]  # fmt: skip


def search_page(query) -> int:
    """What the search page reads; returns the number of results."""

    from talent.search import PoolPaginator, pool_facets, pool_ids, pool_search

    ids = pool_ids(query)
    page = PoolPaginator(pool_search(query, ids=ids), 25, ids=ids).get_page(1)
    rows = list(page.object_list)
    for profile in rows:  # the row's prefetched parts, as the template reads them
        list(profile.countries.all()), list(profile.skills.all())
    pool_facets(query, ids=ids)
    return page.paginator.count


def matchings() -> list[tuple[str, object]]:
    """(label, run) of matching a call with requirements of every kind: a page of 25 ranked
    profiles with their "why", without and with the near misses."""
    from projects.models import Call, CallLanguage, Country, Sector, Skill
    from talent.matching import call_matches, match_explanations

    call = Call.objects.order_by("pk").first()
    sector = Sector.objects.order_by("pk").first()
    call.match_countries.set(Country.objects.filter(code__in=["RW", "MR", "SN"]))
    call.match_sectors.set([sector])
    call.match_skills.set(Skill.objects.filter(sector=sector)[:3])
    call.match_min_years = 5
    call.match_work_mode = "remote"
    call.save()
    CallLanguage.objects.update_or_create(call=call, language="fr", defaults={"level": "fluent"})

    def run(near_misses: bool) -> int:
        matches = call_matches(call=call, near_misses=near_misses)
        profiles = list(matches[:25])
        match_explanations(call=call, profiles=profiles)
        return matches.count()

    return [
        ("call matching (page of 25, why)", lambda: run(False)),
        ("call matching with near misses", lambda: run(True)),
    ]


def measure(run, runs: int) -> tuple[float, float, int]:
    """p50 and p95 in ms over `runs` runs (after one to warm up), and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, len(captured)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-url", default=PG_URL)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres") or not postgres_answers(args.database_url):
        print("Talent pool benchmark: PostgreSQL does not answer; skipped.")
        return 0

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": args.database_url,
        "EMAIL_URL": "dummymail://",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.talent_pool_data import build_pool

    call_command("flush", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    small = min(SMALL, args.profiles)
    build_pool(small)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    cases = [(label, lambda q=query: search_page(q)) for label, query in searches()]
    cases += matchings()
    small_queries = {label: measure(run, 1)[2] for label, run in cases}

    build_pool(args.profiles - small, start=small)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\nTalent pool benchmark (PostgreSQL, {args.profiles} profiles, {args.runs} runs each)")
    print(
        f"{'measure':<40} {'results':>8} {'p50 ms':>8} {'p95 ms':>8}"
        f" {'queries@' + str(small):>14} {'queries@' + str(args.profiles):>15}  verdict"
    )
    failed = False
    for label, run in cases:
        p50, p95, queries = measure(run, args.runs)
        results = run()
        ok = p95 < GOAL_MS and queries == small_queries[label]
        failed |= not ok
        print(
            f"{label:<40} {results:>8} {p50:>8.1f} {p95:>8.1f} {small_queries[label]:>14}"
            f" {queries:>15}  {'ok' if ok else 'OVER GOAL'}"
        )
    print(f"Goal: p95 < {GOAL_MS} ms and the same number of queries at both sizes.")
    if failed:
        print("Some measures missed the goal.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
