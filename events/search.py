"""What the site search finds in this app (see portal/search.py)."""

from django.utils.translation import gettext_lazy as _

from events.models import Event
from portal.core.search import SearchSource, register


def register_sources() -> None:
    register(
        SearchSource(
            name="events.event",
            label=_("Event"),
            queryset=lambda: Event.objects.public(),
            fields={"title": "A", "description": "B"},
        )
    )
