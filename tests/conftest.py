import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (site settings, rate limits, pages)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request to a /fr/ page leaves French active in the thread; start each test in English."""
    translation.activate("en")
    yield
    translation.deactivate()
