"""Bounces and complaints: the authenticated endpoint, the mailbox reader, and what a stopped
address means for sending."""

import json
import mailbox

import pytest
from django.core import checks, mail, signing
from django.core.management import call_command

from newsletter import services
from newsletter.emails import delivery_header
from newsletter.models import Delivery, Subscriber
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

URL = "/newsletter/bounces/"
TOKEN = "s3cret-bounce-token-for-tests"


@pytest.fixture
def token(settings):
    settings.NEWSLETTER_BOUNCE_TOKEN = TOKEN
    return TOKEN


def post(client, body, token=TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **headers)


def test_a_hard_bounce_stops_the_address_and_keeps_history(client, token):
    subscriber = SubscriberFactory(email="gone@example.org")
    response = post(client, {"email": "Gone@Example.org", "type": "hard-bounce", "detail": "550"})
    assert response.status_code == 200
    assert response.json() == {"received": 1, "stopped": 1}
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.BOUNCED
    assert subscriber.stopped_at and subscriber.stop_reason == "550"
    history = list(subscriber.history.order_by("history_date").values_list("status", flat=True))
    assert history[-2:] == ["confirmed", "bounced"]


def test_a_complaint_stops_the_address_and_a_soft_bounce_does_not(client, token):
    spam = SubscriberFactory(email="spam@example.org")
    full = SubscriberFactory(email="full@example.org")
    post(client, [
        {"email": "spam@example.org", "type": "complaint"},
        {"email": "full@example.org", "type": "soft-bounce"},
    ])  # fmt: skip
    spam.refresh_from_db()
    full.refresh_from_db()
    assert spam.status == Subscriber.Status.COMPLAINED
    assert full.status == Subscriber.Status.CONFIRMED


def test_postmarks_webhook_format_is_understood(client, token):
    SubscriberFactory(email="pm@example.org")
    body = {"RecordType": "Bounce", "Type": "HardBounce", "Email": "pm@example.org"}
    assert post(client, body).json()["stopped"] == 1
    assert Subscriber.objects.get().status == Subscriber.Status.BOUNCED


def test_a_stopped_address_gets_no_more_issues(client, token, django_capture_on_commit_callbacks):
    SubscriberFactory(email="ok@example.org")
    SubscriberFactory(email="gone@example.org")
    post(client, {"email": "gone@example.org", "type": "hard-bounce"})
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.issue_send(issue=issue) == 1
    assert [m.to for m in mail.outbox] == [["ok@example.org"]]


