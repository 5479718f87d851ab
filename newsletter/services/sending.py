"""Sending issues: one delivery row per subscriber, claimed in batches by workers and sent
exactly once by the machinery all bulk emails share (portal.core.mailing)."""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext

from newsletter import signals
from newsletter.emails import IssueRenderer, issue_test_message
from newsletter.exceptions import (
    IssueAlreadySent,
    IssueNotPublished,
    IssueTranslationMissing,
    TestSendFailed,
)
from newsletter.models import Delivery, Issue, Subscriber
from newsletter.services.suppression import suppressed_addresses
from portal.core import mailing, ratelimit
from portal.core.mailing import MAX_ATTEMPTS, Mailing, describe_error

__all__ = [
    "MAX_ATTEMPTS",
    "MAX_TEST_ADDRESSES",
    "TEST_SENDS_PER_HOUR",
    "IssueMailing",
    "deliveries_recover",
    "deliveries_send",
    "describe_error",
    "enqueue_sending",
    "issue_audience",
    "issue_send",
    "issue_send_check",
    "issue_send_test",
    "issue_stopped_count",
]

logger = logging.getLogger(__name__)


MAX_TEST_ADDRESSES = 10
# Test sends per staff member per hour (each goes to up to MAX_TEST_ADDRESSES addresses).
TEST_SENDS_PER_HOUR = 5


def test_addresses_refused(emails: list[str]) -> list[str]:
    """Those of `emails` a test must not go to: unsubscribed, bounced or complained
    subscribers, and addresses on the suppression list."""
    stopped = [
        Subscriber.Status.UNSUBSCRIBED,
        Subscriber.Status.BOUNCED,
        Subscriber.Status.COMPLAINED,
    ]
    lowered = {email.strip().lower(): email for email in emails}
    known = Subscriber.objects.annotate(lowered=Lower("email")).filter(
        lowered__in=list(lowered), status__in=stopped
    )
    refused = set(known.values_list("lowered", flat=True))
    refused |= suppressed_addresses(list(lowered))
    return [email for key, email in lowered.items() if key in refused]


def issue_send_test(*, issue: Issue, emails: list[str], user=None) -> int:
    """Send the email edition to each of `emails` once per language, as a test: [TEST] in
    the subject, a banner, no List-Unsubscribe header and an unsubscribe link to a page that
    changes nothing. No subscriber or delivery is created or touched. Refused for addresses
    that unsubscribed or were stopped, and beyond TEST_SENDS_PER_HOUR for `user`. Raises
    TestSendFailed,
    with the reason, when the email backend fails. Returns the number of messages sent."""
    if not emails or len(emails) > MAX_TEST_ADDRESSES:
        raise TestSendFailed(
            gettext("Give between 1 and %(max)d addresses for a test.")
            % {"max": MAX_TEST_ADDRESSES}
        )
    refused = test_addresses_refused(emails)
    if refused:
        raise TestSendFailed(
            gettext("No test was sent: %(list)s unsubscribed or stopped receiving the newsletter.")
            % {"list": ", ".join(refused)}
        )
    if user is not None and ratelimit.hit_key(
        f"newsletter-test-send:{user.pk}", limit=TEST_SENDS_PER_HOUR, period=3600
    ):
        raise TestSendFailed(
            gettext(
                "No test was sent: you have sent %(count)d tests in the last hour. "
                "Please try again later."
            )
            % {"count": TEST_SENDS_PER_HOUR}
        )
    try:
        with get_connection() as connection:
            messages = [
                issue_test_message(issue, code, email, connection=connection)
                for email in emails
                for code, _name in settings.LANGUAGES
            ]
            return connection.send_messages(messages)
    except Exception as exc:  # any backend's error, shown to the staff member
        logger.exception("Test of issue %s failed", issue.pk)
        raise TestSendFailed(
            gettext("The test could not be sent: %(error)s") % {"error": describe_error(exc)}
        ) from exc


