"""The anonymous page cache (portal/core/cache.py): hits, invalidation, CSRF, headers."""

import re
import secrets

import pytest
import redis
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client
from django.urls import ResolverMatch, reverse

from events.models import Session
from newsletter.emails import one_click_url
from newsletter.models import Issue, Subscriber
from portal.core.cache import (
    CHANGED_KEY,
    GENERATION_KEY,
    PageCacheMiddleware,
    cache_query_params,
    invalidate_pages,
    page_key,
)
from tests.events.factories import SessionFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed (the test itself never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def csrf_token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    SessionFactory()
    first = client.get("/en/events/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/en/events/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_each_language_and_query_string_has_its_own_entry(client):
    IssueFactory(title_en="Spring news", title_fr="Nouvelles du printemps")
    assert "Spring news" in client.get("/en/news/").text
    french = client.get("/fr/actualites/")
    assert french["X-Page-Cache"] == "miss"
    assert "Nouvelles du printemps" in french.text
    assert client.get("/en/news/?year=2019")["X-Page-Cache"] == "miss"


def test_newly_published_article_appears_on_the_next_request(client, committed):
    issue = IssueFactory()
    ArticleFactory(issue=issue, title_en="First story")
    url = reverse("newsletter:issue-detail", kwargs={"number": issue.number})
    assert "First story" in client.get(url).text
    assert client.get(url)["X-Page-Cache"] == "hit"
    with committed():
        ArticleFactory(issue=issue, title_en="Breaking story")
    response = client.get(url)
    assert "Breaking story" in response.text
    assert "Breaking story" in client.get("/en/").text


def test_publishing_a_draft_issue_shows_it_on_the_home_page(client, committed):
    draft = IssueFactory(status=Issue.Status.DRAFT, title_en="The draft issue")
    assert "The draft issue" not in client.get("/en/").text
    with committed():
        draft.status = Issue.Status.PUBLISHED
        draft.save()
    assert "The draft issue" in client.get("/en/").text


def test_event_page_shows_a_session_change_at_once(client, committed):
    session = SessionFactory(capacity=40)
    url = session.event.get_absolute_url()
    assert "40 places left of 40" in client.get(url).text
    with committed():
        session.capacity = 25
        session.save()
    assert "25 places left of 25" in client.get(url).text


def test_remaining_places_follow_a_registration_that_calls_invalidate_pages(client, committed):
    """Places are counted with QuerySet.update() (no signal), then invalidate_pages() is
    called: the event page must never show the count from before."""
    session = SessionFactory(capacity=3)
    url = session.event.get_absolute_url()
    assert "3 places left of 3" in client.get(url).text

    with committed():
        Session.objects.filter(pk=session.pk).update(places_taken=1)  # no signal
    # Without the call the cached page is stale: this is why the call is required.
    assert "3 places left of 3" in client.get(url).text
    with committed():
        invalidate_pages()
    assert "2 places left of 3" in client.get(url).text

    with committed():
        Session.objects.filter(pk=session.pk).update(places_taken=3)
        invalidate_pages()
    assert "Full (3 places)" in client.get(url).text


def test_invalidation_inside_a_transaction_waits_for_the_commit(client, committed):
    issue = IssueFactory(title_en="Before")
    with committed():
        issue.title_en = "After"
        issue.save()
        # Rendered and stored before the commit: must not outlive it.
        assert client.get("/en/news/")["X-Page-Cache"] == "miss"
    assert "After" in client.get("/en/news/").text
    assert client.get("/en/news/")["X-Page-Cache"] == "hit"


def test_subscriber_writes_leave_the_cache_alone(client, committed):
    """A newsletter send writes thousands of rows: they must not empty the page cache."""
    IssueFactory()
    client.get("/en/news/")
    with committed():
        SubscriberFactory()
    assert client.get("/en/news/")["X-Page-Cache"] == "hit"


def test_a_cached_page_with_a_form_gives_each_visitor_a_working_csrf_token():
    # The news list carries the subscription form (the home page links to it instead).
    first = Client(enforce_csrf_checks=True)
    assert first.get("/en/news/")["X-Page-Cache"] == "miss"
    visitor = Client(enforce_csrf_checks=True)
    cached = visitor.get("/en/news/")
    assert cached["X-Page-Cache"] == "hit"
    assert "csrftoken" in cached.cookies
    token = csrf_token_in(cached.text)
    assert token != csrf_token_in(first.get("/en/news/").text)
    response = visitor.post(
        reverse("newsletter:subscribe"),
        {
            "email": "reader@example.org",
            "language": "en",
            "consent": "on",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="reader@example.org").exists()


def test_a_page_quoting_the_token_placeholder_is_not_stored(client):
    """Content holding the placeholder's text would get each visitor's CSRF token there
    too (review finding): the page is rendered for every visitor instead."""
    IssueFactory(title_en="See ?t=--csrf-token-placeholder--")
    for _ in range(3):
        response = Client().get("/en/news/")
        assert response.get("X-Page-Cache") != "hit"
        assert "?t=--csrf-token-placeholder--" in response.text
        assert csrf_token_in(response.text)  # the form still works


def test_a_page_with_a_form_is_private_to_shared_caches(client):
    for response in (client.get("/en/news/"), client.get("/en/news/")):
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_a_public_page_tells_a_cdn_it_may_store_it_and_must_revalidate(client):
    SessionFactory()
    response = client.get("/en/events/")
    assert "public" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert client.get("/en/events/")["ETag"] == response["ETag"]
    revalidated = client.get("/en/events/", headers={"if-none-match": response["ETag"]})
    assert revalidated.status_code == 304


def test_cdn_lifetime_is_a_setting(client, settings):
    settings.PAGE_CACHE_CDN_SECONDS = 30
    SessionFactory()
    assert "s-maxage=30" in client.get("/en/events/")["Cache-Control"]


def test_signed_in_staff_neither_read_nor_fill_the_cache(client, admin_user):
    draft = IssueFactory(status=Issue.Status.DRAFT, title_en="Staff-only draft")
    ArticleFactory(issue=draft)
    url = reverse("newsletter:issue-detail", kwargs={"number": draft.number})
    client.force_login(admin_user)
    assert "X-Page-Cache" not in client.get("/en/events/")
    response = client.get(url, follow=True)  # to the draft's preview
    assert "Staff-only draft" in response.text
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert Client().get(url).status_code == 404
    client.logout()
    assert client.get("/en/events/")["X-Page-Cache"] == "miss"
    assert client.get("/en/events/")["X-Page-Cache"] == "hit"


def test_a_page_showing_a_flash_message_is_never_cached(client):
    subscriber = SubscriberFactory(language="en")
    manage = client.get(one_click_url(subscriber).replace("http://127.0.0.1:8000", ""))
    client.post(manage["Location"], {"language": "fr"})  # redirects with a message
    page = client.get(manage["Location"])
    assert "Your preferences are saved." in page.text
    assert "no-store" in page["Cache-Control"]
    assert "private" in page["Cache-Control"]


def test_a_message_added_while_rendering_a_get_is_not_stored(rf):
    """Even an anonymous GET whose view queues a message for its visitor is not stored."""

    def view(request):
        messages.info(request, "Just for you")
        return HttpResponse("<p>page</p>")

    request = rf.get("/en/somewhere/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = PageCacheMiddleware(view)(request)
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]
    assert caches["pages"].get(page_key(request, "en")) is None


def test_pages_with_a_subscribers_address_are_never_stored(client, committed):
    subscriber = SubscriberFactory(email="private@example.org")
    manage = client.get(one_click_url(subscriber).replace("http://127.0.0.1:8000", ""))
    page = client.get(manage["Location"])
    assert "X-Page-Cache" not in page
    assert "private" in page["Cache-Control"]


def test_cached_template_loader_is_used():
    from django.template import engines

    loaders = engines["django"].engine.loaders
    assert loaders[0][0] == "django.template.loaders.cached.Loader"


def test_a_lost_generation_never_brings_old_pages_back(client):
    """If the cache evicts the generation number, pages stored under it stay unreachable."""
    SessionFactory()
    client.get("/en/events/")
    assert client.get("/en/events/")["X-Page-Cache"] == "hit"
    caches["pages"].delete(GENERATION_KEY)
    assert client.get("/en/events/")["X-Page-Cache"] == "miss"


def test_admin_pages_are_never_served_from_the_page_cache(client):
    login = reverse("admin:login")
    first = client.get(login)
    assert "X-Page-Cache" not in first and "no-cache" in first["Cache-Control"]
    assert "X-Page-Cache" not in client.get(login)


def test_a_query_parameter_the_view_does_not_read_is_served_but_never_stored(client):
    SessionFactory()
    for _ in range(2):
        response = client.get("/en/events/?utm_source=newsletter")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    # Mixed with parameters the view reads: still not stored.
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/en/events/?when=past&utm_source=x")


def test_parameters_a_view_reads_are_stored_whatever_their_order(client):
    SessionFactory()
    assert client.get("/en/events/?kind=meeting&when=past")["X-Page-Cache"] == "miss"
    assert client.get("/en/events/?when=past&kind=meeting")["X-Page-Cache"] == "hit"
    assert client.get("/en/events/?when=past")["X-Page-Cache"] == "miss"


def test_random_values_of_a_parameter_a_view_reads_cannot_fill_the_cache(client, settings):
    """Each path stores at most PAGE_CACHE_QUERY_VARIANTS query strings a period: a flood of
    ?page=<random> is rendered, and beyond the allowance never stored; the bare URL and the
    variants stored before stay cached."""
    settings.PAGE_CACHE_QUERY_VARIANTS = 3
    SessionFactory()
    stored = [f"/en/events/?page={secrets.token_hex(8)}" for _ in range(3)]
    for url in stored:
        assert client.get(url)["X-Page-Cache"] == "miss"
    for _ in range(5):
        url = f"/en/events/?page={secrets.token_hex(8)}"
        assert "X-Page-Cache" not in client.get(url)
        assert "X-Page-Cache" not in client.get(url)
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in stored)
    assert client.get("/en/events/")["X-Page-Cache"] == "miss"
    assert client.get("/en/events/")["X-Page-Cache"] == "hit"


def test_every_public_list_declares_the_parameters_it_reads(client):
    for path in (
        "/en/projects/?country=RW&sector=health&status=active&page=2",
        "/en/events/?when=past&kind=meeting&country=RW&project=1&page=2",
        "/en/news/?year=2019&page=2",
        "/en/search/?q=rwanda&page=2",
    ):
        assert client.get(path)["X-Page-Cache"] == "miss", path
        assert client.get(path)["X-Page-Cache"] == "hit", path


def test_a_function_view_declares_its_parameters_with_the_decorator(rf):
    @cache_query_params("page")
    def view(request):
        return HttpResponse("<p>page</p>")

    def fetch(path):
        def resolve_and_call(request):
            request.resolver_match = ResolverMatch(view, (), {})
            return view(request)

        return PageCacheMiddleware(resolve_and_call)(rf.get(path))

    assert fetch("/en/list/?page=2")["X-Page-Cache"] == "miss"
    assert fetch("/en/list/?page=2")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in fetch("/en/list/?page=2&ref=x")
    assert "X-Page-Cache" not in fetch("/en/list/?page=2&ref=x")


def test_the_health_check_never_touches_the_page_cache(client):
    assert client.get("/healthz")["Cache-Control"].startswith("max-age=0")
    assert caches["pages"].get(GENERATION_KEY) is None  # not even looked up
    assert caches["pages"].get(CHANGED_KEY) is None


REDIS_COUNTERS_URL = "redis://127.0.0.1:6379/5"
REDIS_PAGES_URL = "redis://127.0.0.1:6379/6"


@pytest.fixture
def redis_caches(settings):
    """The production layout on a real Redis: counters and pages in separate databases."""
    counters = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
    settings.CACHES = {
        "default": {**counters, "LOCATION": REDIS_COUNTERS_URL},
        "ratelimit": {**counters, "LOCATION": REDIS_COUNTERS_URL},
        "pages": {**counters, "LOCATION": REDIS_PAGES_URL},
    }
    for alias in settings.CACHES:
        caches[alias].clear()
    yield redis.Redis.from_url(REDIS_COUNTERS_URL), redis.Redis.from_url(REDIS_PAGES_URL)
    for alias in settings.CACHES:
        caches[alias].clear()


def test_a_flood_of_random_query_strings_stores_nothing_and_keeps_the_counters(
    client, redis_caches, settings
):
    settings.PAGE_CACHE_SECONDS = 3600  # nothing expires during the flood
    counters, pages = redis_caches
    response = client.post(
        reverse("newsletter:subscribe"),
        {"email": "reader@example.org", "language": "en", "consent": "on"},
    )
    assert response.status_code == 302
    counter_keys = counters.keys("*ratelimit*")
    assert len(counter_keys) == 1
    assert client.get("/en/get-involved/")["X-Page-Cache"] == "miss"
    stored = set(pages.keys())

    # robots.txt: the cheapest page through the whole middleware stack and the page cache.
    for _ in range(3000):
        response = client.get(f"/robots.txt?utm={secrets.token_hex(8)}")
        assert response.status_code == 200
    for _ in range(20):
        assert client.get(f"/en/get-involved/?utm={secrets.token_hex(8)}").status_code == 200

    assert set(pages.keys()) == stored
    assert counters.keys("*ratelimit*") == counter_keys
    assert counters.get(counter_keys[0]) is not None
    assert client.get("/en/get-involved/")["X-Page-Cache"] == "hit"
