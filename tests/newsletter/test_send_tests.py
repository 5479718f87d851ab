"""Test sends from an issue's send page: marked, inert, creating nothing, through a real
SMTP server, refused to stopped or suppressed addresses, limited per staff member."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from newsletter import exceptions, services
from newsletter.models import Delivery, Subscriber
from portal.core.links import absolute_url
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.newsletter.smtp import smtp_server
from tests.portal.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(db):
    issue = IssueFactory(title_en="Spring news", title_fr="Nouvelles du printemps")
    ArticleFactory(issue=issue, title_en="Skills for Rwanda", title_fr="Compétences pour le Rwanda")
    return issue


def send_url(issue) -> str:
    return reverse("admin:newsletter_issue_send", args=[issue.pk])


def test_a_test_send_creates_no_subscriber_and_no_delivery(issue):
    SubscriberFactory(email="reader@example.org")
    before = list(Subscriber.objects.values_list("email", "status", "token"))
    sent = services.issue_send_test(issue=issue, emails=["a@example.org", "reader@example.org"])
    assert sent == 4  # two addresses, two languages
    assert list(Subscriber.objects.values_list("email", "status", "token")) == before
    assert not Delivery.objects.exists()


def test_a_test_is_marked_and_its_unsubscribe_link_is_inert(issue, client):
    services.issue_send_test(issue=issue, emails=["a@example.org"])
    french = next(m for m in mail.outbox if "Nouvelles" in m.subject)
    assert french.subject.startswith("[TEST] ")
    assert "List-Unsubscribe" not in french.extra_headers
    html = french.alternatives[0][0]
    assert "Ceci est un test" in html and "Ceci est un test" in french.body
    with translation.override("fr"):
        test_page = reverse("newsletter:test-unsubscribe")
    unsubscribe_line = french.body.strip().splitlines()[-1]
    assert unsubscribe_line.endswith(absolute_url(test_page))
    assert f'href="{absolute_url(test_page)}"' in html
    response = client.get(test_page)
    assert response.status_code == 200
    assert "courriel de test" in response.text


def test_the_test_page_changes_no_subscription(client, issue):
    subscriber = SubscriberFactory()
    services.issue_send_test(issue=issue, emails=[subscriber.email])
    for message in mail.outbox:
        for line in message.body.splitlines():
            if "://" in line:
                client.get("/" + line.split("://", 1)[1].split("/", 1)[1])
                client.post("/" + line.split("://", 1)[1].split("/", 1)[1])
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_a_test_send_through_a_real_smtp_server(issue, settings):
    with smtp_server(settings) as handler:
        services.issue_send_test(issue=issue, emails=["one@example.org", "two@example.org"])
    received = handler.parsed()
    assert sorted(m["To"] for m in received) == ["one@example.org"] * 2 + ["two@example.org"] * 2
    assert all(m["Subject"].startswith("[TEST] ") for m in received)
    assert all(m["List-Unsubscribe"] is None for m in received)
    assert not Subscriber.objects.exists()


def test_the_test_form_refuses_bad_and_too_many_addresses(admin_client, issue):
    response = admin_client.post(send_url(issue), {"action": "test", "addresses": "nope, a@b.org"})
    assert response.status_code == 200
    assert "Not valid email addresses: nope" in response.text
    many = ",".join(f"p{i}@example.org" for i in range(11))
    response = admin_client.post(send_url(issue), {"action": "test", "addresses": many})
    assert "At most 10 addresses" in response.text
    assert mail.outbox == []


# Audience and confirmation ---------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED],
)
def test_a_test_is_not_sent_to_a_stopped_subscriber(issue, admin_client, status):
    SubscriberFactory(email="left@example.org", status=status)
    response = admin_client.post(
        send_url(issue), {"action": "test", "addresses": "me@example.org, Left@example.org"}
    )
    assert response.status_code == 302
    assert not mail.outbox
    texts = [str(m) for m in response.wsgi_request._messages]
    assert any("No test was sent: " in t and "left@example.org" in t.lower() for t in texts), texts


def test_a_test_is_not_sent_to_a_suppressed_address(issue):
    services.address_suppress(email="gone@example.org", reason="bounced")
    with pytest.raises(exceptions.TestSendFailed):
        services.issue_send_test(issue=issue, emails=["gone@example.org"])
    assert not mail.outbox


def test_test_sends_are_limited_per_staff_member(issue, admin_client, admin_user):
    url = send_url(issue)
    for _ in range(services.TEST_SENDS_PER_HOUR):
        admin_client.post(url, {"action": "test", "addresses": "me@example.org"})
    sent = len(mail.outbox)
    assert sent == services.TEST_SENDS_PER_HOUR * 2  # two languages each time
    admin_client.cookies["django_language"] = "fr"
    response = admin_client.post(url, {"action": "test", "addresses": "me@example.org"})
    assert len(mail.outbox) == sent
    texts = [str(m) for m in response.wsgi_request._messages]
    assert any("Aucun test n’a été envoyé" in t for t in texts), texts
    # Another staff member still can.
    other = StaffFactory(is_superuser=True)
    services.issue_send_test(issue=issue, emails=["me@example.org"], user=other)
    assert len(mail.outbox) == sent + 2
