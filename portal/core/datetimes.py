"""Dates, times and time zones as people read them, in the active language.

A time zone is named by its place ("Brussels time", "heure de Bruxelles"), never by its
database name ("Europe/Brussels") or an abbreviation alone ("CET"). The zones the portal
offers have their whole phrase in the catalogue (French elides: "heure d’Abidjan"); any
other zone is named after the last part of its database name. Clock times and the first
day of a month follow the catalogue too ("17:00" / "17 h 00", "1 March" / "1er mars"), so a
third language needs only its catalogue.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

# The zones of the places the portal's events and offices are in (Session.time_zone), each
# named by its place. Add a zone here, and its phrase in each catalogue, to offer it.
ZONE_PLACES: dict[str, Promise] = {
    "Europe/Brussels": pgettext_lazy("time zone", "Brussels time"),
    "Europe/Amsterdam": pgettext_lazy("time zone", "Amsterdam time"),
    "Europe/Berlin": pgettext_lazy("time zone", "Berlin time"),
    "Europe/Lisbon": pgettext_lazy("time zone", "Lisbon time"),
    "Europe/London": pgettext_lazy("time zone", "London time"),
    "Europe/Luxembourg": pgettext_lazy("time zone", "Luxembourg time"),
    "Europe/Madrid": pgettext_lazy("time zone", "Madrid time"),
    "Europe/Paris": pgettext_lazy("time zone", "Paris time"),
    "Europe/Rome": pgettext_lazy("time zone", "Rome time"),
    "Africa/Abidjan": pgettext_lazy("time zone", "Abidjan time"),
    "Africa/Bamako": pgettext_lazy("time zone", "Bamako time"),
    "Africa/Bujumbura": pgettext_lazy("time zone", "Bujumbura time"),
    "Africa/Casablanca": pgettext_lazy("time zone", "Casablanca time"),
    "Africa/Conakry": pgettext_lazy("time zone", "Conakry time"),
    "Africa/Dakar": pgettext_lazy("time zone", "Dakar time"),
    "Africa/Kigali": pgettext_lazy("time zone", "Kigali time"),
    "Africa/Kinshasa": pgettext_lazy("time zone", "Kinshasa time"),
    "Africa/Lagos": pgettext_lazy("time zone", "Lagos time"),
    "Africa/Nairobi": pgettext_lazy("time zone", "Nairobi time"),
    "Africa/Niamey": pgettext_lazy("time zone", "Niamey time"),
    "Africa/Nouakchott": pgettext_lazy("time zone", "Nouakchott time"),
    "Africa/Ouagadougou": pgettext_lazy("time zone", "Ouagadougou time"),
    "Africa/Tunis": pgettext_lazy("time zone", "Tunis time"),
    "UTC": pgettext_lazy("time zone", "Coordinated Universal Time (UTC)"),
}


def zone_name(zone: str) -> str:
    """The time zone `zone` (a database name) named by its place, in the active language:
    "Brussels time", "heure de Bruxelles"."""
    if zone in ZONE_PLACES:
        return str(ZONE_PLACES[zone])
    place = zone.rsplit("/", 1)[-1].replace("_", " ")
    return _("%(zone)s time") % {"zone": place}


def zone_choices() -> list[tuple[str, Promise]]:
    """The zones the portal offers, for a form's choices: (database name, place)."""
    return list(ZONE_PLACES.items())


def _with_first_day(value: date, format_string: str) -> str:
    """`format_string` with its day of the month ("j") written as the catalogue says the
    first of a month is written ("1er" in French)."""
    if value.day != 1 or "j" not in format_string:
        return format_string
    first = pgettext("the first day of a month, in a date", "1")
    return format_string.replace("j", "".join("\\" + char for char in first))


def format_date(value: date) -> str:
    """ "1 March 2027" / "1er mars 2027"."""
    return date_format(value, _with_first_day(value, pgettext("date format", "j F Y")))


def format_time(value: datetime) -> str:
    """ "17:00" / "17 h 00"."""
    return date_format(value, pgettext("time of day format", "H:i"))


def format_date_time(value: datetime) -> str:
    """ "1 March 2027, 17:00" / "1er mars 2027, 17 h 00" (the clock of `value`'s zone)."""
    return _("%(date)s, %(time)s") % {"date": format_date(value), "time": format_time(value)}


def local_time(value: datetime, zone: str | None = None) -> datetime:
    """`value` on the clock of `zone` (the office's, settings.TIME_ZONE, by default)."""
    return timezone.localtime(value, ZoneInfo(zone or settings.TIME_ZONE))


def format_with_zone(value: datetime, zone: str | None = None) -> str:
    """A date and time on the clock of `zone` (the office's by default), with the zone
    named by its place: "2 March 2027, 17:00 (Brussels time)"."""
    zone = zone or settings.TIME_ZONE
    return _("%(when)s (%(zone)s)") % {
        "when": format_date_time(local_time(value, zone)),
        "zone": zone_name(zone),
    }
