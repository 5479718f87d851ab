"""Writes and rules of the newsletter: subscriptions (double opt-in), sending issues (test,
schedule, progress), bounces and imports.

Services never import the tasks: work to do later is asked for with a signal
(`newsletter.signals`) sent once the transaction commits, and `newsletter.receivers` queues
the task. Callers import the public names from here."""

from newsletter.services.bounces import (
    Report,
    is_report,
    reports_apply,
    reports_from_json,
    reports_from_message,
    subscriber_bounce,
)
from newsletter.services.imports import ImportInvalid, ImportReport, subscribers_import
from newsletter.services.progress import (
    Progress,
    deliveries_resend_interrupted,
    failure_reason,
    issue_progress,
)
from newsletter.services.scheduling import (
    ScheduleInvalid,
    issue_send_schedule,
    issue_send_schedule_cancel,
    scheduled_sends_start,
)
from newsletter.services.sending import (
    MAX_ATTEMPTS,
    MAX_TEST_ADDRESSES,
    TEST_SENDS_PER_HOUR,
    deliveries_recover,
    deliveries_send,
    describe_error,
    enqueue_sending,
    issue_audience,
    issue_send,
    issue_send_check,
    issue_send_test,
    issue_stopped_count,
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
from newsletter.services.suppression import (
    address_suppress,
    subscribers_suppress,
    suppressed_addresses,
    suppression_lift,
)

__all__ = [
    "MAX_ATTEMPTS",
    "MAX_TEST_ADDRESSES",
    "RESEND_CONFIRMATION_AFTER",
    "RESEND_LINK_AFTER",
    "TEST_SENDS_PER_HOUR",
    "ImportInvalid",
    "ImportReport",
    "Progress",
    "Report",
    "ScheduleInvalid",
    "address_suppress",
    "confirmation_send",
    "deliveries_recover",
    "deliveries_resend_interrupted",
    "deliveries_send",
    "describe_error",
    "enqueue_sending",
    "failure_reason",
    "is_report",
    "issue_audience",
    "issue_progress",
    "issue_send",
    "issue_send_check",
    "issue_send_schedule",
    "issue_send_schedule_cancel",
    "issue_send_test",
    "issue_stopped_count",
    "manage_link_request_queue",
    "manage_link_send",
    "reports_apply",
    "reports_from_json",
    "reports_from_message",
    "scheduled_sends_start",
    "subscriber_bounce",
    "subscribers_import",
    "subscribers_suppress",
    "subscription_change_language",
    "subscription_confirm",
    "subscription_links_rotate",
    "subscription_member_subscribe",
    "subscription_request",
    "subscription_request_queue",
    "subscription_unsubscribe",
    "suppressed_addresses",
    "suppression_lift",
]
