from functools import partial

import pytest
from django.conf import settings
from django.core.cache import caches

from portal.core.cache import CHANGED_KEY
from portal.core.models import SiteSettings


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block queued for after the commit (emails,
    the page cache's renewal), as a real commit would."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def pages_renewed(db):
    """`pages_renewed()`: whether some pages of the public page cache were renewed since the
    fixture was set up (every renewal writes a new change marker: portal/core/cache.py).
    The site settings exist first: creating them renews the pages, as saving any page model
    does."""
    SiteSettings.load()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    cache.set(CHANGED_KEY, 1, None)
    return lambda: cache.get(CHANGED_KEY) != 1
