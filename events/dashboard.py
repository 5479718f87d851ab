"""The admin index panel: events in the coming days and how full they are
(declared in contributions.py, shown by portal/site/dashboard.py)."""

from datetime import timedelta

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from events.models import Session

UPCOMING_DAYS = 30


def upcoming_sessions(now=None, days: int = UPCOMING_DAYS) -> list[dict]:
    """Sessions starting in the next `days` days, with their fill rate where there is a
    capacity (places taken come from `Session.taken_places()`, which registrations fill)."""
    now = now or timezone.now()
    sessions = (
        Session.objects.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=days))
        .select_related("event")
        .order_by("starts_at")
    )
    rows = []
    for session in sessions:
        taken = session.taken_places()
        rows.append(
            {
                "session": session,
                "event": session.event,
                "capacity": session.capacity,
                "taken": taken,
                "fill_percent": round(taken * 100 / session.capacity) if session.capacity else None,
                "url": reverse("admin:events_event_change", args=[session.event_id]),
            }
        )
    return rows


def upcoming_sessions_panel(request: HttpRequest) -> dict:
    return {"sessions": upcoming_sessions(), "upcoming_days": UPCOMING_DAYS}
