"""The page cache's targeted renewal (portal/core/cache.py, "Tags"): each kind of change
renews the pages that show it and leaves the others cached."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import reverse

from dialogue.models import Question
from dialogue.services import moderation
from newsletter.models import Issue
from portal.core import cache as page_cache
from portal.core.cache import PageCacheMiddleware, invalidate_objects, page_tags
from portal.core.models import SiteSettings
from portal.core.publishing import publish_due
from registrations import services as registrations
from tests.dialogue.factories import PublishedQuestionFactory
from tests.events.factories import EventFactory, SessionFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory
from tests.projects.factories import CallFactory, ProjectFactory
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed (the test itself never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def site(client):
    """Content of every kind, each page cached (a miss, then a hit)."""
    SiteSettings.load()  # created on first use: a change every page shows
    project, other_project = ProjectFactory(), ProjectFactory()
    session = SessionFactory(capacity=10, event__project=project)
    other_session = SessionFactory(capacity=10)
    issue = IssueFactory()
    article = ArticleFactory(issue=issue)
    other_issue = IssueFactory()
    call = CallFactory(project=project)
    urls = {
        "home": reverse("portal:home"),
        "event list": reverse("events:event-list"),
        "event": session.event.get_absolute_url(),
        "other event": other_session.event.get_absolute_url(),
        "issue list": reverse("newsletter:issue-list"),
        "issue": issue.get_absolute_url(),
        "article": article.get_absolute_url(),
        "other issue": other_issue.get_absolute_url(),
        "project list": reverse("projects:project-list"),
        "project": project.get_absolute_url(),
        "other project": other_project.get_absolute_url(),
        "call": call.get_absolute_url(),
    }
    for url in urls.values():
        assert client.get(url)["X-Page-Cache"] == "miss", url
        assert client.get(url)["X-Page-Cache"] == "hit", url
    objects = {
        "session": session,
        "issue": issue,
        "article": article,
        "project": project,
        "call": call,
        "other_issue": other_issue,
    }
    return urls, objects


def renewed(client, urls: dict) -> set[str]:
    """The names of the pages that are no longer cached."""
    return {name for name, url in urls.items() if client.get(url)["X-Page-Cache"] != "hit"}


def test_a_registration_renews_its_event_page_only(client, site, committed):
    urls, objects = site
    with committed():
        registrations.registration_create(session=objects["session"], **details(1))
    assert renewed(client, urls) == {"event"}
    assert "9 places left of 10" in client.get(urls["event"]).text


def test_no_list_shows_the_places_left_so_a_registration_leaves_lists_cached(client, site):
    """What lets a registration renew its event's page only (registrations/services/events.py):
    the places left are on the event's page, on no list."""
    urls, _objects = site
    assert "places left of 10" in client.get(urls["event"]).text
    for name in ("event list", "home", "project", "project list", "issue"):
        assert "places left" not in client.get(urls[name]).text, name


def test_a_cancelled_registration_renews_its_event_page_only(client, site, committed):
    urls, objects = site
    with committed():
        registration = registrations.registration_create(session=objects["session"], **details(1))
    renewed(client, urls)  # cached again
    with committed():
        registrations.registration_cancel(registration=registration)
    assert renewed(client, urls) == {"event"}
    assert "10 places left of 10" in client.get(urls["event"]).text


def test_editing_an_article_renews_its_issue_and_its_lists_not_the_events(client, site, committed):
    urls, objects = site
    article = objects["article"]
    with committed():
        article.title_en = "A corrected title"
        article.save()
    assert {"article", "issue", "issue list", "home"} <= renewed(client, urls)
    assert not {"event", "other event", "event list", "other issue"} & renewed(client, urls)
    assert "A corrected title" in client.get(urls["issue"]).text


