"""Query budgets: every page in the sitemap, and the public pages it does not list (search,
forms, questions), in both languages, renders in at most `BUDGET` queries, and the count
does not grow when there is ten times more content.

Measured with the page cache off (every request renders) and the small site-wide caches
warm (site settings and the pages the header links to: two queries that every page shares,
cached for an hour and refreshed on change), i.e. the cost of rendering the page itself."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.models import Event, Session
from newsletter.models import Issue
from portal.site.context_processors import site as site_context
from portal.site.demo import load as load_site_demo
from projects.models import Call, Country, Project
from tests.events.factories import SessionFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory
from tests.portal.factories import PageFactory
from tests.projects.factories import (
    CallFactory,
    PartnerFactory,
    ProjectFactory,
    SectorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

# 10, plus what the dialogue adds to a project page: its Q&A section (3 queries) and the
# Q&A counts on its calls' cards (1).
BUDGET = 14
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def load_demo() -> None:
    from events.demo import load as load_events
    from newsletter.demo import load as load_newsletter
    from projects.demo import load as load_projects

    for load in (load_site_demo, load_projects, load_events, load_newsletter):
        load()


def add_demo_like_content(rounds: range) -> None:
    """One demo's worth of content per round, attached to the demo's countries and issue so
    that the pages already there (country, issue, project list...) have more to show. Any
    three rounds in a row give every country projects, calls and events."""
    countries = list(Country.objects.order_by("pk"))
    demo_issue = Issue.objects.order_by("pk").first()
    for n in rounds:
        origins = [c for i, c in enumerate(countries) if i % 3 == n % 3]
        residences = [c for i, c in enumerate(countries) if i % 3 == (n + 1) % 3]
        project = ProjectFactory(
            countries=origins,
            residence=residences,
            sector_list=[SectorFactory(), SectorFactory()],
            partner_list=[PartnerFactory(), PartnerFactory()],
            funder=PartnerFactory(),
        )
        TargetFactory.create_batch(3, project=project)
        calls = [
            CallFactory(project=project),
            CallFactory(project=project, kind=Call.Kind.INVESTORS),
        ]
        for country in origins[:2]:
            SessionFactory(event__project=project, country=country, capacity=30)
        SessionFactory(event__project=project, tbd=True)
        SessionFactory(event__project=project, past=True, country=residences[0])
        issue = IssueFactory(number=1000 + n)
        for position in range(5):
            ArticleFactory(issue=issue, position=position, project=project, call=calls[0])
        if demo_issue is not None:
            ArticleFactory(issue=demo_issue, position=100 + n, project=project, call=calls[1])
        PageFactory()


def sitemap_paths(client) -> list[str]:
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own)
    urls = {loc.text for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS)}
    urls |= {
        link.get("href")
        for link in root.iterfind("sm:url/xhtml:link", SITEMAP_NS)
        if link.get("hreflang") != "x-default"  # "/": a redirect to the visitor's language
    }
    return sorted(urlsplit(url).path for url in urls)


def other_public_paths() -> list[str]:
    """Public pages the sitemap does not list: search (a word every round's content holds),
    the forms, a project's questions. The same addresses before and after the content grows
    (the demo's first items)."""
    from django.urls import reverse

    from dialogue.models import Question

    call = Call.objects.public().filter(kind=Call.Kind.CANDIDATES).order_by("pk").first()
    sessions = Session.objects.order_by("pk")
    session = next(session for session in sessions if session.accepts_registrations())
    project = Project.objects.published().order_by("pk").first()
    paths = []
    for language in ("en", "fr"):
        with translation.override(language):
            paths += [
                reverse("portal:search") + "?q=project",
                reverse("portal:contact"),
                reverse("newsletter:subscribe"),
                reverse("registrations:register", args=[session.pk]),
                reverse("registrations:apply", args=[call.slug]),
                reverse("dialogue:item", args=["project", project.pk]),
                reverse("dialogue:ask", args=["project", project.pk]),
            ]
            question = Question.objects.filter(status="approved").order_by("pk").first()
            if question is not None:
                paths.append(reverse("dialogue:question", args=[question.pk]))
    return paths


def queries_per_page(client, paths) -> dict[str, int]:
    counts = {}
    for path in paths:
        caches["default"].clear()  # nothing a previous page left (thumbnails, ...)
        site_context(None)  # the site-wide entries every page shares
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


@pytest.fixture
def uncached_pages(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_every_sitemap_page_stays_within_budget_as_content_grows(client, uncached_pages):
    load_demo()
    add_demo_like_content(range(3))  # every page has something to list
    paths = sitemap_paths(client) + other_public_paths()
    assert any(p.startswith("/fr/") for p in paths) and any(p.startswith("/en/") for p in paths)
    assert Event.objects.exists() and Project.objects.exists()
    small = queries_per_page(client, paths)

    add_demo_like_content(range(3, 12))  # ten times the demo
    large_paths = sitemap_paths(client)
    assert len(large_paths) > 2 * len(paths)
    large_paths += other_public_paths()
    large = queries_per_page(client, large_paths)

    over = {path: n for path, n in large.items() if n > BUDGET}
    assert not over, f"pages over {BUDGET} queries: {over}"
    grown = {path: (small[path], large[path]) for path in paths if large[path] > small[path]}
    assert not grown, f"query count grows with content (before, after): {grown}"
