"""Making alert deliveries: an immediate alert per new item for the members who want them at
once, and each week one digest per member with the items they have not had yet.

Built in bulk: one query per item finds the members it matches (EXISTS on their countries
and sectors, portal-wide), and rows are inserted in chunks. UNIQUE(subscription, item) on
AlertDeliveryItem keeps any item from reaching a member twice, whatever runs twice or at
once; a delivery left without items by such a clash is removed before it is sent."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from alerts import signals
from alerts.models import (
    AlertDelivery,
    AlertDeliveryItem,
    AlertItem,
    AlertSubscription,
    DigestRun,
)

CHUNK = 2000
# A digest carries the items of the last weeks that the member has not had: a digest that
# could not be built one week (the worker was down) is made up for by the next.
DIGEST_LOOKBACK = timedelta(days=28)


def _not_delivered(item: AlertItem):
    return ~Exists(AlertDeliveryItem.objects.filter(subscription=OuterRef("pk"), item=item))


def _attach(deliveries: dict[int, int], items: dict[int, list[int]]) -> None:
    """AlertDeliveryItem rows for `items` ({subscription: [item]}) in `deliveries`
    ({subscription: delivery}); an item a member already had is skipped by the database."""
    rows = [
        AlertDeliveryItem(delivery_id=deliveries[sub], item_id=item, subscription_id=sub)
        for sub, item_ids in items.items()
        if sub in deliveries
        for item in item_ids
    ]
    for start in range(0, len(rows), CHUNK):
        AlertDeliveryItem.objects.bulk_create(rows[start : start + CHUNK], ignore_conflicts=True)


def _drop_empty(deliveries) -> None:
    """Deliveries (a queryset) that carry nothing: another run had their items."""
    deliveries.filter(status=AlertDelivery.Status.PENDING).exclude(
        Exists(AlertDeliveryItem.objects.filter(delivery=OuterRef("pk")))
    ).delete()


def immediate_deliveries_create(*, item: AlertItem) -> int:
    """One delivery of `item` to each member who wants alerts at once and matches it.
    Runs in the transaction that made the item; sending is asked for after the commit."""
    subscriptions = list(
        AlertSubscription.objects.matching(item)
        .filter(frequency=AlertSubscription.Frequency.IMMEDIATE)
        .filter(_not_delivered(item))
        .values_list("pk", flat=True)
    )
    if not subscriptions:
        return 0
    now = timezone.now()
    with transaction.atomic():
        made = []
        for start in range(0, len(subscriptions), CHUNK):
            made += AlertDelivery.objects.bulk_create(
                [
                    AlertDelivery(
                        subscription_id=sub, kind=AlertDelivery.Kind.IMMEDIATE, created_at=now
                    )
                    for sub in subscriptions[start : start + CHUNK]
                ]
            )
        deliveries = {d.subscription_id: d.pk for d in made}
        _attach(deliveries, {sub: [item.pk] for sub in subscriptions})
        _drop_empty(AlertDelivery.objects.filter(pk__in=deliveries.values()))
    sending_request()
    return len(deliveries)


def week_of(moment: datetime) -> date:
    """The Monday of `moment`'s week, on the site's clock."""
    day = timezone.localdate(moment)
    return day - timedelta(days=day.weekday())


def digests_build(*, week: date, now: datetime | None = None) -> int:
    """One digest for `week` (its Monday) per weekly member with matching items created
    before `now` (and since their alerts started) that they have not had. Idempotent: a
    second run adds only items made since, to digests not yet sent. Returns the number of
    digests holding new items."""
    now = now or timezone.now()
    items = AlertItem.objects.filter(created_at__lt=now, created_at__gte=now - DIGEST_LOOKBACK)
    weekly = AlertSubscription.objects.filter(frequency=AlertSubscription.Frequency.WEEKLY)
    wanted: dict[int, list[int]] = defaultdict(list)
    for item in items.still_public(now).prefetch_related("countries", "sectors"):
        for sub in weekly.matching(item).filter(_not_delivered(item)).values_list("pk", flat=True):
            wanted[sub].append(item.pk)
    if not wanted:
        return 0
    subscriptions = sorted(wanted)
    with transaction.atomic():
        for start in range(0, len(subscriptions), CHUNK):
            chunk = subscriptions[start : start + CHUNK]
            AlertDelivery.objects.bulk_create(
                [
                    AlertDelivery(
                        subscription_id=sub,
                        kind=AlertDelivery.Kind.DIGEST,
                        week=week,
                        created_at=now,
                    )
                    for sub in chunk
                ],
                ignore_conflicts=True,  # this week's digest made by an earlier run
            )
            deliveries = dict(
                AlertDelivery.objects.filter(
                    week=week, subscription_id__in=chunk, status=AlertDelivery.Status.PENDING
                ).values_list("subscription_id", "pk")
            )
            _attach(deliveries, {sub: wanted[sub] for sub in chunk})
        _drop_empty(AlertDelivery.objects.filter(week=week))
    sending_request()
    return len(subscriptions)


def digest_due(now: datetime | None = None) -> date | None:
    """The week whose digest is due at `now`: from ALERTS_DIGEST_WEEKDAY (0 = Monday) at
    ALERTS_DIGEST_HOUR on the site's clock until the end of that week; None before."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if (local.weekday(), local.hour) < (
        settings.ALERTS_DIGEST_WEEKDAY,
        settings.ALERTS_DIGEST_HOUR,
    ):
        return None
    return week_of(now)


def digests_build_if_due(now: datetime | None = None) -> int | None:
    """Build this week's digests once, when they are due (the periodic task, every minute):
    the week's DigestRun row is claimed first, so two workers never both build them, and a
    member without a digest on the day gets none later in the week. None when not due or
    built already."""
    now = now or timezone.now()
    week = digest_due(now)
    if week is None or DigestRun.objects.filter(week=week).exists():
        return None
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = DigestRun.objects.create(week=week, built_at=now)
        except IntegrityError:
            return None  # another worker's
        run.digests = digests_build(week=week, now=now)
        run.save(update_fields=["digests"])
    return run.digests


def sending_request(run_after=None) -> None:
    """Have a worker send the due alert deliveries once the transaction commits."""
    transaction.on_commit(
        lambda: signals.sending_requested.send(sender=AlertDelivery, run_after=run_after)
    )
