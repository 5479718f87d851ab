"""The site as deployed, for the page budgets (bench/weight.py, bench/lighthouse_scores.py)
and the screenshots (bench/screenshots.py): translations compiled, static files collected
(hashed, compressed), DJANGO_DEBUG=0, gunicorn, the demo content in a temporary SQLite
database, and one URL of each page type in each language.

Uploaded images are served beside the site (bench/media_wsgi.py) as the reverse proxy does
in production, so that pages are measured and photographed with their pictures. The scripts
know the pages by their URLs only, never by their markup: a page type whose URL does not
exist (yet) is left out with a note.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Run in `manage.py shell` once the demo is loaded: {"pages": {lang: {type: path or a
# note}}, "staff_session": key}. A path starts with "/"; anything else says why it is missing.
URLS_SCRIPT = r"""
import importlib, json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import translation

def first(queryset):
    found = queryset.first()
    if found is None:
        raise LookupError("no such content in the demo")
    return found

def models():
    from events.models import Event, Session
    from newsletter.models import Issue
    from portal.core.models import Page
    from projects.models import Call, Country, Project
    return Event, Session, Issue, Page, Call, Country, Project

def page_types():
    Event, Session, Issue, Page, Call, Country, Project = models()
    issue = lambda: first(Issue.objects.published().order_by("-date"))
    open_call = lambda kind: first(Call.objects.published().open().filter(kind=kind))
    session = lambda: next(
        s for s in Session.objects.filter(event__in=Event.objects.published()).order_by("pk")
        if s.accepts_registrations()
    ).pk
    page = lambda slug: next(p for p in Page.objects.all() if p.slug_en == slug)
    country = lambda: first(Country.objects.filter(is_focus=True).order_by("code"))
    event = lambda: Event.objects.published().upcoming().first() or first(Event.objects.published())
    return {
        "home": lambda: reverse("portal:home"),
        "news list": lambda: reverse("newsletter:issue-list"),
        "issue": lambda: issue().get_absolute_url(),
        "article": lambda: first(issue().articles.order_by("position")).get_absolute_url(),
        "projects list": lambda: reverse("projects:project-list"),
        "project": lambda: first(Project.objects.published()).get_absolute_url(),
        "country": lambda: country().get_absolute_url(),
        "call": lambda: first(Call.objects.published()).get_absolute_url(),
        "events list": lambda: reverse("events:event-list"),
        "event": lambda: event().get_absolute_url(),
        "registration form": lambda: reverse("registrations:register", args=[session()]),
        "registration sent": lambda: reverse(
            "registrations:registration-requested", args=[session()]
        ),
        "application form": lambda: reverse(
            "registrations:apply", args=[open_call(Call.Kind.CANDIDATES).slug]
        ),
        "interest form": lambda: reverse(
            "registrations:interest", args=[open_call(Call.Kind.INVESTORS).project.slug]
        ),
        "submission thanks": lambda: (
            reverse("registrations:submission-thanks") + "?reference=APP-DEMO-0001"
        ),
        "subscribe": lambda: reverse("newsletter:subscribe"),
        "subscribe thanks": lambda: reverse("newsletter:subscribe-thanks"),
        "search": lambda: reverse("portal:search") + "?q=" + country().name.split()[0],
        "contact": lambda: reverse("portal:contact"),
        "about": lambda: page("about").get_absolute_url(),
        "privacy": lambda: page("privacy").get_absolute_url(),
        "404": lambda: reverse("portal:home") + "no-such-page/",
        "style guide (staff)": styleguide,
    }

def styleguide():
    for name in ("portal:styleguide", "portal:style-guide", "styleguide", "style-guide"):
        try:
            return reverse(name)
        except NoReverseMatch:
            pass
    raise LookupError("no style guide URL yet")

pages = {}
for code, _name in settings.LANGUAGES:
    with translation.override(code):
        pages[code] = {}
        for name, build in page_types().items():
            try:
                pages[code][name] = build()
            except (NoReverseMatch, LookupError, StopIteration, AttributeError) as exc:
                pages[code][name] = f"skipped: {type(exc).__name__} {exc}".strip()

staff, _created = get_user_model().objects.get_or_create(
    username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
)
store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(staff.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = staff.get_session_auth_hash()
store.create()
print(json.dumps({"pages": pages, "staff_session": store.session_key}))
"""


@dataclass
class Site:
    base_url: str
    pages: dict[str, dict[str, str]]  # language -> page type -> path, or "skipped: why"
    staff_session: str
    session_cookie: str
    tmp: Path

    def urls(self, language: str) -> list[tuple[str, str]]:
        """(page type, path) of the page types that exist, in a fixed order."""
        return [(n, p) for n, p in self.pages[language].items() if p.startswith("/")]

    def skipped(self, language: str) -> list[tuple[str, str]]:
        return [(n, p) for n, p in self.pages[language].items() if not p.startswith("/")]


def say(message: str) -> None:
    print(f"== {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(tmp: Path, port: int) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "ADMIN_REQUIRE_2FA": "0",  # the staff-only style guide, with a session made below
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "PAGE_CACHE_DIR": str(tmp / "pages"),
        "SITE_URL": f"http://localhost:{port}",
        "EMAIL_URL": "dummymail://",  # forms are shown, never sent
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "off",
        "GUNICORN_LOG_LEVEL": "warning",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("REDIS_URL", None)  # caches as on a single host: local memory and files
    return env


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@contextlib.contextmanager
def deployed_site() -> Iterator[Site]:
    """Serve the site as deployed for the duration of the `with` block."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-site-"))
    port = free_port()
    env = environment(tmp, port)
    say(f"preparing the site as deployed in {tmp} (compilemessages, collectstatic, demo)")
    manage(env, "compilemessages", "-v", "0", "-i", "node_modules", "-i", ".venv")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo", "-v", "0")
    found = json.loads(manage(env, "shell", "-v", "0", "-c", URLS_SCRIPT).strip().splitlines()[-1])
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "media_wsgi:application", "-c", str(ROOT / "gunicorn.conf.py"),
         "--pythonpath", f"{ROOT},{ROOT / 'bench'}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )  # fmt: skip
    base_url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if get_status(f"{base_url}/healthz") == 200:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)
        say(f"serving on {base_url} (DJANGO_DEBUG=0, gunicorn)")
        yield Site(
            base_url=base_url,
            pages=found["pages"],
            staff_session=found["staff_session"],
            session_cookie="sessionid",
            tmp=tmp,
        )
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def print_skipped(site: Site) -> None:
    for language in site.pages:
        for name, why in site.skipped(language):
            print(f"   {language} {name}: {why}")
