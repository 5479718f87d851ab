"""Making alert deliveries: an immediate alert per new item for the members who want them at
once, and each week one digest per member with the items they have not had yet.

Built in bulk: one query per item finds the members it matches (EXISTS on their countries
and sectors, portal-wide), and rows are inserted in chunks. UNIQUE(subscription, item) on
AlertDeliveryItem keeps any item from reaching a member twice, whatever runs twice or at
once; a delivery left without items by such a clash is removed before it is sent."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, Max, OuterRef
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
    digests holding new items.

    All in the database: per item, one INSERT ... SELECT makes the digests of the members it
    matches (a member's digest of the week exists once: the rest are skipped) and one puts
    the item in them (an item a member already had is skipped), so no row passes through
    Python, however many members there are."""
    now = now or timezone.now()
    items = AlertItem.objects.filter(created_at__lt=now, created_at__gte=now - DIGEST_LOOKBACK)
    weekly = AlertSubscription.objects.filter(frequency=AlertSubscription.Frequency.WEEKLY)
    with transaction.atomic():
        last_row = AlertDeliveryItem.objects.aggregate(last=Max("pk"))["last"] or 0
        for item in items.still_public(now).order_by("pk"):
            members = weekly.matching(item).filter(_not_delivered(item)).values(member=F("pk"))
            _insert_digests(members, week=week, now=now)
            _insert_item(members, item=item, week=week)
        _drop_empty(AlertDelivery.objects.filter(week=week))
        made = (
            AlertDeliveryItem.objects.filter(pk__gt=last_row, delivery__week=week)
            .values("delivery")
            .distinct()
            .count()
        )
    if made:
        sending_request()
    return made


def _insert(table: str, columns: list[str], select: str, params: list) -> None:
    """INSERT ... SELECT, skipping rows that a unique constraint refuses (PostgreSQL and
    SQLite both say ON CONFLICT DO NOTHING)."""
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"{select} ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _insert_digests(members, *, week: date, now: datetime) -> None:
    """This week's digest, empty, for each of `members` (a queryset of `member`: pks)
    who has none yet."""
    fields = AlertDelivery._meta
    pending = AlertDelivery.Status.PENDING
    values = {
        "subscription_id": None,  # the selected member
        "kind": AlertDelivery.Kind.DIGEST,
        "week": week,
        "created_at": now,
        "status": pending,
        "attempts": 0,
        "next_attempt_at": timezone.now(),  # due at once, whatever `now` the caller gave
        "last_error": "",
    }
    columns = [fields.get_field(name).column for name in values]
    member_sql, member_params = members.query.sql_with_params()
    placeholders = ", ".join("s.member" if name == "subscription_id" else "%s" for name in values)
    params = [
        fields.get_field(name).get_db_prep_save(value, connection)
        for name, value in values.items()
        if name != "subscription_id"
    ]
    _insert(
        fields.db_table,
        columns,
        # Django's own compiled query and quoted names; every value is a parameter. (SQLite
        # reads ON CONFLICT after a SELECT only when the SELECT has a WHERE.)
        f"SELECT {placeholders} FROM ({member_sql}) s WHERE s.member IS NOT NULL",  # noqa: S608
        params + list(member_params),
    )


def _insert_item(members, *, item: AlertItem, week: date) -> None:
    """`item` into the pending digests of `week` of `members`."""
    deliveries = AlertDelivery._meta.db_table
    member_sql, member_params = members.query.sql_with_params()
    week_value = AlertDelivery._meta.get_field("week").get_db_prep_save(week, connection)
    quote = connection.ops.quote_name
    _insert(
        AlertDeliveryItem._meta.db_table,
        ["delivery_id", "item_id", "subscription_id"],
        f"SELECT d.id, %s, d.subscription_id FROM {quote(deliveries)} d"  # noqa: S608
        f" WHERE d.week = %s AND d.status = %s"
        f" AND d.subscription_id IN (SELECT s.member FROM ({member_sql}) s)",
        [item.pk, week_value, AlertDelivery.Status.PENDING, *member_params],
    )


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
