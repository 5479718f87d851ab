"""Services ask for background work with domain signals, sent once their transaction
commits; the receivers queue the task. Services never import the tasks."""

import ast
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from newsletter import services, signals
from newsletter.models import Subscriber
from tests.newsletter.factories import ArticleFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_no_newsletter_service_imports_the_tasks():
    folder = Path(settings.BASE_DIR) / "newsletter" / "services"
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
                assert "newsletter.tasks" not in names, path.name


def test_sending_is_asked_for_only_once_the_send_commits(django_capture_on_commit_callbacks):
    issue = ArticleFactory().issue
    SubscriberFactory()
    listener = mock.Mock()
    signals.sending_requested.connect(listener)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            services.issue_send(issue=issue)
            listener.assert_not_called()
        for callback in callbacks:
            callback()
    finally:
        signals.sending_requested.disconnect(listener)
    listener.assert_called_once_with(
        signal=signals.sending_requested,
        sender=type(issue),
        issue_id=issue.pk,
        run_after=None,
    )
    assert len(mail.outbox) == 1  # the receiver queued the task (immediate in tests)


def test_a_subscription_request_reaches_the_task_through_its_signal(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request_queue(
            email="new@example.org", language="fr", source="footer", privacy_version="1"
        )
    subscriber = Subscriber.objects.get(email="new@example.org")
    assert subscriber.status == Subscriber.Status.PENDING
    assert [m.to for m in mail.outbox] == [["new@example.org"]]  # the confirmation


def test_a_deferred_retry_waits_for_the_periodic_task_without_a_deferring_backend():
    issue = ArticleFactory().issue
    SubscriberFactory()
    services.issue_send(issue=issue)  # deliveries queued; the commit never comes in this test
    later = timezone.now() + timedelta(minutes=5)
    signals.sending_requested.send(sender=type(issue), issue_id=issue.pk, run_after=later)
    assert mail.outbox == []  # the immediate backend cannot defer: nothing ran
    signals.sending_requested.send(sender=type(issue), issue_id=issue.pk, run_after=None)
    assert len(mail.outbox) == 1
