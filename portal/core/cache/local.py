"""Each process's copy of the page-cache entries it served last, kept exact by Redis pub/sub.

A hit from Redis costs a round trip (about a third of the time to answer a cached page), so
each web process keeps the entries it found valid, up to PAGE_CACHE_LOCAL_ENTRIES of them.
Every renewal (`tags._renew`) publishes the renewed tags on a channel every process
subscribes to; before each lookup a process reads what arrived (one non-blocking read, no
thread) and drops the copies carrying those tags, so a change made through any process or
host shows on the next request everywhere, as it does without the copies.

A copy is only trusted while the subscription is: from the server's confirmation of it,
until any error on its connection. Then every copy is dropped (renewals may have been missed)
and lookups go to Redis alone; the subscription is tried again after RETRY_SECONDS and the
copies start again from nothing once it is confirmed. A copy also expires with its entry
(PAGE_CACHE_SECONDS). Only with the Redis cache backend: the file and local-memory caches
have no channel, and their lookups stay as they are.
"""

import contextlib
import os
import threading
import time
from collections import OrderedDict

import redis
from django.conf import settings
from django.core.cache import caches
from redis.backoff import NoBackoff
from redis.retry import Retry

from portal.core.redis_cache import UNAVAILABLE, FailOpenRedisCache

CHANNEL = "pages:renewed"
RETRY_SECONDS = 5.0
_lock = threading.Lock()


class _State:
    def __init__(self, channel: str = "") -> None:
        self.pid = os.getpid()
        self.channel = channel
        self.pubsub = None
        self.confirmed = False  # the server has confirmed the subscription
        self.retry_at = 0.0
        # key -> (entry, its tags, monotonic time it expires)
        self.copies: OrderedDict[str, tuple[dict, frozenset, float]] = OrderedDict()


_state = _State()


def _backend():
    backend = caches[settings.PAGE_CACHE_ALIAS]
    if settings.PAGE_CACHE_LOCAL_ENTRIES > 0 and isinstance(backend, FailOpenRedisCache):
        return backend
    return None


def channel(backend) -> str:
    # Channels are server-wide (not per database): the key prefix and database keep two
    # sites or two test runs on one server apart.
    return f"{backend.make_key(CHANNEL)}@{backend._servers[0]}"


def _subscribe(backend) -> None:
    client = redis.Redis.from_url(
        backend._servers[0],  # the primary, where renewals are published
        socket_connect_timeout=settings.REDIS_TIMEOUT_SECONDS,
        socket_timeout=settings.REDIS_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),  # an error must reach us: messages may have been lost
    )
    pubsub = client.pubsub()
    pubsub.subscribe(channel(backend))
    _state.pubsub, _state.confirmed = pubsub, False


def _drop(*, retry: bool) -> None:
    if _state.pubsub is not None:
        with contextlib.suppress(Exception):  # closing a broken connection
            _state.pubsub.close()
    _state.pubsub, _state.confirmed = None, False
    _state.copies.clear()
    if retry:
        _state.retry_at = time.monotonic() + RETRY_SECONDS


def _evict(tags: set[str]) -> None:
    # (Every entry carries the site tag: renewing it drops every copy.)
    for key in [k for k, (_e, carried, _t) in _state.copies.items() if carried & tags]:
        del _state.copies[key]


def _sync(backend) -> bool:
    """Apply the renewals published since the last call; whether the copies can be trusted."""
    name = channel(backend)
    if _state.pid != os.getpid() or _state.channel != name:
        # Forked (gunicorn's preloaded app: the parent's connection is not ours) or another
        # cache configured: nothing is kept.
        _state.__init__(name)
    if _state.pubsub is None:
        if time.monotonic() < _state.retry_at:
            return False
        try:
            _subscribe(backend)
        except UNAVAILABLE:
            _drop(retry=True)
            return False
    try:
        while (message := _state.pubsub.get_message(timeout=0.0)) is not None:
            if message["type"] == "subscribe":
                _state.copies.clear()
                _state.confirmed = True
            elif message["type"] == "message":
                _evict(set(message["data"].decode().split()))
    except UNAVAILABLE:
        _drop(retry=True)
        return False
    return _state.confirmed


def get(key: str) -> dict | None:
    """This process's copy of the entry under `key`, if it is still the current one."""
    backend = _backend()
    if backend is None:
        return None
    with _lock:
        if not _sync(backend):
            return None
        found = _state.copies.get(key)
        if found is None:
            return None
        if found[2] < time.monotonic():
            del _state.copies[key]
            return None
        return found[0]


def put(key: str, entry: dict) -> None:
    """Keep a copy of an entry just found valid in the shared cache (its tags' versions all
    current): from now on, the renewal of one of its tags drops it."""
    backend = _backend()
    if backend is None:
        return
    with _lock:
        # Renewals that arrived since the lookup first: they may concern this very entry.
        if not _sync(backend):
            return
        copies = _state.copies
        copies[key] = (
            entry,
            frozenset(entry["tags"]),
            time.monotonic() + settings.PAGE_CACHE_SECONDS,
        )
        copies.move_to_end(key)
        while len(copies) > settings.PAGE_CACHE_LOCAL_ENTRIES:
            copies.popitem(last=False)


def publish(tags: set[str]) -> None:
    """Tell every process these tags were renewed (this one at once)."""
    backend = _backend()
    if backend is None:
        return
    with _lock:
        _evict(tags)
    if backend._unavailable():
        return  # the renewal itself failed (same server): it lasts PAGE_CACHE_SECONDS at most
    try:
        backend._cache.get_client(write=True).publish(channel(backend), " ".join(sorted(tags)))
    except UNAVAILABLE as error:
        backend._failed("publish", error)
