"""Each process's copy of the page-cache entries it served last, kept exact by Redis pub/sub.

A hit from Redis costs a round trip (about a third of the time to answer a cached page), so
each web process keeps the entries it found valid, up to PAGE_CACHE_LOCAL_ENTRIES of them.
Every renewal (`tags._renew`) writes the tags' new versions and publishes the tags on a
channel in one MULTI/EXEC transaction (both happen or neither); every process subscribes to
the channel and, before each lookup, reads what arrived (one non-blocking read, no thread)
and drops the copies carrying those tags. So a change made through any process or host
shows everywhere as soon as its message has arrived (well under a millisecond on one
network), as it does without the copies.

When a copy is trusted:
- Only while the subscription is known to be alive: confirmed by the server, and answering
  the PING sent on it every PING_SECONDS within LEASE_SECONDS (a connection dropped
  silently, by a NAT or a firewall, stops being trusted after that). After any error on it
  every copy is dropped (renewals may have been missed) and lookups go to Redis alone; the
  subscription is tried again after RETRY_SECONDS and the copies start again from nothing.
- A copy is only kept if nothing arrived on the channel, and the subscription was not
  renewed, between the read from Redis that found the entry valid and the keeping (a
  renewal may concern it); it then waits for the next hit.
- A copy expires with its entry in Redis (PAGE_CACHE_SECONDS after the entry was stored).

Only with the Redis cache backend: the file and local-memory caches have no channel, and
their lookups stay as they are. Any Redis error (down, timeout, an ACL without channel
access, a proxy without pub/sub) turns the copies off for RETRY_SECONDS and is logged; it is
never raised to a visitor.

Beyond the cache API this module relies on private attributes of Django's Redis backend
(`_servers`, `_cache`, its `_get_connection_pool` and `_serializer`) and of ours
(`_unavailable`, `_failed`): check them when upgrading Django (tests/portal/test_cache_local.py
exercises each).
"""

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict

import redis
from django.conf import settings
from django.core.cache import caches
from redis.backoff import NoBackoff
from redis.retry import Retry

from portal.core.redis_cache import RETRY_SECONDS, UNAVAILABLE, FailOpenRedisCache

logger = logging.getLogger(__name__)

CHANNEL = "pages:renewed"
# RETRY_SECONDS: as the cache backend waits after a failure (portal/core/redis_cache.py).
PING_SECONDS = 1.0
LEASE_SECONDS = 3.0
_lock = threading.Lock()


class _State:
    def __init__(self, channel: str = "") -> None:
        self.pid = os.getpid()
        self.channel = channel
        self.pubsub = None
        self.confirmed = False  # the server has confirmed the subscription
        self.pinged = 0.0  # monotonic time of the last PING sent
        self.ponged = 0.0  # ... and of the last answer
        self.retry_at = 0.0
        # Changes with every renewal read, confirmation and drop (not a PONG): see `put`.
        self.epoch = 0
        # key -> (entry, its tags, wall-clock time its entry expires in Redis)
        self.copies: OrderedDict[str, tuple[dict, frozenset, float]] = OrderedDict()


_state = _State()


def _redis_backend() -> FailOpenRedisCache | None:
    backend = caches[settings.PAGE_CACHE_ALIAS]
    return backend if isinstance(backend, FailOpenRedisCache) else None


def _backend() -> FailOpenRedisCache | None:
    """The page cache's backend when copies are kept (Redis, PAGE_CACHE_LOCAL_ENTRIES > 0)."""
    return _redis_backend() if settings.PAGE_CACHE_LOCAL_ENTRIES > 0 else None


def channel(backend: FailOpenRedisCache) -> str:
    # Channels are server-wide, not per database: the key prefix and the database number
    # keep two sites or two test runs apart. Never the address: it may hold a password.
    name = backend.__dict__.get("_page_copies_channel")
    if name is None:
        pool = backend._cache._get_connection_pool(write=True)
        name = f"{backend.make_key(CHANNEL)}:db{pool.connection_kwargs.get('db', 0)}"
        backend._page_copies_channel = name
    return name


def _copies_off(what: str, error: Exception) -> None:
    _drop()
    logger.warning(
        "Page-cache copies off for %ss (%s: %s: %s); hits are read from Redis.",
        RETRY_SECONDS,
        what,
        type(error).__name__,
        error,
    )


def _subscribe(backend: FailOpenRedisCache) -> None:
    client = redis.Redis.from_url(
        backend._servers[0],  # the primary, where renewals are published
        socket_connect_timeout=settings.REDIS_TIMEOUT_SECONDS,
        socket_timeout=settings.REDIS_TIMEOUT_SECONDS,
        socket_keepalive=True,
        retry=Retry(NoBackoff(), 0),  # an error must reach us: messages may have been lost
        client_name=f"portal-page-copies-{os.getpid()}",
    )
    pubsub = client.pubsub()
    pubsub.subscribe(_state.channel)
    _state.pubsub, _state.confirmed = pubsub, False
    _state.pinged = _state.ponged = 0.0


