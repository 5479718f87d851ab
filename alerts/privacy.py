"""The alerts' personal data, in the portal's one mechanism (portal/core/privacy.py),
declared in `contributions.py`. Deleting a subscription deletes its deliveries (cascade)."""

from django.utils.translation import gettext_lazy as _

from alerts.models import AlertSubscription
from alerts.services import subscription_stop
from portal.core.privacy import PersonalData


def stopped_subscriptions(queryset, cutoff):
    """Stopped before `cutoff`."""
    return queryset.filter(active=False, stopped_at__lt=cutoff)


def alert_subscription_revoke(subscription: AlertSubscription) -> None:
    """The member withdraws their consent to alerts (My space): they stop at once."""
    subscription_stop(subscription=subscription)


PERSONAL_DATA = [
    PersonalData(
        model=AlertSubscription,
        what=_(
            "Alert subscriptions: the email address, language, chosen countries and sectors, "
            "how often and consent, and which alerts were sent, to send the alerts you asked "
            "for. Kept while your alerts are on; deleted after you stop them."
        ),
        retention_setting="alert_subscriptions",
        expired=stopped_subscriptions,
    ),
]
