"""Registering tells nobody whether an address is registered (issue 12, point 8): the same
answer and time for a registered address and a new one, and the personal link sent again
at most once an hour."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from registrations import services
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.newsletter.test_enumeration import DATABASE_TASKS, comparable, timings
from tests.registrations.factories import details
from tests.registrations.test_views import form_data, register_url

pytestmark = pytest.mark.django_db
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def test_a_registered_address_gets_the_same_answer_as_a_new_one(client, committed):
    session = SessionFactory(capacity=10)
    services.registration_create(session=session, **details(1))  # person1@example.org
    with committed():
        answers = [
            client.post(register_url(session), form_data(n, name="Same Name")) for n in (1, 2, 1)
        ]
    assert len({comparable(answer) for answer in answers}) == 1
    assert answers[0].status_code == 302
    pages = [client.get(answer["Location"]) for answer in answers]
    assert len({(page.status_code, CSRF.sub(b"", page.content)) for page in pages}) == 1
    assert Registration.objects.count() == 2
    # The registered address got its link again once; the new one its confirmation.
    [link, confirmation] = sorted(mail.outbox, key=lambda m: m.to)
    assert link.to == ["person1@example.org"] and link.subject.startswith("Your registration")
    assert confirmation.to == ["person2@example.org"]
    assert confirmation.subject.startswith("Votre place est confirmée")


def test_the_personal_link_is_sent_again_at_most_once_an_hour(client, committed):
    session = SessionFactory(capacity=10)
    registration = services.registration_create(session=session, **details(1))
    with committed():
        for _ in range(5):
            client.post(register_url(session), form_data(1))
    [message] = mail.outbox
    assert registration.token in message.body
    with time_machine.travel(timezone.now() + timedelta(minutes=61)), committed():
        client.post(register_url(session), form_data(1))
        client.post(register_url(session), form_data(1))
    assert len(mail.outbox) == 2
    # Per address and session: the same address registering for another session is new.
    other = SessionFactory(event=session.event, capacity=10)
    with committed():
        client.post(register_url(other), form_data(1))
    assert len(mail.outbox) == 3
    assert Registration.objects.filter(email="person1@example.org").count() == 2


def test_registering_takes_the_same_time_for_a_registered_address(client, settings):
    settings.TASKS = DATABASE_TASKS
    settings.FORM_RATE_LIMIT_PER_HOUR = 10_000
    session = SessionFactory(capacity=500)
    services.registration_create(session=session, **details(1))
    url = register_url(session)
    known, new = timings(
        lambda email: client.post(url, form_data(email=email)), "person1@example.org", 40
    )
    assert abs(known - new) < 0.15 * max(known, new), (known, new)
    assert Registration.objects.count() == 1  # the work waits in the queue
