"""Each process's copies of page-cache entries (portal/core/cache/local.py): a hit needs no
trip to Redis, and a renewal published by any process drops the copies it concerns before
the next lookup. "Another process" here is what one sends over the wire: new versions of the
tags in Redis, then a message on the channel."""

import time

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from portal.core import cache as page_cache
from portal.core.cache import local
from tests.events.factories import SessionFactory

pytestmark = pytest.mark.django_db

LOCATION = "redis://127.0.0.1:6379/2"  # as test_cache_tags.py: the fail-open backend


@pytest.fixture
def redis_pages(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "portal.core.redis_cache.FailOpenRedisCache", "LOCATION": LOCATION},
    }
    settings.PAGE_CACHE_LOCAL_ENTRIES = 50
    caches["pages"].clear()
    page_cache._known_tags.clear()
    yield caches["pages"]
    caches["pages"].clear()
    page_cache._known_tags.clear()
    local._state.__init__()


@pytest.fixture
def reads(monkeypatch, redis_pages):
    """The page-cache reads made (the real cache answers them)."""
    calls = []
    get_many = redis_pages.get_many

    def spy(*args, **kwargs):
        calls.append("get_many")
        return get_many(*args, **kwargs)

    monkeypatch.setattr(redis_pages, "get_many", spy)
    return calls


def cached_event(client) -> tuple[str, object]:
    session = SessionFactory(capacity=5)
    url = session.event.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"  # from Redis: now copied
    return url, session


def another_process_renews(backend, *tags: str) -> None:
    versions = {page_cache.CHANGED_KEY: 1, **{f"pages:tag:{tag}": 2 for tag in tags}}
    backend.set_many(versions, None)
    redis.Redis.from_url(LOCATION).publish(local.channel(backend), " ".join(tags))


def test_a_hit_from_the_copy_reads_nothing_from_redis(client, reads):
    url, _session = cached_event(client)
    reads.clear()
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit" and "5 places left" in response.text
    assert reads == []


def test_a_renewal_published_by_another_process_drops_the_copy(client, redis_pages):
    url, session = cached_event(client)
    other = SessionFactory(capacity=5).event.get_absolute_url()
    client.get(other), client.get(other)
    another_process_renews(redis_pages, page_cache.object_tag(session.event))
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(other)["X-Page-Cache"] == "hit"  # its copy: another event


def test_without_the_message_the_copy_would_be_served(client, redis_pages):
    """What the message is for: new versions alone do not reach a copy."""
    url, session = cached_event(client)
    redis_pages.set_many({f"pages:tag:{page_cache.object_tag(session.event)}": 3}, None)
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_renewal_in_this_process_drops_its_copy_at_once(client, redis_pages, reads):
    url, session = cached_event(client)
    page_cache._renew({page_cache.object_tag(session.event)})
    local._state.pubsub.close()  # its own message never arrives: the copy went all the same
    local._state.pubsub = None
    local._state.retry_at = float("inf")
    reads.clear()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert reads  # the lookup went to Redis


def test_a_broken_subscription_drops_every_copy_and_lookups_go_to_redis(client, redis_pages, reads):
    url, _session = cached_event(client)
    redis.Redis.from_url(LOCATION).client_kill_filter(_type="pubsub")
    reads.clear()
    assert client.get(url)["X-Page-Cache"] == "hit"  # still cached, in Redis
    assert reads == ["get_many"]
    assert not local._state.copies and local._state.pubsub is None


def test_no_copy_from_before_the_subscription_is_confirmed_is_ever_served(redis_pages):
    backend = caches["pages"]
    local._state.__init__(local.channel(backend))  # as a new process
    local._subscribe(backend)  # sent; the server's confirmation may not be read yet
    assert not local._state.confirmed
    entry = {"body": b"old", "tags": {"site": 1}}
    local._state.copies["pages:entry:example"] = (entry, frozenset({"site"}), float("inf"))
    # Unconfirmed, the copy is not trusted; once confirmed, every earlier copy is gone.
    assert local.get("pages:entry:example") is None
    for _ in range(100):
        if local._state.confirmed:
            break
        local.get("pages:entry:other")
        time.sleep(0.01)
    assert local._state.confirmed
    assert local.get("pages:entry:example") is None


def test_a_forked_process_starts_without_the_parents_copies(client, redis_pages, reads):
    url, _session = cached_event(client)
    local._state.pid = -1  # the copies and the connection belong to another process
    reads.clear()
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert reads == ["get_many"]


def test_without_redis_no_copy_is_kept(client):
    url = SessionFactory().event.get_absolute_url()
    client.get(url), client.get(url)
    assert local.get(page_cache._page_key(client.get(url).wsgi_request, "en")) is None
    assert not local._state.copies


def test_copies_are_bounded(client, redis_pages, settings):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 2
    for _ in range(4):
        url = SessionFactory().event.get_absolute_url()
        client.get(url), client.get(url)
    assert len(local._state.copies) == 2
    assert client.get(reverse("events:event-list")).status_code == 200
