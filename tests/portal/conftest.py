"""Fixtures of the page cache's tests on Redis."""

import pytest
from django.core.cache import caches

from portal.core import cache as page_cache
from portal.core.cache import local
from portal.core.redis_cache import _down_until

LOCATION = "redis://127.0.0.1:6379/2"  # as test_cache_tags.py: the fail-open backend


def use_pages(settings, location: str) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "portal.core.redis_cache.FailOpenRedisCache", "LOCATION": location},
    }
    settings.PAGE_CACHE_LOCAL_ENTRIES = 50
    page_cache._known_tags.clear()
    local.reset()


@pytest.fixture
def redis_pages(settings):
    use_pages(settings, LOCATION)
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()
    page_cache._known_tags.clear()
    local.reset()
    _down_until.clear()
