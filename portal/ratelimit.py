"""Per-IP rate limits for public forms, counted in the shared cache (Redis in production),
so that the limit holds across every web process."""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips);
    # X-Forwarded-For is not trusted here because any client can forge it.
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(request: HttpRequest, scope: str, *, limit: int, period: int) -> bool:
    """Count one attempt; True when this IP has gone over `limit` attempts in `period` s."""
    key = f"ratelimit:{scope}:{client_ip(request)}"
    cache = caches[settings.RATELIMIT_CACHE_ALIAS]
    if cache.add(key, 1, period):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, period)
        return False
    return count > limit
