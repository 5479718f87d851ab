"""Benchmark: public pages under load, side by side with a floor, plus Lighthouse.

For each database (PostgreSQL and SQLite), with production settings (DJANGO_DEBUG=0,
collected static files, the page cache in Redis) under gunicorn with 2 workers:

1. wrk measures requests per second and p50/p99 latency for a bare Django view (one view,
   no middleware: bench/bare_wsgi.py under the same gunicorn, 2 workers), the floor
   (/robots.txt through the whole site: a cache hit, answered from a process's copy before
   Django's request handling) and for the home, an issue, an article, the project list, an
   event and the search page; it prints the floor's ratio to the bare view (target 0.8) and
   each page's ratio to the floor (cached pages: 0.9; search 0.3);
2. on the first database, locust runs a mixed English/French browsing load (50 users,
   2 minutes; 30 s with --quick) and prints the failure ratio, p95 and the 5xx count;
3. then Lighthouse (npm package, installed under .cache/lighthouse, Debian's Chromium
   through CHROME_PATH) scores the home, an issue, a project and an event page in both
   languages with its mobile profile.

These are measurements, not tests: the script prints figures and flags what misses its
target, and exits 0 unless something could not run at all.

    .venv/bin/python bench/pages.py [--quick] [--postgres-url URL] [--redis-url URL]
                                    [--databases postgres,sqlite] [--no-locust] [--no-lighthouse]

The PostgreSQL database given is flushed and filled with the demo content. wrk comes from
the system (`apt-get install wrk`, tried when missing and running as root); locust is
installed into the current virtualenv when missing.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from pages_load import CHROMIUM, ensure_lighthouse, ensure_locust, run_lighthouse, run_locust

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
VENV_BIN = Path(PY).parent

URLS_SCRIPT = """
import json
from django.utils import translation
from events.models import Event
from newsletter.models import Article, Issue
from projects.models import Country, Project
out = {}
for lang in ("en", "fr"):
    with translation.override(lang):
        issue = Issue.objects.published().order_by("-date").first()
        article = issue.articles.order_by("position").first()
        event = Event.objects.published().upcoming().first() or Event.objects.published().first()
        project = Project.objects.published().first()
        country = Country.objects.filter(is_focus=True).order_by("code").first()
        from django.urls import reverse
        out[lang] = {
            "home": reverse("portal:home"),
            "issue list": reverse("newsletter:issue-list"),
            "issue": issue.get_absolute_url(),
            "article": article.get_absolute_url(),
            "project list": reverse("projects:project-list"),
            "project": project.get_absolute_url(),
            "event list": reverse("events:event-list"),
            "event": event.get_absolute_url(),
            "country": country.get_absolute_url(),
            "get involved": reverse("portal:get-involved"),
            "search": reverse("portal:search") + ("?q=health" if lang == "en" else "?q=sante"),
        }