def test_a_bounce_during_a_send_skips_the_rest(django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory(email="gone@example.org")
    issue = IssueFactory()
    services.issue_send(issue=issue)  # queued, not yet sent (callbacks not run)
    services.subscriber_bounce(email=subscriber.email, kind="hard-bounce")
    services.deliveries_send(issue_id=issue.pk)
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_an_unsubscribed_person_stays_unsubscribed(client, token):
    SubscriberFactory(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    assert post(client, {"email": "left@example.org", "type": "hard-bounce"}).json()["stopped"] == 0
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize(
    "token_sent, status", [(None, 401), ("wrong", 401), ("", 401), (TOKEN + "x", 401)]
)
def test_a_missing_or_wrong_token_is_refused(client, token, token_sent, status):
    SubscriberFactory(email="gone@example.org")
    response = post(client, {"email": "gone@example.org", "type": "hard-bounce"}, token_sent)
    assert response.status_code == status
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_the_endpoint_is_off_without_a_configured_token(client, settings):
    settings.NEWSLETTER_BOUNCE_TOKEN = ""
    response = post(client, {"email": "a@example.org", "type": "hard-bounce"}, "")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", '{"email": "a@example.org", "type": "bounce"}', '{"type": "x"}', "\xff"],
)
def test_a_malformed_body_is_a_400_not_a_server_error(client, token, body):
    assert post(client, body).status_code == 400


def test_only_post_is_accepted(client, token):
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


def signed_header(subscriber) -> str:
    """The X-Portal-Delivery header of a delivery to `subscriber`, as the portal sends it."""
    delivery = Delivery.objects.create(issue=IssueFactory(), subscriber=subscriber)
    return delivery_header(delivery.pk)


def dsn(recipient: str, action: str, status: str, header: str | None = "") -> str:
    """A delivery status notification as a mail server sends it (RFC 3464), returning the
    original message's headers (with `header` as X-Portal-Delivery when given)."""
    returned = f"X-Portal-Delivery: {header}\n" if header else ""
    raw = (
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b1\n"
        "MIME-Version: 1.0\nFrom: MAILER-DAEMON@mx.example.net\nSubject: Undelivered\n\n"
        "--b1\nContent-Type: text/plain\n\nSorry.\n\n"
        "--b1\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.net\n\n"
        f"Final-Recipient: rfc822; {recipient}\nAction: {action}\nStatus: {status}\n"
        f"Diagnostic-Code: smtp; {status} mailbox problem\n\n"
        "--b1\nContent-Type: text/rfc822-headers\n\n"
        f"From: news@portal.example\nTo: {recipient}\nSubject: No. 1\n{returned}\n"
        "--b1--\n"
    )
    return raw


def test_the_mailbox_reader_stops_hard_bounces_only(tmp_path):
    hard = SubscriberFactory(email="hard@example.org")
    soft = SubscriberFactory(email="soft@example.org")
    box = mailbox.Maildir(tmp_path / "bounces")
    box.add(dsn("hard@example.org", "failed", "5.1.1", signed_header(hard)))
    box.add(dsn("soft@example.org", "delayed", "4.2.2", signed_header(soft)))
    box.add("From: someone@example.org\nSubject: hello\n\nNot a report.\n")
    call_command("newsletter_bounces", "--maildir", str(tmp_path / "bounces"), "--delete")
    hard.refresh_from_db()
    soft.refresh_from_db()
    assert hard.status == Subscriber.Status.BOUNCED and "5.1.1" in hard.stop_reason
    assert soft.status == Subscriber.Status.CONFIRMED
    assert len(box) == 1  # the two reports removed, the other message left


def test_an_abuse_report_in_an_mbox_is_a_complaint(tmp_path):
    subscriber = SubscriberFactory(email="angry@example.org")
    box = mailbox.mbox(tmp_path / "reports.mbox")
    box.add(
        "Content-Type: multipart/report; report-type=feedback-report; boundary=b2\n"
        "MIME-Version: 1.0\nFrom: abuse@isp.example\nSubject: complaint\n\n"
        "--b2\nContent-Type: text/plain\n\nA complaint.\n\n"
        "--b2\nContent-Type: message/feedback-report\n\n"
        "Feedback-Type: abuse\nUser-Agent: isp/1.0\nVersion: 1\n"
        "Original-Rcpt-To: angry@example.org\n\n"
        "--b2\nContent-Type: message/rfc822\n\n"
        f"From: news@portal.example\nTo: angry@example.org\n"
        f"X-Portal-Delivery: {signed_header(subscriber)}\nSubject: No. 1\n\nThe issue.\n\n"
        "--b2--\n"
    )
    box.flush()
    call_command("newsletter_bounces", "--mbox", str(tmp_path / "reports.mbox"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.COMPLAINED


def test_the_admin_shows_the_stopped_status(admin_client):
    SubscriberFactory(email="gone@example.org")
    services.subscriber_bounce(email="gone@example.org", kind="hard-bounce", detail="5.1.1")
    page = admin_client.get("/admin/newsletter/subscriber/?status=bounced").text
    assert "gone@example.org" in page and "Address bounced" in page


@pytest.mark.parametrize(
    "header",
    [
        None,  # no header: anybody's forged report
        "12345.forged-signature",
        "SAME-ID-OTHER-KEY",  # a header signed with another key
    ],
)
def test_a_report_without_the_portals_signed_header_is_ignored(tmp_path, header, capsys):
    victim = SubscriberFactory(email="victim@example.org")
    if header == "SAME-ID-OTHER-KEY":
        delivery = Delivery.objects.create(issue=IssueFactory(), subscriber=victim)
        header = signing.Signer(key="another-key", salt="x", sep=".").sign(str(delivery.pk))
    box = mailbox.Maildir(tmp_path / "bounces")
    box.add(dsn("victim@example.org", "failed", "5.1.1", header))
    call_command("newsletter_bounces", "--maildir", str(tmp_path / "bounces"))
    victim.refresh_from_db()
    assert victim.status == Subscriber.Status.CONFIRMED
    out = capsys.readouterr().out
    assert "0 report(s) read, 0 address(es) stopped, 1 ignored (not ours)" in out


def test_a_valid_header_for_another_subscriber_stops_nobody(tmp_path, capsys):
    """An attacker who got one newsletter (their own signed header) cannot stop someone
    else by naming them as the recipient."""
    attacker = SubscriberFactory(email="attacker@example.org")
    victim = SubscriberFactory(email="victim@example.org")
    box = mailbox.Maildir(tmp_path / "bounces")
    box.add(dsn("victim@example.org", "failed", "5.1.1", signed_header(attacker)))
    call_command("newsletter_bounces", "--maildir", str(tmp_path / "bounces"))
    victim.refresh_from_db()
    attacker.refresh_from_db()
    assert victim.status == attacker.status == Subscriber.Status.CONFIRMED
    assert "1 ignored (not ours)" in capsys.readouterr().out


def test_the_recipient_matches_whatever_its_case(tmp_path):
    subscriber = SubscriberFactory(email="mixed@example.org")
    box = mailbox.Maildir(tmp_path / "bounces")
    box.add(dsn("Mixed@EXAMPLE.org", "failed", "5.1.1", signed_header(subscriber)))
    call_command("newsletter_bounces", "--maildir", str(tmp_path / "bounces"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.BOUNCED


def test_each_sent_issue_carries_its_signed_delivery_header(django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory(email="reader@example.org")
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=issue)
    (message,) = mail.outbox
    delivery = Delivery.objects.get(subscriber=subscriber)
    header = message.message()["X-Portal-Delivery"]
    assert header == delivery_header(delivery.pk)
    assert header.startswith(f"{delivery.pk}.")


@pytest.mark.parametrize("scheme", ["Token", "bearer", "", "Bearer  "])
def test_the_endpoint_wants_exactly_bearer_and_the_token(client, token, scheme):
    SubscriberFactory(email="gone@example.org")
    header = f"{scheme} {TOKEN}".lstrip() if scheme else TOKEN
    response = client.post(
        URL,
        json.dumps({"email": "gone@example.org", "type": "hard-bounce"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=header,
    )
    assert response.status_code == 401
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize("value, warned", [("", False), ("short", True), ("x" * 32, False)])
def test_a_short_bounce_token_is_warned_about(settings, value, warned):
    settings.NEWSLETTER_BOUNCE_TOKEN = value
    ids = [message.id for message in checks.run_checks(tags=[checks.Tags.security])]
    assert ("newsletter.W001" in ids) is warned
