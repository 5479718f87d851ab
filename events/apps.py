"""Events, their sessions and calendar export."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from events.models import Event, Session
        from events.search import register_sources
        from events.views import EventDetailView
        from portal.core import preview
        from portal.core.cache import invalidate_pages_on_change

        register_sources()
        preview.register(Event, EventDetailView)
        invalidate_pages_on_change(Event, Session)