print(json.dumps(out))
"""

WRK_PAGES = ["home", "issue", "article", "project list", "event", "search"]
TARGETS = {"search": 0.3}
DEFAULT_TARGET = 0.9  # cached pages ÷ the floor


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def say(message: str) -> None:
    print(f"== {message}", flush=True)


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout if capture else ""


def ensure_wrk() -> str | None:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing wrk with apt-get")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
    return shutil.which("wrk")


def redis_usable(url: str) -> bool:
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()  # this benchmark's own database number: start empty
        return True
    except Exception as exc:
        print(f"   Redis at {url} not usable ({exc}): file-based page cache instead")
        return False


def base_env(database_url: str, redis_url: str, port: int, tmp: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback
        "DATABASE_URL": database_url,
        "DJANGO_LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "off",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
        "PAGE_CACHE_DIR": f"{tmp}/pages",
        "SITE_URL": f"http://localhost:{port}",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare_database(env: dict) -> dict:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "flush", "--noinput", "-v", "0")
    manage(env, "load_demo", "-v", "0", capture=True)
    return json.loads(manage(env, "shell", "-v", "0", "-c", URLS_SCRIPT, capture=True))


def get(url: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Host": url.split("/")[2]})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


def start_server(env: dict, port: int, app: tuple = ("portal.wsgi",), probe="/healthz"):
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), *app, "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        time.sleep(0.2)
        try:
            if get(f"http://127.0.0.1:{port}{probe}")[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            break
    stop_server(server)
    raise SystemExit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(binary: str, url: str, seconds: int) -> dict:
    """Requests/s and p50/p99 in ms from one wrk run (2 threads, 8 connections)."""
    out = subprocess.run(
        [binary, "-t2", "-c8", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


BARE = "bare Django view"
FLOOR = "floor (/robots.txt)"
FLOOR_TARGET = 0.8  # the floor ÷ the bare view


def bench_pages(binary: str, port: int, bare_port: int, urls: dict, seconds: int) -> list[tuple]:
    """The bare view, the floor, then each page. The bare view and the floor are measured
    again at the end (the load of a shared machine changes under the run) and the faster
    run of each is kept."""
    base = f"http://127.0.0.1:{port}"
    bare = f"http://127.0.0.1:{bare_port}/robots.txt"
    first_bare = wrk(binary, bare, seconds)
    print(f"   {BARE:<22} {first_bare['rps']:>8.0f} req/s", flush=True)
    rows = [(BARE, "(bench/bare_wsgi.py)", "-", first_bare)]
    pages = [(FLOOR, "/robots.txt")]
    pages += [(name, urls["en"][name]) for name in WRK_PAGES]
    for name, path in pages:
        status, headers = 0, {}
        for _ in range(10):  # warm up: fill the page cache in both workers
            status, headers = get(base + path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        result = wrk(binary, base + path, seconds)
        rows.append((name, path, headers.get("X-Page-Cache", "-"), result))
        print(f"   {name:<22} {result['rps']:>8.0f} req/s", flush=True)
    for index, url in ((0, bare), (1, base + "/robots.txt")):
        again = wrk(binary, url, seconds)
        print(f"   {rows[index][0] + ', again':<22} {again['rps']:>8.0f} req/s", flush=True)
        if again["rps"] > rows[index][3]["rps"]:
            rows[index] = (*rows[index][:3], again)
    return rows


def print_pages_table(label: str, rows: list[tuple]) -> None:
    bare, floor = rows[0][3]["rps"], rows[1][3]["rps"]
    print(f"\nPages under wrk, gunicorn 2 workers, {label}")
    header = f"{'page':<22} {'path':<46} {'cache':<5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}"
    print(f"{header} {'ratio':>6} {'target':>6}  ok  non-2xx")
    for name, path, cache, r in rows:
        # The floor is compared with the bare view, each page with the floor.
        ratio = r["rps"] / (bare if name == FLOOR else floor)
        target = {BARE: 0, FLOOR: FLOOR_TARGET}.get(name, TARGETS.get(name, DEFAULT_TARGET))
        verdict = "" if name == BARE else ("yes" if ratio >= target else "NO")
        shown = "" if name == BARE else f"{target:.1f}"
        print(
            f"{name:<22} {path[:46]:<46} {cache:<5} {r['rps']:>7.0f} {r['p50']:>7.2f} "
            f"{r['p99']:>7.2f} {ratio:>6.2f} {shown:>6}  {verdict:<3} {r['errors']:>7}"
        )


def prepare_run(args, name: str) -> tuple[str, str, str, list[str]]:
    """What a wrk benchmark needs before its databases: wrk, a temporary folder, a usable
    Redis URL (or ""), the databases to run, and the messages and static files built as in
    production."""
    binary = ensure_wrk()
    if not binary:
        raise SystemExit("wrk is needed: apt-get install wrk")
    tmp = tempfile.mkdtemp(prefix=f"bench-{name}-")
    redis_url = args.redis_url if args.redis_url and redis_usable(args.redis_url) else ""
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    if "postgres" in databases and not args.postgres_url.startswith("postgres"):
        print("   no PostgreSQL URL (--postgres-url or BENCH_POSTGRES_URL): PostgreSQL skipped")
        databases.remove("postgres")
    first_env = base_env(f"sqlite:///{tmp}/static.sqlite3", "", 0, tmp)
    say("compiling messages and collecting static files (as in production)")
    manage(first_env, "compilemessages", "-v", "0", "-i", "node_modules", "-i", ".venv")
    manage(first_env, "collectstatic", "--noinput", "-v", "0")
    return binary, tmp, redis_url, databases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (3 s wrk, 30 s locust)")
    parser.add_argument("--databases", default="postgres,sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", os.environ.get("DATABASE_URL", "")),
        help="a PostgreSQL database the benchmark may flush (default: $BENCH_POSTGRES_URL)",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    )
    parser.add_argument("--no-locust", action="store_true")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    wrk_seconds = 3 if args.quick else 8
    locust_seconds = 30 if args.quick else 120

    binary, tmp, redis_url, databases = prepare_run(args, "pages")

    started = time.monotonic()
    for index, database in enumerate(databases):
        port = free_port()
        url = args.postgres_url if database == "postgres" else f"sqlite:///{tmp}/bench.sqlite3"
        env = base_env(url, redis_url, port, tmp)
        say(f"{database}: migrating and loading the demo content")
        urls = prepare_database(env)
        if redis_url:
            redis_usable(redis_url)  # empty cache for each database
        server = start_server(env, port)
        bare_port = free_port()
        bare_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{bare_port}"}
        bare_server = start_server(
            bare_env, bare_port, ("bare_wsgi:application", "--pythonpath", "bench"), "/robots.txt"
        )
        try:
            say(f"{database}: wrk, {wrk_seconds} s per page")
            rows = bench_pages(binary, port, bare_port, urls, wrk_seconds)
            cache = "Redis" if redis_url else "file-based"
            print_pages_table(f"{database}, page cache {cache}", rows)
            if index == 0 and not args.no_locust:
                locust = ensure_locust()
                if locust:
                    say(f"{database}: locust, 50 users, {locust_seconds} s")
                    run_locust(locust, port, urls, locust_seconds, tmp)
                else:
                    print("locust could not be installed: mixed load skipped")
            if index == 0 and not args.no_lighthouse:
                cli = ensure_lighthouse()
                if cli and Path(CHROMIUM).exists():
                    say(f"{database}: Lighthouse")
                    run_lighthouse(cli, port, urls, tmp)
                else:
                    print("Lighthouse skipped: needs npm/node and Chromium at", CHROMIUM)
        finally:
            stop_server(bare_server)
            stop_server(server)
    print(f"\n(pages benchmark took {time.monotonic() - started:.0f} s; files in {tmp})")


if __name__ == "__main__":
    main()
