from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def office_time(value: datetime | None) -> str:
    """A date-time in the office's time zone (settings.TIME_ZONE), with the zone named, so
    a visitor in another zone knows which clock a deadline follows."""
    if value is None:
        return ""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = timezone.localtime(value, zone)
    return format_html(
        '<time datetime="{}">{}</time> <span class="time-zone">({} {})</span>',
        local.isoformat(),
        date_format(local, "j F Y, H:i"),
        date_format(local, "T"),
        settings.TIME_ZONE,
    )
