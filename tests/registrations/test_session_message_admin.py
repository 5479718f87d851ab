"""The staff pages to write to a session's people: write → preview with who will be
emailed → confirm → the message's progress; and who may use them."""

import pytest
from django.core import mail
from django.urls import reverse

from registrations.models import Registration, SessionMessage
from tests.events.factories import SessionFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    session = SessionFactory(capacity=10)
    RegistrationFactory(session=session, email="ann@example.org", language="en")
    RegistrationFactory(session=session, email="bea@example.org", language="fr")
    RegistrationFactory(session=session, email="carl@example.org", status="waiting")
    RegistrationFactory(session=session, email="", source=Registration.Source.DOOR, name="Walk-in")
    return session


def write_url(session):
    return reverse("admin:registrations_sessionmessage_write", args=[session.pk])


def written(client, session, **overrides):
    """The write page's form, filled in as staff would."""
    page = client.get(write_url(session))
    data = {
        "token": page.context["form"]["token"].value(),
        "statuses": ["confirmed"],
        "subject_en": "Room change",
        "body_en": "Room 204.",
        "subject_fr": "",
        "body_fr": "",
        "_preview": "1",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer_client(client, programme_officer):
    client.force_login(programme_officer)
    return client


def test_the_write_page_counts_the_people_of_each_status(officer_client, session):
    html = officer_client.get(write_url(session)).text
    assert "Confirmed (2)" in html  # the walk-in without an address is not counted
    assert "On the waiting list (1)" in html
    assert "Place offered, to be claimed (0)" in html


def test_the_preview_says_who_will_be_emailed_per_language_and_sends_nothing(
    officer_client, session
):
    response = officer_client.post(write_url(session), written(officer_client, session))
    assert response.status_code == 200
    html = response.text
    assert "2 people will be emailed" in html
    assert "1 in English, 1 in French" in html
    assert "1 person has no email address" in html
    assert "These readers get the fallback text" in html  # French left empty
    assert "Yes, email 2 people" in html
    assert mail.outbox == []
    assert not SessionMessage.objects.exists()


def test_confirming_sends_and_shows_the_progress(
    officer_client, session, programme_officer, committed
):
    data = written(officer_client, session, statuses=["confirmed", "waiting"])
    preview = officer_client.post(write_url(session), data)
    assert "3 people will be emailed" in preview.text
    data.pop("_preview")
    with committed():
        officer_client.post(write_url(session), {**data, "_confirm": "1"})
    message = SessionMessage.objects.get()
    response = officer_client.get(
        reverse("admin:registrations_sessionmessage_change", args=[message.pk])
    )
    assert "The message is being sent to 3 people." in response.text
    assert "3 sent, 0 failed, 0 pending" in response.text
    assert 'http-equiv="refresh"' not in response.text  # all sent: nothing to watch
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ann@example.org", "bea@example.org", "carl@example.org",
    ]  # fmt: skip
    assert message.created_by == programme_officer
    assert message.statuses == ["confirmed", "waiting"]


def test_confirming_twice_sends_once(officer_client, session, committed):
    data = written(officer_client, session)
    data.pop("_preview")
    with committed():
        first = officer_client.post(write_url(session), {**data, "_confirm": "1"})
    with committed():
        officer_client.post(write_url(session), {**data, "_confirm": "1"})
    assert first["Location"] == reverse(
        "admin:registrations_sessionmessage_change", args=[SessionMessage.objects.get().pk]
    )
    assert SessionMessage.objects.count() == 1
    assert len(mail.outbox) == 2


def test_back_returns_to_the_text_and_sends_nothing(officer_client, session):
    data = written(officer_client, session, subject_fr="Salle")
    data.pop("_preview")
    response = officer_client.post(write_url(session), {**data, "_back": "1"})
    assert response.templates[0].name == "admin/registrations/session_message_write.html"
    assert 'value="Salle"' in response.text  # the text as written
    assert mail.outbox == []
    assert not SessionMessage.objects.exists()


def test_the_fallback_language_text_is_required(officer_client, session):
    data = written(officer_client, session, subject_en="", body_en="", subject_fr="Salle")
    response = officer_client.post(write_url(session), data)
    assert response.templates[0].name == "admin/registrations/session_message_write.html"
    assert "This field is required." in response.text
    assert not SessionMessage.objects.exists()


def test_the_event_page_shows_each_sessions_messages_with_their_progress(
    officer_client, session, committed
):
    data = written(officer_client, session)
    data.pop("_preview")
    with committed():
        officer_client.post(write_url(session), {**data, "_confirm": "1"})
    page = officer_client.get(reverse("admin:events_event_change", args=[session.event_id]))
    assert "Write to the people of this session" in page.text
    assert write_url(session) in page.text
    assert "Room change" in page.text
    assert "2 sent, 0 failed, 0 pending" in page.text
    assert "1 without email, skipped" in page.text


def test_an_editor_is_refused_and_sees_no_log(editor_client, session):
    assert editor_client.get(write_url(session)).status_code == 403
    response = editor_client.post(write_url(session), {"_confirm": "1"})
    assert response.status_code == 403
    page = editor_client.get(reverse("admin:events_event_change", args=[session.event_id]))
    assert "Write to the people of this session" not in page.text
    assert mail.outbox == []


def test_staff_without_the_second_factor_are_sent_to_the_login(
    client, settings, programme_officer, session
):
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(programme_officer)
    response = client.get(write_url(session))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_pages_are_in_french(officer_client, session):
    officer_client.cookies["django_language"] = "fr"
    page = officer_client.get(write_url(session), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Écrire aux personnes d’une séance" in page.text


def test_the_message_page_reloads_itself_while_people_are_still_pending(officer_client, session):
    data = written(officer_client, session)
    data.pop("_preview")
    # Not committed: the deliveries stay pending, as while a worker is sending.
    response = officer_client.post(write_url(session), {**data, "_confirm": "1"}, follow=True)
    assert "0 sent, 0 failed, 2 pending" in response.text
    assert 'http-equiv="refresh"' in response.text
