"""A batch shared by several SMTP connections, each in its own thread with its own database
connection (NEWSLETTER_SMTP_CONNECTIONS, 4 in production): the rows are committed, as in a
worker, so the threads see them."""

from collections import Counter

import pytest

from newsletter import services
from newsletter.models import Delivery
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
