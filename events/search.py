"""What the site search finds in this app (portal/core/search.py), declared in
`contributions.py`."""

from django.utils.translation import gettext_lazy as _

from events.models import Event
from portal.core.search import SearchSource

SOURCES = [
    SearchSource(
        name="events.event",
        label=_("Event"),
        queryset=lambda: Event.objects.public(),
        fields={"title": "A", "description": "B"},
    ),
]
