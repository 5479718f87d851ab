"""A Redis cache backend that fails open: Redis gone means a slower site, not a broken one.

Every cache in this project is an optimisation or a best-effort counter (pages, navigation,
site settings, rate limits): nothing is lost if Redis forgets it. So when Redis cannot be
reached (refused, timed out, loading, out of memory, read-only replica) each operation
behaves as a miss instead of raising: reads return the default, writes store nothing
(`add` answers False), `incr` counts from zero again, so rate limits fail open.

After a failure this process leaves that server alone for `RETRY_SECONDS`, so a request does
not wait for a timeout at every cache call; the failure is logged at most once per
`LOG_EVERY_SECONDS` and server. Use short socket timeouts (settings: REDIS_TIMEOUT_SECONDS).
"""

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
LOG_EVERY_SECONDS = 60.0
UNAVAILABLE = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.OutOfMemoryError,
    redis_errors.ReadOnlyError,
)

# Per process, keyed by server: when to try again, when we last logged.
_down_until: dict[str, float] = {}
_logged_at: dict[str, float] = {}


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new `redis.Redis` object for every cache operation (a hundred and more
    dictionary writes: a sizeable part of a page-cache hit). One per connection pool does:
    a `redis.Redis` is thread-safe, its pool hands each call a connection."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient  # (RedisCache.__init__ sets its own)
        self._server_key = str(server)

    def _unavailable(self) -> bool:
        return time.monotonic() < _down_until.get(self._server_key, 0.0)

    def _failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        _down_until[self._server_key] = now + RETRY_SECONDS
        if now - _logged_at.get(self._server_key, -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS:
            _logged_at[self._server_key] = now
            logger.error(
                "Cache unavailable (%s on %s: %s); serving without it, retrying in %ss.",
                type(error).__name__,
                operation,
                error,
                RETRY_SECONDS,
            )

    def _call(self, operation: str, fallback: Any, *args, **kwargs) -> Any:
        if self._unavailable():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except UNAVAILABLE as error:
            self._failed(operation, error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # As if the counter had just been created: a rate limit lets the request through.
        return self._call("incr", delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
