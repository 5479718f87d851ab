"""The date-to-be-determined flow end to end through the admin, and what registrants
receive: emails in their own language, with a calendar entry a standard parser reads."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event, Session
from registrations import services
from registrations.emails import KINDS, REGISTERED, Kind, entry, registration_message
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.registrations.factories import RegistrationFactory, details

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def admin_data(event: Event, **changes) -> dict:
    """The event's change form as the admin would post it, with `changes` to its first
    session (`starts_at` as an aware datetime) or to the event (`status`)."""
    session = event.sessions.get()
    starts_at = changes.pop("starts_at", session.starts_at)
    status = changes.pop("status", event.status)
    data = {
        "title_en": event.title_en, "title_fr": event.title_fr,
        "slug_en": event.slug_en, "slug_fr": event.slug_fr,
        "description_en": event.description_en, "description_fr": event.description_fr,
        "kind": event.kind, "languages": ["en", "fr"], "status": status, "is_published": "on",
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "1",
        "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-id": str(session.pk), "sessions-0-event": str(event.pk),
        "sessions-0-position": "0", "sessions-0-venue_name": session.venue_name,
        "sessions-0-address": session.address, "sessions-0-city_en": session.city_en,
        "sessions-0-city_fr": session.city_fr, "sessions-0-time_zone": session.time_zone,
        # A field with a callable default posts its initial value too (show_hidden_initial).
        "initial-sessions-0-time_zone": session.time_zone,
        "sessions-0-capacity": str(session.capacity or ""),
    }  # fmt: skip
    if starts_at is None:
        data["sessions-0-date_to_be_determined"] = "on"
    else:
        local = starts_at.astimezone(BRUSSELS)
        end = local + timedelta(hours=2)
        data.update({
            "sessions-0-starts_at_0": local.strftime("%Y-%m-%d"),
            "sessions-0-starts_at_1": local.strftime("%H:%M"),
            "sessions-0-ends_at_0": end.strftime("%Y-%m-%d"),
            "sessions-0-ends_at_1": end.strftime("%H:%M"),
        })  # fmt: skip
    return data


def post_confirmed(client, url, data):
    """Post the event form; when the admin first asks who will be emailed, confirm (post
    the page's own hidden fields back, as its button does)."""
    response = client.post(url, data)
    if response.status_code == 200 and "announcements" in (response.context or {}):
        confirmed = dict(data, **{response.context["confirm_field"]: response.context["signature"]})
        response = client.post(url, confirmed)
    return response


def save_in_admin(admin_client, event, **changes):
    url = reverse("admin:events_event_change", args=[event.pk])
    response = post_confirmed(admin_client, url, admin_data(event, **changes))
    assert response.status_code == 302, response.context["errors"] if response.context else ""


def calendar_of(message) -> icalendar.Event:
    # The files attached (a confirmed registrant's email also carries its check-in QR code,
    # an inline image: tests/registrations/test_checkin.py).
    files = [part for part in message.attachments if isinstance(part, tuple)]
    [(_filename, ics, mimetype)] = files
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(ics)
    [vevent] = calendar.walk("VEVENT")
    return vevent


def by_recipient(outbox) -> dict:
    return {message.to[0]: message for message in outbox}


@pytest.fixture
def pre_registered(committed):
    session = SessionFactory(tbd=True, capacity=1, event__title_fr="Séance d’information")
    with committed():
        english = services.registration_create(session=session, **details(1, language="en"))
        french = services.registration_create(session=session, **details(2, language="fr"))
    pre = by_recipient(mail.outbox)
    assert "Your pre-registration" in pre["person1@example.org"].subject
    assert "Votre préinscription" in pre["person2@example.org"].subject
    assert pre["person1@example.org"].attachments == []  # no date, no calendar entry yet
    mail.outbox.clear()
    return session, english, french


def test_setting_the_date_asks_each_pre_registrant_to_confirm_in_their_language(
    admin_client, committed, pre_registered
):
    session, english, french = pre_registered
    start = datetime(2030, 4, 17, 18, 30, tzinfo=BRUSSELS)
    with committed():
        save_in_admin(admin_client, session.event, starts_at=start)

    emails = by_recipient(mail.outbox)
    assert set(emails) == {"person1@example.org", "person2@example.org"}
    en, fr = emails["person1@example.org"], emails["person2@example.org"]
    assert en.subject.startswith("The date is set")
    assert "17 April 2030, 18:30 to 20:30 (Brussels time)" in en.body
    assert english.get_absolute_url() in en.body and "Confirm my place" in en.body
    assert fr.subject.startswith("La date est fixée : Séance d’information")
    assert "17 avril 2030, de 18\xa0h\xa030 à 20\xa0h\xa030 (heure de Bruxelles)" in fr.body
    assert "Confirmer ma place" in fr.body
    vevent = calendar_of(fr)
    assert vevent.decoded("dtstart") == start
    assert vevent["uid"] == f"session-{session.pk}@127.0.0.1"
    assert vevent["sequence"] == 1

    # Places go in the order people confirm: the French speaker is first.
    with committed():
        assert services.registration_confirm(registration=french).status == "confirmed"
        assert services.registration_confirm(registration=english).status == "waiting"


def test_a_later_date_change_sends_the_same_calendar_entry_with_a_higher_sequence(
    admin_client, committed, pre_registered
):
    session, english, _french = pre_registered
    with committed():
        save_in_admin(admin_client, session.event, starts_at=timezone.now() + timedelta(days=30))
        services.registration_confirm(registration=english)
    first_uid = calendar_of(mail.outbox[0])["uid"]
    mail.outbox.clear()

    with committed():
        save_in_admin(admin_client, session.event, starts_at=timezone.now() + timedelta(days=40))

    emails = by_recipient(mail.outbox)
    # The confirmed person and the pre-registrant who has not confirmed yet both hear of it.
    assert set(emails) == {"person1@example.org", "person2@example.org"}
    assert emails["person1@example.org"].subject.startswith("New date or place")
    assert emails["person2@example.org"].subject.startswith("Nouvelle date ou nouveau lieu")
    vevent = calendar_of(emails["person1@example.org"])
    assert vevent["uid"] == first_uid
    assert vevent["sequence"] == 2
    assert Session.objects.get(pk=session.pk).sequence == 2


def test_saving_without_changing_the_date_tells_nobody(admin_client, committed):
    session = SessionFactory(capacity=5, starts_at=datetime(2030, 5, 1, 10, 0, tzinfo=BRUSSELS))
    services.registration_create(session=session, **details(1))
    mail.outbox.clear()
    with committed():
        save_in_admin(admin_client, session.event)
    assert mail.outbox == []
    assert Session.objects.get(pk=session.pk).sequence == 0


def test_cancelling_the_event_tells_registrants_with_a_cancelled_calendar_entry(
    admin_client, committed
):
    session = SessionFactory(capacity=1, starts_at=datetime(2030, 5, 1, 10, 0, tzinfo=BRUSSELS))
    services.registration_create(session=session, **details(1, language="fr"))
    services.registration_create(session=session, **details(2))  # waiting
    mail.outbox.clear()
    with committed():
        save_in_admin(admin_client, session.event, status=Event.Status.CANCELLED)
    emails = by_recipient(mail.outbox)
    assert emails["person1@example.org"].subject.startswith("Annulé")
    assert emails["person2@example.org"].subject.startswith("Cancelled")
    vevent = calendar_of(emails["person2@example.org"])
    assert vevent["status"] == "CANCELLED" and vevent["sequence"] == 1


def test_offer_email_names_the_deadline_and_links_to_the_claim(committed, settings):
    settings.EVENT_OFFER_CLAIM_HOURS = 48
    session = SessionFactory(capacity=1)
    first = services.registration_create(session=session, **details(1))
    waiting = services.registration_create(session=session, **details(2, language="fr"))
    mail.outbox.clear()
    with committed():
        services.registration_cancel(registration=first)
    offer = by_recipient(mail.outbox)["person2@example.org"]
    waiting.refresh_from_db()
    assert offer.subject.startswith("Une place s’est libérée pour vous")
    assert "Réclamer ma place" in offer.body
    with translation.override("fr"):
        personal = f"http://127.0.0.1:8000{waiting.get_absolute_url()}"
    assert personal.startswith("http://127.0.0.1:8000/fr/inscriptions/")
    assert personal in offer.body
    assert f'href="{personal}"' in offer.alternatives[0][0]


def test_registrations_keep_the_email_in_one_form():
    registration = services.registration_create(
        session=SessionFactory(capacity=3), **details(1, email="Mixed.Case@Example.ORG ")
    )
    assert Registration.objects.get(pk=registration.pk).email == "mixed.case@example.org"


def post_event_form(client, event, **session_fields):
    data = admin_data(event)
    data.update({f"sessions-0-{name}": value for name, value in session_fields.items()})
    return post_confirmed(client, reverse("admin:events_event_change", args=[event.pk]), data)


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_a_session_with_registrations_is_not_deleted_from_the_event_form(who, request, committed):
    client = request.getfixturevalue("editor_client" if who == "editor" else "admin_client")
    session = SessionFactory(capacity=5, starts_at=datetime(2030, 5, 1, 10, 0, tzinfo=BRUSSELS))
    registration = services.registration_create(session=session, **details(1))
    mail.outbox.clear()
    with committed():
        response = post_event_form(client, session.event, DELETE="on")
    assert response.status_code == 200  # the form again, with the reason
    assert "has registrations, so it cannot be deleted" in response.text
    assert "Person 1" not in response.text  # nor does it name who registered
    assert Session.objects.filter(pk=session.pk).exists()
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"
    assert mail.outbox == []


def test_a_session_without_registrations_is_still_deleted(admin_client):
    session = SessionFactory(starts_at=datetime(2030, 5, 1, 10, 0, tzinfo=BRUSSELS))
    response = post_event_form(admin_client, session.event, DELETE="on")
    assert response.status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_deleting_an_event_with_registrations_is_refused_without_an_error(admin_client):
    session = SessionFactory(starts_at=datetime(2030, 5, 1, 10, 0, tzinfo=BRUSSELS))
    services.registration_create(session=session, **details(1))
    url = reverse("admin:events_event_delete", args=[session.event.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 200
    assert Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_cancelling_a_session_in_the_event_form_tells_each_registrant(who, request, committed):
    client = request.getfixturevalue("editor_client" if who == "editor" else "admin_client")
    session = SessionFactory(capacity=1, starts_at=datetime(2030, 5, 1, 10, 0, tzinfo=BRUSSELS))
    services.registration_create(session=session, **details(1, language="fr"))
    services.registration_create(session=session, **details(2))  # waiting
    mail.outbox.clear()
    with committed():
        response = post_event_form(client, session.event, cancel_session="on")
    assert response.status_code == 302
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    assert Session.objects.get(pk=session.pk).places_taken == 0
    emails = by_recipient(mail.outbox)
    assert emails["person1@example.org"].subject.startswith("Séance annulée")
    assert emails["person2@example.org"].subject.startswith("Session cancelled")
    assert calendar_of(emails["person2@example.org"])["status"] == "CANCELLED"


def test_raising_the_capacity_in_the_admin_offers_the_new_places_in_order(admin_client, committed):
    session = SessionFactory(capacity=1, starts_at=datetime(2030, 5, 1, 10, 0, tzinfo=BRUSSELS))
    people = [services.registration_create(session=session, **details(n)) for n in range(4)]
    mail.outbox.clear()
    with committed():
        response = post_event_form(admin_client, session.event, capacity="3")
    assert response.status_code == 302
    statuses = [Registration.objects.get(pk=p.pk).status for p in people]
    assert statuses == ["confirmed", "offered", "offered", "waiting"]
    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.org", "person2@example.org"]
    assert all(m.subject.startswith("A place is free for you") for m in mail.outbox)
    assert Session.objects.get(pk=session.pk).sequence == 0  # not a new date


# The table of message kinds ----------------------------------------------------------------


def test_every_message_kind_has_one_row():
    assert set(KINDS) | {Kind.REGISTERED} == set(Kind)
    assert set(REGISTERED) == {
        Registration.Status.CONFIRMED,
        Registration.Status.WAITING,
        Registration.Status.PRE_REGISTERED,
    }


def test_an_unknown_message_kind_is_refused():
    with pytest.raises(ValueError, match="unknown registration email kind 'nope'"):
        entry(Registration(), "nope")


@pytest.mark.parametrize("kind", [k for k in Kind if k != Kind.REGISTERED])
def test_each_kind_is_built_from_its_row_in_the_registrant_language(kind):
    registration = RegistrationFactory(
        language="fr",
        status=Registration.Status.OFFERED,
        offer_expires_at=timezone.now() + timedelta(days=1),
        session__event__title_fr="Séance d’information",
    )
    row = KINDS[kind]
    message = registration_message(registration, kind)
    with translation.override("fr"):
        assert message.subject == str(row.subject) % {
            "event": "Séance d’information",
            **row.values(registration),
        }
        assert registration.get_absolute_url() in message.body  # the personal link, always
        if row.button:
            assert f"{row.button}" in message.body
    [(html, _mimetype)] = message.alternatives
    assert ('class="button"' in html) == bool(row.button)  # CSS inlined, class kept
    assert message.subject != str(row.subject)  # translated and formatted
    assert message.to == [registration.email]
    assert len(message.attachments) == (1 if row.calendar else 0)  # the session has a date


def test_the_string_kinds_of_the_tasks_still_work():
    registration = RegistrationFactory(status=Registration.Status.WAITING)
    assert registration_message(registration, "registered").subject.startswith(
        "You are on the waiting list"
    )
    assert registration_message(registration, Kind.EVENT_CANCELLED).subject.startswith("Cancelled:")
