"""Immediate alerts and weekly digests: each item reaches a member once, whatever runs twice
or at once; digests are built once a week, when due."""

import datetime as dt
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alerts import services
from alerts.models import AlertDelivery, AlertDeliveryItem, AlertItem, AlertSubscription, DigestRun
from tests.alerts.factories import AlertSubscriptionFactory
from tests.events.factories import EventFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory
from tests.projects.factories import CallFactory, CountryFactory, ProjectFactory

pytestmark = pytest.mark.django_db
WEEKLY, IMMEDIATE = AlertSubscription.Frequency.WEEKLY, AlertSubscription.Frequency.IMMEDIATE


def earlier():
    return timezone.now() - timedelta(hours=1)


def items_of(subscription) -> list[int]:
    return sorted(
        AlertDeliveryItem.objects.filter(subscription=subscription).values_list("item", flat=True)
    )


def test_immediate_members_get_one_delivery_per_new_item(django_capture_on_commit_callbacks):
    rwanda = CountryFactory(code="RW")
    member = AlertSubscriptionFactory(frequency=IMMEDIATE, active_since=earlier())
    weekly = AlertSubscriptionFactory(frequency=WEEKLY, active_since=earlier())
    other = AlertSubscriptionFactory(
        frequency=IMMEDIATE, active_since=earlier(), country_list=[CountryFactory(code="NE")]
    )
    CallFactory(project=ProjectFactory(countries=[rwanda]))
    with django_capture_on_commit_callbacks(execute=True):
        services.items_collect()
    delivery = AlertDelivery.objects.get()
    assert (delivery.subscription, delivery.kind) == (member, AlertDelivery.Kind.IMMEDIATE)
    assert delivery.status == AlertDelivery.Status.SENT  # the task ran after the commit
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert not weekly.deliveries.exists() and not other.deliveries.exists()
    # Collected again: nothing new, nothing sent again.
    with django_capture_on_commit_callbacks(execute=True):
        services.items_collect()
    assert AlertDelivery.objects.count() == 1 and len(mail.outbox) == 1


def test_weekly_digest_carries_each_undelivered_item_once():
    member = AlertSubscriptionFactory(frequency=WEEKLY, active_since=earlier())
    CallFactory()
    EventFactory()
    services.items_collect()
    week = services.week_of(timezone.now())
    assert services.digests_build(week=week) == 1
    digest = AlertDelivery.objects.get()
    assert (digest.kind, digest.week) == (AlertDelivery.Kind.DIGEST, week)
    assert len(items_of(member)) == 2

    # Built again (a second worker, a retry): no new digest, no item twice.
    assert services.digests_build(week=week) == 0
    assert AlertDelivery.objects.count() == 1 and len(items_of(member)) == 2

    # The next week: only what is new since.
    services.deliveries_send()
    ArticleFactory(issue=IssueFactory())
    services.items_collect()
    next_week = week + timedelta(days=7)
    assert services.digests_build(week=next_week) == 1
    latest = AlertDelivery.objects.get(week=next_week)
    assert [i.kind for i in latest.items.all()] == [AlertItem.Kind.ARTICLE_PUBLISHED]
    assert len(items_of(member)) == 3


def test_a_member_switching_from_immediate_to_weekly_never_gets_an_item_twice(
    django_capture_on_commit_callbacks,
):
    member = AlertSubscriptionFactory(frequency=IMMEDIATE, active_since=earlier())
    CallFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.items_collect()
    assert len(mail.outbox) == 1
    AlertSubscription.objects.filter(pk=member.pk).update(frequency=WEEKLY)
    EventFactory()
    services.items_collect()
    assert services.digests_build(week=services.week_of(timezone.now())) == 1
    digest = AlertDelivery.objects.get(kind=AlertDelivery.Kind.DIGEST)
    assert [i.kind for i in digest.items.all()] == [AlertItem.Kind.EVENT_ANNOUNCED]
    assert AlertDeliveryItem.objects.filter(subscription=member).count() == 2


def test_digests_skip_items_no_longer_public_and_members_who_stopped():
    member = AlertSubscriptionFactory(active_since=earlier())
    stopped = AlertSubscriptionFactory(active_since=earlier())
    call = CallFactory()
    services.items_collect()
    services.subscription_stop(subscription=stopped)
    call.is_published = False
    call.save()
    EventFactory()
    services.items_collect()
    services.digests_build(week=services.week_of(timezone.now()))
    assert [i.kind for i in AlertDelivery.objects.get().items.all()] == [
        AlertItem.Kind.EVENT_ANNOUNCED
    ]
    assert AlertDelivery.objects.get().subscription == member


def test_digests_are_built_once_when_due(settings):
    settings.ALERTS_DIGEST_WEEKDAY, settings.ALERTS_DIGEST_HOUR = 0, 8
    zone = timezone.get_current_timezone()
    sunday = dt.datetime(2026, 11, 29, 20, 0, tzinfo=zone)
    monday_7 = dt.datetime(2026, 11, 30, 7, 59, tzinfo=zone)
    monday_8 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=zone)
    AlertSubscriptionFactory(active_since=sunday - timedelta(days=1))
    item = AlertItem.objects.create(kind=AlertItem.Kind.EVENT_ANNOUNCED, event=EventFactory())
    AlertItem.objects.filter(pk=item.pk).update(created_at=sunday)
    # Due from Monday 8:00 to the end of the week (a worker down on Monday catches up).
    assert services.digest_due(sunday) == dt.date(2026, 11, 23)
    assert services.digest_due(monday_7) is None
    assert services.digests_build_if_due(monday_7) is None
    assert services.digests_build_if_due(monday_8) == 1
    assert DigestRun.objects.get().week == dt.date(2026, 11, 30)
    # Later that week: never a second digest, even for a member whose items come later.
    AlertSubscriptionFactory(active_since=sunday - timedelta(days=1))
    assert services.digests_build_if_due(monday_8 + timedelta(days=2)) is None
    assert AlertDelivery.objects.count() == 1
