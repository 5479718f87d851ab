"""Alert subscriptions in the privacy registry: export, erasure (nothing left anywhere),
retention of stopped ones, and revoking consent."""

from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from alerts import services
from alerts.models import AlertDelivery, AlertDeliveryItem, AlertSubscription
from alerts.privacy import alert_subscription_revoke
from portal.core import privacy
from tests.alerts.factories import AlertSubscriptionFactory
from tests.portal.test_erasure import hits_in_database
from tests.projects.factories import CallFactory, CountryFactory

pytestmark = pytest.mark.django_db
EMAIL = "amina.alerts@example.org"


@pytest.fixture
def member_with_alerts():
    member = AlertSubscriptionFactory(
        email=EMAIL,
        country_list=[CountryFactory(code="RW")],
        active_since=timezone.now() - timedelta(hours=1),
    )
    CallFactory(project__countries=[CountryFactory(code="RW")])
    services.items_collect()
    services.digests_build(week=services.week_of(timezone.now()))
    services.deliveries_send()
    assert AlertDelivery.objects.get().status == AlertDelivery.Status.SENT
    return member


def test_export_includes_the_alert_subscription(member_with_alerts):
    records = privacy.export_for_email(EMAIL.upper())["records"]
    [row] = records["alerts.alertsubscription"]
    assert row["email"] == EMAIL and "token" not in row


def test_erasure_leaves_nothing_about_the_member(member_with_alerts):
    assert hits_in_database(EMAIL)
    with TestCase.captureOnCommitCallbacks(execute=True):
        counts = privacy.erase_for_email(EMAIL)
    assert counts["alerts.alertsubscription"] == 1
    assert hits_in_database(EMAIL) == []
    assert not AlertDelivery.objects.exists() and not AlertDeliveryItem.objects.exists()


def test_stopped_subscriptions_expire_after_their_retention(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS,
        "alert_subscriptions": 30,
    }
    now = timezone.now()
    AlertSubscriptionFactory(active=False, stopped_at=now - timedelta(days=31))
    recent = AlertSubscriptionFactory(active=False, stopped_at=now - timedelta(days=2))
    active = AlertSubscriptionFactory()
    assert privacy.retention_purge(dry_run=False)["alerts.alertsubscription"] == 1
    assert set(AlertSubscription.objects.all()) == {recent, active}


def test_revoking_consent_stops_the_alerts(member_with_alerts):
    token = member_with_alerts.token
    alert_subscription_revoke(member_with_alerts)
    member_with_alerts.refresh_from_db()
    assert not member_with_alerts.active and member_with_alerts.token != token
