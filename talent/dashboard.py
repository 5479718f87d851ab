"""The talent pool's panel on the admin index (programme officers: the panel is guarded by
the profile model's view permission, so editors never see it)."""

from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from talent.models import ExpertProfile
from talent.search import availability_filter


def pool_panel(request: HttpRequest) -> dict:
    """Pool size, available now, paused and awaiting confirmation, in one query."""
    today = timezone.localdate()
    summary = ExpertProfile.objects.aggregate(
        size=Count("pk"),
        available=Count("pk", filter=availability_filter("now", today)),
        paused=Count("pk", filter=availability_filter("paused", today)),
        # Asked "still interested?" and not answered since.
        awaiting=Count(
            "pk",
            filter=Q(reminder_sent_at__isnull=False, confirmed_at__lt=F("reminder_sent_at")),
        ),
    )
    url = reverse("admin:talent_expertprofile_changelist")
    return {**summary, "url": url, "available_url": f"{url}?availability=now"}
