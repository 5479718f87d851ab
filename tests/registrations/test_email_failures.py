"""An email that cannot go out never costs anyone their registration: a real SMTP server
refuses it (5xx), defers it (4xx), or nothing listens at all."""

import pytest

from events.models import Session
from registrations import services
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.newsletter.smtp import ScriptedHandler, free_port, smtp_server
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db

EMAIL = details(1)["email"]


def register_and_commit(committed) -> Registration:
    session = SessionFactory(capacity=3)
    with committed():
        registration = services.registration_create(session=session, **details(1))
    return registration


def assert_kept(registration: Registration) -> None:
    registration = Registration.objects.get(pk=registration.pk)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email == EMAIL
    assert Session.objects.get(pk=registration.session_id).places_taken == 1


@pytest.mark.parametrize(
    "script",
    [
        {"rcpt": {EMAIL: ["550 5.1.1 No such user"]}},
        {"rcpt": {EMAIL: ["451 4.7.1 Greylisted"]}},
        {"data": {EMAIL: ["451 4.3.0 Try again later"]}},
        {"data": {EMAIL: ["554 5.7.1 Message rejected"]}},
    ],
    ids=["rcpt-550", "rcpt-451", "data-451", "data-554"],
)
def test_a_refused_confirmation_email_keeps_the_registration(script, settings, committed):
    handler = ScriptedHandler(**script)
    with smtp_server(settings, handler):
        registration = register_and_commit(committed)
    assert handler.attempts[EMAIL] == 1  # the email was tried, and refused
    assert handler.messages == []
    assert_kept(registration)


def test_an_unreachable_smtp_server_keeps_the_registration(settings, committed):
    settings.EMAIL_BACKEND = "portal.core.mail_smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    assert_kept(register_and_commit(committed))


def test_the_confirmation_email_goes_out_through_smtp(settings, committed):
    with smtp_server(settings) as handler:
        assert_kept(register_and_commit(committed))
    assert [rcpts for rcpts, _data in handler.messages] == [[EMAIL]]
