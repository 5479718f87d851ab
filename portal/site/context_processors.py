from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from portal.core.models import NAV_PAGES_CACHE_KEY, Page, SiteSettings


def site(request: HttpRequest) -> dict:
    """The site's identity and the pages the header and footer link to."""
    pages = cache.get(NAV_PAGES_CACHE_KEY)
    if pages is None:
        now = timezone.now()
        pages = {p.key: p for p in Page.objects.published().exclude(key=None)}
        # Expire when the next scheduled page comes out, so it is in the menu on time.
        next_page = Page.objects.scheduled(now).exclude(key=None).order_by("publish_at").first()
        timeout = 3600
        if next_page is not None:
            timeout = max(1, min(timeout, int((next_page.publish_at - now).total_seconds()) + 1))
        cache.set(NAV_PAGES_CACHE_KEY, pages, timeout)
    return {"site": SiteSettings.load(), "site_pages": pages}
