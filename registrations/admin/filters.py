"""Changelist filters that scale (portal.core.admin_filters): countries, calls, events and
sessions grow with the data, so each shows a few links and every value in a list."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session
from portal.core.admin_filters import related_filter, top_countries_filter
from projects.models import Call

__all__ = ["CallFilter", "EventFilter", "SessionFilter", "top_countries_filter"]

# The calls closing last first: the ones being reviewed.
CallFilter = related_filter(
    "call",
    _("call"),
    lambda request: Call.objects.order_by(F("closes_at").desc(nulls_first=True), "pk"),
    choose_label=_("Choose a call"),
)
# The events created last first, and the sessions starting last (dates to be determined
# first): the ones registrations are arriving for.
EventFilter = related_filter(
    "session__event",
    _("event"),
    lambda request: Event.objects.order_by("-created_at", "pk"),
    choose_label=_("Choose an event"),
)
SessionFilter = related_filter(
    "session",
    _("session"),
    lambda request: Session.objects.select_related("event").order_by(
        F("starts_at").desc(nulls_first=True), "pk"
    ),
    choose_label=_("Choose a session"),
)