def reset(channel_name: str = "") -> None:
    """Close this process's subscription and forget every copy."""
    _drop(retry=False)
    _state.__init__(channel_name)


def _drop(*, retry: bool = True) -> None:
    if _state.pubsub is not None:
        with contextlib.suppress(Exception):  # closing a broken connection
            _state.pubsub.close()
    _state.pubsub, _state.confirmed = None, False
    _state.copies.clear()
    _state.epoch += 1
    if retry:
        _state.retry_at = time.monotonic() + RETRY_SECONDS


def _evict(tags: set[str]) -> None:
    # (Every entry carries the site tag: renewing it drops every copy.)
    for key in [k for k, (_e, carried, _t) in _state.copies.items() if carried & tags]:
        del _state.copies[key]


def _read(now: float) -> None:
    """Apply what arrived on the subscription; PING it when due."""
    pubsub = _state.pubsub
    while (message := pubsub.get_message(timeout=0.0)) is not None:
        kind = message["type"]
        if kind == "pong":
            _state.ponged = now
            continue
        _state.epoch += 1
        if kind == "subscribe":
            _state.copies.clear()
            _state.confirmed = True
            _state.ponged = now
        elif kind == "message":
            _evict(set(message["data"].decode().split()))
    if _state.confirmed and now - _state.pinged >= PING_SECONDS:
        pubsub.ping()
        _state.pinged = now


def _sync(backend: FailOpenRedisCache) -> bool:
    """Apply the renewals published since the last call; whether the copies can be trusted."""
    name = channel(backend)
    if _state.pid != os.getpid():
        _state.__init__(name)  # forked (gunicorn's preloaded app): the connection is the parent's
    elif _state.channel != name:
        reset(name)  # another cache configured (tests): nothing is kept
    now = time.monotonic()
    if _state.pubsub is None:
        if now < _state.retry_at or backend._unavailable():
            return False
        try:
            _subscribe(backend)
        except redis.RedisError as error:
            _copies_off("subscribe", error)
            return False
    try:
        _read(now)
    except redis.RedisError as error:
        _copies_off("read", error)
        return False
    if _state.confirmed and now - _state.ponged > LEASE_SECONDS:
        # No answer to our PINGs: the connection may be dead without having said so.
        _drop(retry=False)  # subscribe again on the next lookup
        return False
    return _state.confirmed


def get(key: str) -> tuple[dict | None, int | None]:
    """This process's copy of the entry under `key` if it is still the current one; and the
    token to give `put` after reading the entry from Redis (None: keep no copy)."""
    backend = _backend()
    if backend is None:
        return None, None
    with _lock:
        if not _sync(backend):
            return None, None
        found = _state.copies.get(key)
        if found is not None:
            if found[2] > time.time():
                _state.copies.move_to_end(key)  # the least recently served go first
                return found[0], _state.epoch
            del _state.copies[key]
        return None, _state.epoch


def put(key: str, entry: dict, token: int | None) -> None:
    """Keep a copy of an entry just found valid in Redis (its tags' versions all current),
    if nothing arrived on the channel since `get` gave `token` (a renewal read in between
    may concern this entry; its copy then waits for the next hit)."""
    backend = _backend()
    if backend is None or token is None:
        return
    with _lock:
        if not _sync(backend) or _state.epoch != token:
            return
        copies = _state.copies
        expires = entry.get("expires", time.time() + settings.PAGE_CACHE_SECONDS)
        copies[key] = (entry, frozenset(entry["tags"]), expires)
        copies.move_to_end(key)
        while len(copies) > settings.PAGE_CACHE_LOCAL_ENTRIES:
            copies.popitem(last=False)


def renew(versions: dict[str, int], tags: set[str]) -> bool:
    """With Redis: write the tags' new versions and publish the tags in one transaction
    (this process's copies are dropped at once). False for other backends: the caller
    writes the versions through the cache API."""
    backend = _redis_backend()
    if backend is None:
        return False
    with _lock:
        _evict(tags)
        _state.epoch += 1  # a lookup in another thread keeps no copy of what it read before
    if backend._unavailable():
        return True  # as the cache API would: nothing written, the renewal is lost
    serializer = backend._cache._serializer
    try:
        with backend._cache.get_client(write=True).pipeline(transaction=True) as pipe:
            for key, version in versions.items():
                pipe.set(backend.make_and_validate_key(key), serializer.dumps(version))
            pipe.publish(channel(backend), " ".join(sorted(tags)))
            pipe.execute()
    except UNAVAILABLE as error:
        backend._failed("renew", error)
    except redis.RedisError as error:
        # Refused, not down (an ACL without channel access, a proxy without MULTI or
        # PUBLISH): the versions at least, as without copies (theirs are off: see `_sync`).
        logger.warning("Page-cache renewal not published (%s: %s).", type(error).__name__, error)
        backend.set_many(versions, None)
    return True
