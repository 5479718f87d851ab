"""Sending as a worker does, with the rows committed: a batch shared by several SMTP
connections (NEWSLETTER_SMTP_CONNECTIONS, 4 in production), each in its own thread with
its own database connection; a dropped connection; a worker slower than its lease."""

from collections import Counter
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from newsletter import services
from newsletter.models import Delivery
from newsletter.services.sending import IssueMailing
from portal.core import mailing
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.newsletter.smtp import ScriptedHandler, smtp_server

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def issue():
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    return issue


def test_several_connections_deliver_each_message_exactly_once(issue, settings):
    settings.NEWSLETTER_SMTP_CONNECTIONS = 3
    settings.NEWSLETTER_BATCH_SIZE = 7
    emails = [s.email for s in SubscriberFactory.create_batch(25)]
    with smtp_server(settings) as handler:
        services.issue_send(issue=issue)  # committed: the send runs at once (immediate tasks)

    received = Counter(rcpt for rcpts, _data in handler.messages for rcpt in rcpts)
    assert sorted(received) == sorted(emails)
    assert set(received.values()) == {1}
    assert Counter(Delivery.objects.values_list("status", flat=True)) == {"sent": 25}


def test_a_refused_recipient_in_one_thread_leaves_the_others_sent(issue, settings):
    settings.NEWSLETTER_SMTP_CONNECTIONS = 2
    subscribers = SubscriberFactory.create_batch(6)
    refused = subscribers[3].email
    handler = ScriptedHandler(rcpt={refused: ["550 5.1.1 No such user"]})
    with smtp_server(settings, handler):
        services.issue_send(issue=issue)

    assert len(handler.messages) == 5
    assert Delivery.objects.get(subscriber__email=refused).status == "failed"
    assert Delivery.objects.filter(status="sent").count() == 5


class DroppingHandler(ScriptedHandler):
    """Takes the message for `drop`, then closes the connection before answering: the
    sender cannot know whether it went out."""

    def __init__(self, drop: str):
        super().__init__()
        self.drop = drop

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if self.drop in envelope.rcpt_tos:
            server.transport.close()
        return reply


def test_a_message_whose_connection_dropped_is_never_sent_again(issue, settings):
    settings.NEWSLETTER_SMTP_CONNECTIONS = 1
    settings.NEWSLETTER_SEND_LEASE_SECONDS = 0
    first, dropped, third = SubscriberFactory.create_batch(3)
    handler = DroppingHandler(drop=dropped.email)
    with smtp_server(settings, handler):
        services.issue_send(issue=issue)  # committed: the send runs at once
        services.deliveries_recover()  # the dropped one was in flight: "unknown"
        Delivery.objects.filter(status="pending").update(next_attempt_at=timezone.now())
        services.deliveries_send(issue_id=issue.pk)  # the rest, retried

    received = Counter(rcpt for rcpts, _data in handler.messages for rcpt in rcpts)
    assert received == {first.email: 1, dropped.email: 1, third.email: 1}
    statuses = dict(Delivery.objects.values_list("subscriber__email", "status"))
    assert statuses == {first.email: "sent", dropped.email: "unknown", third.email: "sent"}


def test_a_worker_slower_than_its_lease_leaves_the_rows_another_worker_took(issue, settings):
    settings.NEWSLETTER_SMTP_CONNECTIONS = 1
    SubscriberFactory.create_batch(3)
    with mock.patch("newsletter.services.sending.enqueue_sending"):
        services.issue_send(issue=issue)
    issue_mailing = IssueMailing(issue.pk)
    batch = mailing._claim_batch(issue_mailing, 10)
    # The lease ran out: recovery put the rows back and another worker claimed them.
    Delivery.objects.update(claimed_at=timezone.now() + timedelta(seconds=1))
    with smtp_server(settings) as handler:
        totals, _failed = mailing._send_part(issue_mailing, batch)

    assert handler.messages == []
    assert totals["skipped"] == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sending"}
