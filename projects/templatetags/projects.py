from datetime import datetime

from django import template
from django.conf import settings
from django.utils.html import format_html

from portal.core.datetimes import format_date_time, local_time, zone_name

register = template.Library()


@register.simple_tag
def office_time(value: datetime | None) -> str:
    """A date-time in the office's time zone (settings.TIME_ZONE), with the zone named, so
    a visitor in another zone knows which clock a deadline follows (named by its place:
    "Brussels time")."""
    if value is None:
        return ""
    local = local_time(value)
    return format_html(
        '<time datetime="{}">{}</time> <span class="time-zone">({})</span>',
        local.isoformat(),
        format_date_time(local),
        zone_name(settings.TIME_ZONE),
    )
