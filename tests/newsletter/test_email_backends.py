"""The newsletter's emails go out through every Django email backend: console (what `make
run` uses), file, local memory and SMTP (a real server on a local socket)."""

import contextlib
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from newsletter import services
from newsletter.models import Delivery
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.newsletter.smtp import smtp_server

SEPARATOR = "\n" + "-" * 79 + "\n"  # what the console and file backends write between messages


def split_messages(text: str) -> list[EmailMessage]:
    return [
        message_from_bytes(chunk.encode(), policy=policy.default)
        for chunk in text.split(SEPARATOR)
        if chunk.strip()
    ]


@contextlib.contextmanager
def email_backend(kind: str, settings, tmp_path, capsys):
    """Configure one backend; yield a function returning the messages it has sent."""
    if kind == "smtp":
        with smtp_server(settings) as handler:
            yield handler.parsed
        return
    if kind == "console":
        settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
        capsys.readouterr()
        yield lambda: split_messages(capsys.readouterr().out)
    elif kind == "filebased":
        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
        yield lambda: [
            message
            for path in sorted((tmp_path / "mail").glob("*.log"))
            for message in split_messages(path.read_text())
        ]
    else:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        yield lambda: [
            message_from_bytes(m.message().as_bytes(), policy=policy.default) for m in mail.outbox
        ]


BACKENDS = ["console", "filebased", "locmem", "smtp"]


@pytest.fixture
def issue(db):
    issue = IssueFactory(title_en="Spring news", title_fr="Nouvelles du printemps")
    ArticleFactory(issue=issue, title_en="Skills for Rwanda", title_fr="Compétences pour le Rwanda")
    return issue


def body(message: EmailMessage, kind: str) -> str:
    return message.get_body((kind,)).get_content()


@pytest.mark.parametrize("kind", BACKENDS)
def test_an_issue_goes_to_every_subscriber_through_each_backend(
    kind, issue, settings, tmp_path, capsys, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="fr@example.org", language="fr")
    SubscriberFactory(email="en@example.org", language="en")
    with email_backend(kind, settings, tmp_path, capsys) as sent:
        with django_capture_on_commit_callbacks(execute=True):
            services.issue_send(issue=issue)
        messages = {m["To"]: m for m in sent()}
    assert set(messages) == {"fr@example.org", "en@example.org"}
    assert messages["fr@example.org"]["Subject"].endswith("Nouvelles du printemps")
    assert "Compétences pour le Rwanda" in body(messages["fr@example.org"], "html")
    assert "Skills for Rwanda" in body(messages["en@example.org"], "plain")
    assert messages["en@example.org"]["List-Unsubscribe"].strip().startswith("<http")
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.parametrize("kind", BACKENDS)
def test_send_a_test_to_me_works_with_each_backend(
    kind, issue, admin_client, admin_user, settings, tmp_path, capsys
):
    admin_user.email = "editor@example.org"
    admin_user.save()
    with email_backend(kind, settings, tmp_path, capsys) as sent:
        response = admin_client.post(
            f"/admin/newsletter/issue/{issue.pk}/send/",
            {"action": "test", "addresses": "editor@example.org"},
            follow=True,
        )
        messages = sent()
    assert response.status_code == 200
    assert "Test sent, in each language, to editor@example.org" in response.text
    assert [m["Subject"][:7] for m in messages] == ["[TEST] ", "[TEST] "]
    assert {m["Content-Language"] for m in messages} <= {"en", "fr", None}
    assert {m["To"] for m in messages} == {"editor@example.org"}
    assert not Delivery.objects.exists()


class BrokenBackend(BaseEmailBackend):
    """A backend that fails the way a misconfigured or buggy one does."""

    def send_messages(self, email_messages):
        raise RuntimeError("the mail spool is full")


def test_a_backend_error_marks_deliveries_failed_with_the_error(
    issue, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.newsletter.test_email_backends.BrokenBackend"
    SubscriberFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=issue)
    deliveries = list(Delivery.objects.all())
    assert len(deliveries) == 3
    assert {d.status for d in deliveries} == {"failed"}
    assert all("the mail spool is full" in d.last_error for d in deliveries)


def test_a_backend_that_cannot_start_marks_deliveries_failed_with_the_error(
    issue, settings, tmp_path, django_capture_on_commit_callbacks
):
    """EMAIL_FILE_PATH names a file, not a folder: the backend refuses to open."""
    (tmp_path / "not-a-folder").write_text("")
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "not-a-folder")
    SubscriberFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=issue)
    deliveries = list(Delivery.objects.all())
    assert {d.status for d in deliveries} == {"failed"}
    assert all("not-a-folder" in d.last_error for d in deliveries)


def test_a_failing_test_send_shows_the_error_instead_of_a_server_error(
    issue, admin_client, admin_user, settings
):
    settings.EMAIL_BACKEND = "tests.newsletter.test_email_backends.BrokenBackend"
    admin_user.email = "editor@example.org"
    admin_user.save()
    response = admin_client.post(
        f"/admin/newsletter/issue/{issue.pk}/send/",
        {"action": "test", "addresses": "editor@example.org"},
        follow=True,
    )
    assert response.status_code == 200
    assert "could not be sent" in response.text
    assert "the mail spool is full" in response.text
