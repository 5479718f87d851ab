from events.models import Event
from portal.core.sitemaps import I18nSitemap


class EventSitemap(I18nSitemap):
    """Upcoming and past published events alike: past events stay visible as a record."""

    changefreq = "weekly"

    def items(self):
        return Event.objects.public().order_by("pk")

    def lastmod(self, event: Event):
        return event.updated_at
