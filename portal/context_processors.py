from django.core.cache import cache
from django.http import HttpRequest

from portal.models import Page, SiteSettings
from portal.signals import NAV_PAGES_CACHE_KEY


def site(request: HttpRequest) -> dict:
    """The site's identity and the pages the header and footer link to."""
    pages = cache.get(NAV_PAGES_CACHE_KEY)
    if pages is None:
        pages = {p.key: p for p in Page.objects.published().exclude(key=None)}
        cache.set(NAV_PAGES_CACHE_KEY, pages, 3600)
    return {"site": SiteSettings.load(), "site_pages": pages}
