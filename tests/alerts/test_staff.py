"""Staff: programme officers see members' alert preferences and deliveries; editors see
nothing of them. The dashboard counts sends, without personal data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.dashboard import alerts_panel
from alerts.models import AlertDelivery
from tests.alerts.factories import AlertSubscriptionFactory
from tests.projects.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription():
    return AlertSubscriptionFactory(
        email="amina@example.org", active_since=timezone.now() - timedelta(hours=1)
    )


def test_editors_cannot_see_alert_subscriptions_or_deliveries(editor_client, subscription):
    for name in ("alertsubscription", "alertdelivery", "alertitem"):
        assert editor_client.get(reverse(f"admin:alerts_{name}_changelist")).status_code == 403
    assert editor_client.get(
        reverse("admin:alerts_alertsubscription_change", args=[subscription.pk])
    ).status_code in (302, 403)
    index = editor_client.get(reverse("admin:index"))
    assert "amina@example.org" not in index.text
    assert "Alert subscriptions" not in index.text


def test_programme_officers_see_preferences_and_deliveries_read_only(
    client, programme_officer, subscription
):
    client.force_login(programme_officer)
    page = client.get(reverse("admin:alerts_alertsubscription_changelist"))
    assert page.status_code == 200 and "amina@example.org" in page.text
    CallFactory()
    services.items_collect()
    services.digests_build(week=services.week_of(timezone.now()))
    delivery = AlertDelivery.objects.get()
    page = client.get(reverse("admin:alerts_alertdelivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert 'name="status"' not in page.text  # read-only
    assert client.get(reverse("admin:alerts_alertdelivery_add")).status_code == 403


def test_dashboard_panel_counts_todays_and_the_last_digests_sends(admin_client, subscription):
    CallFactory()
    services.items_collect()
    now = timezone.now()
    services.digests_build_if_due(now + timedelta(days=8))  # next week's, certainly due
    services.deliveries_send()
    panel = alerts_panel(None)
    assert panel["last_digest"]["sent"] == 1
    index = admin_client.get(reverse("admin:index"))
    assert "Alerts" in index.text and "1 sent, 0 failed, 0 pending" in index.text
    assert "amina@example.org" not in index.text
