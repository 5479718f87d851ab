from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from events.models import Event, Session
from projects.models import Country, Project

register = template.Library()


def session_when(session: Session) -> tuple[str, str]:
    """(when, time zone) of a dated session on the venue's clock, as words: the date and
    hours, and the zone named ("CET, Europe/Brussels time")."""
    start, end = session.local_starts_at, session.local_ends_at
    if session.date_precision != Session.Precision.TIME:
        return session_day_or_month(session), ""
    if end is None:
        when = date_format(start, "j F Y, H:i")
    elif session.ends_same_day:
        when = _("%(date)s, %(start)s to %(end)s") % {
            "date": date_format(start, "j F Y"),
            "start": date_format(start, "H:i"),
            "end": date_format(end, "H:i"),
        }
    else:
        when = _("%(start)s to %(end)s") % {
            "start": date_format(start, "j F Y, H:i"),
            "end": date_format(end, "j F Y, H:i"),
        }
    if session.zone_abbreviation != session.time_zone:
        zone = _("%(abbreviation)s, %(zone)s time") % {
            "abbreviation": session.zone_abbreviation,
            "zone": session.time_zone,
        }
    else:
        zone = _("%(zone)s time") % {"zone": session.time_zone}
    return when, zone


def session_day_or_month(session: Session) -> str:
    """The date of a session known only to the day or to the month: "5 October 2019",
    "June 2019" (no hours, so no time zone either)."""
    shape = "F Y" if session.date_precision == Session.Precision.MONTH else "j F Y"
    start, end = session.local_starts_at, session.local_ends_at
    first = date_format(start, shape)
    last = date_format(end, shape) if end else first
    if last == first:
        return first
    return _("%(start)s to %(end)s") % {"start": first, "end": last}


@register.simple_tag
def session_time(session: Session) -> str:
    """When a session takes place, on the venue's clock, with its time zone named (a visitor
    in another zone sees the time the venue follows). Empty when the date is not set."""
    if session.starts_at is None:
        return ""
    when, zone = session_when(session)
    if not zone:
        return format_html(
            '<time datetime="{}">{}</time>', session.isoformat(session.local_starts_at), when
        )
    return format_html(
        '<time datetime="{}">{}</time> <span class="time-zone">({})</span>',
        session.local_starts_at.isoformat(),
        when,
        zone,
    )


@register.simple_tag
def session_time_text(session: Session) -> str:
    """`session_time` as plain text (emails); "Date to be determined" without a date."""
    if session.starts_at is None:
        return _("Date to be determined")
    when, zone = session_when(session)
    return f"{when} ({zone})" if zone else when


@register.simple_tag
def upcoming_events_for_project(project: Project, limit: int = 5) -> list[Event]:
    """A project page's upcoming events. A tag rather than view context so that `projects`
    code keeps importing nothing from `events` (dependencies point one way)."""
    return list(Event.objects.published().upcoming().filter(project=project)[:limit])


@register.simple_tag
def upcoming_events_in_country(country: Country, limit: int = 5) -> list[Event]:
    """A country page's upcoming events: held there, or of a project concerning it."""
    return list(Event.objects.published().upcoming().in_country(country)[:limit])


@register.simple_tag
def past_events_in_country(country: Country, limit: int = 3) -> list[Event]:
    """A country page's past events, the most recent first (same rule as the upcoming)."""
    return list(Event.objects.published().past().in_country(country)[:limit])
