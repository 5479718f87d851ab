import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches (site settings, rate limits, pages)."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request to a /fr/ page leaves French active in the thread; start each test in English."""
    translation.activate("en")
    yield
    translation.deactivate()
