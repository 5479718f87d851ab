from django.views.generic import TemplateView


class EventListView(TemplateView):
    """Upcoming events (filled by the events issue)."""

    template_name = "events/event_list.html"
