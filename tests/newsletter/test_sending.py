import re
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from newsletter import emails, services
from newsletter.emails import manage_url, one_click_url
from newsletter.exceptions import IssueAlreadySent, IssueNotPublished
from newsletter.models import Delivery, Issue
from newsletter.tokens import MANAGE_SALT, read_token
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.newsletter.smtp import ScriptedHandler, smtp_server


@pytest.fixture
def issue(db):
    issue = IssueFactory(title_en="Spring news", title_fr="Nouvelles du printemps")
    ArticleFactory(issue=issue, title_en="Skills for Rwanda", title_fr="Compétences pour le Rwanda")
    return issue


def send(issue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.issue_send(issue=issue)


def test_each_subscriber_gets_the_issue_in_their_language(
    issue, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="fr@example.org", language="fr")
    SubscriberFactory(email="en@example.org", language="en")
    assert send(issue, django_capture_on_commit_callbacks) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    french = by_recipient["fr@example.org"]
    assert french.subject == "N° 1 – Nouvelles du printemps".replace("1", str(issue.number))
    assert "Compétences pour le Rwanda" in french.body
    assert "Skills for Rwanda" in by_recipient["en@example.org"].body
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_email_edition_has_html_text_unsubscribe_headers_and_browser_link(
    issue, django_capture_on_commit_callbacks
):
    SubscriberFactory(language="fr")
    send(issue, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/newsletter/unsubscribe/"
    )
    assert f"http://127.0.0.1:8000/fr/actualites/{issue.number}/" in message.body
    assert "Voir ce numéro dans votre navigateur" in html
    assert "<style" not in html and 'style="' in html  # CSS inlined for mail clients
    assert "/fr/actualites/abonnement/gerer/" in html
    assert "placeholder.invalid" not in html + message.body


def test_an_issue_cannot_be_sent_twice(issue, django_capture_on_commit_callbacks):
    SubscriberFactory()
    send(issue, django_capture_on_commit_callbacks)
    with pytest.raises(IssueAlreadySent):
        services.issue_send(issue=issue)
    assert len(mail.outbox) == 1


def test_a_double_click_on_the_confirmation_sends_once(admin_client, issue):
    SubscriberFactory.create_batch(3)
    url = f"/admin/newsletter/issue/{issue.pk}/send/"
    data = {"action": "send", "confirmed": "yes"}
    admin_client.post(url, data)
    response = admin_client.post(url, data, follow=True)
    assert "already been sent" in response.text
    assert Delivery.objects.count() == 3


def test_a_draft_cannot_be_sent(db):
    draft = IssueFactory(status=Issue.Status.DRAFT)
    with pytest.raises(IssueNotPublished):
        services.issue_send(issue=draft)


def test_unconfirmed_and_unsubscribed_addresses_get_nothing(
    issue, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="yes@example.org")
    SubscriberFactory(email="pending@example.org", status="pending")
    SubscriberFactory(email="gone@example.org", status="unsubscribed")
    send(issue, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == ["yes@example.org"]


def make_due(delivery: Delivery) -> None:
    """Jump to when the retry is due (the first attempt was at most minutes ago)."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.issue.send_started_at)


def test_an_smtp_4xx_is_recorded_and_retried_later(issue, settings):
    """A real SMTP server answers 451 to one message, then accepts it."""
    SubscriberFactory(email="ok@example.org")
    SubscriberFactory(email="flaky@example.org")
    handler = ScriptedHandler(data={"flaky@example.org": ["451 4.3.0 Try again later"]})
    with smtp_server(settings, handler):
        services.issue_send(issue=issue)
        services.deliveries_send(issue_id=issue.pk)
        flaky = Delivery.objects.get(subscriber__email="flaky@example.org")
        assert flaky.status == "pending"
        assert flaky.attempts == 1
        assert "Try again later" in flaky.last_error
        assert flaky.next_attempt_at > flaky.issue.send_started_at
        assert Delivery.objects.get(subscriber__email="ok@example.org").status == "sent"
        services.deliveries_send(issue_id=issue.pk)  # not due yet: nothing happens
        assert Delivery.objects.get(pk=flaky.pk).status == "pending"

        make_due(flaky)
        services.deliveries_send(issue_id=issue.pk)
    flaky.refresh_from_db()
    assert (flaky.status, flaky.attempts, flaky.last_error) == ("sent", 2, "")
    assert sorted(rcpts[0] for rcpts, _data in handler.messages) == [
        "flaky@example.org",
        "ok@example.org",
    ]
    assert flaky.subscriber.status == "confirmed"


def test_a_recipient_refused_with_4xx_is_retried_not_failed(issue, settings):
    """451 to RCPT ("mailbox busy", greylisting) is temporary: the row waits for a retry."""
    SubscriberFactory(email="greylisted@example.org")
    handler = ScriptedHandler(rcpt={"greylisted@example.org": ["451 4.7.1 Greylisted"]})
    with smtp_server(settings, handler):
        services.issue_send(issue=issue)
        services.deliveries_send(issue_id=issue.pk)
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("pending", 1)
        assert "Greylisted" in delivery.last_error
        make_due(delivery)
        services.deliveries_send(issue_id=issue.pk)
    assert Delivery.objects.get().status == "sent"
    assert [rcpts for rcpts, _data in handler.messages] == [["greylisted@example.org"]]


def test_a_refused_recipient_is_marked_failed_not_retried(issue, settings):
    """550 to RCPT: the address does not exist. Failed for good; the subscriber and the
    delivery row stay for staff to see."""
    SubscriberFactory(email="nobody@example.org")
    SubscriberFactory(email="ok@example.org")
    handler = ScriptedHandler(rcpt={"nobody@example.org": ["550 5.1.1 No such user"]})
    with smtp_server(settings, handler):
        services.issue_send(issue=issue)
        services.deliveries_send(issue_id=issue.pk)
        delivery = Delivery.objects.get(subscriber__email="nobody@example.org")
        make_due(delivery)
        services.deliveries_send(issue_id=issue.pk)
        services.deliveries_recover()
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert "No such user" in delivery.last_error
    assert handler.attempts["nobody@example.org"] == 1  # never tried again
    assert [rcpts for rcpts, _data in handler.messages] == [["ok@example.org"]]
    assert delivery.subscriber.status == "confirmed"


def test_a_message_refused_with_5xx_is_marked_failed_not_retried(issue, settings):
    SubscriberFactory(email="strict@example.org")
    handler = ScriptedHandler(data={"strict@example.org": ["554 5.7.1 Message rejected"]})
    with smtp_server(settings, handler):
        services.issue_send(issue=issue)
        services.deliveries_send(issue_id=issue.pk)
        delivery = Delivery.objects.get()
        make_due(delivery)
        services.deliveries_send(issue_id=issue.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "Message rejected" in delivery.last_error
    assert handler.messages == []


def test_admin_shows_sending_progress(admin_client, issue, django_capture_on_commit_callbacks):
    SubscriberFactory.create_batch(2)
    send(issue, django_capture_on_commit_callbacks)
    html = admin_client.get("/admin/newsletter/issue/").text
    assert "2 sent, 0 failed, 0 pending" in html


def test_send_test_goes_to_the_staff_member_in_both_languages(admin_client, admin_user, issue):
    admin_client.post(
        f"/admin/newsletter/issue/{issue.pk}/send/",
        {"action": "test", "addresses": "editor@example.org"},
    )
    subjects = sorted(m.subject for m in mail.outbox)
    assert all(s.startswith("[TEST] ") for s in subjects) and len(subjects) == 2
    assert [m.to for m in mail.outbox] == [["editor@example.org"]] * 2
    assert not Delivery.objects.exists()


# A real worker process killed mid-send, and a real SMTP socket ---------------------------


def test_messages_on_the_wire_are_complete_and_personal(issue, settings):
    """The issue is rendered once per language and personalised per recipient: what
    reaches the SMTP server must still be a correct, individual message."""
    from email import message_from_bytes, policy

    with (
        smtp_server(settings) as handler,
        mock.patch("newsletter.emails.render_issue", wraps=emails.render_issue) as render,
    ):
        a = SubscriberFactory(email="a@example.org", language="fr")
        b = SubscriberFactory(email="b@example.org", language="fr")
        services.issue_send(issue=issue)
        services.deliveries_send(issue_id=issue.pk)
    assert render.call_count == 1  # two French readers, one rendering
    parsed = {
        rcpts[0]: message_from_bytes(data, policy=policy.default)
        for rcpts, data in handler.messages
    }
    assert set(parsed) == {"a@example.org", "b@example.org"}
    assert parsed["a@example.org"]["Message-ID"] != parsed["b@example.org"]["Message-ID"]
    for subscriber in (a, b):
        message = parsed[subscriber.email]
        assert message["To"] == subscriber.email
        assert message["Subject"].endswith("Nouvelles du printemps")
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        # Each link carries a token signed for this subscriber (its timestamp may be a
        # second older than one made now, so the token is read, not compared).
        for link, body in ((manage_url(subscriber), html), (manage_url(subscriber), text),
                           (one_click_url(subscriber), message["List-Unsubscribe"])):  # fmt: skip
            prefix = re.escape(link.rstrip("/").rsplit("/", 1)[0] + "/")
            [token] = set(re.findall(prefix + r"([^/\s\"<>]+)/", body))
            assert read_token(token, MANAGE_SALT) == subscriber
        assert "Compétences pour le Rwanda" in html
        assert "placeholder.invalid" not in html + text


def test_the_per_language_shortcuts_leave_the_message_as_django_builds_it(issue):
    """The subject encoded and the boundary chosen once per language: the bytes are those
    of an ordinary Django message but for the Message-ID, the Date and the boundary."""
    subscriber = SubscriberFactory(language="fr")
    message = emails.IssueRenderer(issue).message(subscriber)
    ordinary = EmailMultiAlternatives(
        message.subject,
        message.body,
        from_email=message.from_email,  # the site's name in French (portal.core.emails.sender)
        to=message.to,
        headers=message.extra_headers,
    )
    ordinary.attach_alternative(*message.alternatives[0])

    def comparable(email) -> bytes:
        data = email.message().as_bytes(linesep="\r\n")
        boundary = re.search(rb'boundary="([^"]+)"', data).group(1)
        data = re.sub(rb"(Message-ID|Date): [^\r]*\r\n", b"", data)
        # Boundaries of other lengths: the Content-Type header folded or not.
        return data.replace(b";\r\n boundary=", b"; boundary=").replace(boundary, b"BOUNDARY")

    assert comparable(message) == comparable(ordinary)
    assert message.subject == ordinary.subject == f"N° {issue.number} – Nouvelles du printemps"
    assert message.message().get_boundary() == message.edition.boundary
