"""Writes and rules of the newsletter: subscriptions (double opt-in) and sending issues.

Services never import the tasks: work to do later is asked for with a signal
(`newsletter.signals`) sent once the transaction commits, and `newsletter.receivers` queues
the task. Callers import the public names from here."""

from newsletter.services.sending import (
    MAX_ATTEMPTS,
    deliveries_recover,
    deliveries_send,
    describe_error,
    enqueue_sending,
    issue_send,
    issue_send_test,
)
from newsletter.services.subscriptions import (
    RESEND_CONFIRMATION_AFTER,
    RESEND_LINK_AFTER,
    confirmation_send,
    manage_link_request_queue,
    manage_link_send,
    subscription_change_language,
    subscription_confirm,
    subscription_links_rotate,
    subscription_member_subscribe,
    subscription_request,
    subscription_request_queue,
    subscription_unsubscribe,
)

__all__ = [
    "MAX_ATTEMPTS",
    "RESEND_CONFIRMATION_AFTER",
    "RESEND_LINK_AFTER",
    "confirmation_send",
    "deliveries_recover",
    "deliveries_send",
    "describe_error",
    "enqueue_sending",
    "issue_send",
    "issue_send_test",
    "manage_link_request_queue",
    "manage_link_send",
    "subscription_change_language",
    "subscription_confirm",
    "subscription_links_rotate",
    "subscription_member_subscribe",
    "subscription_request",
    "subscription_request_queue",
    "subscription_unsubscribe",
]
