"""The send page of an issue: preview, test sends, audience, confirmation, scheduling,
progress and re-sending interrupted deliveries; and who may do what."""

import json
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from newsletter import services
from newsletter.exceptions import IssueAlreadySent
from newsletter.models import Delivery, Issue, Subscriber
from portal.core.roles import EDITORS
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.portal.factories import StaffFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def issue(db):
    issue = IssueFactory(title_en="Spring news", title_fr="Nouvelles du printemps")
    ArticleFactory(issue=issue, title_en="Skills for Rwanda", title_fr="Compétences pour le Rwanda")
    return issue


def send_url(issue) -> str:
    return reverse("admin:newsletter_issue_send", args=[issue.pk])


def test_the_audience_counts_confirmed_subscribers_per_language_without_bounced(db):
    SubscriberFactory.create_batch(3, language="en")
    SubscriberFactory(language="fr")
    SubscriberFactory(language="fr", status=Subscriber.Status.PENDING)
    SubscriberFactory(language="fr", status=Subscriber.Status.BOUNCED)
    SubscriberFactory(language="en", status=Subscriber.Status.COMPLAINED)
    assert services.issue_audience() == {"en": 3, "fr": 1}


def test_sending_asks_to_confirm_with_the_counts_first(
    admin_client, issue, django_capture_on_commit_callbacks
):
    SubscriberFactory.create_batch(2, language="en")
    SubscriberFactory(language="fr")
    response = admin_client.post(send_url(issue), {"action": "send"})
    assert response.status_code == 200
    assert "3 subscribers will receive it: 2 in English, 1 in French." in response.text
    assert not Delivery.objects.exists() and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(send_url(issue), {"action": "send", "confirmed": "yes"})
    assert response.status_code == 302
    assert Delivery.objects.filter(status="sent").count() == 3
    assert len(mail.outbox) == 3


