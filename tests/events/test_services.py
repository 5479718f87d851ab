"""events.services: what happens when a session or an event changes, whoever changes it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from events import services
from events.exceptions import SessionNotDeletable
from events.models import Event, Session
from registrations import services as registrations
from registrations.exceptions import RegistrationClosed
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        english = registrations.registration_create(session=session, **details(1))
        french = registrations.registration_create(session=session, **details(2, language="fr"))
    mail.outbox.clear()
    return session, english, french


def test_a_new_date_saved_from_a_shell_raises_the_sequence_and_tells_registrants(
    registered, django_capture_on_commit_callbacks
):
    session, _english, _french = registered
    session = Session.objects.get(pk=session.pk)  # as a shell would load it
    session.starts_at += timedelta(days=7)
    session.ends_at += timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_save(session=session)
    assert Session.objects.get(pk=session.pk).sequence == 1
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects[0].startswith("New date or place")
    assert subjects[1].startswith("Nouvelle date ou nouveau lieu")


def test_a_save_that_changes_neither_date_nor_place_tells_nobody(
    registered, django_capture_on_commit_callbacks
):
    session, _english, _french = registered
    session = Session.objects.get(pk=session.pk)
    session.position = 3
    with django_capture_on_commit_callbacks(execute=True):
        services.session_save(session=session)
    assert Session.objects.get(pk=session.pk).sequence == 0
    assert mail.outbox == []


def test_an_address_posted_back_with_a_browsers_line_breaks_is_not_a_new_place(
    registered, django_capture_on_commit_callbacks
):
    session, _english, _french = registered
    session = Session.objects.get(pk=session.pk)
    assert "\n" in session.address
    session.address = session.address.replace("\n", "\r\n")  # as a browser posts a text area
    assert not services.session_change(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_save(session=session)
    assert Session.objects.get(pk=session.pk).sequence == 0
    assert mail.outbox == []


def test_a_translated_city_change_is_a_change_of_place(
    registered, django_capture_on_commit_callbacks
):
    session, _english, _french = registered
    session = Session.objects.get(pk=session.pk)
    session.city_fr = "Anvers"
    with django_capture_on_commit_callbacks(execute=True):
        services.session_save(session=session)
    assert Session.objects.get(pk=session.pk).sequence == 1
    assert len(mail.outbox) == 2


def test_cancelling_an_event_raises_every_sequence_and_tells_registrants(
    registered, django_capture_on_commit_callbacks
):
    session, _english, _french = registered
    event = Event.objects.get(pk=session.event_id)
    event.status = Event.Status.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(event=event)
    assert Session.objects.get(pk=session.pk).sequence == 1
    assert sorted(m.subject[:7] for m in mail.outbox) == ["Annulé\u202f", "Cancell"]
    # Saving it again (still cancelled) tells nobody twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(event=event)
    assert mail.outbox == []


def test_cancelling_a_session_cancels_its_registrations_and_tells_each_registrant(
    registered, django_capture_on_commit_callbacks
):
    session, _english, _french = registered  # one confirmed, one waiting
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session)
    session.refresh_from_db()
    assert session.cancelled_at is not None and session.sequence == 1
    assert session.places_taken == 0
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    emails = {message.to[0]: message for message in mail.outbox}
    assert emails["person1@example.org"].subject.startswith("Session cancelled")
    assert emails["person2@example.org"].subject.startswith("Séance annulée")
    assert "STATUS:CANCELLED" in str(emails["person1@example.org"].attachments[0][1])
    assert not session.accepts_registrations(timezone.now())
    # Cancelling again does nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session)
    assert mail.outbox == [] and Session.objects.get(pk=session.pk).sequence == 1


def test_a_cancelled_session_says_so_on_the_event_page_and_takes_no_registration(client):
    session = SessionFactory(capacity=5, event__is_published=True)
    services.session_cancel(session=session)
    response = client.get(session.event.get_absolute_url())
    assert "This session is cancelled." in response.text
    assert reverse("registrations:register", args=[session.pk]) not in response.text
    assert "places left" not in response.text
    assert "https://schema.org/EventCancelled" in response.text
    with pytest.raises(RegistrationClosed):
        registrations.registration_create(session=session, **details(5))


def test_a_session_with_registrations_is_not_deleted_and_cancelling_is_suggested(registered):
    session, english, _french = registered
    with translation.override("fr"), pytest.raises(SessionNotDeletable) as error:
        services.session_delete(session=session)
    assert error.value.session == session
    assert "ne peut pas être supprimée. Annulez-la plutôt" in error.value.message
    assert Session.objects.filter(pk=session.pk).exists()
    assert Registration.objects.get(pk=english.pk).status == Registration.Status.CONFIRMED
    assert mail.outbox == []


def test_a_session_nobody_registered_for_is_deleted():
    session = SessionFactory()
    services.session_delete_check(session=session)  # passes
    services.session_delete(session=session)
    assert not Session.objects.filter(pk=session.pk).exists()


def test_the_deletion_check_passes_a_session_not_yet_saved():
    services.session_delete_check(session=Session(event=SessionFactory().event))


def test_sessions_save_deletes_saves_then_cancels_as_an_event_form_does(
    registered, django_capture_on_commit_callbacks
):
    session, english, french = registered
    empty = SessionFactory(event=session.event)
    new_date = session.starts_at + timedelta(days=7)
    session.starts_at, session.ends_at = new_date, new_date + timedelta(hours=2)
    other = SessionFactory(event=session.event, capacity=3)
    other.capacity = 5
    with django_capture_on_commit_callbacks(execute=True):
        services.sessions_save(saved=[session, other], deleted=[empty], cancelled=[other])
    assert not Session.objects.filter(pk=empty.pk).exists()
    assert Session.objects.get(pk=session.pk).sequence == 1  # a new date
    assert Session.objects.get(pk=other.pk).cancelled_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([english.email, french.email])


def test_sessions_save_deletes_nothing_when_one_session_is_protected(registered):
    session, _english, _french = registered
    empty = SessionFactory(event=session.event)
    pks = [empty.pk, session.pk]  # delete() forgets an instance's key, even rolled back
    with pytest.raises(SessionNotDeletable):
        services.sessions_save(deleted=[empty, session])
    assert Session.objects.filter(pk__in=pks).count() == 2
