"""Per-address rate limits for public forms, counted in a cache shared by every web process
(settings.RATELIMIT_CACHE_ALIAS: Redis in production), so that the limit holds across
workers. The address is portal.core.client_address's: the proxy's X-Forwarded-For is believed
only from DJANGO_TRUSTED_PROXIES."""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from portal.core.client_address import rate_limit_key


def hit(request: HttpRequest, scope: str, *, limit: int, period: int) -> bool:
    """Count one attempt; True when this address has gone over `limit` attempts in `period` s."""
    cache = caches[settings.RATELIMIT_CACHE_ALIAS]
    key = f"ratelimit:{scope}:{rate_limit_key(request)}"
    if cache.add(key, 1, period):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, period)
        return False
    return count > limit
