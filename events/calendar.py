"""iCalendar (.ics) export of an event's dated sessions.

One VEVENT per session with a date; sessions whose date is to be determined are left out (a
calendar entry needs a start). The UID is stable (`session-<pk>@<site host>`) and SEQUENCE
comes from `Session.sequence`, so that a calendar that imported the file updates the same
entry when the registrations work sends a changed one.
"""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from events.models import Event, Session
from portal.core.links import site_host

PRODID = "-//Diaspora portal//Events//EN"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{site_host()}"


def session_status(session: Session) -> str:
    if session.event.status == Event.Status.CANCELLED or session.cancelled_at:
        return "CANCELLED"
    if session.event.status == Event.Status.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


def session_location(session: Session) -> str:
    city = "" if session.address_has_city else session.city
    parts = [session.venue_name, *session.address_lines, city]
    if session.country:
        parts.append(session.country.name)
    # The address usually holds the city already: keep each part once, in order.
    seen, unique = set(), []
    for part in parts:
        if part and part not in seen:
            seen.add(part)
            unique.append(part)
    if session.online_url:
        unique.append(session.online_url)
    return ", ".join(unique)


def session_vevent(session: Session, *, url: str) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", session_uid(session))
    vevent.add("sequence", session.sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("summary", session.event.title)
    if session.date_precision == Session.Precision.DAY:
        # Known to the day only: an all-day entry, with no hour nobody announced.
        vevent.add("dtstart", session.local_starts_at.date())
        last_day = (session.local_ends_at or session.local_starts_at).date()
        vevent.add("dtend", last_day + timedelta(days=1))
    else:
        vevent.add("dtstart", session.local_starts_at)
        if session.ends_at:
            vevent.add("dtend", session.local_ends_at)
    if location := session_location(session):
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("status", session_status(session))
    return vevent


def event_calendar(event: Event, *, url: str, sessions: list[Session] | None = None) -> bytes:
    """The .ics file of `event` (with its prefetched sessions), or of some of its `sessions`
    (a registrant's); `url` is the event page."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    chosen = (
        event.dated_sessions if sessions is None else [s for s in sessions if s.has_calendar_date]
    )
    for session in chosen:
        session.event = event  # already in hand: no query per session
        calendar.add_component(session_vevent(session, url=url))
    # Adds the VTIMEZONE blocks the DTSTART/DTEND in venue time zones refer to.
    calendar.add_missing_timezones()
    return calendar.to_ical()
