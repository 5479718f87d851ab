"""Messages to the people of a session: who is emailed, in which language, exactly once,
with walk-ins without an address skipped and failures kept on the record."""

import uuid

import pytest
from django.core import mail

from registrations import services
from registrations.exceptions import MessageIncomplete, NobodyToMessage
from registrations.models import Registration, SessionMessage, SessionMessageDelivery
from registrations.privacy import anonymise_registrations
from registrations.services.messages import SessionMessageMailing
from tests.events.factories import SessionFactory
from tests.newsletter.smtp import ScriptedHandler, smtp_server
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "subject_en": "Room change",
    "body_en": "We meet in room 204.\n\nBring your passport.",
    "subject_fr": "Changement de salle",
    "body_fr": "Rendez-vous salle 204.\n\nApportez votre passeport.",
}


@pytest.fixture
def session():
    session = SessionFactory(capacity=10)
    RegistrationFactory(session=session, email="ann@example.org", language="en")
    RegistrationFactory(session=session, email="bea@example.org", language="fr")
    RegistrationFactory(session=session, email="carl@example.org", language="fr", status="waiting")
    RegistrationFactory(session=session, email="dan@example.org", status="cancelled")
    RegistrationFactory(session=session, email="eve@example.org", status="pre-registered")
    # A walk-in added at the door without an address.
    RegistrationFactory(
        session=session, email="", source=Registration.Source.DOOR, name="Walk-in", language="fr"
    )
    return session


def send(session, committed, statuses=("confirmed",), texts=TEXTS, **kwargs):
    with committed():
        return services.session_message_send(
            session=session, statuses=statuses, texts=texts, **kwargs
        )


def test_audience_counts_the_chosen_statuses_per_language_and_skips_walk_ins(session):
    audience = services.session_message_audience(session=session, statuses=["confirmed"])
    assert audience.by_language == {"en": 1, "fr": 1}
    assert audience.total == 2
    assert audience.without_email == 1
    both = services.session_message_audience(session=session, statuses=["confirmed", "waiting"])
    assert both.by_language == {"en": 1, "fr": 2}
    assert both.by_status == {"confirmed": 2, "waiting": 1}


def test_cancelled_people_cannot_be_chosen(session):
    audience = services.session_message_audience(session=session, statuses=["cancelled"])
    assert audience.total == 0
    with pytest.raises(NobodyToMessage):
        services.session_message_send(session=session, statuses=["cancelled"], texts=TEXTS)


def test_each_person_gets_the_message_in_their_language(session, committed):
    message = send(session, committed)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"ann@example.org", "bea@example.org"}
    assert by_recipient["ann@example.org"].subject == "Room change"
    assert "Bring your passport." in by_recipient["ann@example.org"].body
    assert by_recipient["bea@example.org"].subject == "Changement de salle"
    assert "Apportez votre passeport." in by_recipient["bea@example.org"].body
    message.refresh_from_db()
    assert message.recipients == 2
    assert message.skipped_without_email == 1
    assert message.languages == {"en": 1, "fr": 1}
    assert message.progress() == {"sent": 2, "failed": 0, "pending": 0, "unknown": 0}


def test_a_language_left_empty_gets_the_fallback_text_and_the_record_says_so(session, committed):
    texts = {"subject_en": "Room change", "body_en": "Room 204.", "subject_fr": "", "body_fr": ""}
    message = send(session, committed, texts=texts)
    french = next(m for m in mail.outbox if m.to == ["bea@example.org"])
    assert french.subject == "Room change"
    assert "Room 204." in french.body
    assert message.fallback_languages == ["fr"]


def test_the_fallback_language_text_is_required(session):
    texts = {"subject_en": "", "body_en": "", "subject_fr": "Salle", "body_fr": "Salle 204."}
    with pytest.raises(MessageIncomplete):
        services.session_message_send(session=session, statuses=["confirmed"], texts=texts)
    assert not SessionMessage.objects.exists()


def test_confirming_the_same_page_twice_sends_once(session, committed):
    token = uuid.uuid4()
    first = send(session, committed, token=token)
    second = send(session, committed, token=token)
    assert first.pk == second.pk
    assert len(mail.outbox) == 2
    assert SessionMessageDelivery.objects.count() == 2


def test_a_delivery_is_never_sent_twice(session, committed):
    message = send(session, committed)
    assert services.session_message_deliveries_send(message_id=message.pk) == {
        "sent": 0, "failed": 0, "retry": 0, "skipped": 0,
    }  # fmt: skip
    assert len(mail.outbox) == 2


def test_someone_cancelled_since_the_confirmation_is_skipped(session, committed):
    with committed():
        message = services.session_message_send(
            session=session, statuses=["confirmed"], texts=TEXTS
        )
        # Cancelled after staff confirmed, before the worker got to it.
        session.registrations.filter(email="bea@example.org").update(status="cancelled")
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]
    assert message.deliveries.count() == 1


def test_a_refused_address_fails_and_keeps_the_record(session, settings, committed):
    handler = ScriptedHandler(rcpt={"bea@example.org": ["550 No such user"]})
    with smtp_server(settings, handler):
        message = send(session, committed)
    assert message.progress() == {"sent": 1, "failed": 1, "pending": 0, "unknown": 0}
    failed = message.deliveries.get(status="failed")
    assert "550" in failed.last_error
    assert failed.registration.email == "bea@example.org"
    assert SessionMessage.objects.filter(pk=message.pk).exists()


def test_a_message_goes_over_a_real_smtp_socket_in_the_persons_language(
    session, settings, committed
):
    with smtp_server(settings) as handler:
        send(session, committed)
    emails = {m["To"]: m for m in handler.parsed()}
    assert set(emails) == {"ann@example.org", "bea@example.org"}
    french = emails["bea@example.org"]
    assert french["Subject"] == "Changement de salle"
    text = french.get_body(("plain",)).get_content()
    assert "Rendez-vous salle 204." in text
    assert "/fr/" in text  # the personal link, in French


def test_the_mailing_skips_an_erased_registration(session, committed):
    message = send(session, committed, statuses=["waiting"])
    delivery = message.deliveries.get()
    delivery.registration.email = "erased-1@invalid"
    assert SessionMessageMailing(message.pk).message(delivery, None) is None


def test_erasure_clears_a_refusal_that_quotes_the_address(session, settings, committed):
    handler = ScriptedHandler(rcpt={"bea@example.org": ["550 <bea@example.org> unknown"]})
    with smtp_server(settings, handler):
        message = send(session, committed)
    failed = message.deliveries.get(status="failed")
    assert "bea@example.org" in failed.last_error
    anonymise_registrations(Registration.objects.filter(pk=failed.registration_id))
    failed.refresh_from_db()
    assert failed.last_error == ""
    assert failed.status == "failed"  # the count stays right
