"""The admin index panels: confirmed subscribers per language, and the last send
(declared in contributions.py, shown by portal/site/dashboard.py)."""

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest

from newsletter.models import Issue, Subscriber


def subscribers_per_language() -> list[dict]:
    names = dict(settings.LANGUAGES)
    counts = dict(
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        .values_list("language")
        .annotate(count=Count("pk"))
        .values_list("language", "count")
    )
    return [
        {"code": code, "language": names[code], "count": counts.get(code, 0)}
        for code, _name in settings.LANGUAGES
    ]


def last_send() -> Issue | None:
    return (
        Issue.objects.filter(send_started_at__isnull=False)
        .with_delivery_counts()
        .order_by("-send_started_at")
        .first()
    )


def subscribers_panel(request: HttpRequest) -> dict:
    return {"subscribers": subscribers_per_language()}


def last_send_panel(request: HttpRequest) -> dict:
    return {"last_send": last_send()}
