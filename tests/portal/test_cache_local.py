"""Each process's copies of page-cache entries (portal/core/cache/local.py): a hit needs no
trip to Redis, and a renewal published by any process drops the copies it concerns before
the next lookup. "Another process" here is what one sends over the wire: new versions of the
tags in Redis, then a message on the channel."""

import os
import time

import pytest
import redis
from django.core.cache import caches

from portal.core import cache as page_cache
from portal.core.cache import local
from portal.core.redis_cache import _down_until
from tests.events.factories import SessionFactory
from tests.portal.conftest import LOCATION, use_pages

pytestmark = pytest.mark.django_db


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


def test_a_renewal_writes_the_versions_and_tells_every_process(redis_pages):
    listener = redis.Redis.from_url(LOCATION).pubsub()
    listener.subscribe(local.channel(redis_pages))
    assert listener.get_message(timeout=1)["type"] == "subscribe"
    before = redis_pages.get("pages:tag:test:shown")
    page_cache._renew({"test:shown"})
    message = listener.get_message(timeout=1)
    assert message["type"] == "message" and b"test:shown" in message["data"].split()
    assert redis_pages.get("pages:tag:test:shown") not in (None, before)
    listener.close()


def test_the_channel_names_the_database_never_the_address(settings):
    use_pages(settings, "redis://user:s3cret@127.0.0.1:6379/4")
    name = local.channel(caches["pages"])
    assert name.endswith(":db4") and "s3cret" not in name and "127.0.0.1" not in name


def test_a_renewal_in_this_process_drops_its_copy_at_once(client, redis_pages, reads):
    url, session = cached_event(client)
    local._state.pubsub.close()  # its own message will never arrive: the copy goes anyway
    local._state.pubsub.get_message = lambda **kwargs: None
    page_cache._renew({page_cache.object_tag(session.event)})
    reads.clear()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert reads  # the lookup went to Redis


def test_a_renewal_read_between_the_lookup_and_the_copy_keeps_it_out(redis_pages):
    key = "pages:entry:example"
    for _ in range(100):  # subscribing, until the server confirms it
        _copy, token = local.get(key)
        if token is not None:
            break
        time.sleep(0.01)
    entry = {"body": b"old", "tags": {"site": 1, "test:shown": 1}}
    # Between this process's read from Redis and its copy, another process renews.
    redis.Redis.from_url(LOCATION).publish(local.channel(redis_pages), "test:shown")
    time.sleep(0.05)
    local.put(key, entry, token)
    assert local.get(key)[0] is None
    local.put(key, entry, local.get(key)[1])  # the next hit keeps it
    assert local.get(key)[0] is entry


def test_a_broken_subscription_drops_every_copy_and_lookups_go_to_redis(client, redis_pages, reads):
    url, _session = cached_event(client)
    admin = redis.Redis.from_url(LOCATION)
    ours = [c for c in admin.client_list() if c["name"] == f"portal-page-copies-{os.getpid()}"]
    assert ours  # this process's subscription, and nobody else's
    for connection in ours:
        admin.client_kill_filter(_id=connection["id"])
    reads.clear()
    assert client.get(url)["X-Page-Cache"] == "hit"  # still cached, in Redis
    assert reads == ["get_many"]
    assert not local._state.copies and local._state.pubsub is None


def test_a_subscription_that_stops_answering_is_not_trusted(
    client, redis_pages, reads, monkeypatch
):
    """A connection dropped silently (a NAT, a firewall) raises nothing: its PINGs go
    unanswered, and after LEASE_SECONDS the copies are dropped."""
    monkeypatch.setattr(local, "PING_SECONDS", 0.01)
    monkeypatch.setattr(local, "LEASE_SECONDS", 0.1)
    url, _session = cached_event(client)
    reads.clear()
    assert client.get(url)["X-Page-Cache"] == "hit" and reads == []  # answering: the copy
    monkeypatch.setattr(local._state.pubsub, "ping", lambda: None)  # ... now silent
    time.sleep(0.2)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert reads == ["get_many"]


def test_a_copy_expires_with_its_entry(client, redis_pages, reads, settings):
    settings.PAGE_CACHE_SECONDS = 1
    url, _session = cached_event(client)
    time.sleep(1.2)
    reads.clear()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert reads


def test_no_copy_from_before_the_subscription_is_confirmed_is_ever_served(redis_pages):
    backend = caches["pages"]
    local.reset(local.channel(backend))  # as a new process
    local._subscribe(backend)  # sent; the server's confirmation may not be read yet
    assert not local._state.confirmed
    entry = {"body": b"old", "tags": {"site": 1}}
    local._state.copies["pages:entry:example"] = (entry, frozenset({"site"}), float("inf"))
    # Unconfirmed, the copy is not trusted; once confirmed, every earlier copy is gone.
    assert local.get("pages:entry:example")[0] is None
    for _ in range(100):
        if local._state.confirmed:
            break
        local.get("pages:entry:other")
        time.sleep(0.01)
    assert local._state.confirmed
    assert local.get("pages:entry:example")[0] is None


def test_a_forked_process_starts_without_the_parents_copies(client, redis_pages, reads):
    url, _session = cached_event(client)
    local._state.pid = -1  # the copies and the connection belong to another process
    reads.clear()
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert reads == ["get_many"]


@pytest.fixture
def no_channel_access(settings):
    """A Redis user without access to any channel (Redis 7's default for new ACL users)."""
    admin = redis.Redis.from_url(LOCATION)
    admin.acl_setuser(
        "page-copies-test",
        enabled=True,
        passwords=["+pw"],
        keys=["*"],
        commands=["+@all"],
        reset_channels=True,
    )
    use_pages(settings, "redis://page-copies-test:pw@127.0.0.1:6379/2")
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()
    admin.acl_deluser("page-copies-test")
    local.reset()
    _down_until.clear()


def test_a_redis_refusing_pub_sub_leaves_pages_and_writes_working(
    client, no_channel_access, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=5)
    url = session.event.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"  # from Redis: SUBSCRIBE was refused
    assert not local._state.copies and local._state.pubsub is None
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.invalidate_objects(session.event)  # PUBLISH refused: logged, not raised
    assert client.get(url)["X-Page-Cache"] == "miss"  # the renewal itself was written


def test_without_redis_no_copy_is_kept(client):
    url = SessionFactory().event.get_absolute_url()
    client.get(url), client.get(url)
    assert local.get(page_cache.page_key(client.get(url).wsgi_request, "en")) == (None, None)
    assert not local._state.copies


def test_copies_are_bounded(client, redis_pages, settings):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 2
    for _ in range(4):
        url = SessionFactory().event.get_absolute_url()
        client.get(url), client.get(url)
    assert len(local._state.copies) == 2
