from django.urls import path
from django.utils.translation import gettext_lazy as _

from events import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event-list"),
    path(_("<slug:slug>/calendar.ics"), views.event_calendar_view, name="event-calendar"),
    path(_("<slug:slug>/"), views.EventDetailView.as_view(), name="event-detail"),
]
