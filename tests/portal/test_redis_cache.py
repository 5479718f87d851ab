"""The fail-open Redis cache backend (portal/core/redis_cache.py), against real sockets."""

import logging
import socket
import time

import pytest
import redis
from django.core.cache import caches

from portal.core import ratelimit, redis_cache
from portal.core.redis_cache import FailOpenRedisCache

REDIS_URL = "redis://127.0.0.1:6379/5"


def backend(location: str, timeout: float = 0.5) -> FailOpenRedisCache:
    return FailOpenRedisCache(
        location, {"OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout}}
    )


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server():
    """A port that accepts connections (the kernel's backlog) but never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


def test_unreachable_redis_behaves_as_an_empty_cache(closed_port, caplog):
    cache = backend(f"redis://127.0.0.1:{closed_port}/0")
    with caplog.at_level(logging.ERROR, logger="portal.core.redis_cache"):
        assert cache.get("key", "default") == "default"
        cache.set("key", "value")
        assert cache.add("key", "value") is False
        assert cache.incr("counter") == 1
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("key") is False
        assert cache.delete("key") is False
        assert cache.get_or_set("key", lambda: "computed") == "computed"
        assert cache.set_many({"a": 1}) == ["a"]
        cache.delete_many(["a"])
        cache.clear()
    # Logged once, not at every call.
    assert len(caplog.records) == 1
    assert "Cache unavailable" in caplog.records[0].getMessage()


def test_a_redis_that_does_not_answer_costs_one_timeout_then_nothing(silent_server):
    cache = backend(f"redis://127.0.0.1:{silent_server}/0", timeout=0.3)
    started = time.monotonic()
    assert cache.get("key") is None
    assert time.monotonic() - started < 2
    started = time.monotonic()
    for _ in range(20):  # within the retry interval: the server is not asked again
        assert cache.get("key") is None
    assert time.monotonic() - started < 0.1


def test_redis_is_asked_again_after_the_retry_interval(closed_port, monkeypatch):
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0.0)
    cache = backend(f"redis://127.0.0.1:{closed_port}/0")
    assert cache.get("key") is None
    with socket.socket() as server:  # something listens there now: the next call tries it
        server.bind(("127.0.0.1", closed_port))
        server.listen(1)
        cache = backend(f"redis://127.0.0.1:{closed_port}/0", timeout=0.2)
        started = time.monotonic()
        assert cache.get("key") is None
        assert time.monotonic() - started >= 0.2  # it waited for an answer: it asked


@pytest.fixture
def redis_ratelimit(settings):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "portal.core.redis_cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
        },
    }
    caches["ratelimit"].clear()
    yield caches["ratelimit"]
    caches["ratelimit"].clear()


def test_with_redis_up_rate_limits_count_in_the_ratelimit_alias(rf, redis_ratelimit):
    request = rf.post("/en/news/subscribe/")
    assert [ratelimit.hit(request, "test", limit=2, period=60) for _ in range(4)] == [
        False,
        False,
        True,
        True,
    ]
    assert redis.Redis.from_url(REDIS_URL).dbsize() == 1  # the counter, in Redis
