from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from events.calendar import event_calendar
from events.forms import EventFilterForm
from events.models import Event, Session
from portal.core.cache import page_tags
from portal.core.i18n import (
    TranslatedSlugMixin,
    fallback_language,
    is_missing_in,
    slug_lookup_q,
)
from portal.core.links import absolute_url
from portal.core.models import SiteSettings
from portal.core.preview import DraftPreviewMixin
from projects.models import Country, Project

SCHEMA_STATUS = {
    Event.Status.SCHEDULED: "https://schema.org/EventScheduled",
    Event.Status.POSTPONED: "https://schema.org/EventPostponed",
    Event.Status.CANCELLED: "https://schema.org/EventCancelled",
}


class EventListView(TemplateView):
    """Upcoming (default) or past events, filtered by kind, country and project (in the URL)."""

    template_name = "events/event_list.html"
    paginate_by = 10
    cache_query_params = ("when", "kind", "country", "project", "page")  # portal/core/cache.py

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_tags(self.request, Event)
        past = self.request.GET.get("when") == "past"
        published = Event.objects.public()
        countries = list(
            Country.objects.filter(pk__in=published.values("sessions__country"))  # alphabetical
        )
        projects = list(Project.objects.public().filter(pk__in=published.values("project")))
        form = EventFilterForm(self.request.GET or None, countries=countries, projects=projects)
        events = Event.objects.published()
        events = form.filter(events.past() if past else events.upcoming())
        page = Paginator(events, self.paginate_by).get_page(self.request.GET.get("page"))
        filters = self.request.GET.copy()
        for name in ("page", "when"):
            filters.pop(name, None)
        query = filters.copy()
        if past:
            query["when"] = "past"
        context.update(
            form=form,
            past=past,
            filtered=form.active,
            page_obj=page,
            events=page.object_list,
            query_string=query.urlencode(),
            filter_string=filters.urlencode(),
        )
        return context


class EventDetailView(DraftPreviewMixin, TranslatedSlugMixin, DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_tags(self.request, self.object)
        context["jsonld_data"] = self.jsonld()
        return context

    def jsonld(self) -> dict | list[dict]:
        """schema.org `Event`: one per session (a single object for a single session)."""
        event = self.object
        page_url = self.request.build_absolute_uri(event.get_absolute_url())
        organiser = {"@type": "Organization", "name": SiteSettings.load().organisation_name}
        base = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "url": page_url,
            "eventStatus": SCHEMA_STATUS[event.status],
            "inLanguage": fallback_language() if is_missing_in(event) else get_language(),
            "organizer": organiser,
        }
        sessions = list(event.sessions.all())
        if not sessions:
            return base
        items = [{**base, **session_jsonld(session)} for session in sessions]
        return items[0] if len(items) == 1 else items


def session_jsonld(session: Session) -> dict:
    data: dict = {}
    if session.starts_at:
        data["startDate"] = session.isoformat(session.local_starts_at)
    if session.ends_at:
        data["endDate"] = session.isoformat(session.local_ends_at)
    locations = []
    if session.has_place:
        address = {"@type": "PostalAddress"}
        if session.address_lines:
            address["streetAddress"] = ", ".join(session.address_lines)
        if session.city:
            address["addressLocality"] = session.city
        if session.country:
            address["addressCountry"] = session.country.code
        locations.append(
            {"@type": "Place", "name": session.venue_name or session.city, "address": address}
        )
    if session.online_url:
        locations.append({"@type": "VirtualLocation", "url": session.online_url})
    if not locations:
        # schema.org wants a location: say honestly that it is not known (yet).
        name = _("Place not known") if session.is_past else _("Place to be announced")
        data["location"] = {"@type": "Place", "name": str(name)}
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
        online, offline = bool(session.online_url), len(locations) > int(bool(session.online_url))
        mode = "Mixed" if online and offline else "Online" if online else "Offline"
        data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    if session.cancelled_at:
        data["eventStatus"] = SCHEMA_STATUS[Event.Status.CANCELLED]
    if session.capacity is not None:
        data["maximumAttendeeCapacity"] = session.capacity
        data["remainingAttendeeCapacity"] = session.remaining_places()
    return data


def event_calendar_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's dated sessions as an .ics file (the slug may be in any language)."""
    event = Event.objects.published().filter(slug_lookup_q(slug)).first()
    if event is None:
        raise Http404
    # The file leaves the request (it lives on in a calendar): its link is on SITE_URL, the
    # same as in the file attached to a registrant's email.
    body = event_calendar(event, url=absolute_url(event.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
