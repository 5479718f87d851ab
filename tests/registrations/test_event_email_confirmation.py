"""The events admin says who will be emailed and asks before a save emails registrants;
nothing is saved or sent until staff confirm, and after, it says who was emailed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Event, Session
from registrations.models import Registration
from registrations.services.announcements import event_change_announcements
from tests.events.factories import SessionFactory
from tests.registrations.factories import RegistrationFactory
from tests.registrations.test_emails import admin_data

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
NEW_DATE = datetime(2031, 6, 2, 14, 0, tzinfo=BRUSSELS)


@pytest.fixture
def session():
    session = SessionFactory(capacity=5, starts_at=datetime(2031, 5, 1, 10, 0, tzinfo=BRUSSELS))
    RegistrationFactory(session=session, email="ann@example.org")
    RegistrationFactory(session=session, email="bea@example.org", language="fr")
    RegistrationFactory(session=session, email="carl@example.org", status="waiting")
    RegistrationFactory(session=session, email="dan@example.org", status="cancelled")
    return session


@pytest.fixture
def tbd_session():
    session = SessionFactory(tbd=True, capacity=5)
    RegistrationFactory(session=session, email="ann@example.org", status="pre-registered")
    RegistrationFactory(session=session, email="bea@example.org", status="pre-registered")
    return session


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def test_rescheduling_asks_first_and_saves_nothing(admin_client, session, committed):
    with committed():
        response = admin_client.post(
            change_url(session.event), admin_data(session.event, starts_at=NEW_DATE)
        )
    assert response.status_code == 200
    assert response.templates[0].name == "admin/registrations/event_email_confirmation.html"
    html = response.text
    assert "Saving these changes will email 3 people" in html
    assert "new date or place" in html
    assert "Confirmed: 2 people" in html
    assert "On the waiting list: 1 person" in html
    assert Session.objects.get(pk=session.pk).starts_at != NEW_DATE  # nothing saved
    assert Session.objects.get(pk=session.pk).sequence == 0
    assert mail.outbox == []


def test_confirming_saves_emails_and_says_who_was_emailed(admin_client, session, committed):
    data = admin_data(session.event, starts_at=NEW_DATE, _continue="1")
    asked = admin_client.post(change_url(session.event), data)
    confirm = {asked.context["confirm_field"]: asked.context["signature"]}
    # The page carries the form's data: its hidden fields are what its button posts.
    assert dict(asked.context["fields"])["sessions-0-starts_at_0"] == "2031-06-02"
    with committed():
        response = admin_client.post(change_url(session.event), {**data, **confirm})
    assert response.status_code == 302
    assert Session.objects.get(pk=session.pk).starts_at == NEW_DATE
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ann@example.org", "bea@example.org", "carl@example.org",
    ]  # fmt: skip
    page = admin_client.get(response["Location"])
    assert "Emails are being sent to 3 people" in page.text


def test_a_confirmation_of_other_counts_asks_again(admin_client, session, committed):
    data = admin_data(session.event, starts_at=NEW_DATE)
    asked = admin_client.post(change_url(session.event), data)
    confirm = {asked.context["confirm_field"]: asked.context["signature"]}
    RegistrationFactory(session=session, email="late@example.org")  # registered meanwhile
    with committed():
        again = admin_client.post(change_url(session.event), {**data, **confirm})
    assert again.status_code == 200
    assert "email 4 people" in again.text
    assert mail.outbox == []


def test_setting_the_date_names_the_pre_registered(admin_client, tbd_session):
    response = admin_client.post(
        change_url(tbd_session.event), admin_data(tbd_session.event, starts_at=NEW_DATE)
    )
    assert "pre-registered people are asked to confirm" in response.text
    assert "Pre-registered (date to be determined): 2 people" in response.text
    assert Session.objects.get(pk=tbd_session.pk).date_to_be_determined


def test_cancelling_a_session_asks_first(admin_client, session, committed):
    data = admin_data(session.event)
    data["sessions-0-cancel_session"] = "on"
    with committed():
        response = admin_client.post(change_url(session.event), data)
    assert "cancelled; its registrations are cancelled" in response.text
    assert Session.objects.get(pk=session.pk).cancelled_at is None
    assert Registration.objects.filter(status="cancelled").count() == 1
    assert mail.outbox == []


def test_cancelling_the_event_asks_first_then_tells_everyone(admin_client, session, committed):
    data = admin_data(session.event, status=Event.Status.CANCELLED)
    asked = admin_client.post(change_url(session.event), data)
    assert "The event is cancelled" in asked.text
    assert Event.objects.get(pk=session.event.pk).status != Event.Status.CANCELLED
    confirm = {asked.context["confirm_field"]: asked.context["signature"]}
    with committed():
        admin_client.post(change_url(session.event), {**data, **confirm})
    assert Event.objects.get(pk=session.event.pk).status == Event.Status.CANCELLED
    assert len(mail.outbox) == 3


def test_a_change_that_emails_nobody_saves_at_once(admin_client, session):
    data = admin_data(session.event)
    data["sessions-0-venue_name"] = session.venue_name  # unchanged
    data["title_en"] = "A better title"
    response = admin_client.post(change_url(session.event), data)
    assert response.status_code == 302
    assert Event.objects.get(pk=session.event.pk).title_en == "A better title"


def test_more_places_count_the_waiting_people_offered_one(session):
    session.capacity = 6  # one more place: offered to the one waiting
    [announcement] = event_change_announcements(sessions=[session])
    assert announcement.by_status == {"waiting": 1}


def test_an_editor_is_asked_too_without_names(editor_client, session):
    response = editor_client.post(
        change_url(session.event), admin_data(session.event, starts_at=NEW_DATE)
    )
    assert "Saving these changes will email 3 people" in response.text
    assert "ann@example.org" not in response.text
    assert "Person" not in response.text
