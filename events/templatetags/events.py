from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from events.models import Event, Session
from portal.core.datetimes import format_date, format_date_time, format_time, zone_name
from projects.models import Country, Project

register = template.Library()


def session_when(session: Session) -> tuple[str, str]:
    """(when, time zone) of a dated session on the venue's clock, as words: the date and
    hours, and the zone named by its place ("Brussels time", "heure de Bruxelles")."""
    start, end = session.local_starts_at, session.local_ends_at
    if session.date_precision != Session.Precision.TIME:
        return session_day_or_month(session), ""
    if end is None:
        when = format_date_time(start)
    elif session.ends_same_day:
        when = _("%(date)s, %(start)s to %(end)s") % {
            "date": format_date(start),
            "start": format_time(start),
            "end": format_time(end),
        }
    else:
        when = _("%(start)s to %(end)s") % {
            "start": format_date_time(start),
            "end": format_date_time(end),
        }
    return when, zone_name(session.time_zone)


def session_day_or_month(session: Session) -> str:
    """The date of a session known only to the day or to the month: "5 October 2019",
    "June 2019" (no hours, so no time zone either)."""
    if session.date_precision == Session.Precision.MONTH:
        shape = lambda value: date_format(value, "F Y")  # noqa: E731
    else:
        shape = format_date  # "1er mars 2027" in French
    start, end = session.local_starts_at, session.local_ends_at
    first = shape(start)
    last = shape(end) if end else first
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
