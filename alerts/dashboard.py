"""The admin index panel: alerts sent today and by the last weekly digest (counts only,
no personal data; declared in contributions.py, shown by portal/site/dashboard.py)."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from alerts.models import AlertDelivery, DigestRun

STATUS = AlertDelivery.Status
COUNTS = {
    "sent": Count("pk", filter=Q(status=STATUS.SENT)),
    "failed": Count("pk", filter=Q(status__in=[STATUS.FAILED, STATUS.UNKNOWN])),
    "pending": Count("pk", filter=Q(status__in=[STATUS.PENDING, STATUS.SENDING])),
}


def alerts_panel(request: HttpRequest) -> dict:
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    counts = AlertDelivery.objects.filter(created_at__gte=today).aggregate(**COUNTS)
    last_digest = None
    run = DigestRun.objects.order_by("-week").first()
    if run is not None:
        last_digest = {
            "week": run.week,
            **AlertDelivery.objects.filter(week=run.week).aggregate(**COUNTS),
        }
    return {"today": counts, "last_digest": last_digest}
