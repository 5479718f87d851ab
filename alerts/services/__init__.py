"""The alerts app's writes and rules (see each module)."""

from alerts.services.deliveries import (
    digest_due,
    digests_build,
    digests_build_if_due,
    immediate_deliveries_create,
    week_of,
)
from alerts.services.items import item_create, items_collect, session_date_set
from alerts.services.sending import alerts_periodic, deliveries_recover, deliveries_send
from alerts.services.subscriptions import subscription_for, subscription_save, subscription_stop

__all__ = [
    "alerts_periodic",
    "deliveries_recover",
    "deliveries_send",
    "digest_due",
    "digests_build",
    "digests_build_if_due",
    "immediate_deliveries_create",
    "item_create",
    "items_collect",
    "session_date_set",
    "subscription_for",
    "subscription_save",
    "subscription_stop",
    "week_of",
]
