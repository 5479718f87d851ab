"""A member's alert preferences: saving them (with the consent they give), stopping them."""

from django.db import transaction
from django.utils import timezone

from alerts.models import AlertDelivery, AlertSubscription, new_token
from projects.models import Country, Sector


def subscription_for(*, email: str) -> AlertSubscription | None:
    return AlertSubscription.objects.filter(email=email.strip().lower()).first()


def subscription_save(
    *,
    email: str,
    language: str,
    countries: list[Country],
    sectors: list[Sector],
    frequency: str,
    privacy_version: str,
) -> AlertSubscription:
    """Create or change the member's alerts, active from now on (an item made while they
    were stopped is not sent afterwards). Saving is consenting again: the time and the
    privacy notice's version are recorded."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        subscription, created = AlertSubscription.objects.select_for_update().get_or_create(
            email=email,
            defaults={
                "language": language,
                "frequency": frequency,
                "consent_at": now,
                "privacy_version": privacy_version,
                "active_since": now,
            },
        )
        if not created:
            if not subscription.active:
                subscription.active_since = now
            subscription.active = True
            subscription.stopped_at = None
            subscription.language = language
            subscription.frequency = frequency
            subscription.consent_at = now
            subscription.privacy_version = privacy_version
            subscription.save()
        subscription.countries.set(countries)
        subscription.sectors.set(sectors)
    return subscription


def subscription_stop(*, subscription: AlertSubscription) -> None:
    """No more alerts: the unsent ones are dropped and every unsubscribe link sent so far
    stops working. The row stays (the member may start again) until the retention period
    (PERSONAL_DATA_RETENTION_DAYS["alert_subscriptions"]) deletes it."""
    with transaction.atomic():
        AlertSubscription.objects.filter(pk=subscription.pk).update(
            active=False, stopped_at=timezone.now(), token=new_token()
        )
        AlertDelivery.objects.filter(
            subscription=subscription, status=AlertDelivery.Status.PENDING
        ).delete()
    subscription.refresh_from_db()
