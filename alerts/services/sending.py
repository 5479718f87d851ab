"""Sending alert deliveries through the portal's batched, resumable, exactly-once machinery
(portal/core/mailing.py), and the periodic round that feeds it."""

import logging

from django.core.mail import get_connection
from django.utils import timezone

from alerts.emails import AlertRenderer
from alerts.models import AlertDelivery, AlertDeliveryItem, AlertItem
from alerts.services.deliveries import digests_build_if_due
from alerts.services.items import items_collect

logger = logging.getLogger(__name__)


def delivery_items(delivery: AlertDelivery) -> list[AlertItem]:
    ids = AlertDeliveryItem.objects.filter(delivery=delivery).values("item_id")
    return list(
        AlertItem.objects.filter(pk__in=ids)
        .select_related("call__project", "event", "session", "article__issue")
        .prefetch_related("event__sessions")
        .order_by("created_at", "pk")
    )


def deliveries_send(batch_size: int | None = None) -> dict[str, int]:
    """TEMPORARY until portal.core.mailing lands: send every due pending delivery."""
    renderer = AlertRenderer()
    totals = {"sent": 0, "skipped": 0}
    rows = AlertDelivery.objects.filter(
        status=AlertDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).select_related("subscription")
    with get_connection() as connection:
        for delivery in rows:
            if not delivery.subscription.active:
                delivery.delete()
                totals["skipped"] += 1
                continue
            message = renderer.message(delivery, delivery_items(delivery), connection)
            connection.send_messages([message])
            delivery.status = AlertDelivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["status", "sent_at"])
            totals["sent"] += 1
    return totals


def alerts_periodic(now=None) -> dict[str, int]:
    made = items_collect(now)
    digests = digests_build_if_due(now)
    return {"items": made, "digests": digests or 0, **deliveries_send()}