def test_publishing_an_issue_renews_the_lists_that_show_it(client, site, committed):
    urls, _objects = site
    with committed():
        IssueFactory(title_en="Freshly published")
    changed = renewed(client, urls)
    assert {"issue list", "home"} <= changed
    assert not {"event", "other event", "event list"} & changed
    assert "Freshly published" in client.get(urls["issue list"]).text


def test_a_session_capacity_change_renews_its_event_not_the_others(client, site, committed):
    urls, objects = site
    session = objects["session"]
    with committed():
        session.capacity = 25
        session.save()
    changed = renewed(client, urls)
    assert {"event", "event list"} <= changed
    assert not {"issue", "article", "other issue"} & changed
    assert "25 places left of 25" in client.get(urls["event"]).text


def test_a_project_change_renews_its_pages_and_its_calls_not_the_news(client, site, committed):
    urls, objects = site
    project = objects["project"]
    with committed():
        project.title_en = "A renamed project"
        project.save()
    # And more (every page showing some project's data: an issue's cards may name it).
    assert {"project", "project list", "call", "event", "home"} <= renewed(client, urls)
    assert "A renamed project" in client.get(urls["call"]).text


def test_a_call_change_renews_its_page_and_its_project(client, site, committed):
    urls, objects = site
    call = objects["call"]
    with committed():
        call.title_en = "A renamed call"
        call.save()
    assert {"call", "project", "project list", "home"} <= renewed(client, urls)
    assert "A renamed call" in client.get(urls["call"]).text


def test_approving_a_question_renews_its_item_page_only(client, site, committed):
    urls, objects = site
    question = PublishedQuestionFactory(
        project=objects["project"], status=Question.Status.PENDING, text_en="Who can apply?"
    )
    with committed():
        moderation.question_approve(question=question)
    changed = renewed(client, urls)
    assert "project" in changed
    assert not {"event", "other event", "issue", "article", "other project", "call"} & changed
    assert "Who can apply?" in client.get(urls["project"]).text


def test_site_settings_renew_every_page(client, site, committed):
    urls, _objects = site
    with committed():
        settings_row = SiteSettings.load()
        settings_row.organisation_name = "A new name"
        settings_row.save()
    assert renewed(client, urls) == set(urls)


NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_a_scheduled_issue_going_public_renews_the_lists_not_the_events(client, committed):
    with time_machine.travel(NOON - timedelta(days=1), tick=False):
        issue = IssueFactory(
            status=Issue.Status.SCHEDULED, publish_at=NOON, title_en="Scheduled news"
        )
        event = EventFactory()
    news, event_url = reverse("newsletter:issue-list"), event.get_absolute_url()
    with time_machine.travel(NOON - timedelta(seconds=10), tick=False):
        for url in (news, event_url, news, event_url):
            client.get(url)
        assert client.get(news)["X-Page-Cache"] == "hit"
    with time_machine.travel(NOON + timedelta(seconds=10), tick=False):  # nothing expired
        with committed():
            assert publish_due() == 1
        assert client.get(event_url)["X-Page-Cache"] == "hit"
        response = client.get(news)
        assert response["X-Page-Cache"] == "miss"
        assert "Scheduled news" in response.text
        assert client.get(issue.get_absolute_url()).status_code == 200


def test_invalidate_objects_renews_the_pages_of_those_objects(client, site, committed):
    urls, objects = site
    with committed():
        invalidate_objects(objects["other_issue"])
    assert renewed(client, urls) == {"other issue", "issue list", "home"}


def _view_changing_what_it_shows(change: bool):
    """A view that reads its data, then (as another request's commit would) sees the tag it
    shows renewed before the page is stored."""

    def view(request):
        page_tags(request, "test:shown")
        response = HttpResponse("<p>old data</p>")
        if change:
            page_cache._renew({"test:shown"})  # a write committed while rendering
        return response

    return view


