"""The bulk sending machinery of the base layer (portal.core.mailing), driven by a tiny
mailing of its own over the newsletter's delivery rows: what any kind of mailing (issues,
alerts) gets from it."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from newsletter.models import Delivery
from portal.core import mailing
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


class PlainMailing(mailing.Mailing):
    """One plain message per row; the addresses in `unwanted` are no longer wanted."""

    model = Delivery
    related = ("subscriber",)

    def __init__(self, issue, unwanted=(), broken=()):
        self.issue = issue
        self.unwanted = set(unwanted)
        self.broken = set(broken)
        self.requeued = []

    def rows(self):
        return Delivery.objects.filter(issue=self.issue)

    def message(self, delivery, connection):
        email = delivery.subscriber.email
        if email in self.unwanted:
            return None
        if email in self.broken:
            raise ValueError("no template")
        return EmailMessage(f"Hello {email}", "Body", to=[email], connection=connection)

    def requeue(self, run_after=None):
        self.requeued.append(run_after)


class BusyBackend(BaseEmailBackend):
    """A mail server answering "try again later" to every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(451, b"4.3.0 Try again later")


@pytest.fixture
def issue():
    return IssueFactory()


def queue(issue, *emails):
    return [
        Delivery.objects.create(issue=issue, subscriber=SubscriberFactory(email=email))
        for email in emails
    ]


def test_each_due_row_is_sent_once_and_marked_sent(issue):
    queue(issue, "a@example.org", "b@example.org", "c@example.org")
    totals = mailing.send_due(PlainMailing(issue), batch_size=2)  # two batches

    assert totals == {"sent": 3, "failed": 0, "retry": 0, "skipped": 0}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]
    rows = Delivery.objects.all()
    assert {(d.status, d.attempts, d.attempt_started_at) for d in rows} == {("sent", 1, None)}
    assert all(d.sent_at is not None for d in rows)

    assert mailing.send_due(PlainMailing(issue)) == {
        "sent": 0,
        "failed": 0,
        "retry": 0,
        "skipped": 0,
    }
    assert len(mail.outbox) == 3


def test_a_row_already_sent_or_interrupted_is_never_sent_again(issue):
    sent, unknown, _fresh = queue(
        issue, "sent@example.org", "unknown@example.org", "new@example.org"
    )
    Delivery.objects.filter(pk=sent.pk).update(status="sent", sent_at=timezone.now())
    Delivery.objects.filter(pk=unknown.pk).update(status="unknown")

    mailing.send_due(PlainMailing(issue))

    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert Delivery.objects.get(pk=unknown.pk).status == "unknown"


def test_only_the_mailings_own_rows_are_sent(issue):
    queue(issue, "mine@example.org")
    other = IssueFactory()
    Delivery.objects.create(issue=other, subscriber=SubscriberFactory(email="other@example.org"))

    mailing.send_due(PlainMailing(issue))

    assert [m.to for m in mail.outbox] == [["mine@example.org"]]
    assert Delivery.objects.get(issue=other).status == "pending"


def test_a_row_no_longer_wanted_is_deleted_and_counted_skipped(issue):
    queue(issue, "stays@example.org", "left@example.org")

    totals = mailing.send_due(PlainMailing(issue, unwanted={"left@example.org"}))

    assert (totals["sent"], totals["skipped"]) == (1, 1)
    assert [m.to for m in mail.outbox] == [["stays@example.org"]]
    assert list(Delivery.objects.values_list("subscriber__email", flat=True)) == [
        "stays@example.org"
    ]


def test_a_message_that_cannot_be_built_fails_its_row_only(issue):
    queue(issue, "ok@example.org", "broken@example.org")

    totals = mailing.send_due(PlainMailing(issue, broken={"broken@example.org"}))

    assert (totals["sent"], totals["failed"]) == (1, 1)
    broken = Delivery.objects.get(subscriber__email="broken@example.org")
    assert (broken.status, broken.attempts) == ("failed", 0)
    assert broken.last_error == "ValueError: no template"


def test_temporary_failures_are_retried_later_each_time_and_then_failed(issue, settings):
    settings.EMAIL_BACKEND = "tests.portal.test_mailing.BusyBackend"
    settings.NEWSLETTER_RETRY_SECONDS = 60
    (delivery,) = queue(issue, "busy@example.org")
    waits = []
    for attempt in range(1, mailing.MAX_ATTEMPTS + 1):
        job = PlainMailing(issue)
        before = timezone.now()
        assert mailing.send_due(job)["retry"] == 1
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        assert "Try again later" in delivery.last_error
        if attempt == mailing.MAX_ATTEMPTS:
            break
        assert delivery.status == "pending"
        assert job.requeued == [delivery.next_attempt_at]  # a worker comes back then
        waits.append(delivery.next_attempt_at - before)
        # Not due yet: another run does nothing.
        assert mailing.send_due(PlainMailing(issue))["retry"] == 0
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())

    # 60 s × 2 ** attempts made: 2, 4, 8, 16 minutes.
    assert [round(wait.total_seconds() / 60) for wait in waits] == [2, 4, 8, 16]
    assert delivery.status == "failed"
    assert job.requeued == []


def test_recovery_never_resends_a_row_whose_attempt_had_started(issue, settings):
    settings.NEWSLETTER_SEND_LEASE_SECONDS = 600
    in_flight, waiting, recent = queue(
        issue, "flight@example.org", "waiting@example.org", "recent@example.org"
    )
    long_ago = timezone.now() - timedelta(hours=1)
    Delivery.objects.filter(pk=in_flight.pk).update(
        status="sending", claimed_at=long_ago, attempt_started_at=long_ago
    )
    Delivery.objects.filter(pk=waiting.pk).update(status="sending", claimed_at=long_ago)
    Delivery.objects.filter(pk=recent.pk).update(status="sending", claimed_at=timezone.now())
    given = []

    def requeue_for(rows):
        given.append(sorted(rows.values_list("subscriber__email", flat=True)))
        return 1

    assert mailing.recover_stale(Delivery, requeue_for) == 1

    statuses = dict(Delivery.objects.values_list("subscriber__email", "status"))
    assert statuses == {
        "flight@example.org": "unknown",
        "waiting@example.org": "pending",
        "recent@example.org": "sending",  # its worker is alive: left alone
    }
    assert given == [["waiting@example.org"]]

    # Grouped by issue: an issue still being sent is left to its live sender.
    given.clear()
    mailing.recover_stale(Delivery, requeue_for, group_by="issue_id")
    assert given == [[]]

    mailing.send_due(PlainMailing(issue))
    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]