def test_the_confirmation_is_in_french_for_a_french_speaking_editor(editor_client, issue):
    SubscriberFactory(language="en")
    SubscriberFactory.create_batch(2, language="fr")
    editor_client.cookies["django_language"] = "fr"
    response = editor_client.post(send_url(issue), {"action": "send"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "3 abonnés le recevront\u202f: 1 en anglais, 2 en français." in response.text


def test_the_old_action_only_opens_the_send_page(admin_client, issue):
    SubscriberFactory()
    response = admin_client.post(
        reverse("admin:newsletter_issue_changelist"),
        {"action": "send_to_subscribers", "_selected_action": [issue.pk]},
    )
    assert response.status_code == 302 and response["Location"] == send_url(issue)
    assert not Delivery.objects.exists()


def test_the_send_page_previews_each_language(admin_client, issue):
    response = admin_client.get(send_url(issue))
    assert response.status_code == 200
    assert "Nouvelles du printemps" in response.text and "Spring news" in response.text
    assert 'sandbox=""' in response.text
    preview = admin_client.get(
        reverse("admin:newsletter_issue_send_preview", args=[issue.pk, "fr"])
    )
    assert "Compétences pour le Rwanda" in preview.text
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    policy = preview["Content-Security-Policy"]
    assert "sandbox" in policy and "frame-ancestors 'self'" in policy
    assert "script-src" not in policy and "default-src 'none'" in policy


# Scheduling ------------------------------------------------------------------------------


def test_a_schedule_is_typed_in_office_time_and_confirmed(admin_client, issue):
    SubscriberFactory()
    with time_machine.travel(datetime(2026, 12, 3, 8, 0, tzinfo=BRUSSELS), tick=False):
        data = {"action": "schedule", "at": "2026-12-04T09:30"}
        response = admin_client.post(send_url(issue), data)
        assert "1 subscriber will receive it" in response.text
        assert "Brussels time" in response.text
        issue.refresh_from_db()
        assert issue.send_scheduled_at is None
        admin_client.post(send_url(issue), {**data, "confirmed": "yes"})
    issue.refresh_from_db()
    assert issue.send_scheduled_at == datetime(2026, 12, 4, 9, 30, tzinfo=BRUSSELS)
    assert not Delivery.objects.exists()


def test_a_scheduled_send_starts_when_due_and_only_once(issue, django_capture_on_commit_callbacks):
    SubscriberFactory.create_batch(2)
    at = timezone.now() + timedelta(hours=1)
    services.issue_send_schedule(issue=issue, at=at)
    assert services.scheduled_sends_start() == 0
    with time_machine.travel(at + timedelta(seconds=30)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.scheduled_sends_start() == 1
        assert services.scheduled_sends_start() == 0
    assert len(mail.outbox) == 2
    assert Delivery.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_start_a_scheduled_send_once(issue):
    SubscriberFactory.create_batch(3)
    at = timezone.now() + timedelta(minutes=5)
    services.issue_send_schedule(issue=issue, at=at)
    started = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            started.append(services.scheduled_sends_start())
        finally:
            connection.close()

    with time_machine.travel(at + timedelta(minutes=1)):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(started) == [0, 1]
    assert Delivery.objects.count() == 3
    assert len(mail.outbox) == 3


def test_cancelling_a_schedule_before_it_starts(admin_client, issue):
    SubscriberFactory()
    at = timezone.now() + timedelta(hours=1)
    services.issue_send_schedule(issue=issue, at=at)
    response = admin_client.post(send_url(issue), {"action": "cancel"}, follow=True)
    assert "nobody will be emailed" in response.text
    with time_machine.travel(at + timedelta(minutes=1)):
        assert services.scheduled_sends_start() == 0
    assert not Delivery.objects.exists()


def test_a_schedule_cannot_be_cancelled_after_the_send_started(issue):
    services.issue_send_schedule(issue=issue, at=timezone.now() + timedelta(hours=1))
    services.issue_send(issue=issue)
    with pytest.raises(IssueAlreadySent):
        services.issue_send_schedule_cancel(issue=issue)


def test_a_scheduled_send_that_cannot_start_says_why(issue, admin_client):
    at = timezone.now() + timedelta(hours=1)
    services.issue_send_schedule(issue=issue, at=at)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.DRAFT)
    with time_machine.travel(at + timedelta(minutes=1)):
        assert services.scheduled_sends_start() == 0
    issue.refresh_from_db()
    assert issue.send_schedule_error and not issue.send_started_at
    assert "could not start" in admin_client.get(send_url(issue)).text


# Progress and re-sending -----------------------------------------------------------------


def test_progress_counts_rate_and_explained_failures_without_addresses(
    editor_client, issue, django_capture_on_commit_callbacks
):
    subscribers = SubscriberFactory.create_batch(4)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=issue)
    rows = Delivery.objects.filter(subscriber__in=subscribers[:2])
    rows.filter(subscriber=subscribers[0]).update(
        status="failed", last_error="{'x@example.org': (550, b'No such user')}"
    )
    rows.filter(subscriber=subscribers[1]).update(status="unknown")
    response = editor_client.get(reverse("admin:newsletter_issue_send_progress", args=[issue.pk]))
    data = json.loads(response.content)
    assert (data["sent"], data["failed"], data["interrupted"], data["pending"]) == (2, 1, 1, 0)
    assert data["done"] and data["rate"] > 0 and data["last_activity"]
    assert {f["reason"] for f in data["failures"]} == {"refused", "interrupted"}
    page = editor_client.get(send_url(issue)).text
    for text in (response.content.decode(), page):
        assert not any(s.email in text for s in subscribers)
    assert "refused the address for good" in page


def test_failure_reasons_are_explained_in_the_staff_members_language(editor_client, issue):
    services.issue_send(issue=issue)  # no subscriber: nothing to do
    subscriber = SubscriberFactory()
    Delivery.objects.create(
        issue=issue, subscriber=subscriber, status="failed", last_error="(451, b'Try later')"
    )
    response = editor_client.get(send_url(issue), HTTP_ACCEPT_LANGUAGE="fr")
    assert "nous demandait de réessayer plus tard" in response.text


def test_times_and_rate_read_as_the_french_page_writes_them(editor_client, issue):
    """The office zone is named by its place, and the rate the page updates itself with
    is written as on load ("0,0", not "0.0")."""
    services.issue_send(issue=issue)
    french = {"accept-language": "fr"}
    page = editor_client.get(send_url(issue), headers=french).text
    assert "heure de Bruxelles" in page and "Europe/Brussels" not in page
    url = reverse("admin:newsletter_issue_send_progress", args=[issue.pk])
    data = json.loads(editor_client.get(url, headers=french).content)
    assert data["rate_display"] == "0,0"
    assert "heure de Bruxelles" in data["started_display"]


def test_interrupted_deliveries_are_resent_only_after_a_warning(
    admin_client, issue, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory()
    services.issue_send(issue=issue)
    Delivery.objects.update(status="unknown", attempt_started_at=timezone.now())
    mail.outbox.clear()
    response = admin_client.post(send_url(issue), {"action": "resend"})
    assert "may receive the issue twice" in response.text
    assert Delivery.objects.get().status == "unknown"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(send_url(issue), {"action": "resend", "confirmed": "yes"})
    assert Delivery.objects.get().status == "sent"
    assert [m.to for m in mail.outbox] == [[subscriber.email]]


# Roles -----------------------------------------------------------------------------------


def test_an_editor_may_send(editor_client, issue):
    SubscriberFactory()
    response = editor_client.post(send_url(issue), {"action": "send", "confirmed": "yes"})
    assert response.status_code == 302
    assert Delivery.objects.count() == 1


def test_a_programme_officer_may_look_but_not_send(client, programme_officer, issue):
    SubscriberFactory()
    client.force_login(programme_officer)
    page = client.get(send_url(issue))
    assert page.status_code == 200
    assert "may look at this page but not send" in page.text
    assert client.post(send_url(issue), {"action": "send", "confirmed": "yes"}).status_code == 403
    response = client.post(send_url(issue), {"action": "test", "addresses": "a@example.org"})
    assert response.status_code == 403
    assert not Delivery.objects.exists() and mail.outbox == []


def test_password_only_staff_is_sent_to_the_login(client, settings, issue):
    settings.ADMIN_REQUIRE_2FA = True
    editor = StaffFactory(username="password-only", role=EDITORS)
    client.force_login(editor)
    for url in (
        send_url(issue),
        reverse("admin:newsletter_issue_send_progress", args=[issue.pk]),
        reverse("admin:newsletter_issue_send_preview", args=[issue.pk, "en"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(send_url(issue), {"action": "send", "confirmed": "yes"})
    assert response.status_code == 302 and not Delivery.objects.exists()


def test_staff_without_a_role_is_refused(client, staff_without_role, issue):
    client.force_login(staff_without_role)
    assert client.get(send_url(issue)).status_code == 403


def test_the_issue_list_and_form_link_to_the_send_page(editor_client, issue):
    assert send_url(issue) in editor_client.get(reverse("admin:newsletter_issue_changelist")).text
    change = editor_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk]))
    assert send_url(issue) in change.text


def test_a_scheduled_issue_shows_its_time_with_the_zone_and_can_be_cancelled(editor_client, issue):
    at = datetime(2030, 6, 1, 9, 0, tzinfo=BRUSSELS)
    services.issue_send_schedule(issue=issue, at=at)
    page = editor_client.get(send_url(issue)).text
    assert "Scheduled: the issue will be sent at" in page and "(Brussels time)" in page
    assert "Cancel the scheduled sending" in page
    changelist = editor_client.get(reverse("admin:newsletter_issue_changelist")).text
    assert "Scheduled for" in changelist


def test_a_time_in_the_past_is_refused_without_a_server_error(admin_client, issue):
    response = admin_client.post(
        send_url(issue), {"action": "schedule", "at": "2001-01-01T10:00", "confirmed": "yes"}
    )
    assert response.status_code == 200 and "Choose a time in the future." in response.text
    response = admin_client.post(send_url(issue), {"action": "schedule", "at": "not a date"})
    assert response.status_code == 200
    issue.refresh_from_db()
    assert issue.send_scheduled_at is None


# Test sends: who may receive them and how often ------------------------------------------