def issue_audience() -> dict[str, int]:
    """Who an issue sent now would reach: confirmed subscribers per language code (every
    language of settings.LANGUAGES, 0 when none). Bounced and complained addresses have
    their own statuses and are not counted."""
    counts = dict(
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        .values_list("language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {code: counts.get(code, 0) for code, _name in settings.LANGUAGES}


def issue_stopped_count() -> int:
    """Addresses no longer mailed because the mail system reported a hard bounce or a
    complaint."""
    return Subscriber.objects.filter(
        status__in=[Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED]
    ).count()


def issue_send_check(*, issue: Issue) -> None:
    """Raise the NewsletterError that would stop `issue` being sent now."""
    if issue.send_started_at:
        raise IssueAlreadySent
    if not issue.is_public:
        raise IssueNotPublished
    problems = issue.translation_problems()
    if problems:
        # Never send a subscriber an issue with a hole in their language, unless staff
        # chose "publish in English only" (French readers then get the English text).
        raise IssueTranslationMissing(" ".join(problems))


def issue_send(*, issue: Issue, user=None) -> int:
    """Queue `issue` for every confirmed subscriber, once: a second call (a double click, two
    staff members) raises IssueAlreadySent. Returns the number of deliveries queued."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        issue_send_check(issue=issue)
        issue.send_started_at = timezone.now()
        issue.send_started_by = user
        issue.send_scheduled_at = None  # sent now: a schedule has nothing left to do
        issue.send_schedule_error = ""
        issue.save(
            update_fields=[
                "send_started_at", "send_started_by", "send_scheduled_at", "send_schedule_error"
            ]
        )  # fmt: skip
        subscribers = (
            Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
            .values_list("pk", flat=True)
            .iterator(chunk_size=2000)
        )
        count = 0
        batch = []
        for subscriber_id in subscribers:
            batch.append(Delivery(issue=issue, subscriber_id=subscriber_id))
            if len(batch) == 2000:
                count += len(Delivery.objects.bulk_create(batch, ignore_conflicts=True))
                batch = []
        count += len(Delivery.objects.bulk_create(batch, ignore_conflicts=True))
        enqueue_sending(issue.pk)
    return count


def enqueue_sending(issue_id: int, run_after=None) -> None:
    """Have a worker send the issue's due deliveries (from `run_after` on, when given) once
    the current transaction commits (see newsletter.receivers)."""
    transaction.on_commit(
        lambda: signals.sending_requested.send(sender=Issue, issue_id=issue_id, run_after=run_after)
    )


class IssueMailing(Mailing):
    """An issue's deliveries: each confirmed subscriber gets it in their language."""

    model = Delivery
    related = ("subscriber",)

    def __init__(self, issue_id: int, renderer: IssueRenderer | None = None):
        self.issue_id = issue_id
        self.renderer = renderer or IssueRenderer(Issue.objects.get(pk=issue_id))

    def rows(self):
        return Delivery.objects.filter(issue_id=self.issue_id)

    def message(self, delivery: Delivery, connection):
        if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
            return None  # unsubscribed since the send started
        return self.renderer.message(
            delivery.subscriber, connection=connection, delivery_id=delivery.pk
        )

    def requeue(self, run_after=None) -> None:
        enqueue_sending(self.issue_id, run_after=run_after)

    def __str__(self) -> str:
        return f"issue {self.issue_id}"


def deliveries_send(*, issue_id: int, batch_size: int | None = None) -> dict[str, int]:
    """Send the pending deliveries of an issue, batch by batch, each exactly once
    (portal.core.mailing.send_due)."""
    return mailing.send_due(IssueMailing(issue_id), batch_size=batch_size)


def deliveries_recover() -> int:
    """After a worker died, its claimed rows are past their lease: the one it was sending
    (attempt started) becomes `unknown` and is never resent automatically, since the message
    may have gone out; the others go back to `pending`. Issues with due pending rows and no
    live sender are queued again. Returns the number of issues queued."""
    return mailing.recover_stale(Delivery, _requeue_issues, group_by="issue_id")


def _requeue_issues(due) -> int:
    issue_ids = list(due.values_list("issue_id", flat=True).distinct())
    for issue_id in issue_ids:
        enqueue_sending(issue_id)
    return len(issue_ids)
