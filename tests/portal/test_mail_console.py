"""The development email backend prints each email readably (portal/core/mail_console.py)."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage, get_connection

from registrations.emails import Kind, registration_message
from tests.registrations.factories import RegistrationFactory

BACKEND = "portal.core.mail_console.EmailBackend"


@pytest.mark.django_db
def test_registration_email_with_calendar_prints_readably(settings):
    settings.SITE_URL = "http://127.0.0.1:8301"
    registration = RegistrationFactory(email="amina@example.org")
    message = registration_message(registration, Kind.REGISTERED)
    assert any(name.endswith(".ics") for name, _content, _type in message.attachments)
    stream = io.StringIO()

    sent = get_connection(BACKEND, stream=stream).send_messages([message])

    out = stream.getvalue()
    assert sent == 1
    assert f"Subject: {message.subject}" in out
    assert f"From: {message.from_email}" in out
    assert "To: amina@example.org" in out
    assert "Links:\n  http://127.0.0.1:8301/" in out
    ics_name = f"{registration.session.event.slug}.ics"
    assert f"Attachment: {ics_name} (text/calendar, " in out
    assert "Alternative part: text/html (not shown)" in out
    # Neither the raw calendar nor MIME encodings reach the console.
    for raw in ("BEGIN:VCALENDAR", "BEGIN:VEVENT", "Content-Transfer-Encoding", "base64", "=\n"):
        assert raw not in out


def test_links_are_listed_once_without_trailing_punctuation():
    message = EmailMessage(
        "Hello",
        "Confirm (http://x.test/a/) or see <http://x.test/b>.\nAgain: http://x.test/a/",
        "from@x.test",
        ["to@x.test"],
    )
    message.attach("cv.pdf", b"%PDF" * 512, "application/pdf")
    stream = io.StringIO()

    get_connection(BACKEND, stream=stream).send_messages([message])

    out = stream.getvalue()
    assert "Links:\n  http://x.test/a/\n  http://x.test/b\n" in out
    assert "Attachment: cv.pdf (application/pdf, 2.0 KB)" in out


def test_a_header_django_refuses_fails_on_the_console_as_over_smtp():
    """Development fails the way production does (the SMTP backend builds the message)."""
    message = EmailMessage("Hello", "Body", "Portal\n <from@x.test>", ["to@x.test"])
    with pytest.raises(BadHeaderError):
        get_connection(BACKEND, stream=io.StringIO()).send_messages([message])


def test_development_settings_use_it_when_no_email_url_is_set():
    env = {k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    run = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    out = subprocess.run(run, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert out.stdout.strip() == BACKEND
    out = subprocess.run(
        run,
        cwd=settings.BASE_DIR,
        env={**env, "EMAIL_URL": "consolemail://"},
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
