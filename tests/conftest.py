import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (site settings, rate limits, pages)."""
    cache.clear()
    yield
    cache.clear()
