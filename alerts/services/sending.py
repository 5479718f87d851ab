"""Sending alert deliveries through the portal's batched, resumable, exactly-once machinery
(portal/core/mailing.py), and the periodic round that feeds it."""

import threading
from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from alerts.emails import AlertRenderer
from alerts.models import AlertDelivery, AlertDeliveryItem, AlertItem
from alerts.services.deliveries import digests_build_if_due, sending_request
from alerts.services.items import items_collect
from portal.core.mailing import Mailing, recover_stale, send_due

ITEM_RELATED = ("call__project", "event", "session", "article__issue")


class AlertMailing(Mailing):
    """Every due alert delivery (immediate or digest) is one mailing: any worker sends them.

    A delivery's items are read for its whole batch at once (the rows claimed together share
    their `claimed_at`): one query per batch rather than one per message, and only that
    batch's rows are kept, so memory stays flat whatever the number of members."""

    model = AlertDelivery
    related = ("subscription",)

    def __init__(self):
        self.renderer = AlertRenderer()
        self._lock = threading.Lock()
        self._batch: dict[int, list[int]] = {}
        self._items: dict[int, AlertItem] = {}

    def rows(self) -> QuerySet:
        return AlertDelivery.objects.all()

    def message(self, delivery: AlertDelivery, connection):
        if not delivery.subscription.active:
            return None  # stopped since: the row is deleted
        items = self.items_of(delivery)
        if not items:
            return None  # its items are gone (content deleted)
        return self.renderer.message(delivery, items, connection)

    def requeue(self, run_after=None) -> None:
        sending_request(run_after)

    def items_of(self, delivery: AlertDelivery) -> list[AlertItem]:
        with self._lock:
            if delivery.pk not in self._batch:
                self._load_batch(delivery)
            ids = self._batch.get(delivery.pk, [])
            return [self._items[pk] for pk in ids if pk in self._items]

    def _load_batch(self, delivery: AlertDelivery) -> None:
        pairs = AlertDeliveryItem.objects.filter(
            delivery__status=AlertDelivery.Status.SENDING,
            delivery__claimed_at=delivery.claimed_at,
        ).values_list("delivery_id", "item_id")
        batch = defaultdict(list)
        for delivery_id, item_id in pairs:
            batch[delivery_id].append(item_id)
        if delivery.pk not in batch:  # not claimed with others (a test, a retry): its own
            batch[delivery.pk] = list(
                AlertDeliveryItem.objects.filter(delivery=delivery).values_list("item", flat=True)
            )
        missing = {pk for ids in batch.values() for pk in ids} - self._items.keys()
        if missing:
            for item in (
                AlertItem.objects.filter(pk__in=missing)
                .select_related(*ITEM_RELATED)
                .prefetch_related("event__sessions")
            ):
                self._items[item.pk] = item
        order = {pk: (item.created_at, pk) for pk, item in self._items.items()}
        self._batch = {
            pk: sorted((i for i in ids if i in order), key=order.__getitem__)
            for pk, ids in batch.items()
        }


def deliveries_send(batch_size: int | None = None) -> dict[str, int]:
    """Send every due alert delivery (see portal.core.mailing.send_due)."""
    return send_due(AlertMailing(), batch_size=batch_size)


def _requeue(rows: QuerySet) -> int:
    """One sending task for the due rows, unless a live sender is at work (it takes them)."""
    if AlertDelivery.objects.filter(status=AlertDelivery.Status.SENDING).exists():
        return 0
    if not rows.exists():
        return 0
    AlertMailing().requeue()
    return 1


def deliveries_recover() -> int:
    """Deliveries of a dead worker: the one in flight becomes `unknown` (never resent),
    the others pending; due rows are queued again. Returns 1 when a send was queued."""
    return recover_stale(AlertDelivery, _requeue)


def alerts_periodic(now=None) -> dict[str, int]:
    """Every minute: items of what became public, this week's digests once due, recovery
    of a dead worker's rows; sending itself is queued (after each commit) as a task."""
    now = now or timezone.now()
    return {
        "items": items_collect(now),
        "digests": digests_build_if_due(now) or 0,
        "requeued": deliveries_recover(),
    }