def test_a_page_rendered_while_what_it_shows_changed_is_not_stored(rf):
    request = rf.get("/en/racing/")
    assert PageCacheMiddleware(_view_changing_what_it_shows(True))(request)["X-Page-Cache"] == (
        "miss"
    )
    quiet = PageCacheMiddleware(_view_changing_what_it_shows(False))
    assert quiet(rf.get("/en/racing/"))["X-Page-Cache"] == "miss"  # nothing was stored
    assert quiet(rf.get("/en/racing/"))["X-Page-Cache"] == "hit"


def test_a_page_stored_before_a_change_is_never_served_after_it(rf):
    quiet = PageCacheMiddleware(_view_changing_what_it_shows(False))
    quiet(rf.get("/en/racing/"))
    assert quiet(rf.get("/en/racing/"))["X-Page-Cache"] == "hit"
    page_cache._renew({"test:shown"})
    assert quiet(rf.get("/en/racing/"))["X-Page-Cache"] == "miss"


def test_an_evicted_tag_version_makes_its_pages_stale(rf):
    quiet = PageCacheMiddleware(_view_changing_what_it_shows(False))
    quiet(rf.get("/en/racing/"))
    caches["pages"].delete("pages:tag:test:shown")
    assert quiet(rf.get("/en/racing/"))["X-Page-Cache"] == "miss"


@pytest.fixture
def cache_calls(monkeypatch):
    """The calls made to the page cache (the real cache answers them)."""
    calls, depth = [], []
    backend = caches["pages"]
    for name in ("get", "get_many", "set", "set_many", "add"):
        method = getattr(backend, name)

        def spy(*args, _name=name, _method=method, **kwargs):
            if not depth:  # not the backend's own calls (get_many calls get)
                calls.append(_name)
            depth.append(_name)
            try:
                return _method(*args, **kwargs)
            finally:
                depth.pop()

        monkeypatch.setattr(backend, name, spy)
    return calls


def test_a_hit_is_one_read_from_the_cache(client, site, cache_calls):
    urls, _objects = site
    for url in urls.values():
        cache_calls.clear()
        assert client.get(url)["X-Page-Cache"] == "hit"
        assert cache_calls == ["get_many"], url


def test_a_hit_stored_by_another_process_needs_a_second_read(client, site, cache_calls):
    urls, _objects = site
    page_cache._known_tags.clear()  # this process never saw the entry's tags
    assert client.get(urls["event"])["X-Page-Cache"] == "hit"
    assert cache_calls == ["get_many", "get_many"]
    cache_calls.clear()
    assert client.get(urls["event"])["X-Page-Cache"] == "hit"
    assert cache_calls == ["get_many"]


@pytest.mark.parametrize("backend", ["filebased", "redis"])
def test_targeted_renewal_works_on_the_shared_backends(
    client, committed, settings, tmp_path, backend
):
    if backend == "filebased":
        pages = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    else:  # this helper's Redis database (2): production's fail-open backend
        pages = {
            "BACKEND": "portal.core.redis_cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/2",
        }
    settings.CACHES = {**settings.CACHES, "pages": pages}
    caches["pages"].clear()
    page_cache._known_tags.clear()
    try:
        session, other = SessionFactory(capacity=5), SessionFactory(capacity=5)
        url, other_url = session.event.get_absolute_url(), other.event.get_absolute_url()
        for page in (url, other_url, url, other_url):
            client.get(page)
        assert client.get(url)["X-Page-Cache"] == "hit"
        with committed():
            registrations.registration_create(session=session, **details(1))
        assert "4 places left of 5" in client.get(url).text
        assert client.get(other_url)["X-Page-Cache"] == "hit"
    finally:
        caches["pages"].clear()
        page_cache._known_tags.clear()


def test_with_the_cache_down_pages_are_rendered_and_nothing_is_stored(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "portal.core.redis_cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/2",  # nothing listens there
        },
    }
    page_cache._known_tags.clear()
    SessionFactory()
    for _ in range(2):
        response = client.get(reverse("events:event-list"))
        assert response.status_code == 200
        assert "X-Page-Cache" not in response  # neither a hit nor stored
    assert client.get("/robots.txt").status_code == 200
